//! A measurement and where it came from: when it was measured and entered, by whom, with
//! what. Corrections add a new version and keep the original; nothing is overwritten.

use super::kind::{check_value, Kind, Value, ValueError};
use super::text::{self, T};
use crate::ui::i18n::Lang;
use jiff::{SignedDuration, Span, Timestamp};
use serde::{Deserialize, Serialize};

/// One reading as protocols see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    /// Identifier, unique within a patient's measurements.
    pub id: String,
    /// What was measured.
    pub kind: Kind,
    /// The value, in the kind's unit.
    pub value: Value,
    /// When it was measured.
    pub measured_at: Timestamp,
}

/// Who typed the measurement in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "kebab-case", deny_unknown_fields)]
pub enum EnteredBy {
    /// The patient.
    Patient,
    /// An informal carer acting for the patient under a mandate.
    Carer {
        /// The carer's identifier.
        person: String,
        /// The mandate the patient gave the carer.
        mandate: String,
    },
    /// A professional (nurse, practice assistant) on the patient's behalf.
    Professional {
        /// The professional's identifier.
        practitioner: String,
    },
}

/// Where a measurement came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// When it was entered in Meetpunt.
    pub entered_at: Timestamp,
    /// Who entered it.
    pub entered_by: EnteredBy,
    /// The device, e.g. "Omron M3", if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// How it was measured, e.g. "left arm, sitting", if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
}

/// The state of one version of a measurement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// As first entered.
    Final,
    /// A corrected version of an earlier one.
    Corrected,
    /// The earlier version should not have been entered at all.
    EnteredInError,
}

/// One version of a measurement with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    /// The reading.
    pub reading: Reading,
    /// Where it came from.
    pub provenance: Provenance,
    /// State of this version.
    pub status: Status,
    /// The version this one replaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
    /// Why it was corrected or withdrawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Limits on when a measurement may say it was taken.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TimeRules {
    /// How many days back a measurement may be entered (e.g. a week copied from paper).
    pub max_backdate_days: u16,
    /// Clock difference tolerated between a device and the server, in minutes.
    pub future_tolerance_minutes: u16,
}

impl Default for TimeRules {
    fn default() -> Self {
        TimeRules {
            max_backdate_days: 31,
            future_tolerance_minutes: 5,
        }
    }
}

/// Longest device or method description kept.
pub const MAX_NOTE_CHARS: usize = 200;

/// Why a measurement, correction or withdrawal was refused.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "kebab-case", tag = "problem")]
pub enum EntryError {
    /// The value itself is not acceptable.
    #[error("the value is not acceptable")]
    Value {
        /// One problem per field.
        errors: Vec<ValueError>,
    },
    /// Measured after it was entered.
    #[error("the measurement time is in the future")]
    InFuture,
    /// Measured longer ago than allowed.
    #[error("the measurement is more than {max_days} days old")]
    TooLongAgo {
        /// The limit in days.
        max_days: u16,
    },
    /// Device or method text too long.
    #[error("device or method is longer than {MAX_NOTE_CHARS} characters")]
    NoteTooLong,
    /// The id is not usable as a FHIR id (letters, digits, `-` and `.`, at most 64).
    #[error("id {id:?} must be 1 to 64 letters, digits, '-' or '.'")]
    InvalidId {
        /// The id.
        id: String,
    },
    /// A measurement with this id exists.
    #[error("a measurement with id {id} already exists")]
    DuplicateId {
        /// The id.
        id: String,
    },
    /// No measurement with this id.
    #[error("no measurement with id {id}")]
    UnknownId {
        /// The id.
        id: String,
    },
    /// Only the current version can be corrected or withdrawn.
    #[error("measurement {id} was already corrected or withdrawn")]
    NotCurrent {
        /// The id.
        id: String,
    },
    /// A correction keeps the kind.
    #[error("a correction cannot change what was measured")]
    KindChanged,
    /// Corrections and withdrawals need a reason.
    #[error("a reason is required")]
    ReasonRequired,
}

impl EntryError {
    /// The message shown to the person entering the measurement.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            EntryError::Value { errors } => errors
                .iter()
                .map(|e| e.message(lang))
                .collect::<Vec<_>>()
                .join(" "),
            EntryError::InFuture => lang.t(T::EntryInFuture).into(),
            EntryError::TooLongAgo { max_days } => {
                text::entry_too_long_ago(lang, u64::from(*max_days))
            }
            EntryError::NoteTooLong => text::entry_too_long(lang, MAX_NOTE_CHARS),
            EntryError::NotCurrent { .. } => lang.t(T::EntryNotCurrent).into(),
            EntryError::KindChanged => lang.t(T::EntryKindChanged).into(),
            EntryError::ReasonRequired => lang.t(T::EntryReasonRequired).into(),
            EntryError::InvalidId { .. }
            | EntryError::DuplicateId { .. }
            | EntryError::UnknownId { .. } => lang.t(T::EntryNotSaved).into(),
        }
    }
}

/// All versions of a patient's measurements, append only.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    versions: Vec<Measurement>,
}

impl Record {
    /// An empty record.
    pub fn new() -> Record {
        Record::default()
    }

    /// A record of versions checked when they were entered (as stored), oldest first.
    pub fn from_versions(versions: Vec<Measurement>) -> Record {
        Record { versions }
    }

    /// Every version ever entered, oldest first.
    pub fn versions(&self) -> &[Measurement] {
        &self.versions
    }

    /// Adds a new measurement after checking its value, time and notes.
    pub fn add(
        &mut self,
        reading: Reading,
        provenance: Provenance,
        rules: TimeRules,
    ) -> Result<&Measurement, EntryError> {
        let reading = self.checked(reading, &provenance, provenance.entered_at, rules)?;
        self.push(Measurement {
            reading,
            provenance,
            status: Status::Final,
            replaces: None,
            reason: None,
        })
    }

    /// Corrects the current version `id` with a new reading (with its own new id). The old
    /// version stays in the record. The backdating limit counts from the original entry, so
    /// a late correction of an old reading is allowed.
    pub fn correct(
        &mut self,
        id: &str,
        reading: Reading,
        provenance: Provenance,
        reason: &str,
        rules: TimeRules,
    ) -> Result<&Measurement, EntryError> {
        let old = self.current_version(id)?;
        if old.reading.kind != reading.kind {
            return Err(EntryError::KindChanged);
        }
        let since = old.provenance.entered_at;
        let reason = required_reason(reason)?;
        let reading = self.checked(reading, &provenance, since, rules)?;
        self.push(Measurement {
            reading,
            provenance,
            status: Status::Corrected,
            replaces: Some(id.to_string()),
            reason: Some(reason),
        })
    }

    /// Withdraws the current version `id` as entered in error; it is kept, marked, and no
    /// longer counts. `new_id` names the withdrawal.
    pub fn withdraw(
        &mut self,
        id: &str,
        new_id: &str,
        provenance: Provenance,
        reason: &str,
    ) -> Result<&Measurement, EntryError> {
        let old = self.current_version(id)?;
        let reason = required_reason(reason)?;
        if !valid_id(new_id) {
            return Err(EntryError::InvalidId { id: new_id.into() });
        }
        if self.find(new_id).is_some() {
            return Err(EntryError::DuplicateId { id: new_id.into() });
        }
        let reading = Reading {
            id: new_id.to_string(),
            ..old.reading.clone()
        };
        self.push(Measurement {
            reading,
            provenance,
            status: Status::EnteredInError,
            replaces: Some(id.to_string()),
            reason: Some(reason),
        })
    }

    /// The measurements that count now: latest versions, without withdrawn ones.
    pub fn current(&self) -> impl Iterator<Item = &Measurement> {
        // Once over the versions for what was replaced, so five years of readings take
        // milliseconds, not seconds.
        let replaced: std::collections::HashSet<&str> = self
            .versions
            .iter()
            .filter_map(|v| v.replaces.as_deref())
            .collect();
        self.versions.iter().filter(move |m| {
            m.status != Status::EnteredInError && !replaced.contains(m.reading.id.as_str())
        })
    }

    /// The readings that count now, for protocols.
    pub fn current_readings(&self) -> Vec<Reading> {
        self.current().map(|m| m.reading.clone()).collect()
    }

    /// The versions of the measurement that `id` belongs to, original first.
    pub fn history(&self, id: &str) -> Vec<&Measurement> {
        let mut first = id;
        while let Some(prev) = self.find(first).and_then(|m| m.replaces.as_deref()) {
            first = prev;
        }
        let mut chain = Vec::new();
        let mut next = self.find(first);
        while let Some(m) = next {
            chain.push(m);
            next = self
                .versions
                .iter()
                .find(|v| v.replaces.as_deref() == Some(m.reading.id.as_str()));
        }
        chain
    }

    fn find(&self, id: &str) -> Option<&Measurement> {
        self.versions.iter().find(|m| m.reading.id == id)
    }

    fn is_replaced(&self, id: &str) -> bool {
        self.versions
            .iter()
            .any(|v| v.replaces.as_deref() == Some(id))
    }

    fn current_version(&self, id: &str) -> Result<&Measurement, EntryError> {
        let old = self
            .find(id)
            .ok_or_else(|| EntryError::UnknownId { id: id.into() })?;
        if old.status == Status::EnteredInError || self.is_replaced(id) {
            return Err(EntryError::NotCurrent { id: id.into() });
        }
        Ok(old)
    }

    fn checked(
        &self,
        mut reading: Reading,
        provenance: &Provenance,
        backdate_from: Timestamp,
        rules: TimeRules,
    ) -> Result<Reading, EntryError> {
        if !valid_id(&reading.id) {
            return Err(EntryError::InvalidId { id: reading.id });
        }
        if self.find(&reading.id).is_some() {
            return Err(EntryError::DuplicateId { id: reading.id });
        }
        reading.value = check_value(reading.kind, &reading.value)
            .map_err(|errors| EntryError::Value { errors })?;
        check_time(
            reading.measured_at,
            provenance.entered_at,
            backdate_from,
            rules,
        )?;
        let long = |note: &Option<String>| {
            note.as_ref()
                .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
        };
        if long(&provenance.device) || long(&provenance.method) {
            return Err(EntryError::NoteTooLong);
        }
        Ok(reading)
    }

    fn push(&mut self, measurement: Measurement) -> Result<&Measurement, EntryError> {
        self.versions.push(measurement);
        Ok(self.versions.last().expect("just pushed"))
    }
}

/// Checks a measurement time: not after `entered_at` (beyond the clock tolerance), and not
/// more than the allowed days before `backdate_from`.
pub fn check_time(
    measured_at: Timestamp,
    entered_at: Timestamp,
    backdate_from: Timestamp,
    rules: TimeRules,
) -> Result<(), EntryError> {
    let tolerance = SignedDuration::from_mins(i64::from(rules.future_tolerance_minutes));
    if measured_at > entered_at + tolerance {
        return Err(EntryError::InFuture);
    }
    // Calendar days on the Dutch wall clock: "31 days back" from 09:00 is 09:00, also across
    // a change of the clocks.
    let earliest = backdate_from
        .to_zoned(super::clock::zone().clone())
        .checked_sub(Span::new().days(i64::from(rules.max_backdate_days)))
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::MIN);
    if measured_at < earliest {
        return Err(EntryError::TooLongAgo {
            max_days: rules.max_backdate_days,
        });
    }
    Ok(())
}

/// A FHIR resource id: `[A-Za-z0-9\-\.]{1,64}`.
pub fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

fn required_reason(reason: &str) -> Result<String, EntryError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(EntryError::ReasonRequired);
    }
    if reason.chars().count() > MAX_NOTE_CHARS {
        return Err(EntryError::NoteTooLong);
    }
    Ok(reason.to_string())
}
