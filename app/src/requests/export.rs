//! Terugkoppelen: a request's result as one FHIR R4 Bundle (type `collection`) for the GP
//! system. A questionnaire gives its QuestionnaireResponse and an Observation per score; a
//! measurement request gives an Observation per reading entered for it (and per reading its
//! mean is derived from) and the protocol's mean. A Provenance per author says who entered
//! what and when; the Patient, and a Practitioner or RelatedPerson an author names, are in the
//! Bundle, so every reference resolves inside it. Every entry's `fullUrl` is the portal's
//! address, `/fhir/`, type and id: relative references resolve against it.

use crate::measurements::reading::EnteredBy;
use jiff::Timestamp;
use serde_json::{json, Value as Json};

/// The Dutch national patient identifier's naming system.
pub const BSN_SYSTEM: &str = "http://fhir.nl/fhir/NamingSystem/bsn";
const PARTICIPANT_TYPE: &str = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

/// The patient, as the Bundle names them.
#[derive(Clone, Debug)]
pub struct Subject {
    /// The record's id.
    pub id: i64,
    /// The name as recorded.
    pub name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// The BSN, when recorded (the GP system matches on it).
    pub bsn: Option<String>,
}

impl Subject {
    fn reference(&self) -> String {
        format!("Patient/{}", self.id)
    }

    fn resource(&self) -> Json {
        let mut patient = json!({
            "resourceType": "Patient",
            "id": self.id.to_string(),
            "name": [{"text": self.name}],
            "birthDate": self.birth_date,
        });
        if let Some(bsn) = &self.bsn {
            patient["identifier"] = json!([{"system": BSN_SYSTEM, "value": bsn}]);
        }
        patient
    }
}

/// Who entered what, when: one Provenance.
#[derive(Clone, Debug)]
pub struct Authored {
    /// Who.
    pub by: EnteredBy,
    /// When it was recorded in Meetpunt (the latest entry of the group).
    pub recorded: Timestamp,
    /// The resources entered, as `Type/id`.
    pub targets: Vec<String>,
}

/// The Bundle's content before it is put together.
#[derive(Clone, Debug)]
pub struct Export {
    /// The portal's public address, without a trailing `/`.
    pub base: String,
    /// The Bundle's id.
    pub id: String,
    /// When it was made.
    pub now: Timestamp,
    /// Whose data.
    pub subject: Subject,
    /// The result's resources, in order: a QuestionnaireResponse or readings first.
    pub resources: Vec<Json>,
    /// Who entered them.
    pub authored: Vec<Authored>,
}

fn reference_of(by: &EnteredBy, subject: &Subject) -> String {
    match by {
        EnteredBy::Patient => subject.reference(),
        EnteredBy::Carer { person, .. } => format!("RelatedPerson/{person}"),
        EnteredBy::Professional { practitioner } => format!("Practitioner/{practitioner}"),
    }
}

/// The resource an author's reference points at, other than the patient.
fn author_resource(by: &EnteredBy, subject: &Subject) -> Option<Json> {
    match by {
        EnteredBy::Patient => None,
        EnteredBy::Carer { person, .. } => Some(json!({
            "resourceType": "RelatedPerson",
            "id": person,
            "patient": {"reference": subject.reference()},
            "relationship": [{"coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                "code": "CAREGIVER",
                "display": "caregiver"
            }], "text": "mantelzorger"}],
        })),
        EnteredBy::Professional { practitioner } => Some(json!({
            "resourceType": "Practitioner",
            "id": practitioner,
        })),
    }
}

fn provenance(index: usize, authored: &Authored, subject: &Subject) -> Json {
    let mut agent = json!({
        "type": {"coding": [{"system": PARTICIPANT_TYPE, "code": "author", "display": "Author"}]},
        "who": {"reference": reference_of(&authored.by, subject)},
    });
    if !matches!(authored.by, EnteredBy::Patient) {
        agent["onBehalfOf"] = json!({"reference": subject.reference()});
    }
    json!({
        "resourceType": "Provenance",
        "id": format!("provenance-{}", index + 1),
        "target": authored.targets.iter().map(|t| json!({"reference": t})).collect::<Vec<_>>(),
        "recorded": authored.recorded.to_string(),
        "agent": [agent],
    })
}

fn entry(base: &str, resource: Json) -> Json {
    let kind = resource["resourceType"].as_str().unwrap_or_default();
    let id = resource["id"].as_str().unwrap_or_default();
    json!({"fullUrl": format!("{base}/fhir/{kind}/{id}"), "resource": resource})
}

/// The Bundle: the patient, the result's resources, the authors and their Provenance.
pub fn bundle(export: &Export) -> Json {
    let mut resources = vec![export.subject.resource()];
    resources.extend(export.resources.iter().cloned());
    let mut authors: Vec<String> = Vec::new();
    for authored in &export.authored {
        let reference = reference_of(&authored.by, &export.subject);
        if !authors.contains(&reference) {
            authors.push(reference);
            resources.extend(author_resource(&authored.by, &export.subject));
        }
    }
    resources.extend(
        export
            .authored
            .iter()
            .enumerate()
            .map(|(i, a)| provenance(i, a, &export.subject)),
    );
    json!({
        "resourceType": "Bundle",
        "id": export.id,
        "meta": {"lastUpdated": export.now.to_string()},
        "type": "collection",
        "timestamp": export.now.to_string(),
        "entry": resources.into_iter().map(|r| entry(&export.base, r)).collect::<Vec<_>>(),
    })
}

/// The `Type/id` of a resource.
pub fn reference(resource: &Json) -> String {
    format!(
        "{}/{}",
        resource["resourceType"].as_str().unwrap_or_default(),
        resource["id"].as_str().unwrap_or_default()
    )
}

/// Readings grouped by who entered them (in order of first appearance), each with the latest
/// moment one of them was entered.
pub fn authored_readings<'a>(
    readings: impl IntoIterator<Item = (&'a EnteredBy, Timestamp, Vec<String>)>,
) -> Vec<Authored> {
    let mut out: Vec<Authored> = Vec::new();
    for (by, at, targets) in readings {
        match out.iter_mut().find(|a| &a.by == by) {
            Some(group) => {
                group.recorded = group.recorded.max(at);
                group.targets.extend(targets);
            }
            None => out.push(Authored {
                by: by.clone(),
                recorded: at,
                targets,
            }),
        }
    }
    out
}

/// Loading a request's result and serving it (server only).
#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::access::server::Session;
    use crate::audit::{Action, Entry};
    use crate::db::StoreError;
    use crate::error::AppError;
    use crate::measurements::evaluate::Outcome as Result_;
    use crate::measurements::fhir as measurement_fhir;
    use crate::questionnaires::response::{export_observations, export_response, ResponseMeta};
    use crate::requests::server::Detail;
    use crate::requests::{Asked, RequestId};
    use crate::state::AppState;
    use sqlx::Row;

    /// What the download gives: the file name and the Bundle's JSON text.
    pub struct Download {
        /// `meetpunt-verzoek-{id}.json`.
        pub file_name: String,
        /// The Bundle.
        pub body: String,
    }

    async fn subject(state: &AppState, detail: &Detail) -> Result<Subject, StoreError> {
        let row = sqlx::query("SELECT name, birth_date, bsn FROM patients WHERE id = $1")
            .bind(detail.patient.0)
            .fetch_one(state.store.pool())
            .await?;
        Ok(Subject {
            id: detail.patient.0,
            name: row.try_get("name")?,
            birth_date: row.try_get("birth_date")?,
            bsn: row.try_get("bsn")?,
        })
    }

    /// The request's result as a Bundle, through the guard (seeing the result is what the
    /// export needs), logged as an export. `None` when there is no result yet.
    pub async fn download(
        state: &AppState,
        session: Option<&Session>,
        id: RequestId,
        client: Option<&str>,
    ) -> Result<Option<Download>, AppError> {
        let (detail, authorised) =
            crate::requests::results::reach(state, session, id, client).await?;
        // The Bundle names the patient: that is seeing the record too.
        crate::access::server::guard::authorise(
            &state.store,
            session,
            crate::access::capability::Capability::ViewPatient,
            detail.patient,
            client,
            state.now(),
        )
        .await?;
        let mut subject = subject(state, &detail).await?;
        // The BSN goes only to the GP practice, whose system matches on it; elsewhere it is
        // shown masked and not passed on.
        let practice = authorised
            .session()
            .membership
            .as_ref()
            .is_some_and(|m| m.kind == crate::organisations::OrganisationKind::Hap);
        if !practice {
            subject.bsn = None;
        }
        let Some((resources, authored)) = result(state, &detail, &subject).await? else {
            return Ok(None);
        };
        let now = state.now();
        let export = Export {
            base: state.public_url.clone(),
            id: format!("meetpunt-verzoek-{}", id.0),
            now: crate::measurements::clock::instant(now)
                .round(jiff::Unit::Second)
                .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
            subject,
            resources,
            authored,
        };
        let body = serde_json::to_string_pretty(&bundle(&export))
            .map_err(|e| AppError::from(StoreError::Query(sqlx::Error::Decode(Box::new(e)))))?;
        let mut conn = state.store.conn().await?;
        let session = session.ok_or(AppError::NotSignedIn)?;
        crate::audit::server::record(
            &mut conn,
            &Entry::of_session(
                session,
                detail.patient,
                Action::ResultExported,
                format!("request:{}", id.0),
                client,
            ),
            now,
        )
        .await?;
        Ok(Some(Download {
            file_name: format!("{}.json", export.id),
            body,
        }))
    }

    type Resources = (Vec<Json>, Vec<Authored>);

    async fn result(
        state: &AppState,
        detail: &Detail,
        subject: &Subject,
    ) -> Result<Option<Resources>, AppError> {
        let patient = subject.reference();
        match &detail.asked {
            Asked::Questionnaire {
                instrument,
                version,
            } => {
                let Some(response) = &detail.response else {
                    return Ok(None);
                };
                let definition = crate::questionnaires::server::load_definition(
                    &state.store,
                    instrument,
                    version,
                )
                .await?;
                let submitted: Timestamp = response
                    .submitted_at
                    .parse()
                    .map_err(|_| StoreError::Query(sqlx::Error::Decode("submitted_at".into())))?;
                let id = format!("verzoek-{}", detail.id.0);
                let meta = ResponseMeta {
                    id: &id,
                    authored: &response.submitted_at,
                    subject: Some(&patient),
                    complete: true,
                };
                let mut questionnaire = export_response(&definition, &response.answers, &meta);
                let by = match (response.entered_by.as_str(), response.entered_by_account) {
                    ("carer", Some(account)) => EnteredBy::Carer {
                        person: format!("account-{account}"),
                        mandate: String::new(),
                    },
                    ("professional", Some(account)) => EnteredBy::Professional {
                        practitioner: format!("account-{account}"),
                    },
                    _ => EnteredBy::Patient,
                };
                questionnaire["author"] = json!({"reference": reference_of(&by, subject)});
                let mut resources = vec![questionnaire];
                resources.extend(export_observations(&definition, &response.scores, &meta));
                let authored = vec![Authored {
                    by,
                    recorded: submitted,
                    targets: resources.iter().map(reference).collect(),
                }];
                Ok(Some((resources, authored)))
            }
            Asked::Measurements(protocol) => {
                let loaded =
                    crate::requests::results::Loaded::load(state, detail, protocol).await?;
                let evaluation =
                    loaded.evaluate(protocol, crate::measurements::clock::instant(state.now()));
                let derived: Vec<&str> = match &evaluation.result {
                    Some(Result_::BloodPressureMean(mean)) => mean.derived_from.clone(),
                    Some(Result_::Series(series)) => series.derived_from.clone(),
                    _ => Vec::new(),
                };
                let patient_id = detail.patient.0.to_string();
                let mut resources = Vec::new();
                let mut entries = Vec::new();
                for m in loaded.record.current() {
                    let for_request = loaded
                        .stored
                        .iter()
                        .any(|s| s.measurement.reading.id == m.reading.id && s.is_for(detail.id));
                    if !for_request && !derived.contains(&m.reading.id.as_str()) {
                        continue;
                    }
                    let observations = measurement_fhir::observations(m, &patient_id);
                    entries.push((
                        &m.provenance.entered_by,
                        m.provenance.entered_at,
                        observations.iter().map(reference).collect(),
                    ));
                    resources.extend(observations);
                }
                if resources.is_empty() {
                    return Ok(None);
                }
                let mean_id = format!("verzoek-{}-gemiddelde", detail.id.0);
                match &evaluation.result {
                    Some(Result_::BloodPressureMean(mean)) => resources.push(
                        measurement_fhir::blood_pressure_mean(mean, &mean_id, &patient_id),
                    ),
                    Some(Result_::Series(series)) => resources.push(measurement_fhir::series_mean(
                        protocol.schedule().kind,
                        series,
                        &mean_id,
                        &patient_id,
                    )),
                    _ => {}
                }
                Ok(Some((resources, authored_readings(entries))))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject(bsn: Option<&str>) -> Subject {
        Subject {
            id: 12,
            name: "Jan Jansen".into(),
            birth_date: "1944-03-02".into(),
            bsn: bsn.map(str::to_owned),
        }
    }

    fn observation(id: &str) -> Json {
        json!({"resourceType": "Observation", "id": id, "subject": {"reference": "Patient/12"}})
    }

    fn export(authored: Vec<Authored>) -> Export {
        Export {
            base: "https://portal.example".into(),
            id: "meetpunt-verzoek-3".into(),
            now: "2026-11-20T10:15:00Z".parse().unwrap(),
            subject: subject(Some("111222333")),
            resources: vec![observation("r1"), observation("r2")],
            authored,
        }
    }

    /// Every `reference` in the Bundle, wherever it is.
    fn references(value: &Json, out: &mut Vec<String>) {
        match value {
            Json::Object(map) => {
                for (key, v) in map {
                    match (key.as_str(), v) {
                        ("reference", Json::String(r)) => out.push(r.clone()),
                        _ => references(v, out),
                    }
                }
            }
            Json::Array(items) => items.iter().for_each(|v| references(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_resolves_inside_the_bundle_and_full_urls_are_unique() {
        let carer = EnteredBy::Carer {
            person: "account-9".into(),
            mandate: "m1".into(),
        };
        let at: Timestamp = "2026-11-19T08:00:00Z".parse().unwrap();
        let authored = authored_readings([
            (&EnteredBy::Patient, at, vec!["Observation/r1".to_owned()]),
            (&carer, at, vec!["Observation/r2".to_owned()]),
        ]);
        let bundle = bundle(&export(authored));
        assert_eq!(bundle["resourceType"], "Bundle");
        assert_eq!(bundle["type"], "collection");
        let entries = bundle["entry"].as_array().unwrap();
        let urls: Vec<&str> = entries
            .iter()
            .map(|e| e["fullUrl"].as_str().unwrap())
            .collect();
        let mut unique = urls.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), urls.len(), "{urls:?}");
        let kinds: Vec<&str> = entries
            .iter()
            .map(|e| e["resource"]["resourceType"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "Patient",
                "Observation",
                "Observation",
                "RelatedPerson",
                "Provenance",
                "Provenance"
            ]
        );
        let mut refs = Vec::new();
        references(&bundle, &mut refs);
        assert!(refs.contains(&"RelatedPerson/account-9".to_owned()));
        for r in refs {
            let url = format!("https://portal.example/fhir/{r}");
            assert!(urls.contains(&url.as_str()), "{r} does not resolve");
        }
    }

    #[test]
    fn the_patient_carries_the_bsn_only_when_recorded() {
        let with = subject(Some("111222333")).resource();
        assert_eq!(with["identifier"][0]["system"], BSN_SYSTEM);
        assert_eq!(with["identifier"][0]["value"], "111222333");
        assert_eq!(with["birthDate"], "1944-03-02");
        assert!(subject(None).resource().get("identifier").is_none());
    }

    #[test]
    fn a_provenance_names_its_author_and_for_whom_a_carer_acted() {
        let at: Timestamp = "2026-11-19T08:00:00Z".parse().unwrap();
        let later: Timestamp = "2026-11-20T08:00:00Z".parse().unwrap();
        let nurse = EnteredBy::Professional {
            practitioner: "account-4".into(),
        };
        let authored = authored_readings([
            (&nurse, at, vec!["Observation/r1".to_owned()]),
            (&EnteredBy::Patient, at, vec!["Observation/r2".to_owned()]),
            (&nurse, later, vec!["Observation/r3".to_owned()]),
        ]);
        assert_eq!(authored.len(), 2);
        assert_eq!(authored[0].targets, ["Observation/r1", "Observation/r3"]);
        assert_eq!(authored[0].recorded, later);
        let bundle = bundle(&export(authored));
        let provenances: Vec<&Json> = bundle["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["resource"])
            .filter(|r| r["resourceType"] == "Provenance")
            .collect();
        assert_eq!(provenances.len(), 2);
        let nurse = provenances[0];
        assert_eq!(
            nurse["agent"][0]["who"]["reference"],
            "Practitioner/account-4"
        );
        assert_eq!(nurse["agent"][0]["onBehalfOf"]["reference"], "Patient/12");
        assert_eq!(nurse["agent"][0]["type"]["coding"][0]["code"], "author");
        assert_eq!(nurse["recorded"], "2026-11-20T08:00:00Z");
        assert_eq!(nurse["target"].as_array().unwrap().len(), 2);
        let patient = provenances[1];
        assert_eq!(patient["agent"][0]["who"]["reference"], "Patient/12");
        assert!(patient["agent"][0].get("onBehalfOf").is_none());
    }
}
