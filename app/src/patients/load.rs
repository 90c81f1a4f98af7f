//! The professionals' patient pages on the server: finding the organisation's patients, and
//! one patient's record with its timeline. Every read goes through the guard (or, for the
//! list, is logged as one access); what a professional may see follows the capability
//! matrix: measurements for every kind of organisation, questionnaires the own organisation
//! sent, and for a GP practice also those other organisations sent.

use super::pages::{Event, Found, FoundRow, Shown};
use super::timeline::{self, BloodPressureMean, Period, Plotted, Scored};
use super::{mask_bsn, PatientId};
use crate::access::capability::{professional_may, Capability};
use crate::access::server::guard::authorise_all;
use crate::access::server::Session;
use crate::charts::radar::Radar;
use crate::charts::{svg, Chart, Figure, Span, Who};
use crate::db::StoreError;
use crate::error::AppError;
use crate::measurements::reading::{EnteredBy, Record};
use crate::state::AppState;
use crate::ui::i18n::Lang;
use jiff::civil::Date;
use sqlx::Row;

/// Patients per page of the list.
pub const PAGE_SIZE: i64 = 25;

/// What a search asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Query {
    /// Every patient.
    All,
    /// A part of the name, lower case.
    Name(String),
    /// A date of birth.
    Born(Date),
    /// A BSN (digits only).
    Bsn(String),
}

impl Query {
    /// Reads what was typed: nine digits (spaces and dots allowed) are a BSN, a day as
    /// `15-03-1942` (or `1942-03-15`) a date of birth, anything else a part of the name.
    pub fn parse(text: &str) -> Query {
        let text = text.trim();
        if text.is_empty() {
            return Query::All;
        }
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
        if digits.len() == 9 && digits.chars().all(|c| c.is_ascii_digit()) {
            return Query::Bsn(digits);
        }
        if let Some(date) = crate::measurements::entry::parse_date(text) {
            return Query::Born(date);
        }
        Query::Name(text.to_lowercase())
    }
}

/// `%part%` for LIKE, with the wildcards in the part taken literally.
fn like(part: &str) -> String {
    let mut out = String::from("%");
    for c in part.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// A stored consent code in words (an unknown code reads as "not asked").
fn consent_words(lang: Lang, code: &str) -> &'static str {
    super::consent_label(lang, super::Consent::parse(code).unwrap_or_default())
}

fn born_text(stored: &str) -> String {
    stored
        .parse::<Date>()
        .map(|d| d.strftime("%d-%m-%Y").to_string())
        .unwrap_or_else(|_| stored.to_owned())
}

/// The organisation's patients that match `query`, by name, a page at a time.
pub async fn find(query: String, page: u32) -> Result<Found, AppError> {
    let (state, _, membership) =
        crate::access::organisation_records(Capability::ViewPatient, "patients").await?;
    let parsed = Query::parse(&query);
    let (condition, value) = match &parsed {
        Query::All => ("", None),
        Query::Name(part) => (" AND LOWER(p.name) LIKE $2 ESCAPE '\\'", Some(like(part))),
        Query::Born(date) => (" AND p.birth_date = $2", Some(date.to_string())),
        Query::Bsn(bsn) => (" AND p.bsn = $2", Some(bsn.clone())),
    };
    let limit_at = if value.is_some() { 3 } else { 2 };
    let sql = format!(
        "SELECT p.id, p.name, p.birth_date, p.bsn, p.consent FROM patients p
         JOIN care_network c ON c.patient_id = p.id
         WHERE c.organisation_id = $1{condition}
         ORDER BY p.name, p.id LIMIT ${limit_at} OFFSET ${}",
        limit_at + 1
    );
    let mut q = sqlx::query(&sql).bind(membership.organisation.as_str());
    if let Some(value) = value {
        q = q.bind(value);
    }
    let rows = q
        .bind(PAGE_SIZE + 1)
        .bind(i64::from(page) * PAGE_SIZE)
        .fetch_all(state.store.pool())
        .await
        .map_err(StoreError::from)?;
    let more = rows.len() as i64 > PAGE_SIZE;
    let lang = crate::ui::current_lang();
    let rows = rows
        .iter()
        .take(PAGE_SIZE as usize)
        .map(|row| {
            let bsn: Option<String> = row.try_get("bsn")?;
            Ok(FoundRow {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                born: born_text(&row.try_get::<String, _>("birth_date")?),
                bsn: bsn.as_deref().map(mask_bsn).unwrap_or_default(),
                consent: consent_words(lang, &row.try_get::<String, _>("consent")?).to_owned(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(StoreError::from)?;
    Ok(Found {
        rows,
        page,
        more,
        searched: parsed != Query::All,
        may_add: professional_may(
            membership.kind,
            membership.level,
            Capability::AddPatientMinimal,
        ),
    })
}

/// Whether the signed-in professional's kind and level allow `capability` at all.
fn may(session: Option<&Session>, capability: Capability) -> bool {
    session
        .and_then(|s| s.membership.as_ref())
        .is_some_and(|m| professional_may(m.kind, m.level, capability))
}

fn seconds(stored: &str) -> Option<i64> {
    stored
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_second())
}

/// One patient with the charts and requests of `period`, as far as the professional may see.
pub async fn shown(id: i64, period: Period) -> Result<Shown, AppError> {
    let state = AppState::from_context()?;
    let session = crate::access::session();
    let client = crate::access::client();
    let patient = PatientId(id);
    let now = state.now();
    // What this professional may see of any patient; the guard then decides all of it on
    // this patient at once (one access-log record each, in one transaction). A patient who
    // does not exist is refused like one out of reach.
    let may_see = |capability| may(session.as_ref(), capability);
    let see_measurements = may_see(Capability::SeeMeasurements);
    let see_own = may_see(Capability::SeeOwnQuestionnaires);
    let see_other = may_see(Capability::SeeOtherQuestionnaires);
    let capabilities: Vec<Capability> = [
        (Capability::ViewPatient, true),
        (Capability::SeeMeasurements, see_measurements),
        (Capability::SeeOwnQuestionnaires, see_own),
        (Capability::SeeOtherQuestionnaires, see_other),
    ]
    .into_iter()
    .filter_map(|(capability, wanted)| wanted.then_some(capability))
    .collect();
    let authorised = authorise_all(
        &state.store,
        session.as_ref(),
        &capabilities,
        patient,
        client.as_deref(),
        now,
    )
    .await?;
    let membership = authorised
        .first()
        .and_then(|a| a.session().membership.clone())
        .ok_or(AppError::Forbidden)?;
    let lang = crate::ui::current_lang();
    let row = sqlx::query(&format!(
        "SELECT p.name, p.birth_date, p.email, p.bsn, {}
             FROM patients p WHERE p.id = $1",
        super::consent::RECORDED_COLUMNS
    ))
    .bind(patient.0)
    .fetch_optional(state.store.pool())
    .await
    .map_err(StoreError::from)?
    .ok_or(AppError::Forbidden)?;
    let get = |column: &str| -> Result<Option<String>, AppError> {
        Ok(row.try_get(column).map_err(StoreError::from)?)
    };

    let end = crate::measurements::clock::instant(now).as_second();
    let span = Span {
        from: end - period.days() * 86_400,
        to: end,
    };
    let since = format!(
        "{:.3}",
        jiff::Timestamp::from_second(span.from).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    );
    let mut charts: Vec<Chart> = Vec::new();

    if see_measurements {
        charts.extend(
            measurement_charts(&state, patient, &membership.organisation, span, lang).await?,
        );
    }

    let own = membership.organisation.as_str();
    let visible = |organisation: &str, questionnaire: bool| {
        !questionnaire && see_measurements
            || questionnaire && (see_other || see_own && organisation == own)
    };
    let mut radars = Vec::new();
    if see_own || see_other {
        let (lines, profiles) = score_charts(&state, patient, own, &since, see_other, lang).await?;
        charts.extend(lines);
        radars = profiles;
    }

    let mut figures = figures(&charts, span, lang)?;
    figures.extend(radar_figures(&radars, lang)?);

    let events = events(&state, patient, &since, lang, &visible).await?;
    let born = get("birth_date")?.unwrap_or_default();
    Ok(Shown {
        id,
        name: get("name")?.unwrap_or_default(),
        born: born_text(&born),
        bsn: get("bsn")?.as_deref().map(mask_bsn).unwrap_or_default(),
        email: get("email")?.unwrap_or_default(),
        consent: {
            let (consent, how) = super::consent::recorded(&row).map_err(StoreError::from)?;
            let label = super::consent_label(lang, consent);
            match how.describe(lang, false) {
                Some(how) => format!("{label}. {how}"),
                None => label.to_owned(),
            }
        },
        period: period.code().to_owned(),
        figures,
        events,
        may_send: may(session.as_ref(), Capability::SendQuestionnaire)
            || may(session.as_ref(), Capability::RequestMeasurements),
        may_enter: may(session.as_ref(), Capability::EnterMeasurements),
    })
}

/// The patient's current home measurements in `span`, as charts with the organisation's
/// limits and the means of their blood-pressure weeks.
async fn measurement_charts(
    state: &AppState,
    patient: PatientId,
    organisation: &crate::organisations::OrganisationId,
    span: Span,
    lang: Lang,
) -> Result<Vec<Chart>, AppError> {
    let mut conn = state.store.conn().await?;
    let stored = crate::measurements::server::all_versions(&mut conn, patient).await?;
    drop(conn);
    let record = Record::from_versions(stored.into_iter().map(|s| s.measurement).collect());
    let mut plotted: Vec<Plotted> = record
        .current()
        .filter(|m| (span.from..=span.to).contains(&m.reading.measured_at.as_second()))
        .map(|m| Plotted {
            reading: m.reading.clone(),
            by: match m.provenance.entered_by {
                EnteredBy::Patient => Who::Patient,
                EnteredBy::Carer { .. } => Who::Carer,
                EnteredBy::Professional { .. } => Who::Professional,
            },
        })
        .collect();
    plotted.sort_by_key(|p| p.reading.measured_at);
    let thresholds = crate::requests::entry::thresholds(&state.store, organisation).await?;
    let means = bp_means(state, patient, &record, &thresholds, span).await?;
    Ok(timeline::measurement_charts(
        &plotted,
        &means,
        &thresholds,
        lang,
    ))
}

/// A moment's day on the Dutch clock, as charts write it (`20-11-2026`).
fn day_text(at: i64) -> String {
    jiff::Timestamp::from_second(at)
        .map(|t| {
            crate::measurements::clock::local(t)
                .date()
                .strftime("%d-%m-%Y")
                .to_string()
        })
        .unwrap_or_default()
}

/// Each chart drawn over `span`, with its summary and table.
fn figures(charts: &[Chart], span: Span, lang: Lang) -> Result<Vec<Figure>, AppError> {
    let day = day_text;
    charts
        .iter()
        .map(|chart| {
            let summary_id = crate::charts::summary_id(&chart.id);
            let svg = svg::draw(chart, span, lang, &summary_id, &day).map_err(|e| {
                tracing::error!(error = %e, "chart drawing failed");
                AppError::Internal
            })?;
            Ok(Figure {
                id: chart.id.clone(),
                title: chart.title.clone(),
                summary: chart.summary(lang, day),
                svg,
                table: chart.table(lang, |at| {
                    if chart.day_means {
                        day(at)
                    } else {
                        jiff::Timestamp::from_second(at)
                            .map(|t| lang.moment(t))
                            .unwrap_or_default()
                    }
                }),
            })
        })
        .collect()
}

/// Each profile drawn as a radar, with its summary and table.
fn radar_figures(radars: &[Radar], lang: Lang) -> Result<Vec<Figure>, AppError> {
    radars
        .iter()
        .map(|radar| {
            let summary_id = crate::charts::summary_id(&radar.id);
            let svg = svg::draw_radar(radar, lang, &summary_id, &day_text).map_err(|e| {
                tracing::error!(error = %e, "radar drawing failed");
                AppError::Internal
            })?;
            Ok(Figure {
                id: radar.id.clone(),
                title: radar.title.clone(),
                summary: radar.summary(lang, day_text),
                svg,
                table: radar.table(lang, day_text),
            })
        })
        .collect()
}

/// The means of the patient's blood-pressure weeks, as their protocols evaluate them.
async fn bp_means(
    state: &AppState,
    patient: PatientId,
    record: &Record,
    thresholds: &crate::measurements::thresholds::Thresholds,
    span: Span,
) -> Result<Vec<BloodPressureMean>, AppError> {
    use crate::measurements::evaluate::{evaluate, Outcome};
    use crate::measurements::kind::Kind;
    use crate::measurements::protocol::Protocol;
    let rows = sqlx::query(
        "SELECT protocol FROM requests WHERE patient_id = $1 AND kind = 'protocol' ORDER BY id",
    )
    .bind(patient.0)
    .fetch_all(state.store.pool())
    .await
    .map_err(StoreError::from)?;
    let readings: Vec<_> = record
        .current_readings()
        .into_iter()
        .filter(|r| r.kind == Kind::BloodPressure)
        .collect();
    let now = crate::measurements::clock::instant(state.now());
    let mut means = Vec::new();
    for row in rows {
        let text: Option<String> = row.try_get("protocol").map_err(StoreError::from)?;
        let Some(protocol) = text.and_then(|t| serde_json::from_str::<Protocol>(&t).ok()) else {
            continue;
        };
        if !matches!(protocol, Protocol::BloodPressureWeek(_)) {
            continue;
        }
        // Only the readings around the protocol's days: the others never count.
        let schedule = protocol.schedule();
        let day = |date: jiff::civil::Date| {
            i64::from(crate::measurements::protocol::day_number(date)) * 86_400
        };
        let from = day(schedule.start) - 2 * 86_400;
        let to = schedule
            .days
            .map_or(i64::MAX, |days| from + (i64::from(days) + 4) * 86_400);
        let window: Vec<_> = readings
            .iter()
            .filter(|r| (from..to).contains(&r.measured_at.as_second()))
            .cloned()
            .collect();
        if let Some(Outcome::BloodPressureMean(mean)) =
            evaluate(&protocol, &window, now, thresholds).result
        {
            let (from, to) = (mean.first.as_second(), mean.last.as_second());
            if to >= span.from && from <= span.to {
                means.push(BloodPressureMean {
                    from,
                    to,
                    systolic: mean.systolic,
                    diastolic: mean.diastolic,
                });
            }
        }
    }
    Ok(means)
}

/// The score charts of the questionnaires submitted since `since` that the professional may
/// see, one instrument at a time with its newest definition and the organisation's settings;
/// a profile (see [`timeline::is_profile`]) as one radar.
async fn score_charts(
    state: &AppState,
    patient: PatientId,
    own: &str,
    since: &str,
    see_other: bool,
    lang: Lang,
) -> Result<(Vec<Chart>, Vec<Radar>), AppError> {
    let rows = sqlx::query(
        "SELECT s.instrument_id, s.instrument_version, s.scores, s.entered_by, s.submitted_at,
                r.organisation_id
         FROM responses s JOIN requests r ON r.id = s.request_id
         WHERE s.patient_id = $1 AND s.submitted_at >= $2
         ORDER BY s.instrument_id, s.submitted_at",
    )
    .bind(patient.0)
    .bind(since)
    .fetch_all(state.store.pool())
    .await
    .map_err(StoreError::from)?;
    let mut by_instrument: Vec<(String, String, Vec<Scored>)> = Vec::new();
    for row in rows {
        let get = |c: &str| -> Result<String, AppError> {
            Ok(row.try_get::<String, _>(c).map_err(StoreError::from)?)
        };
        if !see_other && get("organisation_id")? != own {
            continue;
        }
        let instrument = get("instrument_id")?;
        let version = get("instrument_version")?;
        let Ok(scoring) = serde_json::from_str(&get("scores")?) else {
            continue;
        };
        let scored = Scored {
            at: seconds(&get("submitted_at")?).unwrap_or_default(),
            by: Who::from_code(&get("entered_by")?),
            scoring,
        };
        match by_instrument.last_mut() {
            Some((id, newest, list)) if *id == instrument => {
                if crate::questionnaires::version::compare_versions(&version, newest).is_gt() {
                    *newest = version;
                }
                list.push(scored);
            }
            _ => by_instrument.push((instrument, version, vec![scored])),
        }
    }
    let mut charts = Vec::new();
    let mut radars = Vec::new();
    for (instrument, version, responses) in by_instrument {
        let definition =
            crate::questionnaires::server::load_definition(&state.store, &instrument, &version)
                .await?;
        let settings =
            crate::organisations::server::instrument_settings(&state.store, own, &instrument)
                .await
                .unwrap_or_default();
        if timeline::is_profile(&definition) {
            radars.extend(timeline::radar(&definition, &responses, lang));
        } else {
            charts.extend(timeline::score_charts(
                &definition,
                &settings,
                &responses,
                lang,
            ));
        }
    }
    Ok((charts, radars))
}

/// The requests of the period the professional may see, newest first.
async fn events(
    state: &AppState,
    patient: PatientId,
    since: &str,
    lang: Lang,
    visible: &(dyn Fn(&str, bool) -> bool + Sync),
) -> Result<Vec<Event>, AppError> {
    use crate::requests::status::Status;
    let rows = sqlx::query(
        "SELECT r.id, r.organisation_id, r.kind, r.instrument_id, r.protocol, r.status,
                r.created_at, s.scores, s.submitted_at
         FROM requests r LEFT JOIN responses s ON s.request_id = r.id
         WHERE r.patient_id = $1 AND (r.created_at >= $2 OR s.submitted_at >= $2)
         ORDER BY COALESCE(s.submitted_at, r.created_at) DESC, r.id DESC",
    )
    .bind(patient.0)
    .bind(since)
    .fetch_all(state.store.pool())
    .await
    .map_err(StoreError::from)?;
    let titles = crate::requests::desk::load::titles(state, lang).await?;
    let mut events = Vec::new();
    for row in rows {
        let get = |c: &str| -> Result<Option<String>, AppError> {
            Ok(row
                .try_get::<Option<String>, _>(c)
                .map_err(StoreError::from)?)
        };
        let questionnaire = get("kind")?.as_deref() == Some("questionnaire");
        if !visible(&get("organisation_id")?.unwrap_or_default(), questionnaire) {
            continue;
        }
        let id: i64 = row.try_get("id").map_err(StoreError::from)?;
        let what = match (get("instrument_id")?, get("protocol")?) {
            (Some(instrument), _) => titles(&instrument),
            (None, Some(protocol)) => {
                serde_json::from_str::<crate::measurements::protocol::Protocol>(&protocol)
                    .map(|p| crate::requests::protocol_title(&p, lang).to_owned())
                    .unwrap_or_default()
            }
            (None, None) => String::new(),
        };
        let scores: Option<crate::questionnaires::scoring::Scoring> =
            get("scores")?.and_then(|s| serde_json::from_str(&s).ok());
        let result = match scores {
            Some(scoring) => scoring
                .scales
                .iter()
                .map(|s| {
                    let score = s.score.map_or_else(|| "—".to_owned(), |v| lang.number(v));
                    match &s.band {
                        Some(b) => format!(
                            "{score} ({})",
                            match lang {
                                Lang::Nl => &b.label_nl,
                                Lang::En => &b.label_en,
                            }
                        ),
                        None => score,
                    }
                })
                .collect::<Vec<_>>()
                .join(" · "),
            None => get("status")?
                .as_deref()
                .and_then(Status::parse)
                .map(|s| crate::requests::desk::status_text(lang, s))
                .unwrap_or_default(),
        };
        let when = get("submitted_at")?
            .or(get("created_at")?)
            .and_then(|t| t.parse::<jiff::Timestamp>().ok())
            .map(|t| {
                crate::measurements::clock::local(t)
                    .date()
                    .strftime("%d-%m-%Y")
                    .to_string()
            })
            .unwrap_or_default();
        events.push(Event {
            day: when,
            what,
            result,
            href: format!("{}/{id}", crate::requests::desk::REQUESTS_PATH),
        });
    }
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_a_bsn_a_date_of_birth_or_a_part_of_the_name() {
        assert_eq!(Query::parse("  "), Query::All);
        assert_eq!(Query::parse("1234.56.782"), Query::Bsn("123456782".into()));
        assert_eq!(Query::parse("123 456 782"), Query::Bsn("123456782".into()));
        assert_eq!(
            Query::parse("15-03-1942"),
            Query::Born(jiff::civil::date(1942, 3, 15))
        );
        assert_eq!(Query::parse("De Vries"), Query::Name("de vries".into()));
        assert_eq!(Query::parse("12345"), Query::Name("12345".into()));
    }

    #[test]
    fn wildcards_in_a_name_are_taken_literally() {
        assert_eq!(like("a%b_c\\"), "%a\\%b\\_c\\\\%");
    }
}
