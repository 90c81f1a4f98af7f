//! Password hashing: Argon2id with the crate's default parameters (19 MiB, 2 passes), on a
//! few long-lived threads that reuse their working memory.

use super::AccessError;
use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use argon2::Argon2;

/// Runs one Argon2 computation on the hashing threads: one per core, started on first use.
///
/// Each computation needs 19 MiB and a core for tens of milliseconds. On a few long-lived
/// threads that memory is reused (short-lived blocking threads each kept their own, and a
/// burst of sign-ins grew the server by hundreds of MiB); at most [`HASH_QUEUE`] wait their
/// turn, and beyond that a sign-in is answered "try again later" instead of queueing forever.
async fn hashing<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AccessError> {
    type Job = Box<dyn FnOnce() + Send>;
    static POOL: std::sync::OnceLock<std::sync::mpsc::SyncSender<Job>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Job>(HASH_QUEUE);
        let receive = std::sync::Arc::new(std::sync::Mutex::new(receive));
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        for i in 0..cores {
            let receive = receive.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("password-hash-{i}"))
                .spawn(move || loop {
                    let job = match receive.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                });
            if let Err(err) = spawned {
                tracing::error!(error = %err, "cannot start a password-hashing thread");
            }
        }
        send
    });
    let _ = HASHES.try_with(|count| count.set(count.get() + 1));
    let (done, result) = tokio::sync::oneshot::channel();
    pool.try_send(Box::new(move || {
        let _ = done.send(work());
    }))
    .map_err(|_| AccessError::Busy)?;
    result.await.map_err(|_| AccessError::Busy)
}

tokio::task_local! {
    /// How many Argon2 computations the task asked for, while [`counting_hashes`] counts.
    static HASHES: std::cell::Cell<u32>;
}

/// Runs `work` and says how many Argon2 computations it asked for: every sign-in path must
/// do the same work, so that its speed tells nothing (the tests compare paths by this).
pub async fn counting_hashes<F: std::future::Future>(work: F) -> (F::Output, u32) {
    HASHES
        .scope(std::cell::Cell::new(0), async {
            let out = work.await;
            (out, HASHES.with(std::cell::Cell::get))
        })
        .await
}

/// Sign-ins that may wait for a hashing thread before new ones are turned away.
const HASH_QUEUE: usize = 64;

/// Hashes a password with Argon2id and a fresh salt, off the async threads.
pub(crate) async fn hash_password(password: &str) -> Result<String, AccessError> {
    let password = password.to_owned();
    hashing(move || {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| AccessError::Hashing(e.to_string()))?;
        let salt =
            SaltString::encode_b64(&salt).map_err(|e| AccessError::Hashing(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| AccessError::Hashing(e.to_string()))
    })
    .await?
}

/// Checks a password against a stored hash, off the async threads. A missing or damaged
/// hash is checked against a fixed one instead, so every answer takes as long.
pub(super) async fn verify_password(
    password: &str,
    stored: Option<String>,
) -> Result<bool, AccessError> {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let password = password.to_owned();
    hashing(move || {
        let dummy = DUMMY.get_or_init(|| {
            let salt = SaltString::encode_b64(b"meetpunt-dummy-salt").expect("fixed salt");
            Argon2::default()
                .hash_password(b"no account has this password", &salt)
                .expect("hashing a fixed password")
                .to_string()
        });
        let (text, real) = match stored.as_deref().map(PasswordHash::new) {
            Some(Ok(_)) => (stored.clone().unwrap_or_default(), true),
            _ => (dummy.clone(), false),
        };
        let Ok(hash) = PasswordHash::new(&text) else {
            return false;
        };
        verify_in_place(password.as_bytes(), &hash) && real
    })
    .await
}

thread_local! {
    /// The Argon2 working memory of this hashing thread, kept between sign-ins. Allocating
    /// 19 MiB per sign-in let the allocator keep a new copy each time (a few hundred MiB
    /// after a dozen sign-ins); one reused buffer per thread keeps the server small.
    static BLOCKS: std::cell::RefCell<Vec<argon2::Block>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Argon2's own check, computed in this thread's reused working memory. The comparison of
/// the results takes the same time wherever they differ.
fn verify_in_place(password: &[u8], hash: &PasswordHash<'_>) -> bool {
    use argon2::password_hash::Output;
    use argon2::{Algorithm, Params, Version};
    let (Ok(algorithm), Ok(params)) = (Algorithm::try_from(hash.algorithm), Params::try_from(hash))
    else {
        return false;
    };
    let version = match hash.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(version)) => version,
        Some(Err(_)) => return false,
    };
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let computed = BLOCKS.with_borrow_mut(|blocks| {
        blocks.resize(params.block_count(), argon2::Block::new());
        Argon2::new(algorithm, version, params)
            .hash_password_into_with_memory(password, salt, &mut out, &mut blocks[..])
            .is_ok()
    });
    computed && Output::new(&out).is_ok_and(|out| out == expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{Algorithm, Params, Version};

    #[test]
    fn the_in_place_check_agrees_with_argon2_for_every_kind_of_hash() {
        let salt = SaltString::encode_b64(b"0123456789abcdef").unwrap();
        let small = |algorithm, version, passes| {
            Argon2::new(
                algorithm,
                version,
                Params::new(64, passes, 1, None).unwrap(),
            )
        };
        for argon in [
            Argon2::default(),
            small(Algorithm::Argon2id, Version::V0x13, 1),
            small(Algorithm::Argon2i, Version::V0x10, 3),
            small(Algorithm::Argon2d, Version::V0x13, 2),
        ] {
            let text = argon
                .hash_password(b"lange-zomer-aan-zee", &salt)
                .unwrap()
                .to_string();
            let hash = PasswordHash::new(&text).unwrap();
            assert!(verify_in_place(b"lange-zomer-aan-zee", &hash), "{text}");
            assert!(!verify_in_place(b"lange-zomer-aan-zeE", &hash), "{text}");
            assert!(!verify_in_place(b"", &hash), "{text}");
        }
        // A hash without salt or result, or of another algorithm, never matches.
        for text in [
            "$argon2id$v=19$m=64,t=1,p=1",
            "$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg",
            "$pbkdf2-sha256$i=1000$MDEyMzQ1Njc4OWFiY2RlZg$MDEyMzQ1Njc4OWFiY2RlZg",
        ] {
            let hash = PasswordHash::new(text).unwrap();
            assert!(!verify_in_place(b"lange-zomer-aan-zee", &hash), "{text}");
        }
    }
}
