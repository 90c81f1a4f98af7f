//! The entry form of one measurement, as typed: checked into a value and a moment, or into
//! one plain message per field. Pure, so that the form can be checked the same way on every
//! page that offers it.

use super::kind::{parse_blood_pressure, parse_single, Field, Kind, Value, ValueError};
use super::reading::{check_time, EntryError, TimeRules};
use super::text::T;
use crate::ui::i18n::Lang;
use jiff::civil::{Date, Time};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// What a person typed, kept as typed so a refused entry comes back exactly as it was.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryFields {
    /// The form's own key: a form sent twice stores one measurement.
    #[serde(default)]
    pub key: String,
    /// Upper pressure.
    #[serde(default)]
    pub systolic: String,
    /// Lower pressure.
    #[serde(default)]
    pub diastolic: String,
    /// Pulse.
    #[serde(default)]
    pub pulse: String,
    /// The value of any other kind.
    #[serde(default)]
    pub value: String,
    /// The day it was measured; empty for today.
    #[serde(default)]
    pub date: String,
    /// The time it was measured; empty (with an empty day) for now.
    #[serde(default)]
    pub time: String,
    /// Why a measurement is corrected.
    #[serde(default)]
    pub reason: String,
}

/// An input of the entry form (its `name` and, prefixed, its `id`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Input {
    /// Upper pressure.
    Systolic,
    /// Lower pressure.
    Diastolic,
    /// Pulse.
    Pulse,
    /// Any other value.
    Value,
    /// The day.
    Date,
    /// The time.
    Time,
    /// The reason for a correction.
    Reason,
    /// The form as a whole (a problem that belongs to no one input).
    Form,
}

impl Input {
    /// The input's name in the form.
    pub fn name(self) -> &'static str {
        match self {
            Input::Systolic => "systolic",
            Input::Diastolic => "diastolic",
            Input::Pulse => "pulse",
            Input::Value => "value",
            Input::Date => "date",
            Input::Time => "time",
            Input::Reason => "reason",
            Input::Form => "form",
        }
    }

    /// The input's HTML id.
    pub fn id(self) -> String {
        format!("entry-{}", self.name())
    }

    fn of(field: Field) -> Input {
        match field {
            Field::Value => Input::Value,
            Field::Systolic => Input::Systolic,
            Field::Diastolic => Input::Diastolic,
            Field::Pulse => Input::Pulse,
        }
    }
}

/// What is wrong with one input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Problem {
    /// The value.
    Value(ValueError),
    /// The day cannot be read.
    Date,
    /// The time cannot be read.
    Time,
    /// A day without a time.
    TimeMissing,
    /// When, or why: refused by the record's rules.
    Entry(EntryError),
}

/// One problem, with the input it belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryProblem {
    /// Where.
    pub input: Input,
    /// What.
    pub problem: Problem,
}

impl EntryProblem {
    /// The message next to the input.
    pub fn message(&self, lang: Lang) -> String {
        match &self.problem {
            Problem::Value(e) => e.message(lang),
            Problem::Date => lang.t(T::EntryDateUnreadable).into(),
            Problem::Time => lang.t(T::EntryTimeUnreadable).into(),
            Problem::TimeMissing => lang.t(T::EntryTimeMissing).into(),
            Problem::Entry(e) => e.message(lang),
        }
    }

    /// A record's refusal of an entry, on the input it is about.
    pub fn refused(error: EntryError) -> EntryProblem {
        let input = match &error {
            EntryError::Value { errors } => {
                errors.first().map_or(Input::Value, |e| Input::of(e.field))
            }
            EntryError::InFuture | EntryError::TooLongAgo { .. } => Input::Date,
            EntryError::ReasonRequired | EntryError::NoteTooLong => Input::Reason,
            EntryError::InvalidId { .. }
            | EntryError::DuplicateId { .. }
            | EntryError::UnknownId { .. }
            | EntryError::NotCurrent { .. }
            | EntryError::KindChanged => Input::Form,
        };
        EntryProblem {
            input,
            problem: Problem::Entry(error),
        }
    }
}

/// A day as people type it: `2026-11-30` (a date field), `30-11-2026`, `30/11/2026` or
/// `30.11.2026`.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Ok(date) = text.parse::<Date>() {
        return Some(date);
    }
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str| s.trim().parse::<i16>().ok();
    let year = number(year).filter(|y| *y >= 1000)?;
    Date::new(
        year,
        i8::try_from(number(month)?).ok()?,
        i8::try_from(number(day)?).ok()?,
    )
    .ok()
}

/// A time as people type it: `8:05`, `08:05`, `8.05`, or `08:05:00` from a time field.
pub fn parse_time(text: &str) -> Option<Time> {
    let parts: Vec<&str> = text.trim().split([':', '.']).collect();
    let (hour, minute) = match parts.as_slice() {
        [h, m] | [h, m, "00"] => (h, m),
        _ => return None,
    };
    if minute.len() != 2 {
        return None;
    }
    Time::new(hour.parse().ok()?, minute.parse().ok()?, 0, 0).ok()
}

/// Checks the form for `kind` at `now`: the value, and when it was measured (empty day and
/// time: now; a day without a time is refused, a time without a day is today), counting the
/// days it may go back from `backdate_from` (now, or a corrected reading's entry). Every
/// problem is returned, one per input.
pub fn check_entry(
    kind: Kind,
    fields: &EntryFields,
    now: Timestamp,
    backdate_from: Timestamp,
    rules: TimeRules,
) -> Result<(Value, Timestamp), Vec<EntryProblem>> {
    let mut problems = Vec::new();
    let value = if kind == Kind::BloodPressure {
        parse_blood_pressure(&fields.systolic, &fields.diastolic, Some(&fields.pulse))
    } else {
        parse_single(kind, &fields.value)
    };
    let value = value
        .map_err(|errors| {
            problems.extend(errors.into_iter().map(|e| EntryProblem {
                input: Input::of(e.field),
                problem: Problem::Value(e),
            }))
        })
        .ok();
    let mut problem = |input, problem| problems.push(EntryProblem { input, problem });
    let zone = super::clock::zone();
    let date = match fields.date.trim() {
        "" => Some(super::clock::local(now).date()),
        text => parse_date(text).or_else(|| {
            problem(Input::Date, Problem::Date);
            None
        }),
    };
    let time = match (fields.date.trim(), fields.time.trim()) {
        (_, "") if fields.date.trim().is_empty() => None,
        (_, "") => {
            problem(Input::Time, Problem::TimeMissing);
            None
        }
        (_, text) => parse_time(text).or_else(|| {
            problem(Input::Time, Problem::Time);
            None
        }),
    };
    let measured_at = match (date, time) {
        (_, None) if fields.date.trim().is_empty() && fields.time.trim().is_empty() => Some(now),
        (Some(date), Some(time)) => date
            .to_datetime(time)
            .to_zoned(zone.clone())
            .ok()
            .map(|z| z.timestamp()),
        _ => None,
    };
    if let Some(at) = measured_at {
        if let Err(error) = check_time(at, now, backdate_from, rules) {
            problems.push(EntryProblem::refused(error));
        }
    }
    match (value, measured_at) {
        (Some(value), Some(at)) if problems.is_empty() => Ok((value, at)),
        _ => Err(problems),
    }
}

/// A value as a person reads it: "142/88 mmHg, hartslag 72", "81,4 kg".
pub fn value_text(kind: Kind, value: &Value, lang: Lang) -> String {
    match value {
        Value::BloodPressure(bp) => {
            let mut text = format!(
                "{}/{}{}",
                lang.number(bp.systolic),
                lang.number(bp.diastolic),
                Kind::Systolic.info().unit_suffix(lang)
            );
            if let Some(pulse) = bp.pulse {
                text.push_str(&format!(
                    ", {} {}",
                    lang.t(T::KindHeartRate).to_lowercase(),
                    lang.number(pulse)
                ));
            }
            text
        }
        Value::Single(v) => format!("{}{}", lang.number(*v), kind.info().unit_suffix(lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        // Monday 30 November 2026, 09:15 in Amsterdam.
        "2026-11-30T08:15:00Z".parse().unwrap()
    }

    fn bp(s: &str, d: &str, p: &str) -> EntryFields {
        EntryFields {
            systolic: s.into(),
            diastolic: d.into(),
            pulse: p.into(),
            ..EntryFields::default()
        }
    }

    fn inputs(result: Result<(Value, Timestamp), Vec<EntryProblem>>) -> Vec<Input> {
        result.unwrap_err().into_iter().map(|p| p.input).collect()
    }

    #[test]
    fn an_empty_day_and_time_mean_now() {
        let (value, at) = check_entry(
            Kind::BloodPressure,
            &bp("142", "88", "72"),
            now(),
            now(),
            TimeRules::default(),
        )
        .unwrap();
        assert_eq!(at, now());
        assert!(
            matches!(value, Value::BloodPressure(b) if b.systolic == 142.0 && b.pulse == Some(72.0))
        );
    }

    #[test]
    fn a_time_without_a_day_is_today_in_dutch_time() {
        let fields = EntryFields {
            time: "7.30".into(),
            value: "81,4".into(),
            ..EntryFields::default()
        };
        let (value, at) = check_entry(
            Kind::BodyWeight,
            &fields,
            now(),
            now(),
            TimeRules::default(),
        )
        .unwrap();
        assert_eq!(value, Value::Single(81.4));
        assert_eq!(at.to_string(), "2026-11-30T06:30:00Z");
    }

    #[test]
    fn days_are_read_as_people_write_them() {
        for text in [
            "2026-11-29",
            "29-11-2026",
            "29/11/2026",
            "29.11.2026",
            " 29-11-2026 ",
        ] {
            assert_eq!(
                parse_date(text),
                Some(jiff::civil::date(2026, 11, 29)),
                "{text}"
            );
        }
        for text in ["29-11", "31-11-2026", "yesterday", "29-11-26", ""] {
            assert_eq!(parse_date(text), None, "{text}");
        }
        assert_eq!(parse_time("8:05"), Some(jiff::civil::time(8, 5, 0, 0)));
        assert_eq!(parse_time("20.45"), Some(jiff::civil::time(20, 45, 0, 0)));
        assert_eq!(parse_time("08:05:00"), Some(jiff::civil::time(8, 5, 0, 0)));
        for text in ["8", "8:5", "25:00", "8:60", "acht uur"] {
            assert_eq!(parse_time(text), None, "{text}");
        }
    }

    #[test]
    fn every_problem_is_named_on_its_own_input() {
        let fields = EntryFields {
            systolic: "abc".into(),
            diastolic: "".into(),
            date: "gisteren".into(),
            time: "".into(),
            ..EntryFields::default()
        };
        assert_eq!(
            inputs(check_entry(
                Kind::BloodPressure,
                &fields,
                now(),
                now(),
                TimeRules::default()
            )),
            vec![Input::Systolic, Input::Diastolic, Input::Date, Input::Time]
        );
    }

    #[test]
    fn a_future_or_too_old_moment_is_refused_on_the_day() {
        let future = EntryFields {
            value: "80".into(),
            time: "11:00".into(),
            ..EntryFields::default()
        };
        assert_eq!(
            inputs(check_entry(
                Kind::BodyWeight,
                &future,
                now(),
                now(),
                TimeRules::default()
            )),
            vec![Input::Date]
        );
        let old = EntryFields {
            value: "80".into(),
            date: "1-10-2026".into(),
            time: "08:00".into(),
            ..EntryFields::default()
        };
        let problems =
            check_entry(Kind::BodyWeight, &old, now(), now(), TimeRules::default()).unwrap_err();
        assert!(problems[0].message(Lang::Nl).contains("31 dagen"));
    }

    #[test]
    fn values_read_as_people_write_them() {
        let bp = Value::BloodPressure(super::super::kind::BloodPressure {
            systolic: 142.0,
            diastolic: 88.0,
            pulse: Some(72.0),
        });
        assert_eq!(
            value_text(Kind::BloodPressure, &bp, Lang::Nl),
            "142/88 mmHg, hartslag 72"
        );
        assert_eq!(
            value_text(Kind::BodyWeight, &Value::Single(81.4), Lang::Nl),
            "81,4 kg"
        );
        assert_eq!(
            value_text(Kind::BodyWeight, &Value::Single(81.4), Lang::En),
            "81.4 kg"
        );
    }

    #[test]
    fn a_correction_counts_the_days_back_from_the_original_entry() {
        let fields = EntryFields {
            value: "80".into(),
            date: "1-10-2026".into(),
            time: "08:00".into(),
            ..EntryFields::default()
        };
        let entered: Timestamp = "2026-10-02T08:00:00Z".parse().unwrap();
        assert!(check_entry(
            Kind::BodyWeight,
            &fields,
            now(),
            now(),
            TimeRules::default()
        )
        .is_err());
        assert!(check_entry(
            Kind::BodyWeight,
            &fields,
            now(),
            entered,
            TimeRules::default()
        )
        .is_ok());
    }

    #[test]
    fn glucose_in_mg_dl_is_explained() {
        let fields = EntryFields {
            value: "126".into(),
            ..EntryFields::default()
        };
        let problems =
            check_entry(Kind::Glucose, &fields, now(), now(), TimeRules::default()).unwrap_err();
        assert_eq!(problems[0].input, Input::Value);
        assert!(
            problems[0].message(Lang::Nl).contains("mg/dL"),
            "{problems:?}"
        );
    }
}
