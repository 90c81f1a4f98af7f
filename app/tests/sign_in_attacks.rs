//! Sign-in against a determined attacker, on SQLite and PostgreSQL: enumeration by the
//! answer, by the work done and by the delays; parallel guesses; an attacker who tries to
//! keep the real owner out; a client address that guesses across many accounts.

#![cfg(feature = "ssr")]

use app::access::server::{self as accounts, counting_hashes, Attempt, NewAccount, SecretToken};
use app::access::{Notice, Policy, Role};
use app::db::{testing, Backend, Store};
use sqlx::Row;
use std::time::{Duration, SystemTime};

app::on_both_backends!(
    known_and_unknown_addresses_get_the_same_answers_after_the_same_work,
    after_five_wrong_passwords_each_attempt_waits_longer,
    a_burst_of_parallel_guesses_gets_no_more_checks_than_the_count_allows,
    an_attacker_cannot_keep_the_owner_out,
    a_client_address_that_guesses_across_accounts_waits_before_any_hashing,
);

const PASSWORD: &str = "groene-fiets-onder-de-boom";
const JAN: &str = "jan@example.org";
const NOBODY: &str = "niemand@example.org";
const WRONG: &str = "dit-is-het-niet-2026";

use testing::t0;

fn seconds(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn minutes(n: u64) -> Duration {
    seconds(n * 60)
}

async fn with_jan(backend: Backend) -> Option<(testing::TestDatabase, Store)> {
    let (db, store) = testing::migrated(backend).await?;
    accounts::create_account(
        &store,
        &NewAccount {
            email: JAN,
            name: "Jan Jansen",
            role: Role::Patient,
            organisation: None,
            level: None,
            password: Some(PASSWORD),
        },
        t0(),
    )
    .await
    .unwrap();
    Some((db, store))
}

/// One attempt from `client`, on a browser that carries `device` (if any).
async fn attempt(
    store: &Store,
    policy: &Policy,
    email: &str,
    password: &str,
    client: &str,
    device: Option<&SecretToken>,
    at: SystemTime,
) -> Result<accounts::Started, Notice> {
    let attempt = Attempt {
        email,
        password,
        client: Some(client),
        device,
        next: "/mijn",
    };
    accounts::attempt_sign_in(store, policy, &attempt, at)
        .await
        .map(|step| step.started().expect("no second step for a patient"))
}

/// The answer alone, for comparing.
async fn answer(
    store: &Store,
    email: &str,
    password: &str,
    client: &str,
    at: SystemTime,
) -> Result<(), Notice> {
    attempt(store, &Policy::default(), email, password, client, None, at)
        .await
        .map(|_| ())
}

async fn refusal_reasons(store: &Store) -> Vec<String> {
    sqlx::query(
        "SELECT reason FROM audit_log WHERE action = 'sign_in' AND outcome = 'refused' ORDER BY id",
    )
    .fetch_all(store.pool())
    .await
    .unwrap()
    .iter()
    .map(|row| {
        row.try_get::<Option<String>, _>("reason")
            .unwrap()
            .unwrap_or_default()
    })
    .collect()
}

async fn known_and_unknown_addresses_get_the_same_answers_after_the_same_work(backend: Backend) {
    let Some((_db, store)) = with_jan(backend).await else {
        return;
    };
    // The same series of wrong attempts at a known and an unknown address, a minute apart:
    // the same answers, each after exactly one password hash, the waiting ones included.
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for i in 0..8 {
        let at = t0() + minutes(i);
        let (a, hashes_a) = counting_hashes(answer(&store, JAN, WRONG, "192.0.2.1", at)).await;
        let (b, hashes_b) = counting_hashes(answer(&store, NOBODY, WRONG, "192.0.2.2", at)).await;
        assert_eq!(hashes_a, 1, "attempt {i} at the known address");
        assert_eq!(hashes_b, 1, "attempt {i} at the unknown address");
        known.push(a);
        unknown.push(b);
    }
    assert_eq!(known, unknown);
    assert_eq!(known[0], Err(Notice::Wrong));
    assert_eq!(known[4], Err(Notice::Locked(1)), "{known:?}");
    assert!(known.contains(&Err(Notice::Locked(2))), "{known:?}");
    // The right password at a waiting address is answered like a wrong one, after the same
    // work: waiting tells nothing about the password either.
    let at = t0() + minutes(8);
    let (right, hashes) = counting_hashes(answer(&store, JAN, PASSWORD, "192.0.2.1", at)).await;
    let (wrong, hashes_wrong) =
        counting_hashes(answer(&store, NOBODY, PASSWORD, "192.0.2.2", at)).await;
    assert_eq!((hashes, hashes_wrong), (1, 1));
    assert!(matches!(right, Err(Notice::Locked(_))), "{right:?}");
    assert_eq!(right, wrong);
    // The count is not kept under the address as typed.
    let keys: Vec<String> = sqlx::query("SELECT key FROM sign_in_throttle")
        .fetch_all(store.pool())
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get("key").unwrap())
        .collect();
    assert!(
        keys.iter()
            .all(|k| !k.contains("jan") && !k.contains("niemand")),
        "{keys:?}"
    );
}

async fn after_five_wrong_passwords_each_attempt_waits_longer(backend: Backend) {
    let Some((_db, store)) = with_jan(backend).await else {
        return;
    };
    let client = "192.0.2.1";
    for i in 0..4 {
        assert_eq!(
            answer(&store, JAN, WRONG, client, t0() + seconds(i)).await,
            Err(Notice::Wrong)
        );
    }
    // The fifth: from now on one minute, then two, then four, ...
    assert_eq!(
        answer(&store, JAN, WRONG, client, t0() + seconds(4)).await,
        Err(Notice::Locked(1))
    );
    // While waiting even the right password is refused, and nothing more is counted.
    assert_eq!(
        answer(&store, JAN, PASSWORD, client, t0() + seconds(30)).await,
        Err(Notice::Locked(1))
    );
    assert_eq!(
        answer(&store, JAN, WRONG, client, t0() + seconds(64)).await,
        Err(Notice::Locked(2))
    );
    assert_eq!(
        answer(&store, JAN, WRONG, client, t0() + seconds(64 + 119)).await,
        Err(Notice::Locked(1))
    );
    assert_eq!(
        answer(&store, JAN, WRONG, client, t0() + seconds(64 + 120)).await,
        Err(Notice::Locked(4))
    );
    let reasons = refusal_reasons(&store).await;
    assert_eq!(
        reasons.iter().filter(|r| *r == "wrong_password").count(),
        7,
        "{reasons:?}"
    );
    assert_eq!(reasons.iter().filter(|r| *r == "waiting").count(), 2);
    // After the wait the right password works, and the count starts again.
    let after = t0() + seconds(64 + 120 + 240);
    assert!(answer(&store, JAN, PASSWORD, client, after).await.is_ok());
    assert_eq!(
        answer(&store, JAN, WRONG, client, after + seconds(1)).await,
        Err(Notice::Wrong)
    );
}

async fn a_burst_of_parallel_guesses_gets_no_more_checks_than_the_count_allows(backend: Backend) {
    let Some((_db, store)) = with_jan(backend).await else {
        return;
    };
    let guesses: Vec<_> = (0..20)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let password = format!("geraden-wachtwoord-{i}");
                answer(&store, JAN, &password, &format!("198.51.100.{i}"), t0()).await
            })
        })
        .collect();
    for guess in guesses {
        assert!(guess.await.unwrap().is_err());
    }
    // Every guess went through the count: exactly five had their password checked, the
    // other fifteen waited without a check.
    let reasons = refusal_reasons(&store).await;
    assert_eq!(reasons.len(), 20);
    assert_eq!(
        reasons.iter().filter(|r| *r == "wrong_password").count(),
        5,
        "{reasons:?}"
    );
    assert_eq!(reasons.iter().filter(|r| *r == "waiting").count(), 15);
    let failures: i64 =
        sqlx::query("SELECT failures FROM sign_in_throttle WHERE key LIKE 'address:%'")
            .fetch_one(store.pool())
            .await
            .unwrap()
            .try_get("failures")
            .unwrap();
    assert_eq!(failures, 5);
}

async fn an_attacker_cannot_keep_the_owner_out(backend: Backend) {
    let Some((_db, store)) = with_jan(backend).await else {
        return;
    };
    let policy = Policy::default();
    // Jan signed in on his own computer once: it is a known device from then on.
    let home = attempt(&store, &policy, JAN, PASSWORD, "203.0.113.5", None, t0())
        .await
        .unwrap();
    let device = home.device.expect("a known-device token for the browser");
    // An attacker guesses Jan's address from many places, as soon as each wait is over,
    // for a day.
    let mut at = t0() + minutes(1);
    let end = t0() + minutes(24 * 60);
    let mut guesses = 0;
    while at < end {
        let client = format!("198.51.100.{}", guesses % 200);
        match answer(&store, JAN, WRONG, &client, at).await {
            Err(Notice::Locked(m)) => at += minutes(m),
            Err(Notice::Wrong) => at += seconds(1),
            other => panic!("{other:?}"),
        }
        guesses += 1;
        // On his own computer Jan gets in at once, at any moment.
        if guesses % 25 == 0 {
            let again = attempt(
                &store,
                &policy,
                JAN,
                PASSWORD,
                "203.0.113.5",
                Some(&device),
                at,
            )
            .await;
            assert!(
                again.is_ok(),
                "Jan kept out at guess {guesses}: {:?}",
                again.err()
            );
        }
    }
    // Whatever the attacker did, a wait never grows beyond fifteen minutes (on a new
    // browser, a reset link makes it a known device: see the HTTP tests).
    let waiting = answer(&store, JAN, PASSWORD, "203.0.113.99", at + seconds(1)).await;
    match waiting {
        Err(Notice::Locked(m)) => assert!(m <= 15, "{m}"),
        Ok(()) => {}
        other => panic!("{other:?}"),
    }
    // The attacker's guesses were counted under the address, never under Jan's device:
    // the device's own count stays clean.
    let devices: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM sign_in_throttle WHERE key LIKE 'device:%'")
            .fetch_one(store.pool())
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
    assert_eq!(devices, 0);
    // A device token of another account, or a made-up one, is no way around the wait.
    let forged = SecretToken::from_cookie(&"ab".repeat(32)).unwrap();
    let mut at = at + minutes(16);
    for _ in 0..5 {
        let _ = answer(&store, JAN, WRONG, "198.51.100.7", at).await;
        at += seconds(1);
    }
    let with_forged = attempt(
        &store,
        &policy,
        JAN,
        PASSWORD,
        "198.51.100.7",
        Some(&forged),
        at,
    )
    .await;
    assert!(
        matches!(with_forged, Err(Notice::Locked(_))),
        "{:?}",
        with_forged.err()
    );
}

async fn a_client_address_that_guesses_across_accounts_waits_before_any_hashing(backend: Backend) {
    let Some((_db, store)) = with_jan(backend).await else {
        return;
    };
    let policy = Policy {
        client_max_failed: 10,
        ..Policy::default()
    };
    let client = "198.51.100.66";
    // One guess each at many addresses: no address reaches its own limit, but the client
    // address does.
    for i in 0..10 {
        let email = format!("persoon{i}@example.org");
        let (result, hashes) = counting_hashes(attempt(
            &store,
            &policy,
            &email,
            WRONG,
            client,
            None,
            t0() + seconds(i),
        ))
        .await;
        assert_eq!(hashes, 1);
        assert!(result.is_err());
    }
    let (waiting, hashes) = counting_hashes(attempt(
        &store,
        &policy,
        JAN,
        PASSWORD,
        client,
        None,
        t0() + seconds(11),
    ))
    .await;
    assert!(
        matches!(waiting, Err(Notice::Locked(_))),
        "{:?}",
        waiting.err()
    );
    assert_eq!(hashes, 0, "turned away before any hashing");
    assert!(refusal_reasons(&store)
        .await
        .contains(&"client_waiting".to_string()));
    // Another client address is not held up by it.
    assert!(attempt(
        &store,
        &policy,
        JAN,
        PASSWORD,
        "203.0.113.5",
        None,
        t0() + seconds(12)
    )
    .await
    .is_ok());
    // Signing in to one's own account between guesses earns no new guesses: the attempt is
    // given back, not the count wiped.
    let policy = Policy {
        client_max_failed: 3,
        ..Policy::default()
    };
    let client = "198.51.100.77";
    let mut at = t0() + minutes(60);
    for round in 0..2 {
        let wrong = attempt(&store, &policy, NOBODY, WRONG, client, None, at).await;
        assert_eq!(wrong.err(), Some(Notice::Wrong), "round {round}");
        let own = attempt(
            &store,
            &policy,
            JAN,
            PASSWORD,
            client,
            None,
            at + seconds(1),
        )
        .await;
        assert!(own.is_ok(), "round {round}: {:?}", own.err());
        at += seconds(2);
    }
    // The third wrong guess is the client address's third: from now on it waits.
    let third = attempt(&store, &policy, NOBODY, WRONG, client, None, at).await;
    assert_eq!(third.err(), Some(Notice::Locked(1)));
    let own = attempt(
        &store,
        &policy,
        JAN,
        PASSWORD,
        client,
        None,
        at + seconds(1),
    )
    .await;
    assert_eq!(own.err(), Some(Notice::Locked(1)));
}
