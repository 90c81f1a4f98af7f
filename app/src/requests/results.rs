//! What the professional sees of a result (server only): a questionnaire response as one
//! line for the GP system's journal, and a measurement request's readings with the
//! protocol's evaluation.

use crate::error::AppError;
use crate::requests::text::T;

/// A questionnaire response as one line for the GP system's journal.
pub fn his_line(
    definition: &crate::questionnaires::definition::Definition,
    response: &crate::requests::server::StoredResponse,
    lang: crate::ui::i18n::Lang,
) -> String {
    use crate::requests::his::{questionnaire_line, ScaleLine};
    use crate::ui::i18n::Lang;
    let scales: Vec<ScaleLine> = response
        .scores
        .scales
        .iter()
        .map(|s| ScaleLine {
            title: definition
                .scales
                .iter()
                .find(|d| d.id == s.scale)
                .map_or_else(|| s.scale.clone(), |d| d.title.get(lang).to_owned()),
            score: s.score,
            band: s.band.as_ref().map(|b| match lang {
                Lang::Nl => b.label_nl.clone(),
                Lang::En => b.label_en.clone(),
            }),
            from: s.band.as_ref().and_then(|b| b.from).filter(|f| *f > s.min),
        })
        .collect();
    let by = lang.t(match response.entered_by.as_str() {
        "carer" => T::HisByCarer,
        "professional" => T::HisByProfessional,
        _ => T::HisByPatient,
    });
    let on = crate::db::parse_timestamp(&response.submitted_at)
        .map(crate::measurements::clock::today)
        .unwrap_or_default();
    questionnaire_line(&definition.id.to_uppercase(), &scales, by, on, lang)
}

/// What a professional needs to see a request's result: its measurements, or its
/// questionnaire as sent by their own organisation or by another.
pub fn result_capability(
    detail: &crate::requests::server::Detail,
    session: Option<&crate::access::server::Session>,
) -> crate::access::capability::Capability {
    use crate::access::capability::Capability;
    let own = session
        .and_then(|s| s.membership.as_ref())
        .is_some_and(|m| m.organisation == detail.organisation);
    match (&detail.asked, own) {
        (crate::requests::Asked::Measurements(_), _) => Capability::SeeMeasurements,
        (_, true) => Capability::SeeOwnQuestionnaires,
        (_, false) => Capability::SeeOtherQuestionnaires,
    }
}

/// A request whose result the signed-in person may see, as the guard decides (and logs, also
/// for someone not signed in). A request that does not exist is refused like one out of
/// reach, and nobody signed in is asked to sign in either way, so the answer never tells
/// which ids exist.
pub async fn reach(
    state: &crate::state::AppState,
    session: Option<&crate::access::server::Session>,
    id: crate::requests::RequestId,
    client: Option<&str>,
) -> Result<
    (
        crate::requests::server::Detail,
        crate::access::server::guard::Authorised,
    ),
    AppError,
> {
    let detail = crate::requests::server::detail(&state.store, id).await?;
    let Some(detail) = detail else {
        // Logged like a refusal on a record, so the attempt is on record too.
        let mut conn = state.store.conn().await?;
        let entry = crate::audit::Entry {
            actor: session.map(|s| s.account_id),
            role: session.map(|s| s.role.code()),
            organisation: session
                .and_then(|s| s.membership.as_ref())
                .map(|m| m.organisation.clone()),
            patient: None,
            action: crate::audit::Action::Access(
                crate::access::capability::Capability::ViewPatient,
            ),
            object: Some(id.to_string()),
            outcome: crate::audit::Outcome::Refused("no_such_request"),
            client: client.map(str::to_owned),
        };
        crate::audit::server::record(&mut conn, &entry, state.now()).await?;
        return Err(match session {
            None => AppError::NotSignedIn,
            Some(_) => AppError::Forbidden,
        });
    };
    let authorised = crate::access::server::guard::authorise(
        &state.store,
        session,
        result_capability(&detail, session),
        detail.patient,
        client,
        state.now(),
    )
    .await?;
    Ok((detail, authorised))
}

/// A measurement request's readings as stored, the patient's current ones and the limits of
/// the organisation that asked: what its evaluation needs.
pub struct Loaded {
    /// Every stored version of the protocol's kind.
    pub stored: Vec<crate::measurements::server::Stored>,
    /// The versions as one record.
    pub record: crate::measurements::reading::Record,
    /// The readings in force.
    pub current: Vec<crate::measurements::reading::Reading>,
    /// The organisation's limits.
    pub thresholds: crate::measurements::thresholds::Thresholds,
}

impl Loaded {
    /// Loads them for the request.
    pub async fn load(
        state: &crate::state::AppState,
        detail: &crate::requests::server::Detail,
        protocol: &crate::measurements::protocol::Protocol,
    ) -> Result<Loaded, crate::db::StoreError> {
        use crate::requests::entry;
        let stored = entry::stored(&state.store, detail.patient, protocol).await?;
        let record = crate::measurements::server::record(&stored);
        let current = record.current_readings();
        let thresholds = entry::thresholds(&state.store, &detail.organisation).await?;
        Ok(Loaded {
            stored,
            record,
            current,
            thresholds,
        })
    }

    /// The protocol's evaluation at `now`.
    pub fn evaluate<'a>(
        &'a self,
        protocol: &'a crate::measurements::protocol::Protocol,
        now: jiff::Timestamp,
    ) -> crate::measurements::evaluate::Evaluation<'a> {
        crate::measurements::evaluate::evaluate(protocol, &self.current, now, &self.thresholds)
    }
}

pub type Series = (Vec<(String, String, String)>, Vec<String>, Vec<String>);

/// A measurement request's readings and the protocol's evaluation, for the professional.
pub async fn series(
    state: &crate::state::AppState,
    detail: &crate::requests::server::Detail,
    protocol: &crate::measurements::protocol::Protocol,
    lang: crate::ui::i18n::Lang,
) -> Result<Series, AppError> {
    use crate::measurements::entry::value_text;
    use crate::measurements::evaluate::{Classification, Outcome};
    use crate::measurements::reading::Status;
    use crate::requests::text;
    let kind = protocol.schedule().kind;
    let loaded = Loaded::load(state, detail, protocol).await?;
    let evaluation = loaded.evaluate(protocol, crate::measurements::clock::instant(state.now()));
    let (stored, record) = (&loaded.stored, &loaded.record);
    let n = |v: f64| lang.number((v * 10.0).round() / 10.0);
    let readings = record
        .current()
        .filter_map(|m| {
            let s = stored
                .iter()
                .find(|s| s.measurement.reading.id == m.reading.id)
                .filter(|s| s.is_for(detail.id))?;
            let mut value = value_text(kind, &m.reading.value, lang);
            if m.status == Status::Corrected {
                let why = m
                    .reason
                    .as_deref()
                    .map(|r| crate::requests::measure::reason_text(r, lang))
                    .unwrap_or_default();
                value.push_str(&format!(" ({}: {why})", lang.t(T::CorrectedMark)));
            }
            if evaluation.ignored.iter().any(|i| i.reading == m.reading.id) {
                value.push_str(&format!(" — {}", lang.t(T::NotCountedShort)));
            }
            let via = lang.t(match s.via.as_str() {
                "account" => T::ViaAccount,
                "visit" => T::ViaVisit,
                _ => T::ViaLink,
            });
            let entered = format!("{via}, {}", lang.moment(m.provenance.entered_at));
            Some((lang.moment(m.reading.measured_at), value, entered))
        })
        .collect();
    let unit = kind.info().unit_suffix(lang);
    let result = match &evaluation.result {
        None => lang.t(T::EvaluationNone).to_owned(),
        Some(Outcome::BloodPressureMean(mean)) => text::bp_mean(
            lang,
            &n(mean.systolic),
            &n(mean.diastolic),
            mean.readings,
            lang.t(match mean.classification {
                Some(Classification::High) => T::ClassificationHigh,
                _ => T::ClassificationNormal,
            }),
        ),
        Some(Outcome::Series(s)) => text::series_summary(
            lang,
            &format!("{}{unit}", n(s.mean)),
            &n(s.min),
            &n(s.max),
            s.readings,
        ),
        Some(Outcome::Weight(w)) => format!("{}{unit} ({})", n(w.latest), lang.date(w.latest_day)),
        Some(Outcome::GlucoseCurve { days }) => days
            .iter()
            .map(|d| {
                let points: Vec<String> = d
                    .points
                    .iter()
                    .map(|p| p.map_or_else(|| "—".to_owned(), n))
                    .collect();
                format!("{}: {}", lang.date(d.day), points.join(" · "))
            })
            .collect::<Vec<_>>()
            .join("; "),
    };
    let c = evaluation.completeness;
    let outcome = vec![
        result,
        text::completeness(
            lang,
            c.valid_readings,
            c.required_readings,
            c.expected_readings,
        ),
    ];
    let flags = evaluation
        .flags
        .iter()
        .map(|f| f.advice.get(lang).to_owned())
        .collect();
    Ok((readings, outcome, flags))
}
