//! What a person may do with a patient's data: one pure table, asked by the guard.
//!
//! A professional's capabilities follow from the kind of their organisation and their level
//! in it (as VIPLive Samenwerken is used in the Utrecht region); a patient acts on their own
//! record only. On top of this table the guard asks for a care relationship: the
//! professional's organisation must be in the patient's care network.

use crate::carers::Scope;
use crate::organisations::{Level, OrganisationKind};
use serde::{Deserialize, Serialize};

/// Something done with a patient's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Capability {
    /// See the patient record (name, date of birth, care network).
    ViewPatient,
    /// Change the patient record.
    EditPatient,
    /// Add a patient with a full record (BSN, contact details).
    AddPatientFull,
    /// Add a patient with a minimal record (name and date of birth).
    AddPatientMinimal,
    /// Send a questionnaire to the patient.
    SendQuestionnaire,
    /// See questionnaires the own organisation sent.
    SeeOwnQuestionnaires,
    /// See questionnaires other organisations sent.
    SeeOtherQuestionnaires,
    /// Ask the patient for home measurements.
    RequestMeasurements,
    /// Enter measurements for the patient.
    EnterMeasurements,
    /// See the patient's measurements.
    SeeMeasurements,
    /// Invite the patient to activate an account.
    InvitePatient,
}

impl Capability {
    /// Every capability.
    pub const ALL: [Capability; 11] = [
        Capability::ViewPatient,
        Capability::EditPatient,
        Capability::AddPatientFull,
        Capability::AddPatientMinimal,
        Capability::SendQuestionnaire,
        Capability::SeeOwnQuestionnaires,
        Capability::SeeOtherQuestionnaires,
        Capability::RequestMeasurements,
        Capability::EnterMeasurements,
        Capability::SeeMeasurements,
        Capability::InvitePatient,
    ];

    /// The code written to the access log as the action.
    pub fn code(self) -> &'static str {
        match self {
            Capability::ViewPatient => "view_patient",
            Capability::EditPatient => "edit_patient",
            Capability::AddPatientFull => "add_patient_full",
            Capability::AddPatientMinimal => "add_patient_minimal",
            Capability::SendQuestionnaire => "send_questionnaire",
            Capability::SeeOwnQuestionnaires => "see_own_questionnaires",
            Capability::SeeOtherQuestionnaires => "see_other_questionnaires",
            Capability::RequestMeasurements => "request_measurements",
            Capability::EnterMeasurements => "enter_measurements",
            Capability::SeeMeasurements => "see_measurements",
            Capability::InvitePatient => "invite_patient",
        }
    }
}

/// Whether the kind of organisation may do this at all (the matrix of the portal's rules).
pub fn kind_allows(kind: OrganisationKind, capability: Capability) -> bool {
    use Capability as C;
    use OrganisationKind::{Hap, Thuiszorg, Vvt};
    match capability {
        C::ViewPatient
        | C::EditPatient
        | C::RequestMeasurements
        | C::EnterMeasurements
        | C::SeeMeasurements => true,
        C::SendQuestionnaire | C::SeeOwnQuestionnaires => matches!(kind, Hap | Vvt | Thuiszorg),
        C::SeeOtherQuestionnaires | C::InvitePatient | C::AddPatientFull => kind == Hap,
        // A full record includes the minimal one.
        C::AddPatientMinimal => matches!(kind, Hap | Vvt | Thuiszorg),
    }
}

/// Whether a professional of this kind of organisation, at this level, may do this.
pub fn professional_may(kind: OrganisationKind, level: Level, capability: Capability) -> bool {
    level.fits(kind) && level.uses_portal() && kind_allows(kind, capability)
}

/// Whether a carer may do this for the patient they act for, under a mandate with `scope`.
/// Seeing the patient's name and what is waiting comes with every mandate; the rest with its
/// part: filling in questionnaires (and seeing those), entering measurements, seeing
/// measurements. Nothing a professional does (sending, editing the record, inviting) ever.
pub fn carer_may(scope: Scope, capability: Capability) -> bool {
    match capability {
        Capability::ViewPatient => !scope.is_empty(),
        Capability::SeeOwnQuestionnaires => scope.questionnaires,
        Capability::EnterMeasurements => scope.measurements,
        Capability::SeeMeasurements => scope.results,
        _ => false,
    }
}

/// Whether a patient may do this with their own record.
pub fn patient_may(capability: Capability) -> bool {
    matches!(
        capability,
        Capability::ViewPatient
            | Capability::SeeOwnQuestionnaires
            | Capability::EnterMeasurements
            | Capability::SeeMeasurements
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use Capability as C;
    use OrganisationKind::{Hap, Netwerkpartner, Thuiszorg, Vvt};

    /// The matrix, one row per capability: HAP, VVT, Thuiszorg, Netwerkpartner.
    const MATRIX: [(Capability, [bool; 4]); 11] = [
        (C::ViewPatient, [true, true, true, true]),
        (C::EditPatient, [true, true, true, true]),
        (C::AddPatientFull, [true, false, false, false]),
        (C::AddPatientMinimal, [true, true, true, false]),
        (C::SendQuestionnaire, [true, true, true, false]),
        (C::SeeOwnQuestionnaires, [true, true, true, false]),
        (C::SeeOtherQuestionnaires, [true, false, false, false]),
        (C::RequestMeasurements, [true, true, true, true]),
        (C::EnterMeasurements, [true, true, true, true]),
        (C::SeeMeasurements, [true, true, true, true]),
        (C::InvitePatient, [true, false, false, false]),
    ];

    #[test]
    fn every_cell_of_the_matrix() {
        assert_eq!(MATRIX.len(), Capability::ALL.len());
        for (capability, row) in MATRIX {
            for (kind, expected) in [Hap, Vvt, Thuiszorg, Netwerkpartner].into_iter().zip(row) {
                assert_eq!(
                    kind_allows(kind, capability),
                    expected,
                    "{} for {}",
                    capability.code(),
                    kind.code()
                );
            }
        }
    }

    #[test]
    fn levels_without_access_may_do_nothing_and_levels_of_another_kind_do_not_count() {
        for capability in Capability::ALL {
            for level in [Level::B, Level::BPlus, Level::D] {
                assert!(!professional_may(Hap, level, capability));
            }
            for level in [Level::A, Level::C, Level::CPlus, Level::E] {
                assert_eq!(
                    professional_may(Hap, level, capability),
                    kind_allows(Hap, capability)
                );
                assert!(!professional_may(Vvt, level, capability));
            }
            for kind in [Vvt, Thuiszorg, Netwerkpartner] {
                for level in [Level::Hoofdzorgverlener, Level::Zorgverlener] {
                    assert_eq!(
                        professional_may(kind, level, capability),
                        kind_allows(kind, capability)
                    );
                    assert!(!professional_may(Hap, level, capability));
                }
            }
        }
    }

    #[test]
    fn a_patient_sees_and_measures_but_does_not_manage() {
        let allowed: Vec<&str> = Capability::ALL
            .into_iter()
            .filter(|c| patient_may(*c))
            .map(Capability::code)
            .collect();
        assert_eq!(
            allowed,
            [
                "view_patient",
                "see_own_questionnaires",
                "enter_measurements",
                "see_measurements"
            ]
        );
    }

    /// The carers' rows, one per capability: a mandate with only questionnaires, only
    /// measurements, only results, all three, none.
    const CARER: [(Capability, [bool; 5]); 11] = [
        (C::ViewPatient, [true, true, true, true, false]),
        (C::EditPatient, [false; 5]),
        (C::AddPatientFull, [false; 5]),
        (C::AddPatientMinimal, [false; 5]),
        (C::SendQuestionnaire, [false; 5]),
        (C::SeeOwnQuestionnaires, [true, false, false, true, false]),
        (C::SeeOtherQuestionnaires, [false; 5]),
        (C::RequestMeasurements, [false; 5]),
        (C::EnterMeasurements, [false, true, false, true, false]),
        (C::SeeMeasurements, [false, false, true, true, false]),
        (C::InvitePatient, [false; 5]),
    ];

    #[test]
    fn every_cell_of_the_carers_rows() {
        assert_eq!(CARER.len(), Capability::ALL.len());
        let only = |questionnaires, measurements, results| Scope {
            questionnaires,
            measurements,
            results,
        };
        let scopes = [
            only(true, false, false),
            only(false, true, false),
            only(false, false, true),
            Scope::ALL,
            Scope::default(),
        ];
        for (capability, row) in CARER {
            for (scope, expected) in scopes.into_iter().zip(row) {
                assert_eq!(
                    carer_may(scope, capability),
                    expected,
                    "{} under {:?}",
                    capability.code(),
                    scope.code()
                );
                assert_eq!(scope.allows(capability), expected);
            }
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<&str> = Capability::ALL.into_iter().map(Capability::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Capability::ALL.len());
    }
}
