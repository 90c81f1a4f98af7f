//! Command-line tools for integrators and administrators. Output goes to stdout; a problem
//! is one line on stderr and a non-zero exit (see `main.rs`).

use crate::config::Config;
use crate::{open_store, StartError};
use app::db::StoreError;
use app::measurements::request::EvaluationRequest;
use app::questionnaires::{fhir, response, scoring, server as library, validate};
use app::ui::i18n::Lang;
use std::path::Path;

fn store_error(what: &str) -> impl Fn(StoreError) -> StartError + '_ {
    move |e| match e {
        StoreError::NotFound => StartError::Other(format!("{what} not found")),
        other => StartError::Other(format!("{what}: {other}")),
    }
}

/// `meetpunt instruments list`: one line per instrument, newest version.
pub async fn instruments_list(config: &Config) -> Result<String, StartError> {
    let store = open_store(config).await?;
    let list = library::list_catalogue(&store)
        .await
        .map_err(store_error("instrument library"))?;
    store.close().await;
    let mut out = String::from("ID\tVERSION\tQUESTIONS\tTITLE\n");
    for entry in list {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            entry.id, entry.version, entry.item_count, entry.title.nl
        ));
    }
    Ok(out)
}

/// `meetpunt instruments export ID [--version V]`: the FHIR Questionnaire as JSON.
pub async fn instruments_export(
    config: &Config,
    id: &str,
    version: Option<&str>,
) -> Result<String, StartError> {
    let store = open_store(config).await?;
    let what = format!("instrument {id}");
    let definition = match version {
        Some(v) => library::load_definition(&store, id, v).await,
        None => library::latest_definition(&store, id).await,
    }
    .map_err(store_error(&what))?;
    store.close().await;
    let json = serde_json::to_string_pretty(&fhir::export(&definition))
        .map_err(|e| StartError::Other(format!("writing JSON: {e}")))?;
    Ok(json + "\n")
}

/// `meetpunt instruments import FILE`: stores a FHIR Questionnaire as a new version.
pub async fn instruments_import(config: &Config, file: &Path) -> Result<String, StartError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| StartError::Other(format!("cannot read {}: {e}", file.display())))?;
    let definition = fhir::import_str(&text)
        .map_err(|e| StartError::Other(format!("{}: nothing imported: {e}", file.display())))?;
    let store = open_store(config).await?;
    let what = format!("instrument {} {}", definition.id, definition.version);
    let added = library::insert_definition(&store, &definition, false)
        .await
        .map_err(store_error(&what))?;
    if !added {
        let existing = library::load_definition(&store, &definition.id, &definition.version)
            .await
            .map_err(store_error(&what))?;
        store.close().await;
        if existing != definition {
            return Err(StartError::Other(format!(
                "{what} already exists with other content; give the new definition a higher version"
            )));
        }
        return Ok(format!("{what} was already imported; nothing changed\n"));
    }
    store.close().await;
    Ok(format!(
        "imported {what} ({} questions)\n",
        definition.question_count()
    ))
}

/// `meetpunt score ID`: scores a FHIR QuestionnaireResponse read from stdin.
pub async fn score(config: &Config, id: &str, input: &str) -> Result<String, StartError> {
    let resource: serde_json::Value = serde_json::from_str(input)
        .map_err(|e| StartError::Other(format!("standard input is not JSON: {e}")))?;
    let parsed = response::parse(&resource).map_err(StartError::Other)?;
    let store = open_store(config).await?;
    let what = format!("instrument {id}");
    let definition = match parsed.version() {
        Some(v) => library::load_definition(&store, id, v).await,
        None => library::latest_definition(&store, id).await,
    }
    .map_err(store_error(&what))?;
    store.close().await;
    let checked = validate::validate(&definition, &parsed.answers, validate::Stage::Submit);
    let result = scoring::score(
        &definition,
        &checked.answers,
        &scoring::SettingValues::new(),
    );
    let problems: Vec<serde_json::Value> = checked
        .errors
        .iter()
        .map(|e| serde_json::json!({"link_id": e.link_id, "message": e.message(Lang::En)}))
        .collect();
    let out = serde_json::json!({
        "instrument": result.instrument,
        "version": result.version,
        "complete": checked.is_complete(),
        "problems": problems,
        "scales": result.scales,
    });
    serde_json::to_string_pretty(&out)
        .map(|s| s + "\n")
        .map_err(|e| StartError::Other(format!("writing JSON: {e}")))
}

/// `meetpunt protocol evaluate`: evaluates a protocol request read from stdin. No database:
/// the request carries the protocol, the readings and the thresholds.
pub fn protocol_evaluate(input: &str, now: Option<&str>) -> Result<String, StartError> {
    let mut request: EvaluationRequest = serde_json::from_str(input)
        .map_err(|e| StartError::Other(format!("standard input is not a protocol request: {e}")))?;
    if let Some(now) = now {
        let at: jiff::Timestamp = now.parse().map_err(|e| {
            StartError::Other(format!("--now {now:?} is not an RFC 3339 time: {e}"))
        })?;
        request.now = Some(at);
    }
    let evaluation = request
        .evaluate(jiff::Timestamp::now())
        .map_err(StartError::Other)?;
    serde_json::to_string_pretty(&evaluation)
        .map(|s| s + "\n")
        .map_err(|e| StartError::Other(format!("writing JSON: {e}")))
}
