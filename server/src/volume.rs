//! Region-scale data for the benchmarks: `meetpunt demo volume` fills the database with one
//! GP practice, its patients, requests in every state and millions of home measurements, in
//! a few set-based statements per table (generated inside the database, not sent row by row).
//! Only for benchmarks and demonstrations: every name says it is made up.

use app::db::{Backend, Store, StoreError};
use app::organisations::OrganisationKind;
use std::time::SystemTime;

/// The practice that holds the generated data.
pub const PRACTICE: &str = "volume-praktijk";

/// How much to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Volume {
    /// Patients in the practice's care network.
    pub patients: i64,
    /// Home measurements in all.
    pub readings: i64,
    /// Requests per patient.
    pub requests_per_patient: i64,
}

/// What was made: the patient with five years of blood pressure, and the counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Made {
    /// The patient record with five years of four readings a day.
    pub timeline_patient: i64,
    /// Patients made.
    pub patients: i64,
    /// Requests made.
    pub requests: i64,
    /// Readings made.
    pub readings: i64,
}

/// Readings a day for everyone: morning and evening, twice each (the blood-pressure rule).
const PER_DAY: i64 = 4;
/// The first patient's history: five years.
const TIMELINE_DAYS: i64 = 5 * 365;

/// `WITH` clauses that count `1..=n` for each name, per backend.
fn counter(backend: Backend, name: &str, n: i64) -> String {
    match backend {
        Backend::Postgres => format!("{name}(i) AS (SELECT generate_series(1, {n}))"),
        Backend::Sqlite => {
            format!("{name}(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM {name} WHERE i < {n})")
        }
    }
}

/// `seconds` (since 1970, an SQL expression) as the stored time text.
fn time_text(backend: Backend, seconds: &str) -> String {
    match backend {
        Backend::Postgres => format!(
            "to_char(to_timestamp({seconds}) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
        ),
        Backend::Sqlite => format!("strftime('%Y-%m-%dT%H:%M:%fZ', {seconds}, 'unixepoch')"),
    }
}

/// `day` (days since 1970, an SQL expression) as a date text.
fn date_text(backend: Backend, day: &str) -> String {
    match backend {
        Backend::Postgres => format!("to_char(DATE '1970-01-01' + ({day})::int, 'YYYY-MM-DD')"),
        Backend::Sqlite => format!("date(({day}) * 86400, 'unixepoch')"),
    }
}

/// Fills the database; `now` is the end of every history.
pub async fn generate(store: &Store, volume: Volume, now: SystemTime) -> Result<Made, StoreError> {
    let backend = store.backend();
    let end = app::db::epoch_seconds(now);
    let today = end.div_euclid(86_400);
    match app::organisations::server::add(
        store,
        PRACTICE,
        "Volumepraktijk (gegenereerd)",
        OrganisationKind::Hap,
        now,
    )
    .await
    {
        Ok(()) => {}
        Err(app::organisations::server::OrganisationError::Exists(_)) => {
            return Err(StoreError::Query(sqlx::Error::Protocol(format!(
                "{PRACTICE} exists already: generate into an empty database"
            ))))
        }
        Err(app::organisations::server::OrganisationError::Store(e)) => return Err(e),
        Err(other) => return Err(StoreError::Query(sqlx::Error::Protocol(other.to_string()))),
    }
    let at = app::db::timestamp(now);
    let mut tx = store.begin().await?;
    let patients = volume.patients.max(1);
    let highest: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT COALESCE(MAX(id), 0) AS n FROM patients")
            .fetch_one(&mut *tx)
            .await?,
        "n",
    )?;
    let first = highest + 1;
    // Patients: "Volume-patiënt 00001", born between 1925 and 1960, consent given.
    let number = match backend {
        Backend::Postgres => "lpad(n.i::text, 5, '0')",
        Backend::Sqlite => "substr('0000' || n.i, -5, 5)",
    };
    sqlx::query(&with(
        backend,
        &counter(backend, "n", patients),
        &format!(
            "INSERT INTO patients (name, birth_date, consent, consent_at, created_at)
             SELECT 'Volume-patiënt ' || {number}, {born}, 'given', '{at}', '{at}'
             FROM n ORDER BY n.i",
            born = date_text(backend, "-16436 + (n.i * 37) % 12775"),
        ),
    ))
    .execute(&mut *tx)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO care_network (patient_id, organisation_id, role, created_at)
         SELECT id, '{PRACTICE}', 'member', '{at}' FROM patients WHERE id >= {first}"
    ))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;

    // Requests: questionnaires and blood-pressure weeks in every state, due around today;
    // one in five answered (a GFI score), one in three of those outside the cut-off.
    let per = volume.requests_per_patient.max(1);
    let statuses = "CASE (p.id + r.i) % 6 WHEN 0 THEN 'sent' WHEN 1 THEN 'opened' \
                    WHEN 2 THEN 'in_progress' WHEN 3 THEN 'completed' WHEN 4 THEN 'expired' \
                    ELSE 'cancelled' END";
    let mut tx = store.begin().await?;
    sqlx::query(&with(backend, &counter(backend, "r", per), &format!(
        "INSERT INTO requests (patient_id, organisation_id, kind, instrument_id,
                               instrument_version, protocol, due_on, status, created_at,
                               updated_at, what, result_at, flagged)
         SELECT p.id, '{PRACTICE}',
                CASE WHEN r.i % 2 = 0 THEN 'questionnaire' ELSE 'protocol' END,
                CASE WHEN r.i % 2 = 0 THEN 'gfi' END,
                CASE WHEN r.i % 2 = 0 THEN '1.0' END,
                CASE WHEN r.i % 2 = 1 THEN '{{\"type\":\"blood-pressure-week\",\"start\":\"' || {start} || '\"}}' END,
                {due}, {statuses}, '{at}', '{at}',
                CASE WHEN r.i % 2 = 0 THEN 'gfi' ELSE 'blood-pressure-week' END,
                CASE WHEN (p.id + r.i) % 6 = 3 THEN '{at}' END,
                CASE WHEN (p.id + r.i) % 18 = 3 THEN 1 ELSE 0 END
         FROM patients p CROSS JOIN r WHERE p.id >= {first}",
        start = date_text(backend, &format!("{today} - 400 + (p.id * 13 + r.i * 29) % 420")),
        due = date_text(backend, &format!("{today} - 200 + (p.id * 7 + r.i * 31) % 240")),
    )))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;

    // Readings: five years of four a day for the first patient, the rest spread evenly (four a
    // day up to today), upper pressure between 115 and 164, lower between 70 and 94.
    let rest =
        ((volume.readings - TIMELINE_DAYS * PER_DAY).max(0) / (patients - 1).max(1)).max(PER_DAY);
    let readings_for = |days: i64, patient_filter: &str| {
        let seconds = format!(
            "{end} - (n.i - 1) / {PER_DAY} * 86400 - ((n.i - 1) % {PER_DAY}) * 21600 - 3600"
        );
        with(
            backend,
            &counter(backend, "n", days * PER_DAY),
            &format!(
            "INSERT INTO readings (patient_id, reading_id, kind, value, measured_at, entered_at,
                                   entered_by, entered_via, status)
             SELECT p.id, 'v-' || n.i, 'blood-pressure',
                    '{{\"systolic\":' || (115 + (p.id * 7 + n.i * 13) % 50) ||
                    ',\"diastolic\":' || (70 + (p.id * 3 + n.i * 7) % 25) || '}}',
                    {measured}, {measured}, 'patient', 'link', 'final'
             FROM patients p CROSS JOIN n WHERE {patient_filter}",
            measured = time_text(backend, &seconds),
        ),
        )
    };
    let mut tx = store.begin().await?;
    sqlx::query(&readings_for(TIMELINE_DAYS, &format!("p.id = {first}")))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if patients > 1 {
        // In slices of patients, so no transaction grows without bound.
        let days = rest.div_euclid(PER_DAY);
        let slice = 250;
        let mut from = first + 1;
        while from < first + patients {
            let to = (from + slice).min(first + patients);
            let mut tx = store.begin().await?;
            sqlx::query(&readings_for(
                days,
                &format!("p.id >= {from} AND p.id < {to}"),
            ))
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            from = to;
        }
    }
    // Fresh statistics, as a database that grew over years would have.
    sqlx::query("ANALYZE").execute(store.pool()).await?;
    let count = |table: &'static str| async move {
        use sqlx::Row;
        let row = sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM {table} WHERE patient_id >= {first}"
        ))
        .fetch_one(store.pool())
        .await?;
        Ok::<i64, StoreError>(row.try_get("n")?)
    };
    Ok(Made {
        timeline_patient: first,
        patients,
        requests: count("requests").await?,
        readings: count("readings").await?,
    })
}

/// `WITH` (PostgreSQL) or `WITH RECURSIVE` (SQLite) `clause` before `statement`.
fn with(backend: Backend, clause: &str, statement: &str) -> String {
    let keyword = match backend {
        Backend::Postgres => "WITH",
        Backend::Sqlite => "WITH RECURSIVE",
    };
    format!("{keyword} {clause} {statement}")
}

/// `meetpunt generate-volume`: refuses production, fills the database, says what it made.
pub async fn command(
    config: &crate::config::Config,
    volume: Volume,
) -> Result<String, crate::StartError> {
    use crate::StartError;
    if config.mode == crate::config::Mode::Production {
        return Err(StartError::Other(
            "generate-volume refuses to run in production mode: made-up data must never mix with patient data".into(),
        ));
    }
    if volume.patients < 1 || volume.readings < 0 || volume.requests_per_patient < 1 {
        return Err(StartError::Other(
            "--patients and --requests-per-patient must be at least 1, --readings at least 0"
                .into(),
        ));
    }
    let store = crate::open_store(config).await?;
    let started = std::time::Instant::now();
    let made = generate(&store, volume, SystemTime::now()).await;
    store.close().await;
    let made = made.map_err(|e| StartError::Other(format!("generating data: {e}")))?;
    Ok(format!(
        "made {} patients, {} requests and {} readings in {:.0} s for {PRACTICE}; patient {} has five years of blood pressure\n",
        made.patients,
        made.requests,
        made.readings,
        started.elapsed().as_secs_f64(),
        made.timeline_patient
    ))
}
