//! The one guard. Every route and server function that touches patient data asks
//! [`authorise`] with the signed-in person, a capability and the patient record, and gets an
//! [`Authorised`] or a refusal. The guard writes the access-log record either way, on a
//! connection of its own and before the use case starts its transaction, so a refusal is
//! logged even though the use case then stops, and no caller can forget it.

use super::sessions::Session;
use crate::access::capability::{patient_may, professional_may, Capability};
use crate::access::Role;
use crate::audit::{self, Action, Entry, Outcome};
use crate::db::{Conn, Store, StoreError};
use crate::error::AppError;
use crate::patients::PatientId;
use std::time::SystemTime;

/// Proof that the guard allowed `capability` on `patient` for `session`. Only the guard
/// makes one (its fields are private), so a function that takes it cannot be called without
/// the check.
#[derive(Clone, Debug)]
pub struct Authorised {
    session: Session,
    patient: PatientId,
    capability: Capability,
}

impl Authorised {
    /// Who acts.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// On whose data.
    pub fn patient(&self) -> PatientId {
        self.patient
    }

    /// What they may do.
    pub fn capability(&self) -> Capability {
        self.capability
    }
}

/// Why the guard refused: the reason code in the access log. Never shown to anyone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Nobody signed in.
    NotSignedIn,
    /// The level (B, B+, D) gives no access, or the kind of organisation may not do this.
    NotAllowed,
    /// The professional's organisation is not in the patient's care network.
    NoCareRelationship,
    /// A patient asked for someone else's record.
    NotOwnRecord,
    /// A carer without a mandate for this patient.
    NoMandate,
}

impl Refusal {
    /// The reason code in the access log.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NotSignedIn => "not_signed_in",
            Refusal::NotAllowed => "not_allowed",
            Refusal::NoCareRelationship => "no_care_relationship",
            Refusal::NotOwnRecord => "not_own_record",
            Refusal::NoMandate => "no_mandate",
        }
    }

    /// The error the person gets: 401 when signing in may help, else 403. Neither says why.
    pub fn error(self) -> AppError {
        match self {
            Refusal::NotSignedIn => AppError::NotSignedIn,
            _ => AppError::Forbidden,
        }
    }
}

/// The rule itself, pure: may `session` do `capability` on `patient`, given whether the
/// session's organisation is in the patient's care network?
pub fn decide(
    session: Option<&Session>,
    capability: Capability,
    patient: PatientId,
    in_care_network: bool,
) -> Result<(), Refusal> {
    let Some(session) = session else {
        return Err(Refusal::NotSignedIn);
    };
    match session.role {
        Role::Professional => {
            let Some(m) = &session.membership else {
                return Err(Refusal::NotAllowed);
            };
            if !professional_may(m.kind, m.level, capability) {
                Err(Refusal::NotAllowed)
            } else if !in_care_network {
                Err(Refusal::NoCareRelationship)
            } else {
                Ok(())
            }
        }
        Role::Patient => {
            if session.patient != Some(patient) {
                Err(Refusal::NotOwnRecord)
            } else if !patient_may(capability) {
                Err(Refusal::NotAllowed)
            } else {
                Ok(())
            }
        }
        // A carer reaches only the patient their session acts for, under a running mandate
        // (the session layer checks it on every request), and only as far as its scope.
        Role::Carer => match session.mandate {
            Some(mandate) if session.patient == Some(patient) => {
                if mandate.scope.allows(capability) {
                    Ok(())
                } else {
                    Err(Refusal::NotAllowed)
                }
            }
            _ => Err(Refusal::NoMandate),
        },
    }
}

/// Whether the organisation is in the patient's care network.
async fn in_care_network(
    conn: &mut Conn,
    session: Option<&Session>,
    patient: PatientId,
) -> Result<bool, StoreError> {
    let Some(organisation) = session.and_then(|s| s.membership.as_ref()) else {
        return Ok(false);
    };
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM care_network WHERE patient_id = $1 AND organisation_id = $2",
    )
    .bind(patient.0)
    .bind(organisation.organisation.as_str())
    .fetch_one(conn)
    .await?;
    Ok(sqlx::Row::try_get::<i64, _>(&row, "n")? > 0)
}

/// Decides, and writes the access-log record of the decision. Call it before the use case
/// begins its transaction: on SQLite a transaction holds the write lock, and the record of a
/// refusal must be kept although the use case stops.
pub async fn authorise(
    store: &Store,
    session: Option<&Session>,
    capability: Capability,
    patient: PatientId,
    client: Option<&str>,
    now: SystemTime,
) -> Result<Authorised, AppError> {
    let mut all = authorise_all(store, session, &[capability], patient, client, now).await?;
    all.pop().ok_or(AppError::Forbidden)
}

/// Decides several capabilities on one patient for one page (e.g. the record, its
/// measurements and its questionnaires) and writes a record of each decision in one
/// transaction. Allowed only when every one is allowed; the first refusal answers.
pub async fn authorise_all(
    store: &Store,
    session: Option<&Session>,
    capabilities: &[Capability],
    patient: PatientId,
    client: Option<&str>,
    now: SystemTime,
) -> Result<Vec<Authorised>, AppError> {
    let mut tx = store.begin().await?;
    let in_network = in_care_network(&mut tx, session, patient).await?;
    let mut allowed = Vec::with_capacity(capabilities.len());
    let mut refused = None;
    for &capability in capabilities {
        let decision = decide(session, capability, patient, in_network);
        let entry = Entry {
            actor: session.map(|s| s.account_id),
            role: session.map(|s| s.role.code()),
            organisation: session
                .and_then(|s| s.membership.as_ref())
                .map(|m| m.organisation.clone()),
            patient: Some(patient),
            action: Action::Access(capability),
            object: Some(patient.to_string()),
            outcome: match decision {
                Ok(()) => Outcome::Success,
                Err(refusal) => Outcome::Refused(refusal.code()),
            },
            client: client.map(str::to_owned),
        };
        audit::server::record(&mut tx, &entry, now).await?;
        match (decision, session) {
            (Ok(()), Some(session)) => allowed.push(Authorised {
                session: session.clone(),
                patient,
                capability,
            }),
            (Err(refusal), _) => {
                refused.get_or_insert(refusal.error());
            }
            (Ok(()), None) => {
                refused.get_or_insert(AppError::NotSignedIn);
            }
        }
    }
    tx.commit().await.map_err(StoreError::from)?;
    match refused {
        Some(error) => Err(error),
        None => Ok(allowed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{AccountId, SignedIn};
    use crate::organisations::{Level, Membership, OrganisationId, OrganisationKind};

    fn session(role: Role, membership: Option<(OrganisationKind, Level)>) -> Session {
        Session {
            account_id: AccountId(7),
            role,
            membership: membership.map(|(kind, level)| Membership {
                organisation: OrganisationId::from_stored("hap-noord".into()),
                kind,
                level,
            }),
            patient: (role == Role::Patient).then_some(PatientId(3)),
            mandate: None,
            signed_in: SignedIn {
                name: "X".into(),
                role,
                organisation: None,
                acting_for: None,
            },
        }
    }

    #[test]
    fn nobody_signed_in_is_asked_to_sign_in() {
        let refused = decide(None, Capability::ViewPatient, PatientId(3), true);
        assert_eq!(refused, Err(Refusal::NotSignedIn));
        assert_eq!(Refusal::NotSignedIn.error(), AppError::NotSignedIn);
    }

    #[test]
    fn a_professional_needs_level_kind_and_care_relationship() {
        let nurse = session(Role::Professional, Some((OrganisationKind::Hap, Level::C)));
        let view = Capability::ViewPatient;
        assert_eq!(decide(Some(&nurse), view, PatientId(3), true), Ok(()));
        assert_eq!(
            decide(Some(&nurse), view, PatientId(3), false),
            Err(Refusal::NoCareRelationship)
        );
        let assistant = session(Role::Professional, Some((OrganisationKind::Hap, Level::B)));
        assert_eq!(
            decide(Some(&assistant), view, PatientId(3), true),
            Err(Refusal::NotAllowed)
        );
        let partner = session(
            Role::Professional,
            Some((OrganisationKind::Netwerkpartner, Level::Zorgverlener)),
        );
        assert_eq!(
            decide(
                Some(&partner),
                Capability::SendQuestionnaire,
                PatientId(3),
                true
            ),
            Err(Refusal::NotAllowed)
        );
        let former = session(Role::Professional, None);
        assert_eq!(
            decide(Some(&former), view, PatientId(3), true),
            Err(Refusal::NotAllowed)
        );
        assert_eq!(Refusal::NoCareRelationship.error(), AppError::Forbidden);
    }

    #[test]
    fn a_patient_reaches_only_their_own_record() {
        let patient = session(Role::Patient, None);
        let view = Capability::ViewPatient;
        assert_eq!(decide(Some(&patient), view, PatientId(3), false), Ok(()));
        assert_eq!(
            decide(Some(&patient), view, PatientId(4), false),
            Err(Refusal::NotOwnRecord)
        );
        assert_eq!(
            decide(
                Some(&patient),
                Capability::InvitePatient,
                PatientId(3),
                false
            ),
            Err(Refusal::NotAllowed)
        );
    }

    #[test]
    fn a_carer_reaches_only_whom_they_act_for_and_only_within_the_mandate() {
        use crate::carers::{Mandate, Scope};
        let view = Capability::ViewPatient;
        let without = session(Role::Carer, None);
        assert_eq!(
            decide(Some(&without), view, PatientId(3), true),
            Err(Refusal::NoMandate)
        );
        let mut carer = session(Role::Carer, None);
        carer.patient = Some(PatientId(3));
        carer.mandate = Some(Mandate {
            id: 1,
            scope: Scope {
                questionnaires: true,
                ..Scope::default()
            },
        });
        assert_eq!(decide(Some(&carer), view, PatientId(3), false), Ok(()));
        let fill_in = Capability::SeeOwnQuestionnaires;
        assert_eq!(decide(Some(&carer), fill_in, PatientId(3), false), Ok(()));
        assert_eq!(
            decide(
                Some(&carer),
                Capability::EnterMeasurements,
                PatientId(3),
                false
            ),
            Err(Refusal::NotAllowed)
        );
        assert_eq!(
            decide(Some(&carer), view, PatientId(4), true),
            Err(Refusal::NoMandate)
        );
        // A patient set without a mandate (never made so by the session layer) reaches nothing.
        carer.mandate = None;
        assert_eq!(
            decide(Some(&carer), view, PatientId(3), true),
            Err(Refusal::NoMandate)
        );
    }
}
