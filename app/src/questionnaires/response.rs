//! FHIR R4 QuestionnaireResponse: reading answers from one, and writing a response with its
//! scores as Observations.

use super::answers::Answers;
use super::definition::{AnswerValue, Definition, Item, ItemKind};
use super::scoring::Scoring;
use serde_json::{json, Value};

/// Code system of our scale codes (`{instrument}-{scale}`): no LOINC codes exist for these.
pub const SCALE_CODES: &str = "urn:meetpunt:fhir:CodeSystem:scales";
/// Code system of our band codes.
pub const BAND_CODES: &str = "urn:meetpunt:fhir:CodeSystem:bands";

/// Whom and when a response is about, for the exported resources.
#[derive(Clone, Debug)]
pub struct ResponseMeta<'a> {
    /// The response's id.
    pub id: &'a str,
    /// When it was handed in (FHIR dateTime, e.g. `2026-11-22T10:15:00+01:00`).
    pub authored: &'a str,
    /// Reference to the patient, e.g. `Patient/123`, when known.
    pub subject: Option<&'a str>,
    /// Whether every required question was answered.
    pub complete: bool,
}

/// The answers as a FHIR R4 QuestionnaireResponse, in the definition's item structure.
pub fn export_response(definition: &Definition, answers: &Answers, meta: &ResponseMeta) -> Value {
    let mut response = json!({
        "resourceType": "QuestionnaireResponse",
        "id": meta.id,
        "questionnaire": format!("urn:meetpunt:questionnaire:{}|{}", definition.id, definition.version),
        "status": if meta.complete { "completed" } else { "in-progress" },
        "authored": meta.authored,
    });
    let items: Vec<Value> = definition
        .items
        .iter()
        .filter_map(|i| response_item(i, answers))
        .collect();
    // FHIR allows no empty arrays: a response without answers has no `item`.
    if !items.is_empty() {
        response["item"] = Value::Array(items);
    }
    if let Some(subject) = meta.subject {
        response["subject"] = json!({"reference": subject});
    }
    response
}

fn response_item(item: &Item, answers: &Answers) -> Option<Value> {
    if let ItemKind::Group = item.kind {
        let children: Vec<Value> = item
            .items
            .iter()
            .filter_map(|i| response_item(i, answers))
            .collect();
        return (!children.is_empty()).then(|| json!({"linkId": item.link_id, "item": children}));
    }
    let values = answers.get(&item.link_id).filter(|v| !v.is_empty())?;
    let answer: Vec<Value> = values
        .iter()
        .map(|value| match (value, &item.kind) {
            (AnswerValue::Boolean(b), _) => json!({"valueBoolean": b}),
            (AnswerValue::Integer(i), _) => json!({"valueInteger": i}),
            (AnswerValue::Decimal(d), _) => json!({"valueDecimal": d}),
            (AnswerValue::Text(code), ItemKind::Choice { options, .. }) => {
                let display = options
                    .iter()
                    .find(|o| &o.code == code)
                    .map(|o| o.text.nl.clone());
                let mut coding = json!({"code": code});
                if let Some(display) = display {
                    coding["display"] = json!(display);
                }
                json!({"valueCoding": coding})
            }
            (AnswerValue::Text(date), ItemKind::Date) => json!({"valueDate": date}),
            (AnswerValue::Text(text), _) => json!({"valueString": text}),
        })
        .collect();
    Some(json!({"linkId": item.link_id, "text": item.text.nl, "answer": answer}))
}

/// One Observation (category `survey`) per scale that has a score, derived from the response.
/// A scale without a score (too many answers missing) gets no Observation: an incomplete
/// score is never passed on as if it were one.
pub fn export_observations(
    definition: &Definition,
    scoring: &Scoring,
    meta: &ResponseMeta,
) -> Vec<Value> {
    scoring
        .scales
        .iter()
        .filter_map(|result| {
            let score = result.score?;
            let title = definition
                .scales
                .iter()
                .find(|s| s.id == result.scale)
                .map_or_else(|| result.scale.clone(), |s| s.title.nl.clone());
            let mut observation = json!({
                "resourceType": "Observation",
                "id": format!("{}-{}", meta.id, result.scale),
                "status": "final",
                "category": [{"coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                    "code": "survey",
                    "display": "Survey"
                }]}],
                "code": {"coding": [{
                    "system": SCALE_CODES,
                    "code": format!("{}-{}", definition.id, result.scale),
                    "display": title
                }], "text": title},
                "effectiveDateTime": meta.authored,
                "valueQuantity": {
                    "value": score,
                    "unit": "score",
                    "system": "http://unitsofmeasure.org",
                    "code": "{score}"
                },
                "derivedFrom": [{"reference": format!("QuestionnaireResponse/{}", meta.id)}],
            });
            if let Some(band) = &result.band {
                observation["interpretation"] = json!([{
                    "coding": [{"system": BAND_CODES, "code": band.code, "display": band.label_nl}],
                    "text": band.label_nl
                }]);
            }
            if let Some(subject) = meta.subject {
                observation["subject"] = json!({"reference": subject});
            }
            Some(observation)
        })
        .collect()
}

/// What a QuestionnaireResponse says.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedResponse {
    /// The `questionnaire` reference, e.g. `urn:meetpunt:questionnaire:gfi|1.0`.
    pub questionnaire: Option<String>,
    /// The answers by `linkId`.
    pub answers: Answers,
}

impl ParsedResponse {
    /// The version named after `|` in the questionnaire reference.
    pub fn version(&self) -> Option<&str> {
        self.questionnaire
            .as_deref()?
            .split_once('|')
            .map(|(_, v)| v)
    }
}

/// Reads the answers of a QuestionnaireResponse (groups and nested items included).
pub fn parse(resource: &Value) -> Result<ParsedResponse, String> {
    if resource.get("resourceType").and_then(Value::as_str) != Some("QuestionnaireResponse") {
        return Err("resourceType must be QuestionnaireResponse".into());
    }
    let mut answers = Answers::new();
    collect(resource.get("item"), &mut answers)?;
    Ok(ParsedResponse {
        questionnaire: resource
            .get("questionnaire")
            .and_then(Value::as_str)
            .map(String::from),
        answers,
    })
}

fn collect(items: Option<&Value>, answers: &mut Answers) -> Result<(), String> {
    let Some(items) = items else { return Ok(()) };
    let Some(items) = items.as_array() else {
        return Err("item must be a list".into());
    };
    for item in items {
        let Some(link_id) = item.get("linkId").and_then(Value::as_str) else {
            return Err("an item has no linkId".into());
        };
        for answer in item
            .get("answer")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let value = answer_value(answer)
                .ok_or_else(|| format!("{link_id}: an answer has no supported value[x]"))?;
            answers.entry(link_id.to_string()).or_default().push(value);
            collect(answer.get("item"), answers)?;
        }
        collect(item.get("item"), answers)?;
    }
    Ok(())
}

fn answer_value(answer: &Value) -> Option<AnswerValue> {
    if let Some(b) = answer.get("valueBoolean").and_then(Value::as_bool) {
        return Some(AnswerValue::Boolean(b));
    }
    if let Some(i) = answer.get("valueInteger").and_then(Value::as_i64) {
        return Some(AnswerValue::Integer(i));
    }
    if let Some(d) = answer.get("valueDecimal").and_then(Value::as_f64) {
        return Some(AnswerValue::Decimal(d));
    }
    if let Some(code) = answer
        .get("valueCoding")
        .and_then(|c| c.get("code"))
        .and_then(Value::as_str)
    {
        return Some(AnswerValue::Text(code.to_string()));
    }
    ["valueString", "valueDate"]
        .iter()
        .find_map(|key| answer.get(*key).and_then(Value::as_str))
        .map(|s| AnswerValue::Text(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn answers_are_read_from_groups_and_nested_items() {
        let resource = json!({
            "resourceType": "QuestionnaireResponse",
            "questionnaire": "urn:meetpunt:questionnaire:gfi|1.0",
            "status": "completed",
            "item": [{"linkId": "physical", "item": [
                {"linkId": "gfi-1", "answer": [{"valueCoding": {"code": "no"}}]},
                {"linkId": "gfi-5", "answer": [{"valueInteger": 6}]}
            ]},
            {"linkId": "b", "answer": [{"valueBoolean": true, "item": [
                {"linkId": "c", "answer": [{"valueDate": "2025-01-31"}, {"valueDecimal": 1.5}]}
            ]}]}]
        });
        let parsed = parse(&resource).unwrap();
        assert_eq!(parsed.version(), Some("1.0"));
        assert_eq!(parsed.answers["gfi-1"], [AnswerValue::Text("no".into())]);
        assert_eq!(parsed.answers["gfi-5"], [AnswerValue::Integer(6)]);
        assert_eq!(parsed.answers["b"], [AnswerValue::Boolean(true)]);
        assert_eq!(
            parsed.answers["c"],
            [
                AnswerValue::Text("2025-01-31".into()),
                AnswerValue::Decimal(1.5)
            ]
        );
    }

    #[test]
    fn another_resource_or_an_unknown_value_is_refused() {
        assert!(parse(&json!({"resourceType": "Patient"})).is_err());
        let err = parse(&json!({"resourceType": "QuestionnaireResponse",
            "item": [{"linkId": "a", "answer": [{"valueAttachment": {}}]}]}))
        .unwrap_err();
        assert_eq!(err, "a: an answer has no supported value[x]");
    }
}
