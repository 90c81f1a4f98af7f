//! Adding and editing patient records, and their care network, from the professionals'
//! pages. A GP practice adds a full record (with the BSN, checked with the eleven-test, stored,
//! never logged, shown masked); nursing and home care add a minimal one (no BSN). Whoever
//! adds a patient is the first organisation in the care network and manages it; the managing
//! organisation (or any, while none manages it) adds organisations and hands the management
//! over. Consent recorded after a conversation is kept with its date. Every change is logged,
//! and a refused form comes back as typed (without the BSN) with a message per field.

use crate::error::AppError;
use crate::ui::i18n::Lang;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

crate::text_fns! {
    /// The remove button for screen readers, naming whom.
    fn remove_label(name: &str) {
        nl: "{name} verwijderen als betrokken zorgverlener",
        en: "Remove {name} as a professional involved",
    }
}

/// The form that adds a patient.
pub const NEW_PATIENT_PATH: &str = "/patienten/nieuw";
/// The cookie that brings a refused form back as typed.
pub const DRAFT_COOKIE: &str = "meetpunt_patient";

/// The edit page of patient `id`.
pub fn record_path(id: i64) -> String {
    format!("{}/{id}/gegevens", super::pages::PATIENTS_PATH)
}

crate::texts! {
    NewTitle { nl: "Patiënt toevoegen", en: "Add a patient" }
    NewIntro {
        nl: "Uw organisatie komt in het zorgnetwerk van de patiënt en voert de regie. Andere organisaties voegt u daarna toe.",
        en: "Your organisation joins the patient's care network and manages it. You add other organisations afterwards.",
    }
    NewLink { nl: "Patiënt toevoegen", en: "Add a patient" }
    EditTitle { nl: "Gegevens en zorgnetwerk", en: "Details and care network" }
    EditLink { nl: "Gegevens en zorgnetwerk", en: "Details and care network" }
    Name { nl: "Naam", en: "Name" }
    BirthDate { nl: "Geboortedatum", en: "Date of birth" }
    Email {
        nl: "E-mailadres (hierheen gaan de links naar vragenlijsten en metingen; mag leeg)",
        en: "E-mail address (where the links to questionnaires and measurements go; may be empty)",
    }
    BirthDateHint { nl: "Als dag-maand-jaar, bijvoorbeeld 15-03-1942.", en: "As day-month-year, for example 15-03-1942." }
    BsnAgain {
        nl: "Om veiligheidsredenen is het BSN niet bewaard: vul het opnieuw in.",
        en: "For safety the BSN was not kept: fill it in again.",
    }
    HandOverHint {
        nl: "Let op: daarna wijzigt alleen die organisatie het zorgnetwerk, ook als u de regie terug wilt.",
        en: "Note: afterwards only that organisation changes the care network, also if you want the management back.",
    }
    KindHap { nl: "huisartsenpraktijk", en: "GP practice" }
    KindVvt { nl: "verpleging en verzorging (VVT)", en: "nursing and care (VVT)" }
    KindThuiszorg { nl: "thuiszorg", en: "home care" }
    KindNetwerkpartner { nl: "netwerkpartner", en: "network partner" }
    Bsn { nl: "BSN (mag leeg)", en: "BSN (may be empty)" }
    BsnKept {
        nl: "Er is een BSN vastgelegd. Vul alleen een BSN in om het te vervangen.",
        en: "A BSN is on record. Only fill in a BSN to replace it.",
    }
    Consent { nl: "Toestemming voor digitale zorg in het netwerk", en: "Consent to digital care in the network" }
    ConsentHint {
        nl: "Leg vast wat de patiënt in een gesprek heeft gezegd. Zonder toestemming kunt u geen verzoeken sturen.",
        en: "Record what the patient said in a conversation. Without consent you cannot send requests.",
    }
    Save { nl: "Opslaan", en: "Save" }
    Add { nl: "Patiënt toevoegen", en: "Add the patient" }
    Saved { nl: "De gegevens zijn opgeslagen.", en: "The details have been saved." }
    NetworkSaved { nl: "Het zorgnetwerk is bijgewerkt.", en: "The care network has been updated." }
    NetworkTitle { nl: "Zorgnetwerk", en: "Care network" }
    NetworkIntro {
        nl: "De organisaties die bij de zorg zijn betrokken. Alleen zij zien de gegevens van de patiënt.",
        en: "The organisations involved in the care. Only they see the patient's data.",
    }
    ColumnOrganisation { nl: "Organisatie", en: "Organisation" }
    ColumnKind { nl: "Soort", en: "Kind" }
    ColumnRole { nl: "Rol", en: "Role" }
    RoleManager { nl: "voert de regie", en: "manages the network" }
    RoleMember { nl: "betrokken", en: "involved" }
    AddOrganisation { nl: "Organisatie toevoegen", en: "Add an organisation" }
    TeamTitle { nl: "Betrokken zorgverleners", en: "Professionals involved" }
    TeamNone { nl: "Er zijn nog geen zorgverleners bij naam betrokken.", en: "No professionals are involved by name yet." }
    TeamAdd { nl: "Zorgverlener van uw organisatie toevoegen", en: "Add a professional of your organisation" }
    TeamRemove { nl: "Verwijderen", en: "Remove" }
    TeamSaved { nl: "De betrokken zorgverleners zijn bijgewerkt.", en: "The professionals involved have been updated." }
    ColumnAction { nl: "Actie", en: "Action" }
    AddButton { nl: "Toevoegen", en: "Add" }
    HandOver { nl: "Regie overdragen aan", en: "Hand management over to" }
    HandOverButton { nl: "Regie overdragen", en: "Hand over management" }
    NetworkOnlyManager {
        nl: "Alleen de organisatie die de regie voert, wijzigt het zorgnetwerk.",
        en: "Only the organisation that manages the network changes it.",
    }
    BackToPatient { nl: "Terug naar de patiënt", en: "Back to the patient" }
    ErrorTitle { nl: "Er is een probleem", en: "There is a problem" }
    ProblemName { nl: "Vul de naam in (hoogstens 200 tekens).", en: "Fill in the name (200 characters at most)." }
    ProblemBirthDate {
        nl: "Vul de geboortedatum in als dag-maand-jaar, bijvoorbeeld 15-03-1942.",
        en: "Fill in the date of birth as day-month-year, for example 15-03-1942.",
    }
    ProblemEmail { nl: "Vul een geldig e-mailadres in, of laat het leeg.", en: "Fill in a valid e-mail address, or leave it empty." }
    ProblemBsn {
        nl: "Dit BSN klopt niet: een BSN heeft 9 cijfers en moet de elfproef doorstaan. Kijk het na.",
        en: "This BSN is not right: a BSN has 9 digits and must pass the eleven-test. Check it.",
    }
    ProblemBsnTaken {
        nl: "Dit BSN hoort al bij een patiënt in Meetpunt. Vraag de organisatie die de regie voert om uw organisatie aan het zorgnetwerk toe te voegen.",
        en: "This BSN already belongs to a patient in Meetpunt. Ask the organisation that manages the care network to add your organisation.",
    }
    ProblemConsent { nl: "Kies wat de patiënt heeft gezegd.", en: "Choose what the patient said." }
}

/// What a refused form was wrong about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// The name.
    Name,
    /// The date of birth.
    BirthDate,
    /// The e-mail address.
    Email,
    /// The BSN fails the eleven-test.
    Bsn,
    /// The BSN belongs to another record.
    BsnTaken,
    /// Not a consent status.
    Consent,
}

impl Problem {
    /// The message for people.
    pub fn message(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Problem::Name => T::ProblemName,
            Problem::BirthDate => T::ProblemBirthDate,
            Problem::Email => T::ProblemEmail,
            Problem::Bsn => T::ProblemBsn,
            Problem::BsnTaken => T::ProblemBsnTaken,
            Problem::Consent => T::ProblemConsent,
        })
    }

    /// The input it is about.
    pub fn input(self) -> &'static str {
        match self {
            Problem::Name => "naam",
            Problem::BirthDate => "geboortedatum",
            Problem::Email => "email",
            Problem::Bsn | Problem::BsnTaken => "bsn",
            Problem::Consent => "toestemming",
        }
    }
}

/// The record form's inputs, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fields {
    /// The name.
    #[serde(default)]
    pub naam: String,
    /// The date of birth (`dd-mm-jjjj` or `jjjj-mm-dd`).
    #[serde(default)]
    pub geboortedatum: String,
    /// The e-mail address.
    #[serde(default)]
    pub email: String,
    /// The BSN (never kept in a draft).
    #[serde(default)]
    pub bsn: String,
    /// The consent's code.
    #[serde(default)]
    pub toestemming: String,
}

/// A refused form as typed (the BSN left out), for [`DRAFT_COOKIE`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Whose: only that account's page shows it.
    pub account: i64,
    /// The record it edits (`None`: a new one).
    pub patient: Option<i64>,
    /// What was typed, without the BSN.
    pub fields: Fields,
    /// What was wrong.
    pub problems: Vec<Problem>,
}

impl Draft {
    /// The longest text kept of one input.
    pub const MAX_INPUT: usize = 254;

    /// The cookie's value: inputs cut to [`Draft::MAX_INPUT`] characters, never the BSN.
    pub fn to_cookie_value(&self) -> String {
        let cut = |text: &str| text.chars().take(Self::MAX_INPUT).collect::<String>();
        let draft = Draft {
            fields: Fields {
                naam: cut(&self.fields.naam),
                geboortedatum: cut(&self.fields.geboortedatum),
                email: cut(&self.fields.email),
                bsn: String::new(),
                toestemming: cut(&self.fields.toestemming),
            },
            ..self.clone()
        };
        crate::access::percent_encode(&serde_json::to_string(&draft).unwrap_or_default())
    }

    /// Reads [`Draft::to_cookie_value`]; `None` for anything else.
    pub fn from_cookie_value(value: &str) -> Option<Draft> {
        serde_json::from_str(&crate::access::percent_decode(value)?).ok()
    }
}

/// The record form as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form {
    /// The record (`None`: a new one).
    pub patient: Option<i64>,
    /// The values to show.
    pub fields: Fields,
    /// Whether the organisation keeps full records (the BSN).
    pub full: bool,
    /// Whether a BSN is on record (edit only).
    pub has_bsn: bool,
    /// What was wrong with the form last sent.
    pub problems: Vec<Problem>,
}

/// An organisation in a care network, as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind's code.
    pub kind: String,
    /// Whether it manages the network.
    pub manager: bool,
}

/// The edit page: the record's form and its care network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// The name (for the heading).
    pub name: String,
    /// The form.
    pub form: Form,
    /// The care network.
    pub network: Vec<Member>,
    /// Whether this professional's organisation may change the network.
    pub may_change_network: bool,
    /// Organisations that could be added: id and name.
    pub others: Vec<(String, String)>,
    /// The professionals involved.
    pub team: Vec<TeamMember>,
    /// Colleagues of the professional's own organisation who could be added: account and
    /// name (the professional first).
    pub colleagues: Vec<(i64, String)>,
}

/// A professional involved in a patient's care.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    /// Their account.
    pub account: i64,
    /// Their name.
    pub name: String,
    /// Their organisation's name.
    pub organisation: String,
    /// Whether they are of the viewer's organisation (who may then remove them).
    pub ours: bool,
}

/// Reads and checks the form (every problem at once): the record and the consent chosen, or
/// the problems. Without `full` (or with `keep_bsn`) no BSN is read.
#[cfg(feature = "ssr")]
pub fn check(
    fields: &Fields,
    full: bool,
    keep_bsn: bool,
    today: jiff::civil::Date,
) -> Result<(super::NewPatient, Option<super::Consent>), Vec<Problem>> {
    let mut problems = Vec::new();
    let name = fields.naam.trim();
    if name.is_empty() || name.chars().count() > 200 {
        problems.push(Problem::Name);
    }
    let born = crate::measurements::entry::parse_date(&fields.geboortedatum)
        .filter(|d| d.year() >= 1900 && *d <= today);
    if born.is_none() {
        problems.push(Problem::BirthDate);
    }
    let email = match fields.email.trim() {
        "" => None,
        typed => match crate::access::server::normalise_email(typed) {
            Ok(email) => Some(email),
            Err(_) => {
                problems.push(Problem::Email);
                None
            }
        },
    };
    let bsn: String = fields
        .bsn
        .chars()
        .filter(|c| !matches!(c, ' ' | '.'))
        .collect();
    let bsn = (full && !keep_bsn && !bsn.is_empty()).then_some(bsn);
    if bsn.as_deref().is_some_and(|b| !super::bsn_is_valid(b)) {
        problems.push(Problem::Bsn);
    }
    let consent = match fields.toestemming.as_str() {
        "" => None,
        code => {
            let consent = super::Consent::parse(code);
            if consent.is_none() {
                problems.push(Problem::Consent);
            }
            consent
        }
    };
    match born {
        Some(birth_date) if problems.is_empty() => Ok((
            super::NewPatient {
                name: name.to_owned(),
                birth_date,
                email,
                bsn,
            },
            consent,
        )),
        _ => Err(problems),
    }
}

/// Adding and changing records and care networks (server only).
#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::access::capability::{professional_may, Capability};
    use crate::access::server::guard::Authorised;
    use crate::access::server::Session;
    use crate::audit::{self, Action, Entry};
    use crate::db::{timestamp, Conn, StoreError};
    use crate::organisations::{Membership, OrganisationId};
    use crate::patients::{Consent, NetworkRole, NewPatient, PatientId};
    use crate::state::AppState;
    use sqlx::Row;
    use std::time::SystemTime;

    /// The professional's membership when it may add patients: `Some(true)` for full records.
    pub fn adds(session: Option<&Session>) -> Result<(&Membership, bool), AppError> {
        let session = session.ok_or(AppError::NotSignedIn)?;
        let membership = session.membership.as_ref().ok_or(AppError::Forbidden)?;
        let may = |capability| professional_may(membership.kind, membership.level, capability);
        if !may(Capability::AddPatientMinimal) {
            return Err(AppError::Forbidden);
        }
        Ok((membership, may(Capability::AddPatientFull)))
    }

    /// The record other than `patient` that `bsn` belongs to, if any.
    async fn bsn_taken(
        conn: &mut Conn,
        bsn: &str,
        patient: Option<PatientId>,
    ) -> Result<Option<PatientId>, StoreError> {
        let row = sqlx::query("SELECT id FROM patients WHERE bsn = $1")
            .bind(bsn)
            .fetch_optional(conn)
            .await?;
        Ok(match row {
            Some(row) => {
                Some(PatientId(row.try_get("id")?)).filter(|&other| Some(other) != patient)
            }
            None => None,
        })
    }

    /// Logs a refusal about `patient` (its own connection: the use case's transaction is
    /// rolled back), so the organisations in its network see the attempt.
    async fn log_refusal(
        state: &AppState,
        session: &Session,
        patient: PatientId,
        capability: Capability,
        reason: &'static str,
        client: Option<&str>,
    ) -> Result<(), AppError> {
        let entry = Entry {
            outcome: audit::Outcome::Refused(reason),
            ..entry(
                session,
                Action::Access(capability),
                patient,
                patient.to_string(),
                client,
            )
        };
        let mut conn = state.store.conn().await?;
        audit::server::record(&mut conn, &entry, state.now()).await?;
        Ok(())
    }

    /// A BSN that another record has: told, and logged on that record.
    async fn taken(
        state: &AppState,
        session: &Session,
        other: PatientId,
        client: Option<&str>,
    ) -> Result<Result<PatientId, Vec<Problem>>, AppError> {
        log_refusal(
            state,
            session,
            other,
            Capability::AddPatientFull,
            "bsn_taken",
            client,
        )
        .await?;
        Ok(Err(vec![Problem::BsnTaken]))
    }

    fn entry(
        session: &Session,
        action: Action,
        patient: PatientId,
        object: String,
        client: Option<&str>,
    ) -> Entry {
        Entry::of_session(session, patient, action, object, client)
    }

    async fn set_consent(
        conn: &mut Conn,
        session: &Session,
        patient: PatientId,
        consent: Consent,
        client: Option<&str>,
        now: SystemTime,
    ) -> Result<(), StoreError> {
        let changed = sqlx::query(
            "UPDATE patients SET consent = $1, consent_at = $2 WHERE id = $3 AND consent <> $1",
        )
        .bind(consent.code())
        .bind(timestamp(now))
        .bind(patient.0)
        .execute(&mut *conn)
        .await?;
        if changed.rows_affected() > 0 {
            let object = format!("{patient}:consent:{}", consent.code());
            audit::server::record(
                conn,
                &entry(session, Action::PatientChanged, patient, object, client),
                now,
            )
            .await?;
        }
        Ok(())
    }

    /// Adds a record typed by a professional whose organisation may: it joins the care
    /// network and manages it; logged; in one transaction.
    pub async fn create(
        state: &AppState,
        session: &Session,
        fields: &Fields,
        client: Option<&str>,
    ) -> Result<Result<PatientId, Vec<Problem>>, AppError> {
        let (membership, full) = adds(Some(session))?;
        let now = state.now();
        let today = crate::measurements::clock::today(now);
        let (record, consent) = match check(fields, full, false, today) {
            Ok(checked) => checked,
            Err(problems) => return Ok(Err(problems)),
        };
        let mut tx = state.store.begin().await?;
        if let Some(bsn) = &record.bsn {
            if let Some(other) = bsn_taken(&mut tx, bsn, None).await? {
                drop(tx);
                return taken(state, session, other, client).await;
            }
        }
        let id = match insert(&mut tx, &record, now).await {
            Ok(id) => id,
            // Another record got the same BSN at the same moment.
            Err(e) if e.is_unique_violation() => return Ok(Err(vec![Problem::BsnTaken])),
            Err(e) => return Err(e.into()),
        };
        audit::server::record(
            &mut tx,
            &entry(session, Action::PatientCreated, id, id.to_string(), client),
            now,
        )
        .await?;
        join(
            &mut tx,
            session,
            id,
            &membership.organisation,
            NetworkRole::Manager,
            client,
            now,
        )
        .await?;
        if let Some(consent) = consent {
            set_consent(&mut tx, session, id, consent, client, now).await?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        Ok(Ok(id))
    }

    async fn insert(
        conn: &mut Conn,
        record: &NewPatient,
        now: SystemTime,
    ) -> Result<PatientId, StoreError> {
        let row = sqlx::query(
            "INSERT INTO patients (name, birth_date, email, bsn, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&record.name)
        .bind(record.birth_date.to_string())
        .bind(record.email.as_deref())
        .bind(record.bsn.as_deref())
        .bind(timestamp(now))
        .fetch_one(conn)
        .await?;
        Ok(PatientId(row.try_get("id")?))
    }

    /// Puts an organisation in the care network at `role` (a new manager makes the old one a
    /// member); logged.
    async fn join(
        conn: &mut Conn,
        session: &Session,
        patient: PatientId,
        organisation: &OrganisationId,
        role: NetworkRole,
        client: Option<&str>,
        now: SystemTime,
    ) -> Result<(), StoreError> {
        if role == NetworkRole::Manager {
            sqlx::query("UPDATE care_network SET role = 'member' WHERE patient_id = $1 AND role = 'manager'")
                .bind(patient.0)
                .execute(&mut *conn)
                .await?;
        }
        sqlx::query(
            "INSERT INTO care_network (patient_id, organisation_id, role, created_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (patient_id, organisation_id) DO UPDATE SET role = excluded.role",
        )
        .bind(patient.0)
        .bind(organisation.as_str())
        .bind(role.code())
        .bind(timestamp(now))
        .execute(&mut *conn)
        .await?;
        let object = format!(
            "care_network:{}:{}:{}",
            patient.0,
            organisation,
            role.code()
        );
        audit::server::record(
            conn,
            &entry(session, Action::CareNetworkChanged, patient, object, client),
            now,
        )
        .await
    }

    /// Changes the record the guard allowed editing: name, date of birth, e-mail, the BSN
    /// (full records only; empty keeps it) and the consent; logged; in one transaction.
    pub async fn update(
        state: &AppState,
        authorised: &Authorised,
        fields: &Fields,
        client: Option<&str>,
    ) -> Result<Result<(), Vec<Problem>>, AppError> {
        let session = authorised.session();
        let patient = authorised.patient();
        let full = adds(Some(session)).map(|(_, full)| full).unwrap_or(false);
        let now = state.now();
        let today = crate::measurements::clock::today(now);
        let keep_bsn = fields.bsn.trim().is_empty();
        let (record, consent) = match check(fields, full, keep_bsn, today) {
            Ok(checked) => checked,
            Err(problems) => return Ok(Err(problems)),
        };
        let mut tx = state.store.begin().await?;
        if let Some(bsn) = &record.bsn {
            if let Some(other) = bsn_taken(&mut tx, bsn, Some(patient)).await? {
                drop(tx);
                return taken(state, session, other, client)
                    .await
                    .map(|r| r.map(|_| ()));
            }
        }
        let updated = sqlx::query(
            "UPDATE patients SET name = $1, birth_date = $2, email = $3, bsn = COALESCE($4, bsn)
             WHERE id = $5",
        )
        .bind(&record.name)
        .bind(record.birth_date.to_string())
        .bind(record.email.as_deref())
        .bind(record.bsn.as_deref())
        .bind(patient.0)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from);
        match updated {
            Ok(_) => {}
            Err(e) if e.is_unique_violation() => return Ok(Err(vec![Problem::BsnTaken])),
            Err(e) => return Err(e.into()),
        }
        // Which kind of change, never the values: a new BSN is told apart.
        let object = match record.bsn {
            Some(_) => format!("{patient}:bsn"),
            None => patient.to_string(),
        };
        audit::server::record(
            &mut tx,
            &entry(session, Action::PatientChanged, patient, object, client),
            now,
        )
        .await?;
        if let Some(consent) = consent {
            set_consent(&mut tx, session, patient, consent, client, now).await?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        Ok(Ok(()))
    }

    /// The care network of a patient: its organisations, the manager first.
    pub async fn network(conn: &mut Conn, patient: PatientId) -> Result<Vec<Member>, StoreError> {
        let rows = sqlx::query(
            "SELECT o.id, o.name, o.kind, c.role FROM care_network c
             JOIN organisations o ON o.id = c.organisation_id
             WHERE c.patient_id = $1 ORDER BY c.role <> 'manager', o.name",
        )
        .bind(patient.0)
        .fetch_all(conn)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Member {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    kind: row.try_get("kind")?,
                    manager: row.try_get::<String, _>("role")? == NetworkRole::Manager.code(),
                })
            })
            .collect()
    }

    /// Whether the professional's organisation may change the patient's network: it
    /// manages it, or nobody does.
    fn may_change(network: &[Member], session: &Session) -> bool {
        let Some(own) = session.membership.as_ref() else {
            return false;
        };
        network
            .iter()
            .find(|m| m.manager)
            .is_none_or(|m| m.id == own.organisation.as_str())
    }

    /// Adds an organisation to the network (`manager`: hands the management to it, which
    /// must be in the network already); refused unless the professional's organisation may
    /// change it. Logged.
    pub async fn change_network(
        state: &AppState,
        authorised: &Authorised,
        organisation: &str,
        manager: bool,
        client: Option<&str>,
    ) -> Result<(), AppError> {
        let session = authorised.session();
        let patient = authorised.patient();
        let now = state.now();
        let mut tx = state.store.begin().await?;
        let network = network(&mut tx, patient).await?;
        if !may_change(&network, session) {
            drop(tx);
            log_refusal(
                state,
                session,
                patient,
                Capability::EditPatient,
                "not_network_manager",
                client,
            )
            .await?;
            return Err(AppError::Forbidden);
        }
        let organisation = OrganisationId::parse(organisation).ok_or(AppError::BadRequest)?;
        if !crate::organisations::server::is_known_in(&mut tx, organisation.as_str()).await? {
            return Err(AppError::BadRequest);
        }
        let in_network = network.iter().any(|m| m.id == organisation.as_str());
        let role = match (manager, in_network) {
            (true, true) => NetworkRole::Manager,
            (true, false) => return Err(AppError::BadRequest),
            (false, true) => return Ok(()),
            (false, false) => NetworkRole::Member,
        };
        join(&mut tx, session, patient, &organisation, role, client, now).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// The professionals involved in a patient's care, by name.
    async fn team(
        conn: &mut Conn,
        patient: PatientId,
        own: &str,
    ) -> Result<Vec<TeamMember>, StoreError> {
        let rows = sqlx::query(
            "SELECT t.account_id, a.display_name, o.name AS organisation, t.organisation_id
             FROM care_team t JOIN accounts a ON a.id = t.account_id
                  JOIN organisations o ON o.id = t.organisation_id
                  JOIN memberships m ON m.account_id = t.account_id
                       AND m.organisation_id = t.organisation_id AND m.ended_at IS NULL
             WHERE t.patient_id = $1 ORDER BY a.display_name, t.account_id",
        )
        .bind(patient.0)
        .fetch_all(conn)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(TeamMember {
                    account: row.try_get("account_id")?,
                    name: row.try_get("display_name")?,
                    organisation: row.try_get("organisation")?,
                    ours: row.try_get::<String, _>("organisation_id")? == own,
                })
            })
            .collect()
    }

    /// The current members of an organisation with access to the portal: account and name,
    /// `me` first.
    async fn colleagues(
        conn: &mut Conn,
        organisation: &str,
        me: i64,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT a.id, a.display_name, m.level, o.kind FROM memberships m
             JOIN accounts a ON a.id = m.account_id
             JOIN organisations o ON o.id = m.organisation_id
             WHERE m.organisation_id = $1 AND m.ended_at IS NULL
             ORDER BY a.id <> $2, a.display_name, a.id",
        )
        .bind(organisation)
        .bind(me)
        .fetch_all(conn)
        .await?;
        let mut out = Vec::new();
        for row in &rows {
            let level: String = row.try_get("level")?;
            let kind: String = row.try_get("kind")?;
            let kind = crate::organisations::OrganisationKind::parse(&kind);
            let works = crate::organisations::Level::parse(&level)
                .zip(kind)
                .is_some_and(|(l, k)| l.fits(k) && l.uses_portal());
            if works {
                out.push((row.try_get("id")?, row.try_get("display_name")?));
            }
        }
        Ok(out)
    }

    /// Adds a professional of the viewer's own organisation to the patient's care team, or
    /// removes one; logged. Anyone else is refused as a bad request.
    pub async fn change_team(
        state: &AppState,
        authorised: &Authorised,
        account: i64,
        add: bool,
        client: Option<&str>,
    ) -> Result<(), AppError> {
        let session = authorised.session();
        let patient = authorised.patient();
        let now = state.now();
        let own = session
            .membership
            .as_ref()
            .map(|m| m.organisation.as_str().to_owned())
            .ok_or(AppError::Forbidden)?;
        let mut tx = state.store.begin().await?;
        let ours = colleagues(&mut tx, &own, session.account_id.0)
            .await?
            .iter()
            .any(|(a, _)| *a == account);
        let changed = if add {
            if !ours {
                drop(tx);
                log_refusal(
                    state,
                    session,
                    patient,
                    Capability::EditPatient,
                    "not_a_colleague",
                    client,
                )
                .await?;
                return Err(AppError::BadRequest);
            }
            sqlx::query(
                "INSERT INTO care_team (patient_id, account_id, organisation_id, added_by,
                                        created_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (patient_id, account_id) DO NOTHING",
            )
            .bind(patient.0)
            .bind(account)
            .bind(&own)
            .bind(session.account_id.0)
            .bind(crate::db::timestamp(now))
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?
            .rows_affected()
        } else {
            // Only someone of one's own organisation (also one who left it).
            sqlx::query(
                "DELETE FROM care_team
                 WHERE patient_id = $1 AND account_id = $2 AND organisation_id = $3",
            )
            .bind(patient.0)
            .bind(account)
            .bind(&own)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?
            .rows_affected()
        };
        if changed > 0 {
            let what = if add { "added" } else { "removed" };
            let object = format!("care_team:{}:{account}:{what}", patient.0);
            audit::server::record(
                &mut tx,
                &entry(session, Action::CareNetworkChanged, patient, object, client),
                now,
            )
            .await?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// The edit page's data, through the guard (edit the record).
    pub async fn edit(id: i64) -> Result<Edit, AppError> {
        let state = AppState::from_context()?;
        let session = crate::access::session();
        let client = crate::access::client();
        let patient = PatientId(id);
        let authorised = crate::access::server::guard::authorise(
            &state.store,
            session.as_ref(),
            Capability::EditPatient,
            patient,
            client.as_deref(),
            state.now(),
        )
        .await?;
        let session = authorised.session();
        let full = adds(Some(session)).map(|(_, full)| full).unwrap_or(false);
        let mut conn = state.store.conn().await?;
        let row =
            sqlx::query("SELECT name, birth_date, email, bsn, consent FROM patients WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await
                .map_err(StoreError::from)?
                .ok_or(AppError::Forbidden)?;
        let get = |column: &str| -> Result<Option<String>, AppError> {
            Ok(row.try_get(column).map_err(StoreError::from)?)
        };
        let name = get("name")?.unwrap_or_default();
        let born = get("birth_date")?.unwrap_or_default();
        let born = born
            .parse::<jiff::civil::Date>()
            .map(|d| d.strftime("%d-%m-%Y").to_string())
            .unwrap_or(born);
        let stored = Fields {
            naam: name.clone(),
            geboortedatum: born,
            email: get("email")?.unwrap_or_default(),
            bsn: String::new(),
            toestemming: get("consent")?.unwrap_or_default(),
        };
        let has_bsn = get("bsn")?.is_some();
        let network = network(&mut conn, patient).await?;
        let may_change_network = may_change(&network, session);
        let others = if may_change_network {
            crate::organisations::server::names(&mut conn)
                .await?
                .into_iter()
                .filter(|(id, _)| !network.iter().any(|m| &m.id == id))
                .collect()
        } else {
            Vec::new()
        };
        let own = session
            .membership
            .as_ref()
            .map(|m| m.organisation.as_str().to_owned())
            .unwrap_or_default();
        let team = team(&mut conn, patient, &own).await?;
        let colleagues = colleagues(&mut conn, &own, session.account_id.0)
            .await?
            .into_iter()
            .filter(|(account, _)| !team.iter().any(|t| t.account == *account))
            .collect();
        drop(conn);
        let draft = taken_draft(session, Some(id));
        let (fields, problems) = match draft {
            Some(draft) => (draft.fields, draft.problems),
            None => (stored, Vec::new()),
        };
        Ok(Edit {
            name,
            form: Form {
                patient: Some(id),
                fields,
                full,
                has_bsn,
                problems,
            },
            network,
            may_change_network,
            others,
            team,
            colleagues,
        })
    }

    /// The form to add a patient, for a professional whose organisation may.
    pub async fn new_form() -> Result<Form, AppError> {
        let session = crate::access::session();
        let (_, full) = adds(session.as_ref())?;
        let session = session.as_ref().ok_or(AppError::NotSignedIn)?;
        let (fields, problems) = match taken_draft(session, None) {
            Some(draft) => (draft.fields, draft.problems),
            None => (Fields::default(), Vec::new()),
        };
        Ok(Form {
            patient: None,
            fields,
            full,
            has_bsn: false,
            problems,
        })
    }

    /// The draft of this account's refused form for this record, read once.
    fn taken_draft(session: &Session, patient: Option<i64>) -> Option<Draft> {
        crate::ui::take_page_cookie(DRAFT_COOKIE, crate::patients::pages::PATIENTS_PATH)
            .and_then(|value| Draft::from_cookie_value(&value))
            .filter(|d| d.account == session.account_id.0 && d.patient == patient)
    }
}

/// The form to add a patient.
#[server(endpoint = "patients/new_form")]
pub async fn new_patient_form() -> Result<Form, AppError> {
    crate::error::answer(server::new_form().await)
}

/// The edit page's data (through the guard, logged).
#[server(endpoint = "patients/edit")]
pub async fn patient_edit(id: i64) -> Result<Edit, AppError> {
    crate::error::answer(server::edit(id).await)
}

/// An organisation's kind in words.
fn kind_words(lang: Lang, code: &str) -> &'static str {
    use crate::organisations::OrganisationKind as K;
    lang.t(match K::parse(code) {
        Some(K::Hap) => T::KindHap,
        Some(K::Vvt) => T::KindVvt,
        Some(K::Thuiszorg) => T::KindThuiszorg,
        _ => T::KindNetwerkpartner,
    })
}

/// The record's inputs, with the problems of the form last sent.
#[component]
fn RecordInputs(form: Form) -> impl IntoView {
    let lang = use_lang();
    let problems = form.problems.clone();
    let invalid = move |input: &str| {
        problems
            .iter()
            .any(|p| p.input() == input)
            .then_some("true")
    };
    let consents = crate::patients::Consent::ALL
        .into_iter()
        .map(|c| {
            let code = c.code();
            view! {
                <option value=code selected=form.fields.toestemming == code>
                    {crate::patients::consent_label(lang, c)}
                </option>
            }
        })
        .collect_view();
    let summary = (!form.problems.is_empty()).then(|| {
        let items = form
            .problems
            .iter()
            .map(|p| view! { <li><a href=format!("#{}", p.input())>{p.message(lang)}</a></li> })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" tabindex="-1" autofocus data-testid="problems">
                <h2>{lang.t(T::ErrorTitle)}</h2>
                <ul>{items}</ul>
            </div>
        }
    });
    let refused = !form.problems.is_empty();
    let bsn = form.full.then(|| {
        let hint = match (refused, form.has_bsn) {
            (true, _) => Some(T::BsnAgain),
            (false, true) => Some(T::BsnKept),
            (false, false) => None,
        };
        let hint_id = hint.is_some().then_some("bsn-hint");
        view! {
            <label for="bsn">{lang.t(T::Bsn)}</label>
            {hint.map(|h| view! { <p class="hint" id="bsn-hint">{lang.t(h)}</p> })}
            <input type="text" id="bsn" name="bsn" inputmode="numeric" autocomplete="off"
                maxlength="11" aria-describedby=hint_id aria-invalid=invalid("bsn")/>
        }
    });
    view! {
        {summary}
        <label for="naam">{lang.t(T::Name)}</label>
        <input type="text" id="naam" name="naam" required maxlength="200" autocomplete="off"
            value=form.fields.naam.clone() aria-invalid=invalid("naam")/>
        <label for="geboortedatum">{lang.t(T::BirthDate)}</label>
        <p class="hint" id="geboortedatum-hint">{lang.t(T::BirthDateHint)}</p>
        <input type="text" id="geboortedatum" name="geboortedatum" required inputmode="numeric"
            autocomplete="off" placeholder="dd-mm-jjjj" value=form.fields.geboortedatum.clone()
            aria-describedby="geboortedatum-hint" aria-invalid=invalid("geboortedatum")/>
        <label for="email">{lang.t(T::Email)}</label>
        <input type="email" id="email" name="email" autocomplete="off"
            value=form.fields.email.clone() aria-invalid=invalid("email")/>
        {bsn}
        <label for="toestemming">{lang.t(T::Consent)}</label>
        <p class="hint" id="toestemming-hint">{lang.t(T::ConsentHint)}</p>
        <select id="toestemming" name="toestemming" aria-describedby="toestemming-hint"
            aria-invalid=invalid("toestemming")>{consents}</select>
    }
}

/// `/patienten/nieuw`: add a patient.
#[component]
pub fn NewPatientPage() -> impl IntoView {
    let lang = use_lang();
    crate::requests::pages::no_store();
    let data = Resource::new(|| (), |_| new_patient_form());
    view! {
        <Title text=lang.t(T::NewTitle)/>
        <h1>{lang.t(T::NewTitle)}</h1>
        <p class="lead">{lang.t(T::NewIntro)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                crate::ui::error_page::or_error(data.await, |form: Form| {
                    view! {
                        <form class="stacked-form" method="post" action=NEW_PATIENT_PATH>
                            <RecordInputs form/>
                            <div class="form-buttons">
                                <button type="submit" class="primary">{lang.t(T::Add)}</button>
                            </div>
                        </form>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// `/patienten/:id/gegevens`: the record's details and its care network.
#[component]
pub fn EditPatientPage() -> impl IntoView {
    let lang = use_lang();
    crate::requests::pages::no_store();
    let id: i64 = use_params_map()
        .read_untracked()
        .get("id")
        .and_then(|s| s.parse().ok())
        .unwrap_or(-1);
    let notice = {
        let query = use_query_map().read_untracked();
        if query.get("opgeslagen").is_some() {
            Some(lang.t(T::Saved))
        } else if query.get("netwerk").is_some() {
            Some(lang.t(T::NetworkSaved))
        } else if query.get("betrokkenen").is_some() {
            Some(lang.t(T::TeamSaved))
        } else {
            None
        }
    };
    let data = Resource::new(move || (), move |_| patient_edit(id));
    view! {
        <Title text=lang.t(T::EditTitle)/>
        <Suspense>
            {move || Suspend::new(async move {
                crate::ui::error_page::or_error(data.await, move |edit: Edit| {
                    let path = record_path(id);
                    let rows = edit
                        .network
                        .iter()
                        .map(|m| view! {
                            <tr>
                                <th scope="row">{m.name.clone()}</th>
                                <td>{kind_words(lang, &m.kind)}</td>
                                <td>{lang.t(if m.manager { T::RoleManager } else { T::RoleMember })}</td>
                            </tr>
                        })
                        .collect_view();
                    let hand_over: Vec<(String, String)> = edit
                        .network
                        .iter()
                        .filter(|m| !m.manager)
                        .map(|m| (m.id.clone(), m.name.clone()))
                        .collect();
                    let options = |list: &[(String, String)]| {
                        list.iter()
                            .map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> })
                            .collect_view()
                    };
                    let team_path = format!("{path}/betrokkenen");
                    let team = if edit.team.is_empty() {
                        view! { <p>{lang.t(T::TeamNone)}</p> }.into_any()
                    } else {
                        let rows = edit
                            .team
                            .iter()
                            .map(|t| {
                                let remove = t.ours.then(|| view! {
                                    <form method="post" action=team_path.clone()>
                                        <input type="hidden" name="account" value=t.account.to_string()/>
                                        <input type="hidden" name="actie" value="verwijderen"/>
                                        <button type="submit" aria-label=remove_label(lang, &t.name)>{lang.t(T::TeamRemove)}</button>
                                    </form>
                                });
                                view! {
                                    <tr>
                                        <th scope="row">{t.name.clone()}</th>
                                        <td>{t.organisation.clone()}</td>
                                        <td>{remove}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="table-scroll">
                                <table class="data" data-testid="team">
                                    <caption class="visually-hidden">{lang.t(T::TeamTitle)}</caption>
                                    <thead><tr>
                                        <th scope="col">{lang.t(T::Name)}</th>
                                        <th scope="col">{lang.t(T::ColumnOrganisation)}</th>
                                        <th scope="col">{lang.t(T::ColumnAction)}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                        .into_any()
                    };
                    let add_colleague = (!edit.colleagues.is_empty()).then(|| view! {
                        <form class="inline-form" method="post" action=team_path.clone()>
                            <input type="hidden" name="actie" value="toevoegen"/>
                            <label for="betrokkene">{lang.t(T::TeamAdd)}</label>
                            <select id="betrokkene" name="account">{
                                edit.colleagues
                                    .iter()
                                    .map(|(account, name)| view! { <option value=account.to_string()>{name.clone()}</option> })
                                    .collect_view()
                            }</select>
                            <button type="submit">{lang.t(T::AddButton)}</button>
                        </form>
                    });
                    let changes = if edit.may_change_network {
                        let add = (!edit.others.is_empty()).then(|| view! {
                            <form class="inline-form" method="post" action=format!("{path}/zorgnetwerk")>
                                <label for="organisatie">{lang.t(T::AddOrganisation)}</label>
                                <select id="organisatie" name="organisatie">{options(&edit.others)}</select>
                                <button type="submit">{lang.t(T::AddButton)}</button>
                            </form>
                        });
                        let over = (!hand_over.is_empty()).then(|| view! {
                            <form class="inline-form" method="post" action=format!("{path}/zorgnetwerk")>
                                <input type="hidden" name="regie" value="1"/>
                                <label for="regie-aan">{lang.t(T::HandOver)}</label>
                                <select id="regie-aan" name="organisatie">{options(&hand_over)}</select>
                                <button type="submit" aria-describedby="regie-hint">{lang.t(T::HandOverButton)}</button>
                            </form>
                            <p class="hint" id="regie-hint">{lang.t(T::HandOverHint)}</p>
                        });
                        view! { {add}{over} }.into_any()
                    } else {
                        view! { <p>{lang.t(T::NetworkOnlyManager)}</p> }.into_any()
                    };
                    view! {
                        <h1>{lang.t(T::EditTitle)}": "{edit.name.clone()}</h1>
                        {notice.map(|text| view! { <div class="notice" role="status" tabindex="-1" autofocus data-testid="notice"><p>{text}</p></div> })}
                        <form class="stacked-form" method="post" action=path.clone()>
                            <RecordInputs form=edit.form/>
                            <div class="form-buttons">
                                <button type="submit" class="primary">{lang.t(T::Save)}</button>
                            </div>
                        </form>
                        <h2 id="zorgnetwerk">{lang.t(T::NetworkTitle)}</h2>
                        <p>{lang.t(T::NetworkIntro)}</p>
                        <div class="table-scroll">
                            <table class="data" data-testid="network">
                                <caption class="visually-hidden">{lang.t(T::NetworkTitle)}</caption>
                                <thead><tr>
                                    <th scope="col">{lang.t(T::ColumnOrganisation)}</th>
                                    <th scope="col">{lang.t(T::ColumnKind)}</th>
                                    <th scope="col">{lang.t(T::ColumnRole)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        {changes}
                        <h2 id="betrokkenen">{lang.t(T::TeamTitle)}</h2>
                        {team}
                        {add_colleague}
                        <p><a href=format!("{}/{id}", crate::patients::pages::PATIENTS_PATH)>{lang.t(T::BackToPatient)}</a></p>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
