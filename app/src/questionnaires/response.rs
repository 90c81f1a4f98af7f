//! FHIR R4 QuestionnaireResponse: reading answers from one.

use super::answers::Answers;
use super::definition::AnswerValue;
use serde_json::Value;

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
