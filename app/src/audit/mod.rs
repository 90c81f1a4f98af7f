//! The access log: who did what, to whose data, when, from where, and whether it was allowed.
//!
//! The fields follow NEN 7513 (logging of access to patient records): the actor and their
//! role and organisation, the patient record whose data it concerns, the action, the object,
//! the time, the client address and the outcome. Records are only ever added, in the same
//! transaction as the change they describe.

pub mod mine;
#[cfg(feature = "ssr")]
pub mod server;

use crate::access::capability::Capability;
use crate::access::AccountId;
use crate::organisations::OrganisationId;
use crate::patients::PatientId;

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
    /// An organisation's setting was changed or removed.
    SettingChanged,
    /// An organisation's kind was changed.
    OrganisationChanged,
    /// A membership's level was changed, or the membership ended.
    MembershipChanged,
    /// A patient record was created.
    PatientCreated,
    /// A patient record was changed (details or consent).
    PatientChanged,
    /// A patient record was linked to an account.
    PatientLinked,
    /// An organisation was added to a patient's care network.
    CareNetworkChanged,
    /// A request was sent to a patient.
    RequestSent,
    /// A request was opened through its link (its landing page, questions or review).
    LinkOpened,
    /// Answers were saved to a draft.
    AnswersSaved,
    /// A questionnaire was submitted.
    ResponseSubmitted,
    /// A measurement was entered, corrected or withdrawn.
    ReadingSaved,
    /// The access log of a period was exported.
    AccessLogExported,
    /// A professional saw a request's new results (off the top of the worklist).
    ResultsSeen,
    /// A request's result was downloaded for the GP system (a FHIR Bundle).
    ResultExported,
    /// A request was cancelled by its organisation.
    RequestCancelled,
    /// A request's invitation was sent again.
    RequestResent,
    /// A colleague was invited to join an organisation (or the invitation sent again).
    InvitationSent,
    /// An invitation was revoked.
    InvitationRevoked,
    /// An invitation was accepted (an account or a membership made).
    InvitationAccepted,
    /// A person ended all their sessions at once.
    SessionsEnded,
    /// Someone asked for a password-reset link (for a known address or not).
    PasswordResetAsked,
    /// A patient was invited to activate an account.
    ActivationSent,
    /// A reminder of an open request was sent.
    ReminderSent,
    /// A patient let a carer act for them (a mandate given).
    MandateGiven,
    /// A mandate was revoked.
    MandateRevoked,
    /// A carer chose the patient they act for (from now on, in that session).
    ActingFor,
    /// A password was right and the sign-in waits for its second step.
    SignInSecondStep,
    /// A second step of signing in was set up.
    SecondFactorOn,
    /// A second step of signing in was turned off (by its owner or an administrator).
    SecondFactorOff,
    /// New recovery codes replaced the old ones.
    RecoveryCodesRenewed,
    /// Patient data was used, as the guard allowed or refused.
    Access(Capability),
}

impl Action {
    /// The code stored in the log.
    pub fn code(self) -> &'static str {
        match self {
            Action::SignIn => "sign_in",
            Action::SignOut => "sign_out",
            Action::AccountCreated => "account_created",
            Action::PasswordSet => "password_set",
            Action::SettingChanged => "setting_changed",
            Action::OrganisationChanged => "organisation_changed",
            Action::MembershipChanged => "membership_changed",
            Action::RequestSent => "request_sent",
            Action::LinkOpened => "link_opened",
            Action::AnswersSaved => "answers_saved",
            Action::ResponseSubmitted => "response_submitted",
            Action::ReadingSaved => "reading_saved",
            Action::AccessLogExported => "access_log_exported",
            Action::ResultsSeen => "results_seen",
            Action::ResultExported => "result_exported",
            Action::RequestCancelled => "request_cancelled",
            Action::RequestResent => "request_resent",
            Action::PatientCreated => "patient_created",
            Action::PatientChanged => "patient_changed",
            Action::PatientLinked => "patient_linked",
            Action::CareNetworkChanged => "care_network_changed",
            Action::InvitationSent => "invitation_sent",
            Action::InvitationRevoked => "invitation_revoked",
            Action::InvitationAccepted => "invitation_accepted",
            Action::SessionsEnded => "sessions_ended",
            Action::PasswordResetAsked => "password_reset_asked",
            Action::ActivationSent => "activation_sent",
            Action::MandateGiven => "mandate_given",
            Action::MandateRevoked => "mandate_revoked",
            Action::ActingFor => "acting_for",
            Action::ReminderSent => "reminder_sent",
            Action::SignInSecondStep => "sign_in_second_step",
            Action::SecondFactorOn => "second_factor_on",
            Action::SecondFactorOff => "second_factor_off",
            Action::RecoveryCodesRenewed => "recovery_codes_renewed",
            Action::Access(capability) => capability.code(),
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
    /// The account that acted; `None` when unknown (a sign-in with an unknown address, a
    /// visitor who is not signed in) or when an administrator acted on the command line.
    pub actor: Option<AccountId>,
    /// The actor's role code (`professional`, `patient`, `carer`, `admin`), if known.
    pub role: Option<&'static str>,
    /// The organisation the actor acted for.
    pub organisation: Option<OrganisationId>,
    /// The patient record whose data it concerns.
    pub patient: Option<PatientId>,
    /// What happened.
    pub action: Action,
    /// What it happened to, e.g. `account:12`.
    pub object: Option<String>,
    /// Whether it was allowed.
    pub outcome: Outcome,
    /// The network address the request came from (`None` on the command line).
    pub client: Option<String>,
}

/// An account that acts, as the log names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The account id.
    pub id: AccountId,
    /// Its role code.
    pub role: &'static str,
    /// The organisation it acts for.
    pub organisation: Option<OrganisationId>,
}

impl Entry {
    /// A successful action of a signed-in person on a patient's data, on `object`.
    #[cfg(feature = "ssr")]
    pub fn of_session(
        session: &crate::access::server::Session,
        patient: PatientId,
        action: Action,
        object: String,
        client: Option<&str>,
    ) -> Entry {
        Entry {
            actor: Some(session.account_id),
            role: Some(session.role.code()),
            organisation: session.membership.as_ref().map(|m| m.organisation.clone()),
            patient: Some(patient),
            action,
            object: Some(object),
            outcome: Outcome::Success,
            client: client.map(str::to_owned),
        }
    }

    /// An administrator's action on the command line, on `object`.
    pub fn admin(action: Action, object: String) -> Entry {
        Entry {
            actor: None,
            role: Some("admin"),
            organisation: None,
            patient: None,
            action,
            object: Some(object),
            outcome: Outcome::Success,
            client: None,
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
            object: id.map(|id| id.to_string()),
            outcome,
            client: None,
        }
    }

    /// The same entry with the client address.
    pub fn from_client(self, client: Option<&str>) -> Entry {
        Entry {
            client: client.map(str::to_owned),
            ..self
        }
    }
}
