//! Patient accounts. A professional of a GP practice (the capability "invite a patient")
//! invites a patient from the record's page; the patient gets a mail whose link (made as
//! the mail leaves, 256 bits, only the SHA-256 kept, working [`ACTIVATION_DAYS`] days and
//! once) lets them choose a password. The account is linked to the record from the
//! invitation on, so it shows everything the record holds, also what the patient sent
//! through links before. The form handlers are in `access::routes`.

use super::text::T;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod server;

/// Where activation links start.
pub const ACTIVATION_PREFIX: &str = "/account-activeren/";
/// How many days an activation link works after its mail left.
pub const ACTIVATION_DAYS: u64 = 14;

/// The path of an activation link.
#[cfg(feature = "ssr")]
pub fn activation_path(token: &super::server::SecretToken) -> String {
    format!("{ACTIVATION_PREFIX}{}", token.expose())
}

/// The invite form's handler for a patient's record.
pub fn invite_path(patient: i64) -> String {
    format!("/patienten/{patient}/account")
}

/// Where a patient stands, as the record's page shows it to a professional who may invite.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountState {
    /// No e-mail address on the record: nothing to invite.
    NoEmail,
    /// An address and no account yet.
    NotYet,
    /// Invited (the stored time of the latest invitation), not yet activated.
    Invited(String),
    /// The patient has chosen a password.
    Active,
}

/// Why an invitation was not sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InviteProblem {
    /// The record has no e-mail address.
    NoEmail,
    /// The patient's account is active already.
    Active,
    /// The address is the sign-in name of another account.
    AddressTaken,
}

impl InviteProblem {
    /// The code in the page's query.
    pub fn code(self) -> &'static str {
        match self {
            InviteProblem::NoEmail => "geen-adres",
            InviteProblem::Active => "actief",
            InviteProblem::AddressTaken => "adres-bezet",
        }
    }

    /// Reads [`InviteProblem::code`].
    pub fn parse(code: &str) -> Option<InviteProblem> {
        [
            InviteProblem::NoEmail,
            InviteProblem::Active,
            InviteProblem::AddressTaken,
        ]
        .into_iter()
        .find(|p| p.code() == code)
    }
}

/// The record page's section about the patient's own account: where it stands, and the
/// button that (again) sends the invitation.
#[component]
pub fn PatientAccount(
    /// The patient record.
    patient: i64,
    /// Where the patient stands.
    state: AccountState,
) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map().read_untracked();
    let sent = query.get("account").is_some_and(|v| v == "verstuurd");
    let problem = query
        .get("account")
        .and_then(|code| InviteProblem::parse(&code));
    let text = match &state {
        AccountState::NoEmail => lang.t(T::PatientAccountNoEmail).to_owned(),
        AccountState::NotYet => lang.t(T::PatientAccountNone).to_owned(),
        AccountState::Invited(at) => {
            let when = at
                .parse::<jiff::Timestamp>()
                .map(|t| lang.moment(t))
                .unwrap_or_else(|_| at.clone());
            super::text::patient_account_invited(lang, &when)
        }
        AccountState::Active => lang.t(T::PatientAccountActive).to_owned(),
    };
    let button = match state {
        AccountState::NotYet => Some(T::PatientAccountInvite),
        AccountState::Invited(_) => Some(T::PatientAccountInviteAgain),
        AccountState::NoEmail | AccountState::Active => None,
    };
    view! {
        <h2 id="account">{lang.t(T::PatientAccountTitle)}</h2>
        {sent.then(|| view! {
            <div class="notice" role="status" data-testid="account-sent">
                <p>{lang.t(T::PatientAccountSent)}</p>
            </div>
        })}
        {problem.map(|p| view! {
            <div class="error-summary" role="alert">
                <p>{lang.t(match p {
                    InviteProblem::NoEmail => T::PatientAccountNoEmail,
                    InviteProblem::Active => T::PatientAccountActive,
                    InviteProblem::AddressTaken => T::PatientAccountAddressTaken,
                })}</p>
            </div>
        })}
        <p data-testid="account-state">{text}</p>
        {button.map(|label| view! {
            <form method="post" action=invite_path(patient)>
                <button type="submit" data-testid="invite-patient">{lang.t(label)}</button>
            </form>
        })}
    }
}

/// `/account-activeren/:token`: choose the password of one's new account.
#[component]
pub fn ActivationPage() -> impl IntoView {
    view! { <crate::access::reset::AccountLinkPage activation=true/> }
}
