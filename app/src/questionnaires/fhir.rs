//! FHIR R4 Questionnaire import and export.
//!
//! Supported: item types group, display, boolean, choice (with `repeats` for several
//! answers), integer, decimal, date, string and text; `required`; `enableWhen` with
//! `enableBehavior`; `answerOption` with `valueCoding` and the `ordinalValue` extension for
//! weights; the `minValue`/`maxValue` extensions; Dutch text with English in the standard
//! `translation` extension. Scales, bands and settings travel in one extension of our own,
//! [`SCORING_EXTENSION`], whose value is the JSON of [`Scoring`] (documented in
//! `docs/fhir.md`). Anything else makes the import fail with the `linkId` and the feature,
//! and nothing is imported.

use super::check::check;
use super::definition::{
    AnswerOption, AnswerValue, Definition, EnableBehavior, EnableWhen, Item, ItemKind, Operator,
    Scale, Setting, Text,
};
use super::json::{Json, Object};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// Our extension holding scales, bands and settings.
pub const SCORING_EXTENSION: &str = "urn:meetpunt:fhir:StructureDefinition:scoring";
/// Our extension holding where the instrument comes from.
pub const SOURCE_EXTENSION: &str = "urn:meetpunt:fhir:StructureDefinition:source";
/// FHIR core: a translation of a primitive string.
pub const TRANSLATION: &str = "http://hl7.org/fhir/StructureDefinition/translation";
/// FHIR core: the score weight of an answer option.
pub const ORDINAL_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
/// FHIR core: lowest allowed answer.
pub const MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
/// FHIR core: highest allowed answer.
pub const MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";

/// The scoring part of a definition, as carried in [`SCORING_EXTENSION`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// The scales.
    #[serde(default)]
    pub scales: Vec<Scale>,
    /// The settings the bands use.
    #[serde(default)]
    pub settings: Vec<Setting>,
}

/// Why an import failed: where, and what is not supported or wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct ImportError {
    /// `linkId` of the item, or the element at the questionnaire's top.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

fn fail<T>(location: &str, message: impl Into<String>) -> Result<T, ImportError> {
    Err(ImportError {
        location: location.to_string(),
        message: message.into(),
    })
}

// ---------------------------------------------------------------------------------------
// Export

/// The definition as a FHIR R4 Questionnaire.
pub fn export(definition: &Definition) -> Value {
    let mut q = Map::new();
    q.insert("resourceType".into(), json!("Questionnaire"));
    q.insert("id".into(), json!(definition.id));
    q.insert(
        "url".into(),
        json!(format!("urn:meetpunt:questionnaire:{}", definition.id)),
    );
    q.insert("version".into(), json!(definition.version));
    q.insert("status".into(), json!("active"));
    q.insert("language".into(), json!("nl"));
    put_text(&mut q, "title", &definition.title);
    if let Some(description) = &definition.description {
        put_text(&mut q, "description", description);
    }
    put_text(&mut q, "copyright", &definition.licence);
    let mut extensions = vec![json!({"url": SOURCE_EXTENSION, "valueString": definition.source})];
    if !definition.scales.is_empty() || !definition.settings.is_empty() {
        let scoring = Scoring {
            scales: definition.scales.clone(),
            settings: definition.settings.clone(),
        };
        extensions.push(json!({
            "url": SCORING_EXTENSION,
            "valueString": serde_json::to_string(&scoring).unwrap_or_default(),
        }));
    }
    q.insert("extension".into(), Value::Array(extensions));
    q.insert(
        "item".into(),
        Value::Array(
            definition
                .items
                .iter()
                .map(|i| export_item(definition, i))
                .collect(),
        ),
    );
    Value::Object(q)
}

/// Puts Dutch text in `key` and English in `_key` (the translation extension).
fn put_text(object: &mut Map<String, Value>, key: &str, text: &Text) {
    object.insert(key.into(), json!(text.nl));
    object.insert(
        format!("_{key}"),
        json!({"extension": [{"url": TRANSLATION, "extension": [
            {"url": "lang", "valueCode": "en"},
            {"url": "content", "valueString": text.en},
        ]}]}),
    );
}

fn export_item(definition: &Definition, item: &Item) -> Value {
    let mut o = Map::new();
    o.insert("linkId".into(), json!(item.link_id));
    put_text(&mut o, "text", &item.text);
    let mut extensions = Vec::new();
    let kind = match &item.kind {
        ItemKind::Group => "group",
        ItemKind::Display => "display",
        ItemKind::Boolean => "boolean",
        ItemKind::Choice { options, multiple } => {
            if *multiple {
                o.insert("repeats".into(), json!(true));
            }
            o.insert(
                "answerOption".into(),
                Value::Array(options.iter().map(export_option).collect()),
            );
            "choice"
        }
        ItemKind::Integer { min, max } => {
            if let Some(v) = min {
                extensions.push(json!({"url": MIN_VALUE, "valueInteger": v}));
            }
            if let Some(v) = max {
                extensions.push(json!({"url": MAX_VALUE, "valueInteger": v}));
            }
            "integer"
        }
        ItemKind::Decimal { min, max } => {
            if let Some(v) = min {
                extensions.push(json!({"url": MIN_VALUE, "valueDecimal": v}));
            }
            if let Some(v) = max {
                extensions.push(json!({"url": MAX_VALUE, "valueDecimal": v}));
            }
            "decimal"
        }
        ItemKind::Date => "date",
        ItemKind::Text => "text",
    };
    o.insert("type".into(), json!(kind));
    if !extensions.is_empty() {
        o.insert("extension".into(), Value::Array(extensions));
    }
    if item.required {
        o.insert("required".into(), json!(true));
    }
    if !item.enable_when.is_empty() {
        let conditions = item
            .enable_when
            .iter()
            .map(|c| export_condition(definition, c))
            .collect();
        o.insert("enableWhen".into(), Value::Array(conditions));
        if item.enable_when.len() > 1 || item.enable_behavior == EnableBehavior::Any {
            let behavior = match item.enable_behavior {
                EnableBehavior::All => "all",
                EnableBehavior::Any => "any",
            };
            o.insert("enableBehavior".into(), json!(behavior));
        }
    }
    if !item.items.is_empty() {
        o.insert(
            "item".into(),
            Value::Array(
                item.items
                    .iter()
                    .map(|i| export_item(definition, i))
                    .collect(),
            ),
        );
    }
    Value::Object(o)
}

fn export_option(option: &AnswerOption) -> Value {
    let mut coding = Map::new();
    coding.insert("code".into(), json!(option.code));
    put_text(&mut coding, "display", &option.text);
    let mut o = Map::new();
    o.insert("valueCoding".into(), Value::Object(coding));
    if let Some(weight) = option.weight {
        o.insert(
            "extension".into(),
            json!([{"url": ORDINAL_VALUE, "valueDecimal": weight}]),
        );
    }
    Value::Object(o)
}

fn operator_code(operator: Operator) -> &'static str {
    match operator {
        Operator::Exists => "exists",
        Operator::Eq => "=",
        Operator::Ne => "!=",
        Operator::Gt => ">",
        Operator::Lt => "<",
        Operator::Ge => ">=",
        Operator::Le => "<=",
    }
}

fn export_condition(definition: &Definition, condition: &EnableWhen) -> Value {
    let target = definition.item(&condition.question).map(|i| &i.kind);
    let (key, value) = match (&condition.answer, target) {
        (AnswerValue::Boolean(b), _) => ("answerBoolean", json!(b)),
        (AnswerValue::Integer(i), _) => ("answerInteger", json!(i)),
        (AnswerValue::Decimal(d), _) => ("answerDecimal", json!(d)),
        (AnswerValue::Text(code), Some(ItemKind::Choice { .. })) => {
            ("answerCoding", json!({"code": code}))
        }
        (AnswerValue::Text(date), Some(ItemKind::Date)) => ("answerDate", json!(date)),
        (AnswerValue::Text(text), _) => ("answerString", json!(text)),
    };
    json!({
        "question": condition.question,
        "operator": operator_code(condition.operator),
        key: value,
    })
}

// ---------------------------------------------------------------------------------------
// Import

/// Top-level elements that only describe the questionnaire and are safely ignored.
const IGNORED_TOP: &[&str] = &[
    "resourceType",
    "id",
    "url",
    "version",
    "status",
    "language",
    "name",
    "publisher",
    "date",
    "meta",
    "text",
    "identifier",
    "subjectType",
    "purpose",
    "_purpose",
    "experimental",
    "contact",
    "jurisdiction",
    "useContext",
    "approvalDate",
    "lastReviewDate",
    "effectivePeriod",
    "code",
    "title",
    "_title",
    "description",
    "_description",
    "copyright",
    "_copyright",
    "extension",
    "item",
    "implicitRules",
];

/// Item elements that only describe the item and are safely ignored.
const IGNORED_ITEM: &[&str] = &["prefix", "_prefix", "code", "definition", "id"];

/// Reads a FHIR R4 Questionnaire into a checked definition, or says what stops it.
pub fn import(resource: &Value) -> Result<Definition, ImportError> {
    import_str(&resource.to_string())
}

/// Reads a FHIR R4 Questionnaire from JSON text (the fast way: no general JSON tree).
pub fn import_str(text: &str) -> Result<Definition, ImportError> {
    let resource = Json::parse(text).map_err(|e| ImportError {
        location: "JSON".into(),
        message: format!("not valid ({e})"),
    })?;
    import_json(&resource)
}

fn import_json(resource: &Json) -> Result<Definition, ImportError> {
    let Some(q) = resource.as_object() else {
        return fail("Questionnaire", "is not a JSON object");
    };
    if q.get("resourceType").and_then(Json::as_str) != Some("Questionnaire") {
        return fail("resourceType", "must be Questionnaire");
    }
    for key in q.keys() {
        if !IGNORED_TOP.contains(&key) {
            return fail(key, "this element is not supported");
        }
    }
    let id = match q.get("id").and_then(Json::as_str) {
        Some(id) => id.to_string(),
        None => match q
            .get("url")
            .and_then(Json::as_str)
            .and_then(|u| u.rsplit(['/', ':']).next())
        {
            Some(tail) if !tail.is_empty() => tail.to_string(),
            _ => {
                return fail(
                    "id",
                    "the Questionnaire needs an id (or a url to take it from)",
                )
            }
        },
    };
    let version = q
        .get("version")
        .and_then(Json::as_str)
        .unwrap_or("1.0")
        .to_string();
    let title = text_of(q, "title", "title")?.ok_or_else(|| ImportError {
        location: "title".into(),
        message: "is missing".into(),
    })?;
    let description = text_of(q, "description", "description")?;
    let licence = text_of(q, "copyright", "copyright")?.unwrap_or_else(|| Text {
        nl: "Geen licentie-informatie meegeleverd.".into(),
        en: "No licence information supplied.".into(),
    });

    let mut source = None;
    let mut scoring = Scoring {
        scales: vec![],
        settings: vec![],
    };
    for extension in array(q, "extension", "extension")? {
        match extension.get("url").and_then(Json::as_str) {
            Some(SOURCE_EXTENSION) => {
                source = extension
                    .get("valueString")
                    .and_then(Json::as_str)
                    .map(String::from);
            }
            Some(SCORING_EXTENSION) => {
                let text = extension
                    .get("valueString")
                    .and_then(Json::as_str)
                    .unwrap_or_default();
                scoring = serde_json::from_str(text).map_err(|e| ImportError {
                    location: "scoring extension".into(),
                    message: format!("is not valid: {e}"),
                })?;
            }
            Some(url) => return fail("extension", format!("{url} is not supported")),
            None => return fail("extension", "an extension has no url"),
        }
    }
    let source = source.unwrap_or_else(|| {
        let publisher = q.get("publisher").and_then(Json::as_str);
        let url = q.get("url").and_then(Json::as_str).unwrap_or(&id);
        match publisher {
            Some(p) => format!("{p} ({url}), imported as FHIR Questionnaire"),
            None => format!("{url}, imported as FHIR Questionnaire"),
        }
    });

    let items = array(q, "item", "item")?
        .iter()
        .map(import_item)
        .collect::<Result<Vec<_>, _>>()?;
    let definition = Definition {
        id,
        version,
        title,
        description,
        source,
        licence,
        items,
        scales: scoring.scales,
        settings: scoring.settings,
    };
    if let Some(problem) = check(&definition).into_iter().next() {
        return fail(&problem.location, problem.message);
    }
    Ok(definition)
}

fn array<'a, 'j>(
    object: &'a Object<'j>,
    key: &str,
    at: &str,
) -> Result<&'a [Json<'j>], ImportError> {
    match object.get(key) {
        None => Ok(&[]),
        Some(Json::Array(values)) => Ok(values),
        Some(_) => fail(at, format!("{key} must be a list")),
    }
}

/// Dutch from `key`, English from the translation extension on `_key` (Dutch when absent).
fn text_of(object: &Object, key: &str, at: &str) -> Result<Option<Text>, ImportError> {
    let Some(value) = object.get(key) else {
        return Ok(None);
    };
    let Some(nl) = value.as_str() else {
        return fail(at, format!("{key} must be text"));
    };
    let en = object
        .get(&format!("_{key}"))
        .and_then(|v| v.get("extension"))
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter(|e| e.get("url").and_then(Json::as_str) == Some(TRANSLATION))
        .find_map(|e| {
            let parts = e.get("extension")?.as_array()?;
            let part = |name: &str| {
                parts
                    .iter()
                    .find(|p| p.get("url").and_then(Json::as_str) == Some(name))
            };
            let lang = part("lang")?.get("valueCode")?.as_str()?;
            (lang == "en" || lang.starts_with("en-"))
                .then(|| {
                    part("content")?
                        .get("valueString")?
                        .as_str()
                        .map(String::from)
                })
                .flatten()
        })
        .unwrap_or_else(|| nl.to_string());
    Ok(Some(Text {
        nl: nl.to_string(),
        en,
    }))
}

fn import_item(value: &Json) -> Result<Item, ImportError> {
    let Some(o) = value.as_object() else {
        return fail("item", "an item is not a JSON object");
    };
    let Some(link_id) = o.get("linkId").and_then(Json::as_str) else {
        return fail("item", "an item has no linkId");
    };
    let at = link_id;
    const KNOWN: &[&str] = &[
        "linkId",
        "text",
        "_text",
        "type",
        "required",
        "repeats",
        "enableWhen",
        "enableBehavior",
        "answerOption",
        "item",
        "extension",
    ];
    for key in o.keys() {
        if !KNOWN.contains(&key) && !IGNORED_ITEM.contains(&key) {
            let feature = match key {
                "answerValueSet" => "answerValueSet (options from a value set) is not supported; list the options in answerOption",
                "initial" => "initial (a pre-filled answer) is not supported",
                "readOnly" => "readOnly is not supported",
                "maxLength" => "maxLength is not supported",
                _ => "",
            };
            let message = if feature.is_empty() {
                format!("{key} is not supported")
            } else {
                feature.to_string()
            };
            return fail(at, message);
        }
    }
    let text = text_of(o, "text", at)?.unwrap_or_default();
    let flag = |key: &str| -> Result<bool, ImportError> {
        match o.get(key) {
            None => Ok(false),
            Some(Json::Bool(b)) => Ok(*b),
            Some(_) => fail(at, format!("{key} must be true or false")),
        }
    };
    let required = flag("required")?;
    let repeats = flag("repeats")?;

    let mut min = None;
    let mut max = None;
    for extension in array(o, "extension", at)? {
        match extension.get("url").and_then(Json::as_str) {
            Some(MIN_VALUE) => min = Some(bound(extension, at)?),
            Some(MAX_VALUE) => max = Some(bound(extension, at)?),
            Some(url) => return fail(at, format!("extension {url} is not supported")),
            None => return fail(at, "an extension has no url"),
        }
    }
    let type_name = o.get("type").and_then(Json::as_str).unwrap_or_default();
    let kind = match type_name {
        "group" => ItemKind::Group,
        "display" => ItemKind::Display,
        "boolean" => ItemKind::Boolean,
        "choice" => ItemKind::Choice {
            options: array(o, "answerOption", at)?
                .iter()
                .map(|option| import_option(option, at))
                .collect::<Result<_, _>>()?,
            multiple: repeats,
        },
        "integer" => {
            let whole = |v: Option<f64>| -> Result<Option<i64>, ImportError> {
                match v {
                    Some(v) if v.fract() != 0.0 => {
                        fail(at, "minValue/maxValue of an integer item must be whole")
                    }
                    Some(v) => Ok(Some(v as i64)),
                    None => Ok(None),
                }
            };
            ItemKind::Integer {
                min: whole(min)?,
                max: whole(max)?,
            }
        }
        "decimal" => ItemKind::Decimal { min, max },
        "date" => ItemKind::Date,
        "string" | "text" => ItemKind::Text,
        "" => return fail(at, "the item has no type"),
        other => return fail(at, format!("item type {other} is not supported")),
    };
    if repeats && !matches!(kind, ItemKind::Choice { .. } | ItemKind::Group) {
        return fail(
            at,
            format!("repeats on a {type_name} item is not supported"),
        );
    }
    if repeats && matches!(kind, ItemKind::Group) {
        return fail(at, "repeating groups are not supported");
    }
    if (min.is_some() || max.is_some())
        && !matches!(kind, ItemKind::Integer { .. } | ItemKind::Decimal { .. })
    {
        return fail(
            at,
            "minValue/maxValue is only supported on integer and decimal items",
        );
    }
    if !matches!(kind, ItemKind::Choice { .. }) && o.contains_key("answerOption") {
        return fail(
            at,
            format!("answerOption on a {type_name} item is not supported"),
        );
    }
    let enable_when = array(o, "enableWhen", at)?
        .iter()
        .map(|c| import_condition(c, at))
        .collect::<Result<Vec<_>, _>>()?;
    let enable_behavior = match o.get("enableBehavior").and_then(Json::as_str) {
        None | Some("all") => EnableBehavior::All,
        Some("any") => EnableBehavior::Any,
        Some(other) => return fail(at, format!("enableBehavior {other} is not all or any")),
    };
    let items = array(o, "item", at)?
        .iter()
        .map(import_item)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Item {
        link_id: link_id.to_string(),
        text,
        kind,
        required,
        enable_when,
        enable_behavior,
        items,
    })
}

fn bound(extension: &Json, at: &str) -> Result<f64, ImportError> {
    extension
        .get("valueInteger")
        .or_else(|| extension.get("valueDecimal"))
        .and_then(Json::as_f64)
        .map_or_else(
            || fail(at, "minValue/maxValue must be valueInteger or valueDecimal"),
            Ok,
        )
}

fn import_option(value: &Json, at: &str) -> Result<AnswerOption, ImportError> {
    let Some(o) = value.as_object() else {
        return fail(at, "an answerOption is not a JSON object");
    };
    for key in o.keys() {
        if key != "valueCoding" && key != "extension" {
            let message = match key {
                "initialSelected" => {
                    "initialSelected (a pre-selected option) is not supported".to_string()
                }
                k if k.starts_with("value") => {
                    format!("answerOption with {k} is not supported; use valueCoding")
                }
                k => format!("answerOption.{k} is not supported"),
            };
            return fail(at, message);
        }
    }
    let Some(coding) = o.get("valueCoding").and_then(Json::as_object) else {
        return fail(at, "an answerOption has no valueCoding");
    };
    let Some(code) = coding.get("code").and_then(Json::as_str) else {
        return fail(at, "an answerOption has no code");
    };
    let text = text_of(coding, "display", at)?.unwrap_or_else(|| Text {
        nl: code.to_string(),
        en: code.to_string(),
    });
    let mut weight = None;
    for extension in array(o, "extension", at)? {
        match extension.get("url").and_then(Json::as_str) {
            Some(ORDINAL_VALUE) => {
                weight = Some(
                    extension
                        .get("valueDecimal")
                        .and_then(Json::as_f64)
                        .map_or_else(
                            || {
                                fail(
                                    at,
                                    format!("option {code}: ordinalValue needs valueDecimal"),
                                )
                            },
                            Ok,
                        )?,
                );
            }
            Some(url) => {
                return fail(
                    at,
                    format!("option {code}: extension {url} is not supported"),
                )
            }
            None => return fail(at, format!("option {code}: an extension has no url")),
        }
    }
    Ok(AnswerOption {
        code: code.to_string(),
        text,
        weight,
    })
}

fn import_condition(value: &Json, at: &str) -> Result<EnableWhen, ImportError> {
    let Some(o) = value.as_object() else {
        return fail(at, "an enableWhen is not a JSON object");
    };
    let Some(question) = o.get("question").and_then(Json::as_str) else {
        return fail(at, "an enableWhen has no question");
    };
    let operator = match o.get("operator").and_then(Json::as_str) {
        Some("exists") => Operator::Exists,
        Some("=") => Operator::Eq,
        Some("!=") => Operator::Ne,
        Some(">") => Operator::Gt,
        Some("<") => Operator::Lt,
        Some(">=") => Operator::Ge,
        Some("<=") => Operator::Le,
        other => {
            return fail(
                at,
                format!(
                    "enableWhen operator {} is not supported",
                    other.unwrap_or("(none)")
                ),
            )
        }
    };
    let answers: Vec<(&str, &Json)> = o.iter().filter(|(k, _)| k.starts_with("answer")).collect();
    let [(key, value)] = answers.as_slice() else {
        return fail(at, "an enableWhen needs exactly one answer[x]");
    };
    let answer = match (*key, value) {
        ("answerBoolean", Json::Bool(b)) => AnswerValue::Boolean(*b),
        ("answerInteger", Json::Integer(n)) => AnswerValue::Integer(*n),
        ("answerDecimal", Json::Integer(_) | Json::Decimal(_)) => {
            AnswerValue::Decimal(value.as_f64().unwrap_or_default())
        }
        ("answerCoding", Json::Object(c)) => match c.get("code").and_then(Json::as_str) {
            Some(code) => AnswerValue::Text(code.to_string()),
            None => return fail(at, "enableWhen answerCoding has no code"),
        },
        ("answerDate" | "answerString", Json::Str(s)) => AnswerValue::Text(s.to_string()),
        (other, _) => return fail(at, format!("enableWhen with {other} is not supported")),
    };
    for key in o.keys() {
        if key != "question" && key != "operator" && !key.starts_with("answer") {
            return fail(at, format!("enableWhen.{key} is not supported"));
        }
    }
    Ok(EnableWhen {
        question: question.to_string(),
        operator,
        answer,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaires::library;

    #[test]
    fn every_shipped_instrument_survives_export_and_import_unchanged() {
        for definition in library::builtin() {
            let exported = export(&definition);
            let imported = import(&exported).unwrap_or_else(|e| panic!("{}: {e}", definition.id));
            assert_eq!(imported, definition, "{}", definition.id);
            assert_eq!(export(&imported), exported, "{}", definition.id);
        }
    }

    fn minimal(item: Value) -> Value {
        json!({"resourceType": "Questionnaire", "id": "x", "title": "X", "item": [item]})
    }

    fn error_of(resource: Value) -> String {
        import(&resource).unwrap_err().to_string()
    }

    #[test]
    fn unsupported_features_name_the_link_id_and_the_feature() {
        assert_eq!(
            error_of(minimal(json!({"linkId": "q1", "type": "attachment"}))),
            "q1: item type attachment is not supported"
        );
        assert_eq!(
            error_of(minimal(json!({"linkId": "q2", "type": "choice", "answerValueSet": "http://x"}))),
            "q2: answerValueSet (options from a value set) is not supported; list the options in answerOption"
        );
        assert_eq!(
            error_of(minimal(
                json!({"linkId": "q3", "type": "boolean", "initial": [{"valueBoolean": true}]})
            )),
            "q3: initial (a pre-filled answer) is not supported"
        );
        assert_eq!(
            error_of(minimal(json!({"linkId": "q4", "type": "choice",
                "answerOption": [{"valueString": "a"}]}))),
            "q4: answerOption with valueString is not supported; use valueCoding"
        );
        assert_eq!(
            error_of(minimal(json!({"linkId": "q5", "type": "integer",
                "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"}]}))),
            "q5: extension http://hl7.org/fhir/StructureDefinition/questionnaire-unit is not supported"
        );
        assert_eq!(
            error_of(
                json!({"resourceType": "Questionnaire", "id": "x", "title": "X",
                "item": [{"linkId": "a", "type": "boolean"},
                         {"linkId": "b", "type": "boolean",
                          "enableWhen": [{"question": "a", "operator": "=", "answerQuantity": {"value": 1}}]}]})
            ),
            "b: enableWhen with answerQuantity is not supported"
        );
    }

    #[test]
    fn an_inconsistent_questionnaire_is_refused_with_the_check_message() {
        let resource = json!({"resourceType": "Questionnaire", "id": "x", "title": "X",
            "item": [{"linkId": "a", "type": "boolean"}, {"linkId": "a", "type": "boolean"}]});
        assert_eq!(error_of(resource), "a: link_id is used more than once");
    }

    #[test]
    fn another_resource_type_is_refused() {
        assert_eq!(
            error_of(json!({"resourceType": "Patient"})),
            "resourceType: must be Questionnaire"
        );
    }

    #[test]
    fn english_falls_back_to_dutch_and_string_items_become_text() {
        let imported = import(&minimal(
            json!({"linkId": "a", "text": "Naam", "type": "string"}),
        ))
        .unwrap();
        assert_eq!(
            imported.items[0].text,
            Text {
                nl: "Naam".into(),
                en: "Naam".into()
            }
        );
        assert_eq!(imported.items[0].kind, ItemKind::Text);
        assert_eq!(imported.version, "1.0");
    }
}
