//! FHIR R4 Observations for home measurements, as the Dutch zib 2020 profiles and the FHIR
//! vital-signs profiles expect them: LOINC codes, UCUM quantities, blood pressure as a panel
//! with systolic and diastolic components, and a protocol mean with `effectivePeriod` and
//! `derivedFrom` pointing at the readings.

use super::clock;
use super::evaluate::{BloodPressureMean, Classification, SeriesSummary};
use super::kind::{Kind, Value};
use super::reading::{EnteredBy, Measurement, Status};
use crate::ui::i18n::Lang;
use jiff::Timestamp;
use serde_json::{json, Map, Value as Json};

const LOINC: &str = "http://loinc.org";
const UCUM: &str = "http://unitsofmeasure.org";
const CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
const INTERPRETATION: &str = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

/// The FHIR core vital-signs profile a kind conforms to, if any.
fn vital_signs_profile(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::BloodPressure => "bp",
        Kind::HeartRate => "heartrate",
        Kind::BodyWeight => "bodyweight",
        Kind::BodyHeight => "bodyheight",
        Kind::BodyTemperature => "bodytemp",
        Kind::RespiratoryRate => "resprate",
        Kind::OxygenSaturation => "oxygensat",
        _ => return None,
    })
}

/// The observation category of a kind.
fn category(kind: Kind) -> (&'static str, &'static str) {
    if kind.info().vital_sign {
        return ("vital-signs", "Vital Signs");
    }
    match kind {
        Kind::Glucose | Kind::Inr => ("laboratory", "Laboratory"),
        Kind::Pain => ("survey", "Survey"),
        Kind::Steps => ("activity", "Activity"),
        _ => ("exam", "Exam"),
    }
}

/// The `code` of a kind: LOINC, with the older pulse-oximetry code beside the new one as the
/// vital-signs profile asks.
fn code(kind: Kind) -> Json {
    let info = kind.info();
    let mut codings =
        vec![json!({"system": LOINC, "code": info.loinc, "display": info.loinc_display})];
    if kind == Kind::OxygenSaturation {
        codings.push(json!({
            "system": LOINC,
            "code": "2708-6",
            "display": "Oxygen saturation in Arterial blood"
        }));
    }
    json!({"coding": codings, "text": Lang::Nl.t(info.name)})
}

/// A UCUM quantity; whole-number kinds are written without decimals.
fn quantity(kind: Kind, value: f64) -> Json {
    let info = kind.info();
    let number = if info.decimals == 0 {
        json!(value.round() as i64)
    } else {
        json!(value)
    };
    json!({"value": number, "unit": info.ucum, "system": UCUM, "code": info.ucum})
}

/// A date-time on the Dutch wall clock with its offset, as FHIR `dateTime`.
fn local_date_time(at: Timestamp) -> String {
    at.to_zoned(clock::zone().clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// The skeleton shared by every Observation.
fn base(id: &str, kind: Kind, status: &str, patient: &str) -> Map<String, Json> {
    let (cat, cat_display) = category(kind);
    let mut o = Map::new();
    o.insert("resourceType".into(), json!("Observation"));
    o.insert("id".into(), json!(id));
    if let Some(profile) = vital_signs_profile(kind) {
        o.insert(
            "meta".into(),
            json!({"profile": [format!("http://hl7.org/fhir/StructureDefinition/{profile}")]}),
        );
    }
    o.insert("status".into(), json!(status));
    o.insert(
        "category".into(),
        json!([{"coding": [{"system": CATEGORY, "code": cat, "display": cat_display}]}]),
    );
    o.insert("code".into(), code(kind));
    o.insert(
        "subject".into(),
        json!({"reference": format!("Patient/{patient}")}),
    );
    o
}

fn component(kind: Kind, value: f64) -> Json {
    json!({"code": code(kind), "valueQuantity": quantity(kind, value)})
}

/// Observations for one measurement version: one, or for blood pressure with a pulse, the
/// panel and a heart-rate Observation (`{id}-pulse`) measured at the same moment.
pub fn observations(measurement: &Measurement, patient: &str) -> Vec<Json> {
    let reading = &measurement.reading;
    let provenance = &measurement.provenance;
    let status = match measurement.status {
        Status::Final => "final",
        Status::Corrected => "corrected",
        Status::EnteredInError => "entered-in-error",
    };
    let performer = match &provenance.entered_by {
        EnteredBy::Patient => format!("Patient/{patient}"),
        EnteredBy::Carer { person, .. } => format!("RelatedPerson/{person}"),
        EnteredBy::Professional { practitioner } => format!("Practitioner/{practitioner}"),
    };
    let common = |o: &mut Map<String, Json>| {
        o.insert(
            "effectiveDateTime".into(),
            json!(local_date_time(reading.measured_at)),
        );
        o.insert("issued".into(), json!(provenance.entered_at.to_string()));
        o.insert("performer".into(), json!([{"reference": performer}]));
        if let Some(method) = &provenance.method {
            o.insert("method".into(), json!({"text": method}));
        }
        if let Some(device) = &provenance.device {
            o.insert("device".into(), json!({"display": device}));
        }
        if let Some(reason) = &measurement.reason {
            o.insert("note".into(), json!([{"text": reason}]));
        }
    };
    let mut out = Vec::new();
    match reading.value {
        Value::BloodPressure(bp) => {
            let mut panel = base(&reading.id, Kind::BloodPressure, status, patient);
            common(&mut panel);
            panel.insert(
                "component".into(),
                json!([
                    component(Kind::Systolic, bp.systolic),
                    component(Kind::Diastolic, bp.diastolic)
                ]),
            );
            out.push(Json::Object(panel));
            if let Some(pulse) = bp.pulse {
                let mut hr = base(
                    &format!("{}-pulse", reading.id),
                    Kind::HeartRate,
                    status,
                    patient,
                );
                common(&mut hr);
                hr.insert("valueQuantity".into(), quantity(Kind::HeartRate, pulse));
                out.push(Json::Object(hr));
            }
        }
        Value::Single(v) => {
            let mut o = base(&reading.id, reading.kind, status, patient);
            common(&mut o);
            o.insert("valueQuantity".into(), quantity(reading.kind, v));
            out.push(Json::Object(o));
        }
    }
    out
}

fn derived(
    o: &mut Map<String, Json>,
    first: Timestamp,
    last: Timestamp,
    ids: &[&str],
    method: String,
) {
    o.insert(
        "effectivePeriod".into(),
        json!({"start": local_date_time(first), "end": local_date_time(last)}),
    );
    o.insert("method".into(), json!({"text": method}));
    o.insert(
        "derivedFrom".into(),
        Json::Array(
            ids.iter()
                .map(|id| json!({"reference": format!("Observation/{id}")}))
                .collect(),
        ),
    );
}

/// The mean of a blood-pressure protocol as its own Observation, derived from the readings.
pub fn blood_pressure_mean(mean: &BloodPressureMean, id: &str, patient: &str) -> Json {
    let mut o = base(id, Kind::BloodPressure, "final", patient);
    derived(
        &mut o,
        mean.first,
        mean.last,
        &mean.derived_from,
        format!("Gemiddelde van {} thuismetingen", mean.readings),
    );
    o.insert(
        "component".into(),
        json!([
            {"code": code(Kind::Systolic), "valueQuantity": mean_quantity(Kind::Systolic, mean.systolic)},
            {"code": code(Kind::Diastolic), "valueQuantity": mean_quantity(Kind::Diastolic, mean.diastolic)}
        ]),
    );
    if let Some(class) = mean.classification {
        let (code, display) = match class {
            Classification::High => ("H", "High"),
            Classification::Normal => ("N", "Normal"),
        };
        o.insert(
            "interpretation".into(),
            json!([{"coding": [{"system": INTERPRETATION, "code": code, "display": display}]}]),
        );
    }
    Json::Object(o)
}

/// The mean of a series of single values as its own Observation, derived from the readings.
pub fn series_mean(kind: Kind, summary: &SeriesSummary, id: &str, patient: &str) -> Json {
    let mut o = base(id, kind, "final", patient);
    derived(
        &mut o,
        summary.first_at,
        summary.latest_at,
        &summary.derived_from,
        format!("Gemiddelde van {} thuismetingen", summary.readings),
    );
    o.insert("valueQuantity".into(), mean_quantity(kind, summary.mean));
    Json::Object(o)
}

/// A mean keeps its decimal even for whole-number kinds.
fn mean_quantity(kind: Kind, value: f64) -> Json {
    let ucum = kind.info().ucum;
    json!({"value": value, "unit": ucum, "system": UCUM, "code": ucum})
}
