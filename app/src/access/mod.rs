//! Who may use Meetpunt: accounts, sign-in and sessions.
//!
//! This part is pure: roles, the password rule, the session and lock-out policy, the
//! capability matrix and the messages a person sees. The database side (password hashes,
//! session tokens, the guard) is in `server`, the form handlers in `routes`, the pages in
//! [`pages`].

pub mod activation;
pub mod capability;
pub mod pages;
pub mod password;
pub mod reset;
#[cfg(feature = "ssr")]
pub mod routes;
pub mod second_factor;
#[cfg(feature = "ssr")]
pub mod server;
pub mod sessions;
pub mod text;

use crate::ui::i18n::Lang;
pub use password::{check_password, is_common_password, LinkPasswordProblem, PasswordProblem};
pub use password::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use text::T;

/// Name of the cookie that carries the session token.
pub const SESSION_COOKIE: &str = "meetpunt_session";
/// Name of the short-lived cookie that brings a sign-in result back to the sign-in page.
pub const FLASH_COOKIE: &str = "meetpunt_signin";
/// Name of the long-lived cookie that marks a browser where an account signed in before: on
/// it, someone guessing the address elsewhere does not make its owner wait.
pub const DEVICE_COOKIE: &str = "meetpunt_device";
/// How long a browser stays known without signing in again (a year).
pub const DEVICE_COOKIE_SECONDS: u64 = 365 * 24 * 3600;
/// Where the sign-in form is shown and posted to.
pub const SIGN_IN_PATH: &str = "/inloggen";
/// Where the form that ends all of a person's sessions posts to.
pub const END_ALL_SESSIONS_PATH: &str = "/mijn/sessies/beeindigen";
/// Where the sign-out form posts to.
pub const SIGN_OUT_PATH: &str = "/uitloggen";
/// The signed-in person's own page.
pub const ACCOUNT_PATH: &str = "/mijn";

/// An account's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AccountId(pub i64);

impl std::fmt::Display for AccountId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "account:{}", self.0)
    }
}

/// What an account is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// A professional of an organisation (GP, practice nurse, district nurse).
    Professional,
    /// A patient answering for themself.
    Patient,
    /// An informal carer (mantelzorger) acting for a patient.
    Carer,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 3] = [Role::Professional, Role::Patient, Role::Carer];

    /// The code stored in the database and used on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Role::Professional => "professional",
            Role::Patient => "patient",
            Role::Carer => "carer",
        }
    }

    /// Parses a code; `None` when unknown.
    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code.trim())
    }

    /// The role's name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Role::Professional => T::RoleProfessional,
            Role::Patient => T::RolePatient,
            Role::Carer => T::RoleCarer,
        })
    }

    /// Whether the account must belong to an organisation.
    pub fn needs_organisation(self) -> bool {
        self == Role::Professional
    }
}

/// What the browser may know about the signed-in person: no id, no e-mail, no secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    /// The name shown in the header.
    pub name: String,
    /// What the account is for.
    pub role: Role,
    /// The organisation's name, for professionals.
    pub organisation: Option<String>,
    /// For a carer: the name of the patient they act for now.
    pub acting_for: Option<String>,
}

/// Session lifetime and sign-in throttling. Every value is a setting with this default.
///
/// Wrong passwords are counted per e-mail address (whether or not it has an account), per
/// known device and per client address. After `max_failed` of them under one address or
/// device (`client_max_failed` from one client address) each further attempt waits: first
/// `first_delay`, doubling with every further wrong password, at most `max_delay`. Delays
/// instead of a lock: the real owner is never kept out for long, and on a device where they
/// signed in before, not at all by someone guessing elsewhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// A session ends after this long without a request.
    pub idle: Duration,
    /// A session ends this long after sign-in, however active.
    pub absolute: Duration,
    /// Wrong passwords under one address or device before the delays begin.
    pub max_failed: u32,
    /// Wrong passwords from one client address before its delays begin.
    pub client_max_failed: u32,
    /// The first delay; each further wrong password doubles it.
    pub first_delay: Duration,
    /// The longest delay.
    pub max_delay: Duration,
    /// A count is forgotten after this long without attempts.
    pub forget_after: Duration,
    /// Whether professionals must sign in with a second step (a code from an app). On by
    /// default; off only for demonstrations and tests.
    pub second_factor_for_professionals: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            idle: Duration::from_secs(30 * 60),
            absolute: Duration::from_secs(12 * 3600),
            max_failed: 5,
            client_max_failed: 50,
            first_delay: Duration::from_secs(60),
            max_delay: Duration::from_secs(15 * 60),
            forget_after: Duration::from_secs(24 * 3600),
            second_factor_for_professionals: true,
        }
    }
}

impl Policy {
    /// Whether a session created at `created` and last used at `last_seen` is still valid
    /// at `now` (times in seconds since the Unix epoch).
    pub fn session_is_live(&self, created: i64, last_seen: i64, now: i64) -> bool {
        now >= created
            && now - last_seen < self.idle.as_secs() as i64
            && now - created < self.absolute.as_secs() as i64
    }

    /// Whether an account of `role` must have a second step to sign in.
    pub fn requires_second_factor(&self, role: Role) -> bool {
        role == Role::Professional && self.second_factor_for_professionals
    }

    /// How long the next attempt waits after `failures` wrong passwords in a row, when
    /// `free` are allowed without waiting: nothing before `free`, then
    /// [`first_delay`](Self::first_delay) doubling each time up to
    /// [`max_delay`](Self::max_delay).
    pub fn delay_after(&self, failures: u64, free: u32) -> Option<Duration> {
        let free = u64::from(free.max(1));
        if failures < free {
            return None;
        }
        let doublings = (failures - free).min(32) as u32;
        let first = self.first_delay.as_secs().max(1);
        let delay = first.saturating_mul(1u64 << doublings);
        Some(Duration::from_secs(
            delay.min(self.max_delay.as_secs().max(first)),
        ))
    }

    /// The delays in order, from the first up to and including the longest: the `n`th entry
    /// (from 0) is the wait after `free + n` wrong passwords; later ones wait the last.
    pub fn delay_ladder(&self, free: u32) -> Vec<u64> {
        let mut ladder = Vec::new();
        let mut failures = u64::from(free.max(1));
        while let Some(delay) = self.delay_after(failures, free) {
            ladder.push(delay.as_secs());
            if delay.as_secs() >= self.max_delay.as_secs() || ladder.len() > 32 {
                break;
            }
            failures += 1;
        }
        ladder
    }
}

/// What the sign-in page says after a form was posted; travels in [`FLASH_COOKIE`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    /// E-mail or password empty.
    Missing,
    /// Unknown e-mail address or wrong password (never told apart).
    Wrong,
    /// Too many wrong passwords; locked for this many minutes.
    Locked(u64),
    /// The database could not be reached; nothing was changed.
    Unavailable,
    /// The person signed out.
    SignedOut,
    /// The session had ended; sign in again.
    Expired,
    /// An invitation was accepted: the account is ready to sign in.
    Joined,
    /// The person ended all their sessions.
    EndedEverywhere,
    /// A new password was set through a reset link.
    PasswordChanged,
    /// A patient activated their account.
    Activated,
}

impl Notice {
    /// Whether this is a problem with what was entered (shown as an error) rather than news.
    pub fn is_error(self) -> bool {
        !matches!(
            self,
            Notice::SignedOut
                | Notice::Expired
                | Notice::Joined
                | Notice::EndedEverywhere
                | Notice::PasswordChanged
                | Notice::Activated
        )
    }

    /// The message for people.
    pub fn message(self, lang: Lang) -> String {
        match self {
            Notice::Missing => lang.t(T::SignInMissing).into(),
            Notice::Wrong => lang.t(T::SignInWrong).into(),
            Notice::Locked(minutes) => text::sign_in_locked(lang, minutes),
            Notice::Unavailable => lang.t(crate::ui::text::T::ErrorUnavailable).into(),
            Notice::SignedOut => lang.t(T::SignedOut).into(),
            Notice::Expired => lang.t(T::SessionExpired).into(),
            Notice::Joined => lang.t(T::Joined).into(),
            Notice::EndedEverywhere => lang.t(T::EndedEverywhere).into(),
            Notice::PasswordChanged => lang.t(T::PasswordChanged).into(),
            Notice::Activated => lang.t(T::Activated).into(),
        }
    }

    /// The cookie form: a code, then the e-mail address typed (percent-encoded) so the form
    /// can show it again.
    pub fn to_cookie_value(self, email: &str) -> String {
        let code = match self {
            Notice::Missing => "missing".to_string(),
            Notice::Wrong => "wrong".to_string(),
            Notice::Locked(m) => format!("locked-{m}"),
            Notice::Unavailable => "unavailable".to_string(),
            Notice::SignedOut => "signed-out".to_string(),
            Notice::Expired => "expired".to_string(),
            Notice::Joined => "joined".to_string(),
            Notice::EndedEverywhere => "ended-everywhere".to_string(),
            Notice::PasswordChanged => "password-changed".to_string(),
            Notice::Activated => "activated".to_string(),
        };
        format!("{code}.{}", percent_encode(email))
    }

    /// Reads [`Notice::to_cookie_value`]; `None` for anything else.
    pub fn from_cookie_value(value: &str) -> Option<(Notice, String)> {
        let (code, email) = value.split_once('.')?;
        let notice = match code {
            "missing" => Notice::Missing,
            "wrong" => Notice::Wrong,
            "unavailable" => Notice::Unavailable,
            "signed-out" => Notice::SignedOut,
            "expired" => Notice::Expired,
            "joined" => Notice::Joined,
            "ended-everywhere" => Notice::EndedEverywhere,
            "password-changed" => Notice::PasswordChanged,
            "activated" => Notice::Activated,
            other => Notice::Locked(other.strip_prefix("locked-")?.parse().ok()?),
        };
        let email = percent_decode(email)?;
        (email.chars().count() <= 254).then_some((notice, email))
    }
}

/// Percent-encodes everything but unreserved URL characters, so the text fits a cookie or a
/// query string.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Reverses [`percent_encode`] (also accepts `+` as a space); `None` when malformed.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A page may send the person back only to a path on this site (no open redirect).
pub fn local_path(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    ok.then_some(next)
}

/// The signed-in person for the page being rendered, `None` when nobody is signed in.
///
/// The server resolves the session cookie before the page renders; the value travels with
/// the page so the browser renders the same header when it takes over.
pub fn signed_in() -> Option<SignedIn> {
    leptos::prelude::use_context::<CurrentUser>().and_then(|c| c.0)
}

/// The signed-in person, provided as context by the app.
#[derive(Clone, Debug, Default)]
pub struct CurrentUser(pub Option<SignedIn>);

/// Reads the signed-in person from the request (server only): the session layer put it in
/// the request's extensions.
#[cfg(feature = "ssr")]
pub fn from_request() -> Option<SignedIn> {
    session().map(|session| session.signed_in)
}

/// The whole session of the request being handled (server only), for the guard.
#[cfg(feature = "ssr")]
pub fn session() -> Option<server::Session> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<server::Session>().cloned())
}

/// What [`own_record`] gives: the app's state, the session and the patient record.
#[cfg(feature = "ssr")]
pub type OwnRecord = (
    crate::state::AppState,
    server::Session,
    crate::patients::PatientId,
);

/// [`own_record`] for what belongs to the patient alone (their consent, their access log):
/// `None` for a carer acting for them.
#[cfg(feature = "ssr")]
pub async fn patients_own_record(
    capability: capability::Capability,
) -> Result<Option<OwnRecord>, crate::error::AppError> {
    if session().is_some_and(|s| s.role != Role::Patient) {
        return Ok(None);
    }
    own_record(capability).await
}

/// For a server function: the signed-in patient's own record (for a carer: the record of the
/// patient they act for now), once the guard allowed `capability` on it (the decision is
/// logged); `None` for an account without one.
#[cfg(feature = "ssr")]
pub async fn own_record(
    capability: capability::Capability,
) -> Result<Option<OwnRecord>, crate::error::AppError> {
    let state = crate::state::AppState::from_context()?;
    let session = session().ok_or(crate::error::AppError::NotSignedIn)?;
    let Some(patient) = session.patient else {
        return Ok(None);
    };
    let client = client();
    server::guard::authorise(
        &state.store,
        Some(&session),
        capability,
        patient,
        client.as_deref(),
        state.now(),
    )
    .await?;
    Ok(Some((state, session, patient)))
}

/// For a server function over the organisation's own records (its patients, its requests):
/// the signed-in professional whose kind and level allow `capability`, with their
/// membership. The use is logged as one access to `object`; a refusal says nothing more.
#[cfg(feature = "ssr")]
pub async fn organisation_records(
    capability: capability::Capability,
    object: &str,
) -> Result<
    (
        crate::state::AppState,
        server::Session,
        crate::organisations::Membership,
    ),
    crate::error::AppError,
> {
    use crate::audit::{Action, Entry, Outcome};
    use crate::error::AppError;
    let state = crate::state::AppState::from_context()?;
    let session = session().ok_or(AppError::NotSignedIn)?;
    let membership = session
        .membership
        .clone()
        .filter(|m| capability::professional_may(m.kind, m.level, capability))
        .ok_or(AppError::Forbidden)?;
    let entry = Entry {
        actor: Some(session.account_id),
        role: Some(session.role.code()),
        organisation: Some(membership.organisation.clone()),
        patient: None,
        action: Action::Access(capability),
        object: Some(format!("{object}:{}", membership.organisation)),
        outcome: Outcome::Success,
        client: client(),
    };
    let mut conn = state.store.conn().await?;
    crate::audit::server::record(&mut conn, &entry, state.now()).await?;
    drop(conn);
    Ok((state, session, membership))
}

/// The client address of the request being handled (server only), for the access log.
#[cfg(feature = "ssr")]
pub fn client() -> Option<String> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| crate::ui::form::ClientAddress::of(&parts).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_only_professionals_need_an_organisation() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
            assert_ne!(role.label(Lang::Nl), role.label(Lang::En));
        }
        assert_eq!(Role::parse("admin"), None);
        assert!(Role::Professional.needs_organisation());
        assert!(!Role::Patient.needs_organisation());
        assert!(!Role::Carer.needs_organisation());
    }

    #[test]
    fn sessions_end_when_idle_or_too_old() {
        let policy = Policy::default();
        let start = 1_000_000;
        assert!(policy.session_is_live(start, start, start));
        // Idle: 30 minutes without a request ends it; 29:59 does not.
        assert!(policy.session_is_live(start, start, start + 30 * 60 - 1));
        assert!(!policy.session_is_live(start, start, start + 30 * 60));
        // Active all day: still ends 12 hours after sign-in.
        let late = start + 12 * 3600;
        assert!(policy.session_is_live(start, late - 60, late - 1));
        assert!(!policy.session_is_live(start, late - 60, late));
        // A session from the future (clock moved back) is not trusted.
        assert!(!policy.session_is_live(start, start, start - 1));
    }

    #[test]
    fn after_five_wrong_passwords_each_attempt_waits_longer_up_to_fifteen_minutes() {
        let policy = Policy::default();
        let minutes = |m: u64| Some(Duration::from_secs(m * 60));
        assert_eq!(policy.delay_after(0, 5), None);
        assert_eq!(policy.delay_after(4, 5), None);
        assert_eq!(policy.delay_after(5, 5), minutes(1));
        assert_eq!(policy.delay_after(6, 5), minutes(2));
        assert_eq!(policy.delay_after(7, 5), minutes(4));
        assert_eq!(policy.delay_after(8, 5), minutes(8));
        assert_eq!(policy.delay_after(9, 5), minutes(15));
        assert_eq!(policy.delay_after(10_000, 5), minutes(15));
        assert_eq!(policy.delay_ladder(5), vec![60, 120, 240, 480, 900]);
        // A client address gets more attempts before the same ladder.
        assert_eq!(policy.delay_after(49, 50), None);
        assert_eq!(policy.delay_after(50, 50), minutes(1));
        // Odd settings still give a ladder that ends.
        let odd = Policy {
            first_delay: Duration::from_secs(0),
            max_delay: Duration::from_secs(0),
            ..policy
        };
        assert_eq!(odd.delay_ladder(1), vec![1]);
        let long = Policy {
            max_delay: Duration::from_secs(u64::MAX),
            ..policy
        };
        assert!(long.delay_ladder(5).len() <= 34);
    }

    #[test]
    fn notices_survive_the_cookie_and_forged_ones_are_ignored() {
        for notice in [
            Notice::Missing,
            Notice::Wrong,
            Notice::Locked(15),
            Notice::Unavailable,
            Notice::SignedOut,
            Notice::Expired,
            Notice::Joined,
            Notice::EndedEverywhere,
            Notice::PasswordChanged,
            Notice::Activated,
        ] {
            let value = notice.to_cookie_value("a.de Vries+zorg@example.org");
            assert!(value
                .bytes()
                .all(|b| b.is_ascii_graphic() && b != b';' && b != b','));
            assert_eq!(
                Notice::from_cookie_value(&value),
                Some((notice, "a.de Vries+zorg@example.org".into()))
            );
            assert!(!notice.message(Lang::Nl).contains('{'));
        }
        assert!(Notice::Locked(15).message(Lang::Nl).contains("15"));
        for forged in [
            "",
            "wrong",
            "boom.x",
            "locked-x.a",
            "wrong.%ZZ",
            "wrong.%FF",
        ] {
            assert_eq!(Notice::from_cookie_value(forged), None, "{forged}");
        }
        assert!(Notice::Wrong.is_error());
        assert!(!Notice::SignedOut.is_error());
    }

    #[test]
    fn cookies_are_found_by_exact_name() {
        let header = "meetpunt_lang=en; meetpunt_session_x=1; meetpunt_session=abc";
        assert_eq!(crate::ui::cookie_value(header, SESSION_COOKIE), Some("abc"));
        assert_eq!(crate::ui::cookie_value(header, "other"), None);
    }

    #[test]
    fn only_local_paths_are_targets() {
        assert_eq!(local_path("/mijn?x=1"), Some("/mijn?x=1"));
        for bad in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "/a\r\nx",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }
}
