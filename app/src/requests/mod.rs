//! What a professional asks of a patient: a questionnaire or a series of home measurements,
//! by a due date. Pure here: the status machine ([`status`]), what is asked and until when a
//! link works. The database side is in `server`.

pub mod batch;
pub mod desk;
#[cfg(feature = "ssr")]
pub mod entry;
#[cfg(feature = "ssr")]
pub mod export;
pub mod flow;
pub mod his;
#[cfg(feature = "ssr")]
pub mod link;
#[cfg(feature = "ssr")]
pub mod manage;
pub mod measure;
pub mod mine;
pub mod notify;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod remind;
#[cfg(feature = "ssr")]
pub mod repeat;
#[cfg(feature = "ssr")]
pub mod results;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod server;
pub mod status;
pub mod text;
pub mod worklist;

use crate::measurements::protocol::Protocol;
use serde::{Deserialize, Serialize};

/// Where a request's result is downloaded as a FHIR Bundle (an axum path).
pub const FHIR_DOWNLOAD: &str = "/verzoeken/{id}/fhir";

/// The download's address for request `id`.
pub fn fhir_download(id: i64) -> String {
    FHIR_DOWNLOAD.replace("{id}", &id.to_string())
}

/// A request's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RequestId(pub i64);

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "request:{}", self.0)
    }
}

/// What is asked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Asked {
    /// A questionnaire, at the version that was newest when the request was sent.
    Questionnaire {
        /// The instrument id, e.g. `gfi`.
        instrument: String,
        /// Its version; the response is scored with it.
        version: String,
    },
    /// A series of home measurements, by a protocol (stored with the request, as data).
    Measurements(Protocol),
}

impl Asked {
    /// The code stored in `requests.kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Asked::Questionnaire { .. } => "questionnaire",
            Asked::Measurements(_) => "protocol",
        }
    }
}

/// What a professional asks for when sending: an instrument (its newest version is used)
/// or a protocol.
#[derive(Clone, Debug, PartialEq)]
pub enum Ask {
    /// The instrument's id.
    Questionnaire(String),
    /// The protocol, as data.
    Measurements(Protocol),
}

/// A protocol by name (`blood-pressure-week`, `daily-weight`, `glucose-day-curve`) with its
/// standard settings, starting on `start`; daily weight ends on `due`.
pub fn named_protocol(
    name: &str,
    start: jiff::civil::Date,
    due: jiff::civil::Date,
) -> Result<Protocol, String> {
    let json = match name {
        "blood-pressure-week" | "glucose-day-curve" => {
            serde_json::json!({ "type": name, "start": start.to_string() })
        }
        "daily-weight" => serde_json::json!({
            "type": name, "start": start.to_string(), "end": due.to_string()
        }),
        other => {
            return Err(format!(
                "protocol {other:?} is unknown; use blood-pressure-week, daily-weight or glucose-day-curve"
            ))
        }
    };
    serde_json::from_value(json).map_err(|e| format!("protocol {name}: {e}"))
}

/// What a send form's `ask` means: `instrument:ID` a questionnaire, `protocol:NAME` home
/// measurements from `start` to `due`; `None` for anything else.
pub fn ask_from_form(code: &str, start: jiff::civil::Date, due: jiff::civil::Date) -> Option<Ask> {
    match code.split_once(':')? {
        ("instrument", id) if !id.is_empty() => Some(Ask::Questionnaire(id.to_owned())),
        ("protocol", name) => named_protocol(name, start, due).ok().map(Ask::Measurements),
        _ => None,
    }
}

/// How often a request may repeat: every so many months (the send forms offer these).
pub const REPEAT_MONTHS: [u8; 4] = [3, 6, 12, 24];

/// A send form's `herhalen`: `Some(None)` once, `Some(Some(months))` repeating, `None`
/// unreadable.
pub fn repeat_from_form(text: &str) -> Option<Option<u8>> {
    match text.trim() {
        "" | "0" => Some(None),
        months => months
            .parse::<u8>()
            .ok()
            .filter(|m| REPEAT_MONTHS.contains(m))
            .map(Some),
    }
}

/// The protocol's name for the patient, e.g. "een week lang thuis uw bloeddruk meten".
pub fn protocol_title(protocol: &Protocol, lang: crate::ui::i18n::Lang) -> &'static str {
    use crate::measurements::text::T;
    lang.t(match protocol {
        Protocol::BloodPressureWeek(_) => T::ProtocolBloodPressureWeek,
        Protocol::DailyWeight(_) => T::ProtocolDailyWeight,
        Protocol::GlucoseDayCurve(_) => T::ProtocolGlucoseDayCurve,
        Protocol::FreeSeries(_) => T::ProtocolFreeSeries,
    })
}

/// Days after the due date that a link still works, unless configured otherwise.
pub const DEFAULT_GRACE_DAYS: u16 = 7;

/// Until when a link works: the end of the day (Dutch time) `grace_days` after the due date.
pub fn link_valid_until(due: jiff::civil::Date, grace_days: u16) -> jiff::Timestamp {
    let last_day = due
        .checked_add(jiff::Span::new().days(i64::from(grace_days) + 1))
        .unwrap_or(jiff::civil::Date::MAX);
    last_day
        .to_zoned(crate::measurements::clock::zone().clone())
        .map(|z| z.timestamp())
        .unwrap_or(jiff::Timestamp::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_works_until_the_end_of_the_last_grace_day_in_dutch_time() {
        // Due Monday 30 November 2026, 7 days' grace: valid through Monday 7 December, so
        // until 8 December 00:00 in Amsterdam (UTC+1 in winter) = 7 December 23:00 UTC.
        let until = link_valid_until(jiff::civil::date(2026, 11, 30), 7);
        assert_eq!(until.to_string(), "2026-12-07T23:00:00Z");
        // In summer Amsterdam is UTC+2.
        let summer = link_valid_until(jiff::civil::date(2026, 7, 1), 0);
        assert_eq!(summer.to_string(), "2026-07-01T22:00:00Z");
        // Across the clock change (25 October 2026): the day still ends at local midnight.
        let autumn = link_valid_until(jiff::civil::date(2026, 10, 24), 1);
        assert_eq!(autumn.to_string(), "2026-10-25T23:00:00Z");
    }
}
