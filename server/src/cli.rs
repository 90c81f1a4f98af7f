//! Command-line tools for integrators and administrators. Output goes to stdout; a problem
//! is one line on stderr and a non-zero exit (see `main.rs`).

use crate::config::Config;
use crate::{open_store, StartError};
use app::access::server as accounts;
use app::access::Role;
use app::db::StoreError;
use app::measurements::request::EvaluationRequest;
use app::organisations::{server as organisations, Level, OrganisationKind, Scope};
use app::questionnaires::{fhir, response, scoring, server as library, validate};
use app::ui::i18n::Lang;
use std::path::Path;
use std::time::SystemTime;

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
pub async fn score(
    config: &Config,
    id: &str,
    organisation: Option<&str>,
    input: &str,
) -> Result<String, StartError> {
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
    let settings = match organisation {
        Some(org) => organisations::instrument_settings(&store, org, id)
            .await
            .map_err(|e| StartError::Other(e.to_string()))?,
        None => scoring::SettingValues::new(),
    };
    store.close().await;
    let checked = validate::validate(&definition, &parsed.answers, validate::Stage::Submit);
    let result = scoring::score(&definition, &checked.answers, &settings);
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
pub async fn protocol_evaluate(
    config: &Config,
    input: &str,
    now: Option<&str>,
    organisation: Option<&str>,
) -> Result<String, StartError> {
    let mut request: EvaluationRequest = serde_json::from_str(input)
        .map_err(|e| StartError::Other(format!("standard input is not a protocol request: {e}")))?;
    if let Some(now) = now {
        let at: jiff::Timestamp = now.parse().map_err(|e| {
            StartError::Other(format!("--now {now:?} is not an RFC 3339 time: {e}"))
        })?;
        request.now = Some(at);
    }
    if let Some(org) = organisation {
        let store = open_store(config).await?;
        let overrides = organisations::thresholds(&store, org).await;
        store.close().await;
        request.thresholds.organisation =
            overrides.map_err(|e| StartError::Other(e.to_string()))?;
    }
    let evaluation = request
        .evaluate(jiff::Timestamp::now())
        .map_err(StartError::Other)?;
    serde_json::to_string_pretty(&evaluation)
        .map(|s| s + "\n")
        .map_err(|e| StartError::Other(format!("writing JSON: {e}")))
}

/// `meetpunt organisations list`: id and name, one per line.
pub async fn organisations_list(config: &Config) -> Result<String, StartError> {
    let store = open_store(config).await?;
    let list = organisations::list(&store)
        .await
        .map_err(store_error("organisations"))?;
    store.close().await;
    let mut out = String::from("ID\tKIND\tNAME\n");
    for o in list {
        out.push_str(&format!("{}\t{}\t{}\n", o.id, o.kind.code(), o.name));
    }
    Ok(out)
}

/// `meetpunt organisations add ID NAME [--kind KIND]`.
pub async fn organisations_add(
    config: &Config,
    id: &str,
    name: &str,
    kind: &str,
) -> Result<String, StartError> {
    let kind = parse_kind(kind)?;
    let store = open_store(config).await?;
    let added = organisations::add(&store, id, name, kind, SystemTime::now()).await;
    store.close().await;
    added.map_err(|e| StartError::Other(e.to_string()))?;
    Ok(format!("added organisation {id}\n"))
}

/// The kind named on the command line.
fn parse_kind(kind: &str) -> Result<OrganisationKind, StartError> {
    OrganisationKind::parse(kind).ok_or_else(|| {
        StartError::Other(format!(
            "kind {kind:?} is unknown; use hap, vvt, thuiszorg or netwerkpartner"
        ))
    })
}

/// The level named on the command line.
fn parse_level(code: &str) -> Result<Level, StartError> {
    Level::parse(code).ok_or_else(|| {
        StartError::Other(format!(
            "level {code:?} is unknown; use A, C, C+, E, B, B+ or D (HAP), or hoofdzorgverlener or zorgverlener"
        ))
    })
}

/// `meetpunt organisations kind ID KIND`.
pub async fn organisations_kind(
    config: &Config,
    id: &str,
    kind: &str,
) -> Result<String, StartError> {
    let kind = parse_kind(kind)?;
    let store = open_store(config).await?;
    let changed = organisations::set_kind(&store, id, kind, SystemTime::now()).await;
    store.close().await;
    let misfits = changed.map_err(|e| StartError::Other(e.to_string()))?;
    let mut out = format!("{id} is now a {} organisation\n", kind.code());
    if misfits > 0 {
        out.push_str(&format!(
            "{misfits} member(s) have a level that does not fit and can do nothing until they get one: meetpunt accounts level EMAIL --organisation {id} LEVEL\n"
        ));
    }
    Ok(out)
}

/// `meetpunt organisations domains ID [DOMAIN...]`.
pub async fn organisations_domains(
    config: &Config,
    id: &str,
    typed: &str,
) -> Result<String, StartError> {
    let domains =
        app::organisations::parse_domains(typed).map_err(|e| StartError::Other(e.to_string()))?;
    let store = open_store(config).await?;
    let entry = app::audit::Entry::admin(
        app::audit::Action::SettingChanged,
        format!("email_domains:{id}"),
    );
    let set =
        organisations::set_email_domains(&store, id, &domains, entry, SystemTime::now()).await;
    store.close().await;
    set.map_err(|e| StartError::Other(e.to_string()))?;
    Ok(if domains.is_empty() {
        format!("{id} allows new accounts at any e-mail address\n")
    } else {
        format!("{id} allows new accounts only at {}\n", domains.join(", "))
    })
}

/// `meetpunt accounts level EMAIL --organisation ORG LEVEL`.
pub async fn accounts_level(
    config: &Config,
    email: &str,
    organisation: &str,
    level: &str,
) -> Result<String, StartError> {
    let level = parse_level(level)?;
    let store = open_store(config).await?;
    let done = accounts::set_level(&store, email, organisation, level, SystemTime::now()).await;
    store.close().await;
    done.map_err(|e| StartError::Other(e.to_string()))?;
    Ok(format!(
        "{} is now level {} at {organisation}\n",
        email.trim().to_lowercase(),
        level.code()
    ))
}

/// `meetpunt accounts leave EMAIL --organisation ORG`.
pub async fn accounts_leave(
    config: &Config,
    email: &str,
    organisation: &str,
) -> Result<String, StartError> {
    let store = open_store(config).await?;
    let done = accounts::end_membership(&store, email, organisation, SystemTime::now()).await;
    store.close().await;
    done.map_err(|e| StartError::Other(e.to_string()))?;
    Ok(format!(
        "{} is no longer a member of {organisation}; their sessions were ended\n",
        email.trim().to_lowercase()
    ))
}

/// `meetpunt settings list ORG`: scope, name and value of every changed setting.
pub async fn settings_list(config: &Config, organisation: &str) -> Result<String, StartError> {
    let store = open_store(config).await?;
    let all = organisations::all(&store, organisation).await;
    store.close().await;
    let mut out = String::from("SCOPE\tSETTING\tVALUE\n");
    for (scope, key, value) in all.map_err(|e| StartError::Other(e.to_string()))? {
        out.push_str(&format!("{scope}\t{key}\t{value}\n"));
    }
    Ok(out)
}

/// `meetpunt settings set|unset ORG SCOPE KEY [VALUE]`.
pub async fn settings_set(
    config: &Config,
    organisation: &str,
    scope: &str,
    key: &str,
    value: Option<f64>,
) -> Result<String, StartError> {
    let scope = Scope::parse(scope);
    let store = open_store(config).await?;
    let result = match value {
        Some(v) => organisations::set(&store, organisation, &scope, key, v, SystemTime::now())
            .await
            .map(|()| format!("{organisation}: {scope} {key} = {v}\n")),
        None => organisations::unset(&store, organisation, &scope, key, SystemTime::now())
            .await
            .map(|was_set| match was_set {
                true => format!("{organisation}: {scope} {key} is back to its default\n"),
                false => format!("{organisation}: {scope} {key} was not set\n"),
            }),
    };
    store.close().await;
    result.map_err(|e| StartError::Other(e.to_string()))
}

/// `meetpunt accounts list`: e-mail, role, organisation, level, whether a password is set,
/// name.
pub async fn accounts_list(config: &Config) -> Result<String, StartError> {
    let store = open_store(config).await?;
    let list = accounts::list_accounts(&store).await;
    store.close().await;
    let mut out = String::from("EMAIL\tROLE\tORGANISATION\tLEVEL\tPASSWORD\tNAME\n");
    for a in list.map_err(store_error("accounts"))? {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            a.email,
            a.role.code(),
            a.organisation.as_deref().unwrap_or("-"),
            a.level.as_deref().unwrap_or("-"),
            if a.has_password { "set" } else { "not set" },
            a.name
        ));
    }
    Ok(out)
}

/// `meetpunt accounts add EMAIL --name NAME --role ROLE [--organisation ORG] [--level L]`.
pub async fn accounts_add(
    config: &Config,
    email: &str,
    name: &str,
    role: &str,
    organisation: Option<&str>,
    level: Option<&str>,
    password: Option<&str>,
) -> Result<String, StartError> {
    let role = Role::parse(role).ok_or_else(|| {
        StartError::Other(format!(
            "role {role:?} is unknown; use professional, patient or carer"
        ))
    })?;
    let level = level.map(parse_level).transpose()?;
    let store = open_store(config).await?;
    let new = accounts::NewAccount {
        email,
        name,
        role,
        organisation,
        level,
        password,
    };
    let added = accounts::create_account(&store, &new, SystemTime::now()).await;
    store.close().await;
    added.map_err(|e| StartError::Other(e.to_string()))?;
    let email = email.trim().to_lowercase();
    Ok(match password {
        Some(_) => format!("added {} account {email}; it can sign in\n", role.code()),
        None => format!(
            "added {} account {email}; set a password with: meetpunt accounts password {email}\n",
            role.code()
        ),
    })
}

/// `meetpunt accounts password EMAIL` (the password on standard input).
pub async fn accounts_password(
    config: &Config,
    email: &str,
    password: &str,
) -> Result<String, StartError> {
    let store = open_store(config).await?;
    let done = accounts::set_password(&store, email, password, SystemTime::now()).await;
    store.close().await;
    done.map_err(|e| StartError::Other(e.to_string()))?;
    Ok(format!(
        "new password set for {}; its sessions were ended\n",
        email.trim().to_lowercase()
    ))
}

/// `meetpunt accounts second-step-reset EMAIL`.
pub async fn accounts_second_step_reset(
    config: &Config,
    email: &str,
) -> Result<String, StartError> {
    let store = open_store(config).await?;
    let done = app::access::server::second_factor::reset_by_administrator(
        &store,
        email,
        SystemTime::now(),
    )
    .await;
    store.close().await;
    done.map_err(|e| StartError::Other(e.to_string()))?;
    Ok(format!(
        "the second step of {} is off and its sessions were ended\n",
        email.trim().to_lowercase()
    ))
}

/// `meetpunt mail-test ADDRESS`: one test message, in Dutch and English.
pub async fn mail_test(config: &Config, address: &str) -> Result<String, StartError> {
    use crate::mail::{mask, Mail, Mailer};
    let mailer = Mailer::from_config(config).map_err(StartError::Other)?;
    let message = app::mail::bilingual(app::mail::test_message);
    let mail = Mail {
        to: address.trim().to_string(),
        subject: message.subject,
        text: message.text,
        html: Some(message.html),
    };
    mailer
        .send(&config.mail_from, &mail)
        .await
        .map_err(|e| StartError::Other(e.to_string()))?;
    Ok(format!(
        "sent a test message to {} through {}\n",
        mask(&mail.to),
        mailer.describe()
    ))
}

/// What `requests send` asks for: an instrument, or a protocol by name from a first day.
pub struct Requested<'a> {
    /// The instrument id.
    pub instrument: Option<&'a str>,
    /// The protocol's name.
    pub protocol: Option<&'a str>,
    /// The protocol's first day (YYYY-MM-DD), default today.
    pub start: Option<&'a str>,
}

fn parse_date(what: &str, text: &str) -> Result<jiff::civil::Date, StartError> {
    text.trim()
        .parse()
        .map_err(|_| StartError::Other(format!("{what} {text:?} is not a date like 2026-12-14")))
}

/// `meetpunt requests send --patient EMAIL --instrument ID|--protocol NAME --due DATE`.
pub async fn requests_send(
    config: &Config,
    patient: &str,
    what: &Requested<'_>,
    due: &str,
    organisation: Option<&str>,
    reminders: bool,
) -> Result<String, StartError> {
    use app::requests::server::{self as requests, NewRequest, Requester};
    use app::requests::Ask;
    let now = SystemTime::now();
    let due = parse_date("the due date", due)?;
    let ask = match (what.instrument, what.protocol) {
        (Some(id), None) => Ask::Questionnaire(id.to_owned()),
        (None, Some(name)) => {
            let today = app::measurements::clock::today(now);
            let start = match what.start {
                Some(text) => parse_date("the start date", text)?,
                None => today,
            };
            Ask::Measurements(
                app::requests::named_protocol(name, start, due).map_err(StartError::Other)?,
            )
        }
        _ => {
            return Err(StartError::Other(
                "name either --instrument ID or --protocol NAME".into(),
            ))
        }
    };
    let store = open_store(config).await?;
    let result = async {
        let patient_id = app::patients::server::find_by_email(&store, patient)
            .await
            .map_err(store_error("patients"))?
            .ok_or_else(|| {
                StartError::Other(format!(
                    "no patient record with the e-mail address {patient} (or more than one)"
                ))
            })?;
        let network = app::patients::server::care_network(&store, patient_id)
            .await
            .map_err(store_error("care network"))?;
        let organisation = match (organisation, network.as_slice()) {
            (Some(org), _) => app::organisations::OrganisationId::parse(org).ok_or_else(|| {
                StartError::Other(format!("organisation id {org:?} is not valid"))
            })?,
            (None, [only]) => only.clone(),
            (None, []) => {
                return Err(StartError::Other(
                    "the patient is in no organisation's care network".into(),
                ))
            }
            (None, _) => {
                return Err(StartError::Other(
                    "the patient is in several care networks; choose one with --organisation".into(),
                ))
            }
        };
        let new = NewRequest {
            patient: patient_id,
            ask,
            due,
            reminders,
            repeat_months: None,
        };
        let by = Requester::admin(organisation.clone());
        let id = requests::send(&store, &by, &new, config.link_grace_days, now)
            .await
            .map_err(|e| StartError::Other(e.to_string()))?;
        Ok(format!(
            "sent {id} from {organisation}, due {due}; the invitation waits in the outbox until the server delivers it\n"
        ))
    }
    .await;
    store.close().await;
    result
}

/// `meetpunt requests list [--patient EMAIL]`.
pub async fn requests_list(config: &Config, patient: Option<&str>) -> Result<String, StartError> {
    let store = open_store(config).await?;
    let result = async {
        let patient = match patient {
            None => None,
            Some(email) => Some(
                app::patients::server::find_by_email(&store, email)
                    .await
                    .map_err(store_error("patients"))?
                    .ok_or_else(|| {
                        StartError::Other(format!(
                            "no patient record with the e-mail address {email}"
                        ))
                    })?,
            ),
        };
        app::requests::server::list(&store, patient, None)
            .await
            .map_err(store_error("requests"))
    }
    .await;
    store.close().await;
    let mut out = String::from("ID\tPATIENT\tWHAT\tDUE\tSTATUS\tORGANISATION\n");
    for r in result? {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            r.id.0, r.patient, r.what, r.due, r.status, r.organisation
        ));
    }
    Ok(out)
}

/// `meetpunt audit export --from DAY --to DAY`: the access log of those days (Dutch calendar
/// days, both included) as CSV; the export itself is recorded in the log.
pub async fn audit_export(config: &Config, from: &str, to: &str) -> Result<String, StartError> {
    let day = |text: &str, flag: &str| {
        text.trim()
            .parse::<jiff::civil::Date>()
            .map_err(|_| StartError::Other(format!("{flag} must be a day like 2026-11-30")))
    };
    let (first, last) = (day(from, "--from")?, day(to, "--to")?);
    if last < first {
        return Err(StartError::Other("--to is before --from".into()));
    }
    let (from_time, to_time) = app::audit::server::days(first, last)
        .ok_or_else(|| StartError::Other(format!("{first}..{last} cannot be used")))?;
    let store = open_store(config).await?;
    let result = async {
        let records = app::audit::server::between(&store, from_time, to_time)
            .await
            .map_err(store_error("access log"))?;
        let mut conn = store.conn().await.map_err(store_error("access log"))?;
        let entry = app::audit::Entry::admin(
            app::audit::Action::AccessLogExported,
            format!("audit:{first}..{last}"),
        );
        app::audit::server::record(&mut conn, &entry, SystemTime::now())
            .await
            .map_err(store_error("access log"))?;
        Ok(app::audit::server::csv(&records))
    }
    .await;
    store.close().await;
    result
}
