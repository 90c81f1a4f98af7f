//! Home measurements in the database (server only): one row per version, append only. The
//! domain rules stay in [`super::reading::Record`]; this module reads a patient's record back
//! and adds the version the record accepted.

use super::kind::{Kind, Value};
use super::reading::{EnteredBy, Measurement, Provenance, Reading, Record, Status};
use crate::db::{Conn, StoreError};
use crate::patients::PatientId;
use crate::requests::RequestId;
use serde::Deserialize;
use sqlx::Row;

/// How a measurement reached Meetpunt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// Through the link in a request's mail.
    Link,
    /// Through the patient's (or carer's) own account.
    Account,
    /// Entered by a professional at a visit.
    Visit,
}

impl Via {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Via::Link => "link",
            Via::Account => "account",
            Via::Visit => "visit",
        }
    }
}

/// A stored version with where it was entered.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    /// The version.
    pub measurement: Measurement,
    /// The request it was entered for, if any.
    pub request: Option<RequestId>,
    /// How it was entered (`link`, `account`, `visit`).
    pub via: String,
}

fn decode(what: &str) -> StoreError {
    StoreError::Query(sqlx::Error::Decode(what.to_owned().into()))
}

fn status_code(status: Status) -> &'static str {
    match status {
        Status::Final => "final",
        Status::Corrected => "corrected",
        Status::EnteredInError => "entered-in-error",
    }
}

const COLUMNS: &str = "SELECT reading_id, request_id, kind, value, measured_at, entered_at,
    entered_by, entered_by_account, entered_via, status, replaces, reason FROM readings";

/// Every stored version of the patient's measurements of `kind`, oldest first.
pub async fn versions(
    conn: &mut Conn,
    patient: PatientId,
    kind: Kind,
) -> Result<Vec<Stored>, StoreError> {
    let rows = sqlx::query(&format!(
        "{COLUMNS} WHERE patient_id = $1 AND kind = $2 ORDER BY id"
    ))
    .bind(patient.0)
    .bind(kind.id())
    .fetch_all(conn)
    .await?;
    rows.iter().map(decode_row).collect()
}

/// Every stored version of the patient's measurements of every kind, oldest first. On SQLite
/// the rows come as one JSON array (the driver hands rows over one at a time, which for five
/// years of readings costs more than the query).
pub async fn all_versions(conn: &mut Conn, patient: PatientId) -> Result<Vec<Stored>, StoreError> {
    if conn.backend_name() == "SQLite" {
        let row = sqlx::query(
            "SELECT json_group_array(json_array(id, json_array(reading_id, request_id, kind,
                    value, measured_at, entered_at, entered_by, entered_by_account,
                    entered_via, status, replaces, reason))) AS versions
             FROM readings WHERE patient_id = $1",
        )
        .bind(patient.0)
        .fetch_one(conn)
        .await?;
        let text: String = row.try_get("versions")?;
        let mut rows: Vec<(i64, Fields)> =
            serde_json::from_str(&text).map_err(|_| decode("readings as JSON"))?;
        rows.sort_unstable_by_key(|(id, _)| *id);
        return rows
            .into_iter()
            .map(|(_, fields)| fields.stored())
            .collect();
    }
    let rows = sqlx::query(&format!("{COLUMNS} WHERE patient_id = $1 ORDER BY id"))
        .bind(patient.0)
        .fetch_all(conn)
        .await?;
    rows.iter().map(decode_row).collect()
}

/// One stored version's columns, as read.
#[derive(Deserialize)]
struct Fields(
    String,
    Option<i64>,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
    String,
    String,
    Option<String>,
    Option<String>,
);

impl Fields {
    fn stored(self) -> Result<Stored, StoreError> {
        let Fields(
            reading_id,
            request_id,
            kind,
            value,
            measured_at,
            entered_at,
            entered_by,
            entered_by_account,
            entered_via,
            status,
            replaces,
            reason,
        ) = self;
        let kind = Kind::from_id(&kind).ok_or_else(|| decode("reading kind"))?;
        let value: Value = serde_json::from_str(&value).map_err(|_| decode("reading value"))?;
        let time = |text: &str, column: &str| -> Result<jiff::Timestamp, StoreError> {
            text.parse().map_err(|_| decode(column))
        };
        let person = entered_by_account
            .map(|a| format!("account-{a}"))
            .unwrap_or_default();
        let entered_by = match entered_by.as_str() {
            "carer" => EnteredBy::Carer {
                person,
                mandate: String::new(),
            },
            "professional" => EnteredBy::Professional {
                practitioner: person,
            },
            _ => EnteredBy::Patient,
        };
        let status = match status.as_str() {
            "corrected" => Status::Corrected,
            "entered-in-error" => Status::EnteredInError,
            _ => Status::Final,
        };
        Ok(Stored {
            measurement: Measurement {
                reading: Reading {
                    id: reading_id,
                    kind,
                    value,
                    measured_at: time(&measured_at, "measured_at")?,
                },
                provenance: Provenance {
                    entered_at: time(&entered_at, "entered_at")?,
                    entered_by,
                    device: None,
                    method: None,
                },
                status,
                replaces,
                reason,
            },
            request: request_id.map(RequestId),
            via: entered_via,
        })
    }
}

fn decode_row(row: &sqlx::any::AnyRow) -> Result<Stored, StoreError> {
    Fields(
        row.try_get("reading_id")?,
        row.try_get("request_id")?,
        row.try_get("kind")?,
        row.try_get("value")?,
        row.try_get("measured_at")?,
        row.try_get("entered_at")?,
        row.try_get("entered_by")?,
        row.try_get("entered_by_account")?,
        row.try_get("entered_via")?,
        row.try_get("status")?,
        row.try_get("replaces")?,
        row.try_get("reason")?,
    )
    .stored()
}

/// Whether the patient has a version named `reading`, of any kind: `Some` with the request it
/// was entered for.
pub async fn request_of(
    conn: &mut Conn,
    patient: PatientId,
    reading: &str,
) -> Result<Option<Option<RequestId>>, StoreError> {
    let row =
        sqlx::query("SELECT request_id FROM readings WHERE patient_id = $1 AND reading_id = $2")
            .bind(patient.0)
            .bind(reading)
            .fetch_optional(conn)
            .await?;
    row.map(|row| Ok(row.try_get::<Option<i64>, _>("request_id")?.map(RequestId)))
        .transpose()
}

impl Stored {
    /// Whether this version was entered for `request`.
    pub fn is_for(&self, request: RequestId) -> bool {
        self.request == Some(request)
    }
}

/// The patient's record of `kind`, for the domain rules.
pub fn record(stored: &[Stored]) -> Record {
    Record::from_versions(stored.iter().map(|s| s.measurement.clone()).collect())
}

/// Who entered a version, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Author {
    /// The account, when entered through one.
    pub account: Option<crate::access::AccountId>,
    /// How.
    pub via: Via,
}

/// Adds a version the record accepted. `false` when a version with its id was stored already
/// (the same form sent twice): nothing is added then.
pub async fn insert(
    conn: &mut Conn,
    patient: PatientId,
    request: Option<RequestId>,
    measurement: &Measurement,
    author: Author,
) -> Result<bool, StoreError> {
    let value = serde_json::to_string(&measurement.reading.value)
        .map_err(|e| StoreError::Query(sqlx::Error::Encode(Box::new(e))))?;
    let entered_by = match measurement.provenance.entered_by {
        EnteredBy::Patient => "patient",
        EnteredBy::Carer { .. } => "carer",
        EnteredBy::Professional { .. } => "professional",
    };
    let stored = sqlx::query(
        "INSERT INTO readings (patient_id, reading_id, request_id, kind, value, measured_at,
                               entered_at, entered_by, entered_by_account, entered_via, status,
                               replaces, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (patient_id, reading_id) DO NOTHING",
    )
    .bind(patient.0)
    .bind(&measurement.reading.id)
    .bind(request.map(|r| r.0))
    .bind(measurement.reading.kind.id())
    .bind(value)
    .bind(format!("{:.3}", measurement.reading.measured_at))
    .bind(format!("{:.3}", measurement.provenance.entered_at))
    .bind(entered_by)
    .bind(author.account.map(|a| a.0))
    .bind(author.via.code())
    .bind(status_code(measurement.status))
    .bind(measurement.replaces.as_deref())
    .bind(measurement.reason.as_deref())
    .execute(conn)
    .await?;
    Ok(stored.rows_affected() == 1)
}
