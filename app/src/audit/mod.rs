//! The access log: who did what, to whose data, when, and whether it was allowed.
//!
//! The fields follow NEN 7513 (logging of access to patient records): the actor and their
//! role and organisation, the patient whose data it concerns, the action, the object, the time
//! and the outcome. Records are only ever added.

#[cfg(feature = "ssr")]
pub mod server;

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Someone tried to sign in.
    SignIn,
    /// Someone signed out.
    SignOut,
    /// An account was created.
    AccountCreated,
    /// An account's password was set or changed.
    PasswordSet,
}

impl Action {
    /// The code stored in the log.
    pub fn code(self) -> &'static str {
        match self {
            Action::SignIn => "sign_in",
            Action::SignOut => "sign_out",
            Action::AccountCreated => "account_created",
            Action::PasswordSet => "password_set",
        }
    }
}

/// Whether it was allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done.
    Success,
    /// Refused, with the reason code (e.g. `wrong_password`, `locked`).
    Refused(&'static str),
}

/// One record of the access log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The account that acted; `None` when unknown (a sign-in with an unknown address) or
    /// when an administrator acted on the command line.
    pub actor: Option<i64>,
    /// The actor's role code (`professional`, `patient`, `carer`, `admin`), if known.
    pub role: Option<&'static str>,
    /// The organisation the actor acted for.
    pub organisation: Option<String>,
    /// The patient account whose data it concerns.
    pub patient: Option<i64>,
    /// What happened.
    pub action: Action,
    /// What it happened to, e.g. `account:12`.
    pub object: Option<String>,
    /// Whether it was allowed.
    pub outcome: Outcome,
}

/// An account that acts, as the log names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The account id.
    pub id: i64,
    /// Its role code.
    pub role: &'static str,
    /// The organisation it acts for.
    pub organisation: Option<String>,
}

impl Entry {
    /// An administrator's action on an account, from the command line.
    pub fn admin(action: Action, account: i64) -> Entry {
        Entry {
            actor: None,
            role: Some("admin"),
            organisation: None,
            patient: None,
            action,
            object: Some(format!("account:{account}")),
            outcome: Outcome::Success,
        }
    }

    /// An account acting on itself (signing in or out); `None` when the account is unknown.
    pub fn own(actor: Option<Actor>, action: Action, outcome: Outcome) -> Entry {
        let (id, role, organisation) = match actor {
            Some(a) => (Some(a.id), Some(a.role), a.organisation),
            None => (None, None, None),
        };
        Entry {
            actor: id,
            role,
            organisation,
            patient: None,
            action,
            object: id.map(|id| format!("account:{id}")),
            outcome,
        }
    }
}
