//! Measurement protocols as data: what to measure, on which days, in which sessions.
//!
//! Every number here is a setting of the request with a documented default (MEASUREMENTS.md).
//! Days and sessions are local to Europe/Amsterdam (see [`super::clock`]).

use super::clock::ClockTime;
use super::kind::Kind;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A part of the day in which readings are taken, e.g. "morning" 06:00–12:00.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// Name shown with the slot, e.g. `morning`.
    pub name: String,
    /// Start on the wall clock (inclusive).
    pub from: ClockTime,
    /// End on the wall clock (exclusive); `24:00` for the end of the day.
    pub to: ClockTime,
    /// Readings in this session are taken fasting (glucose before breakfast).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fasting: bool,
}

impl Session {
    fn new(name: &str, from: (u16, u16), to: (u16, u16), fasting: bool) -> Session {
        let clock = |(h, m)| ClockTime::hm(h, m).expect("valid default clock time");
        Session {
            name: name.into(),
            from: clock(from),
            to: clock(to),
            fasting,
        }
    }

    /// The whole day, 00:00–24:00.
    pub fn whole_day() -> Vec<Session> {
        vec![Session::new("day", (0, 0), (24, 0), false)]
    }

    /// Whether a wall-clock time falls in this session.
    pub fn contains(&self, at: ClockTime) -> bool {
        self.from <= at && at < self.to
    }
}

/// Home blood-pressure week (NHG/ESH style): morning and evening, two readings a minute
/// apart, the first day discarded, the mean of the rest compared with 135/85.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BloodPressureWeek {
    /// First day.
    pub start: Date,
    /// Number of days.
    #[serde(default = "defaults::bp_days")]
    pub days: u16,
    /// Sessions per day.
    #[serde(default = "defaults::bp_sessions")]
    pub sessions: Vec<Session>,
    /// Readings per session.
    #[serde(default = "defaults::bp_readings_per_session")]
    pub readings_per_session: u16,
    /// Leave the first day out of the mean (readings are often higher on the first day).
    #[serde(default = "defaults::yes")]
    pub discard_first_day: bool,
    /// Valid readings needed for a result.
    #[serde(default = "defaults::bp_min_valid_readings")]
    pub min_valid_readings: u16,
}

/// Daily weight, e.g. for heart failure, judged with the weight-gain and weight-loss rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DailyWeight {
    /// First day.
    pub start: Date,
    /// Last day; none while it goes on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    /// When in the day to weigh (advice: in the morning, after the toilet, before breakfast).
    #[serde(default = "Session::whole_day")]
    pub sessions: Vec<Session>,
}

/// Glucose day curve: four points in a day, for one or more days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlucoseDayCurve {
    /// First day.
    pub start: Date,
    /// Number of days.
    #[serde(default = "defaults::one")]
    pub days: u16,
    /// The points of the curve.
    #[serde(default = "defaults::glucose_points")]
    pub points: Vec<Session>,
}

/// A free series: one kind, at a frequency, until an end date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreeSeries {
    /// What to measure.
    pub kind: Kind,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// Every how many days (1 daily, 7 weekly).
    #[serde(default = "defaults::one")]
    pub every_days: u16,
    /// Sessions within each of those days.
    #[serde(default = "Session::whole_day")]
    pub sessions: Vec<Session>,
    /// Readings per session.
    #[serde(default = "defaults::one")]
    pub readings_per_session: u16,
}

/// A measurement protocol.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Protocol {
    /// Home blood-pressure week.
    BloodPressureWeek(BloodPressureWeek),
    /// Daily weight.
    DailyWeight(DailyWeight),
    /// Glucose day curve.
    GlucoseDayCurve(GlucoseDayCurve),
    /// Free series.
    FreeSeries(FreeSeries),
}

mod defaults {
    use super::Session;

    pub fn bp_days() -> u16 {
        7
    }
    pub fn bp_sessions() -> Vec<Session> {
        vec![
            Session::new("morning", (6, 0), (12, 0), false),
            Session::new("evening", (17, 0), (24, 0), false),
        ]
    }
    pub fn bp_readings_per_session() -> u16 {
        2
    }
    pub fn bp_min_valid_readings() -> u16 {
        12
    }
    pub fn yes() -> bool {
        true
    }
    pub fn one() -> u16 {
        1
    }
    pub fn glucose_points() -> Vec<Session> {
        vec![
            Session::new("before-breakfast", (5, 0), (10, 30), true),
            Session::new("before-lunch", (11, 0), (14, 0), false),
            Session::new("before-dinner", (16, 0), (19, 30), false),
            Session::new("bedtime", (21, 0), (24, 0), false),
        ]
    }
}

/// Longest protocol, in days (ten years and a bit); one without an end shows at most this many
/// days of slots.
pub const MAX_DAYS: i64 = 3700;
/// Earliest year a protocol may start in.
pub const FIRST_YEAR: i16 = 2000;
/// Latest year a protocol may start in.
pub const LAST_YEAR: i16 = 2200;

/// The schedule a protocol asks for, in one shape for every protocol.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Schedule<'a> {
    /// What to measure.
    pub kind: Kind,
    /// First day.
    pub start: Date,
    /// Days, counted from `start`; none while it goes on.
    pub days: Option<u32>,
    /// Length of one block of days in which each session is done once (1 = daily).
    pub every_days: u16,
    /// Sessions within a block.
    pub sessions: &'a [Session],
    /// Readings per session.
    pub per_session: u16,
    /// Leading days whose readings are left out of the result.
    pub discard_days: u16,
    /// Valid readings needed for a result; none means every expected reading.
    pub min_valid: Option<u32>,
}

impl Protocol {
    /// The protocol's name in files, e.g. `blood-pressure-week`.
    pub fn name(&self) -> &'static str {
        match self {
            Protocol::BloodPressureWeek(_) => "blood-pressure-week",
            Protocol::DailyWeight(_) => "daily-weight",
            Protocol::GlucoseDayCurve(_) => "glucose-day-curve",
            Protocol::FreeSeries(_) => "free-series",
        }
    }

    /// Its schedule.
    pub fn schedule(&self) -> Schedule<'_> {
        match self {
            Protocol::BloodPressureWeek(p) => Schedule {
                kind: Kind::BloodPressure,
                start: p.start,
                days: Some(u32::from(p.days)),
                every_days: 1,
                sessions: &p.sessions,
                per_session: p.readings_per_session,
                discard_days: u16::from(p.discard_first_day),
                min_valid: Some(u32::from(p.min_valid_readings)),
            },
            Protocol::DailyWeight(p) => Schedule {
                kind: Kind::BodyWeight,
                start: p.start,
                days: p.end.map(|end| span_days(p.start, end)),
                every_days: 1,
                sessions: &p.sessions,
                per_session: 1,
                discard_days: 0,
                min_valid: None,
            },
            Protocol::GlucoseDayCurve(p) => Schedule {
                kind: Kind::Glucose,
                start: p.start,
                days: Some(u32::from(p.days)),
                every_days: 1,
                sessions: &p.points,
                per_session: 1,
                discard_days: 0,
                min_valid: None,
            },
            Protocol::FreeSeries(p) => Schedule {
                kind: p.kind,
                start: p.start,
                days: Some(span_days(p.start, p.end)),
                every_days: p.every_days,
                sessions: &p.sessions,
                per_session: p.readings_per_session,
                discard_days: 0,
                min_valid: None,
            },
        }
    }

    /// Refuses a protocol that cannot be followed; the message names the setting.
    pub fn check(&self) -> Result<(), String> {
        let (days, end) = match self {
            Protocol::BloodPressureWeek(p) => (Some(i64::from(p.days)), None),
            Protocol::GlucoseDayCurve(p) => (Some(i64::from(p.days)), None),
            Protocol::DailyWeight(p) => (None, p.end),
            Protocol::FreeSeries(p) => (None, Some(p.end)),
        };
        let schedule = self.schedule();
        if !(FIRST_YEAR..=LAST_YEAR).contains(&schedule.start.year()) {
            return Err(format!(
                "start ({}) must be in the years {FIRST_YEAR} to {LAST_YEAR}",
                schedule.start
            ));
        }
        if let Some(end) = end {
            if end < schedule.start {
                return Err(format!("end ({end}) is before start ({})", schedule.start));
            }
            if i64::from(span_days(schedule.start, end)) > MAX_DAYS {
                return Err(format!("the protocol may last at most {MAX_DAYS} days"));
            }
        }
        if let Some(days) = days {
            if !(1..=366).contains(&days) {
                return Err("days must be from 1 to 366".into());
            }
        }
        check_sessions(schedule.sessions)?;
        if !(1..=31).contains(&schedule.every_days) {
            return Err("every_days must be from 1 to 31".into());
        }
        if !(1..=10).contains(&schedule.per_session) {
            return Err("readings_per_session must be from 1 to 10".into());
        }
        if let Protocol::BloodPressureWeek(p) = self {
            if p.discard_first_day && p.days < 2 {
                return Err("discard_first_day needs at least 2 days".into());
            }
            let expected = u32::from(p.days - u16::from(p.discard_first_day))
                * p.sessions.len() as u32
                * u32::from(p.readings_per_session);
            if p.min_valid_readings == 0 || u32::from(p.min_valid_readings) > expected {
                return Err(format!(
                    "min_valid_readings must be from 1 to the {expected} readings the protocol asks for"
                ));
            }
        }
        Ok(())
    }
}

/// Days from `start` to `end`, both included.
pub fn span_days(start: Date, end: Date) -> u32 {
    (day_number(end) - day_number(start) + 1).max(0) as u32
}

fn check_sessions(sessions: &[Session]) -> Result<(), String> {
    if sessions.is_empty() || sessions.len() > 8 {
        return Err("a protocol needs 1 to 8 sessions".into());
    }
    for (i, s) in sessions.iter().enumerate() {
        if s.name.trim().is_empty() || s.name.len() > 40 {
            return Err("every session needs a name of at most 40 characters".into());
        }
        if s.from >= s.to {
            return Err(format!(
                "session {:?} must start before it ends ({}–{})",
                s.name, s.from, s.to
            ));
        }
        if let Some(next) = sessions.get(i + 1) {
            if next.from < s.to {
                return Err(format!(
                    "sessions must be in time order without overlap: {:?} starts before {:?} ends",
                    next.name, s.name
                ));
            }
        }
        if sessions[..i].iter().any(|other| other.name == s.name) {
            return Err(format!("session name {:?} is used twice", s.name));
        }
    }
    Ok(())
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian), for fast day arithmetic.
pub fn day_number(date: Date) -> i32 {
    // Howard Hinnant's days_from_civil.
    let (y, m, d) = (
        i32::from(date.year()),
        i32::from(date.month()),
        i32::from(date.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number from [`day_number`].
pub fn date_of(days: i32) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    Date::new(y as i16, m as i8, d as i8).expect("day numbers stay within jiff's range")
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn day_numbers_round_trip_and_agree_with_jiff() {
        assert_eq!(day_number(date(1970, 1, 1)), 0);
        let mut d = date(1999, 12, 25);
        for _ in 0..800 {
            let n = day_number(d);
            assert_eq!(date_of(n), d);
            let next = d.tomorrow().unwrap();
            assert_eq!(day_number(next), n + 1, "{d}");
            d = next;
        }
    }

    #[test]
    fn a_protocol_reads_with_its_defaults() {
        let p: Protocol =
            serde_json::from_str(r#"{"type": "blood-pressure-week", "start": "2026-03-26"}"#)
                .unwrap();
        let Protocol::BloodPressureWeek(week) = &p else {
            panic!("{p:?}")
        };
        assert_eq!(week.days, 7);
        assert_eq!(week.readings_per_session, 2);
        assert!(week.discard_first_day);
        assert_eq!(week.min_valid_readings, 12);
        assert_eq!(week.sessions[1].to, ClockTime::END_OF_DAY);
        p.check().unwrap();
    }

    #[test]
    fn impossible_protocols_are_refused_with_the_setting_named() {
        let cases = [
            (
                r#"{"type":"blood-pressure-week","start":"2026-03-26","days":0}"#,
                "days",
            ),
            (
                r#"{"type":"blood-pressure-week","start":"2026-03-26","min_valid_readings":25}"#,
                "min_valid_readings",
            ),
            (
                r#"{"type":"blood-pressure-week","start":"2026-03-26","days":1}"#,
                "discard_first_day",
            ),
            (
                r#"{"type":"free-series","kind":"pain","start":"2026-03-26","end":"2026-03-01"}"#,
                "before start",
            ),
            (
                r#"{"type":"glucose-day-curve","start":"2026-03-26","points":[{"name":"a","from":"10:00","to":"09:00"}]}"#,
                "start before it ends",
            ),
            (
                r#"{"type":"glucose-day-curve","start":"2026-03-26","points":[{"name":"a","from":"08:00","to":"11:00"},{"name":"b","from":"10:00","to":"12:00"}]}"#,
                "overlap",
            ),
            (
                r#"{"type":"free-series","kind":"steps","start":"2026-03-26","end":"2026-04-26","every_days":40}"#,
                "every_days",
            ),
            (
                r#"{"type":"blood-pressure-week","start":"9999-12-30"}"#,
                "years 2000 to 2200",
            ),
            (
                r#"{"type":"daily-weight","start":"1900-01-01"}"#,
                "years 2000 to 2200",
            ),
        ];
        for (json, needle) in cases {
            let p: Protocol = serde_json::from_str(json).unwrap();
            let err = p.check().unwrap_err();
            assert!(err.contains(needle), "{json}: {err}");
        }
    }

    #[test]
    fn unknown_settings_are_refused_when_read() {
        let err = serde_json::from_str::<Protocol>(
            r#"{"type":"blood-pressure-week","start":"2026-03-26","dayz":7}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("dayz"), "{err}");
    }
}
