//! Evaluating a protocol: given the readings so far and `now`, which slots are done, what is
//! missing, what is due next, whether there are enough readings, the result, and the flags.
//!
//! Readings are first put in one canonical order (time, then id, then value), so the outcome
//! never depends on the order in which they arrive. Every reading that does not count is listed
//! with the reason, so nothing disappears silently.

use super::clock::{self, ClockTime, WallClock};
use super::flags::{Flag, FlagCode};
use super::kind::{check_value, Kind, Value};
use super::protocol::{date_of, day_number, Protocol, Schedule, MAX_DAYS};
use super::reading::Reading;
use super::thresholds::{evaluate_value, Context, Thresholds};
use super::weight::{weight_episodes, DayWeight, WeightEpisode};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp, Zoned};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: reading ids are short and come from us, so a fast hash beats a DoS-resistant one.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let state = if self.0 == 0 {
            crate::hash::FNV_OFFSET
        } else {
            self.0
        };
        self.0 = crate::hash::fnv1a(state, bytes);
    }
}

/// A reading's clock may run this far ahead of the server's.
const CLOCK_TOLERANCE: SignedDuration = SignedDuration::from_mins(5);

/// Where a slot stands at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlotState {
    /// Enough readings.
    Done,
    /// The session is going on now.
    Open,
    /// Still to come.
    Upcoming,
    /// Over, with some but not enough readings.
    Partial,
    /// Over, without readings.
    Missed,
}

/// One session on one day (or in one block of days) of the schedule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Slot<'a> {
    /// The (first) day.
    pub day: Date,
    /// The last day, for slots that span several days (weekly series).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_day: Option<Date>,
    /// The session's name.
    pub session: &'a str,
    /// Readings in the slot.
    pub done: u16,
    /// Readings asked for.
    pub needed: u16,
    /// Where it stands.
    pub state: SlotState,
}

/// The next slot to measure in, with its window on the wall clock.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Due<'a> {
    /// The slot.
    #[serde(flatten)]
    pub slot: Slot<'a>,
    /// When it opens.
    pub opens: Zoned,
    /// When it closes.
    pub closes: Zoned,
}

/// Whether there are enough readings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Completeness {
    /// Readings that count for the result.
    pub valid_readings: u32,
    /// Readings the protocol asks for (so far, for a protocol without end).
    pub expected_readings: u32,
    /// Readings needed for a result.
    pub required_readings: u32,
    /// There are enough readings for a result.
    pub enough: bool,
    /// The last slot has closed.
    pub finished: bool,
}

/// Why a reading does not count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IgnoreReason {
    /// Another kind than the protocol measures.
    WrongKind,
    /// The value is outside what the kind accepts.
    InvalidValue,
    /// Measured after `now`.
    InFuture,
    /// The same reading again (same id, or same time and value).
    Duplicate,
    /// Before the first day.
    BeforeStart,
    /// After the last day.
    AfterEnd,
    /// Not within one of the sessions.
    OutsideSession,
    /// The session already had its readings.
    Surplus,
    /// On a day the protocol leaves out of the result (the first day of a blood-pressure week).
    DiscardedDay,
}

/// A reading that does not count, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Ignored<'a> {
    /// The reading's id.
    pub reading: &'a str,
    /// Why.
    pub reason: IgnoreReason,
}

/// Normal or high, for a blood-pressure mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Classification {
    /// Below both limits.
    Normal,
    /// At or above a limit.
    High,
}

/// Mean of blood-pressure readings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BloodPressureMean<'a> {
    /// Mean systolic, one decimal.
    pub systolic: f64,
    /// Mean diastolic, one decimal.
    pub diastolic: f64,
    /// Mean pulse of the readings that have one, one decimal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pulse: Option<f64>,
    /// Readings in the mean.
    pub readings: u32,
    /// First reading's time.
    pub first: Timestamp,
    /// Last reading's time.
    pub last: Timestamp,
    /// The readings in the mean.
    pub derived_from: Vec<&'a str>,
    /// Against the limits; only when there are enough readings. The rounded mean shown is the
    /// mean judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classification: Option<Classification>,
}

/// Summary of a series of single values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesSummary<'a> {
    /// Readings counted.
    pub readings: u32,
    /// Lowest value.
    pub min: f64,
    /// Highest value.
    pub max: f64,
    /// Mean, one decimal more than the kind's precision.
    pub mean: f64,
    /// When the first value was measured.
    pub first_at: Timestamp,
    /// The latest value.
    pub latest: f64,
    /// When the latest value was measured.
    pub latest_at: Timestamp,
    /// The readings counted.
    pub derived_from: Vec<&'a str>,
}

/// One day of a glucose day curve; points in the order of the protocol's sessions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurveDay {
    /// The day.
    pub day: Date,
    /// Value per point, none where it was not measured.
    pub points: Vec<Option<f64>>,
}

/// The result of daily weighing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeightSummary<'a> {
    /// The latest weight, kg.
    pub latest: f64,
    /// Its day.
    pub latest_day: Date,
    /// Days with a weight.
    pub days_measured: u32,
    /// Every day on which a weight rule was broken.
    pub episodes: Vec<WeightEpisode<'a>>,
}

/// What a protocol's readings add up to.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Outcome<'a> {
    /// Blood-pressure mean.
    BloodPressureMean(BloodPressureMean<'a>),
    /// Daily weight.
    Weight(WeightSummary<'a>),
    /// Glucose day curve.
    GlucoseCurve {
        /// Per day.
        days: Vec<CurveDay>,
    },
    /// A series of single values.
    Series(SeriesSummary<'a>),
}

/// The evaluation of one protocol at one moment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation<'a> {
    /// The protocol's name.
    pub protocol: &'static str,
    /// What is measured.
    pub kind: Kind,
    /// When it was evaluated, on the local clock.
    pub evaluated_at: Zoned,
    /// Every slot, in time order.
    pub slots: Vec<Slot<'a>>,
    /// The next slot to measure in.
    pub next_due: Option<Due<'a>>,
    /// Closed slots without enough readings.
    pub missing: Vec<Slot<'a>>,
    /// Whether there are enough readings.
    pub completeness: Completeness,
    /// What the readings add up to; none without readings.
    pub result: Option<Outcome<'a>>,
    /// Reasons for attention: readings first, then the result.
    pub flags: Vec<Flag>,
    /// Readings that do not count, and why.
    pub ignored: Vec<Ignored<'a>>,
}

/// A reading that counts, with its place in the schedule.
struct Counted<'a> {
    reading: &'a Reading,
    value: Value,
    /// Day number, absolute.
    day: i32,
    session: usize,
}

/// Evaluates `protocol` (already checked) over `readings` at `now`.
pub fn evaluate<'a>(
    protocol: &'a Protocol,
    readings: &'a [Reading],
    now: Timestamp,
    thresholds: &Thresholds,
) -> Evaluation<'a> {
    let schedule = protocol.schedule();
    let sessions = schedule.sessions;
    let mut start = day_number(schedule.start);
    let now_local = clock::local(now);
    let mut now_day = day_number(now_local.date()) - start;
    let now_clock = ClockTime::of(now_local);
    // A protocol without an end runs through today; after MAX_DAYS its window moves along, so
    // it shows (and judges) the last MAX_DAYS days.
    let limit = MAX_DAYS as i32;
    if schedule.days.is_none() && now_day >= limit {
        let shift = now_day + 1 - limit;
        start += shift;
        now_day -= shift;
    }
    let days = schedule.days.map_or((now_day + 1).max(0), |d| d as i32);
    let every = i32::from(schedule.every_days);
    let blocks = (days + every - 1) / every;
    let mut counts = vec![0u16; blocks as usize * sessions.len()];

    let mut order: Vec<&Reading> = readings.iter().collect();
    order.sort_by(|a, b| canonical(a, b));

    let mut counted: Vec<Counted> = Vec::with_capacity(order.len());
    let mut ignored = Vec::new();
    let mut flags = Vec::new();
    let mut ids: HashSet<&str, BuildHasherDefault<Fnv>> =
        HashSet::with_capacity_and_hasher(order.len(), Default::default());
    let mut wall = WallClock::new();
    let mut same_time: Vec<(Timestamp, Value)> = Vec::new();
    for reading in order {
        let ignore = |reason| Ignored {
            reading: &reading.id,
            reason,
        };
        if reading.kind != schedule.kind {
            ignored.push(ignore(IgnoreReason::WrongKind));
            continue;
        }
        let Ok(value) = check_value(reading.kind, &reading.value) else {
            ignored.push(ignore(IgnoreReason::InvalidValue));
            continue;
        };
        if reading.measured_at > now + CLOCK_TOLERANCE {
            ignored.push(ignore(IgnoreReason::InFuture));
            continue;
        }
        // The same reading entered twice: the same id, or the same time and value.
        if same_time
            .first()
            .is_some_and(|(t, _)| *t != reading.measured_at)
        {
            same_time.clear();
        }
        let again = same_time.iter().any(|(_, v)| *v == value);
        if !ids.insert(&reading.id) || again {
            ignored.push(ignore(IgnoreReason::Duplicate));
            continue;
        }
        same_time.push((reading.measured_at, value));

        let (local_day, at) = wall.day_and_time(reading.measured_at);
        let day = local_day - start;
        if day < 0 {
            ignored.push(ignore(IgnoreReason::BeforeStart));
            continue;
        }
        if day >= days {
            ignored.push(ignore(IgnoreReason::AfterEnd));
            continue;
        }
        let session = sessions.iter().position(|s| s.contains(at));
        // Every reading in the period is judged on its own, in or out of a session: a very
        // high value needs advice even when it was taken at the wrong time.
        let context = Context {
            fasting: session.is_some_and(|s| sessions[s].fasting),
        };
        flags.extend(evaluate_value(
            reading.kind,
            &value,
            Some(&reading.id),
            thresholds,
            context,
        ));
        let Some(session) = session else {
            ignored.push(ignore(IgnoreReason::OutsideSession));
            continue;
        };
        let slot = (day / every) as usize * sessions.len() + session;
        if counts[slot] >= schedule.per_session {
            ignored.push(ignore(IgnoreReason::Surplus));
            continue;
        }
        counts[slot] += 1;
        if day < i32::from(schedule.discard_days) {
            ignored.push(ignore(IgnoreReason::DiscardedDay));
            continue;
        }
        counted.push(Counted {
            reading,
            value,
            day: start + day,
            session,
        });
    }

    let now_at = (now_day, now_clock);
    let mut slots = Vec::with_capacity(counts.len());
    let mut next_due = None;
    let mut missing = Vec::new();
    let mut expected = 0u32;
    let mut block_date = date_of(start);
    for (index, &done) in counts.iter().enumerate() {
        let block = index / sessions.len();
        let session = &sessions[index % sessions.len()];
        let first = block as i32 * every;
        if index > 0 && index % sessions.len() == 0 {
            // Stepping a day is much cheaper than converting a day number.
            block_date = match every {
                1 => block_date
                    .tomorrow()
                    .unwrap_or_else(|_| date_of(start + first)),
                _ => date_of(start + first),
            };
        }
        let last = (first + every - 1).min(days - 1);
        let opens = (first, session.from);
        let closes = (last, session.to);
        let state = if done >= schedule.per_session {
            SlotState::Done
        } else if closes <= now_at {
            if done == 0 {
                SlotState::Missed
            } else {
                SlotState::Partial
            }
        } else if opens <= now_at {
            SlotState::Open
        } else {
            SlotState::Upcoming
        };
        if last >= i32::from(schedule.discard_days) {
            expected += u32::from(schedule.per_session);
        }
        let slot = Slot {
            day: block_date,
            last_day: (last != first).then(|| date_of(start + last)),
            session: &session.name,
            done,
            needed: schedule.per_session,
            state,
        };
        match state {
            SlotState::Missed | SlotState::Partial => missing.push(slot.clone()),
            SlotState::Open | SlotState::Upcoming if next_due.is_none() => {
                next_due = Some(Due {
                    opens: clock::at_local(slot.day, session.from),
                    closes: clock::at_local(date_of(start + last), session.to),
                    slot: slot.clone(),
                });
            }
            _ => {}
        }
        slots.push(slot);
    }
    // A protocol without an end always has a next day.
    if next_due.is_none() && schedule.days.is_none() {
        let session = &sessions[0];
        let day = date_of(start + days.max(0));
        next_due = Some(Due {
            opens: clock::at_local(day, session.from),
            closes: clock::at_local(day, session.to),
            slot: Slot {
                day,
                last_day: None,
                session: &session.name,
                done: 0,
                needed: schedule.per_session,
                state: SlotState::Upcoming,
            },
        });
    }

    let valid = counted.len() as u32;
    let required = schedule.min_valid.unwrap_or(expected);
    let completeness = Completeness {
        valid_readings: valid,
        expected_readings: expected,
        required_readings: required,
        enough: valid >= required && valid > 0,
        finished: schedule.days.is_some() && (days - 1, sessions[sessions.len() - 1].to) <= now_at,
    };
    let result = outcome(
        protocol,
        &schedule,
        &counted,
        completeness.enough,
        thresholds,
        &mut flags,
    );
    Evaluation {
        protocol: protocol.name(),
        kind: schedule.kind,
        evaluated_at: now.to_zoned(clock::zone().clone()),
        slots,
        next_due,
        missing,
        completeness,
        result,
        flags,
        ignored,
    }
}

/// The canonical order of readings: time, id, then value.
fn canonical(a: &Reading, b: &Reading) -> Ordering {
    a.measured_at
        .cmp(&b.measured_at)
        .then_with(|| a.id.cmp(&b.id))
        .then_with(|| {
            value_key(&a.value)
                .partial_cmp(&value_key(&b.value))
                .unwrap_or(Ordering::Equal)
        })
}

fn value_key(value: &Value) -> (f64, f64, f64) {
    match *value {
        Value::Single(v) => (v, 0.0, 0.0),
        Value::BloodPressure(bp) => (bp.systolic, bp.diastolic, bp.pulse.unwrap_or(-1.0)),
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn outcome<'a>(
    protocol: &Protocol,
    schedule: &Schedule,
    counted: &[Counted<'a>],
    enough: bool,
    t: &Thresholds,
    flags: &mut Vec<Flag>,
) -> Option<Outcome<'a>> {
    let (first, last) = (counted.first()?, counted.last()?);
    let ids = || counted.iter().map(|c| c.reading.id.as_str()).collect();
    if schedule.kind == Kind::BloodPressure {
        let (mut s, mut d, mut p, mut pn) = (0.0, 0.0, 0.0, 0u32);
        for c in counted {
            if let Value::BloodPressure(bp) = c.value {
                s += bp.systolic;
                d += bp.diastolic;
                if let Some(pulse) = bp.pulse {
                    p += pulse;
                    pn += 1;
                }
            }
        }
        let n = counted.len() as f64;
        let (systolic, diastolic) = (round1(s / n), round1(d / n));
        let high = systolic >= t.bp_mean_systolic_high || diastolic >= t.bp_mean_diastolic_high;
        let classification = enough.then_some(if high {
            Classification::High
        } else {
            Classification::Normal
        });
        if classification == Some(Classification::High) {
            flags.push(Flag::new(
                FlagCode::MeanBloodPressureHigh,
                Kind::BloodPressure,
                None,
                systolic,
                &[diastolic, t.bp_mean_systolic_high, t.bp_mean_diastolic_high],
            ));
        }
        return Some(Outcome::BloodPressureMean(BloodPressureMean {
            systolic,
            diastolic,
            pulse: (pn > 0).then(|| round1(p / f64::from(pn))),
            readings: counted.len() as u32,
            first: first.reading.measured_at,
            last: last.reading.measured_at,
            derived_from: ids(),
            classification,
        }));
    }
    let single = |c: &Counted| match c.value {
        Value::Single(v) => v,
        Value::BloodPressure(bp) => bp.systolic,
    };
    match protocol {
        Protocol::DailyWeight(_) => {
            let mut days: Vec<DayWeight> = Vec::with_capacity(counted.len());
            for c in counted {
                if days.last().is_none_or(|d| d.day != c.day) {
                    days.push(DayWeight {
                        day: c.day,
                        tenths: (single(c) * 10.0).round() as i64,
                        reading: &c.reading.id,
                    });
                }
            }
            let episodes = weight_episodes(&days, t);
            let latest = days.last()?;
            for e in episodes.iter().filter(|e| day_number(e.day) == latest.day) {
                let limits = match e.code {
                    FlagCode::WeightGain => [t.weight_gain_kg, f64::from(t.weight_gain_days)],
                    _ => [t.weight_loss_percent, f64::from(t.weight_loss_days)],
                };
                flags.push(Flag::new(
                    e.code,
                    Kind::BodyWeight,
                    Some(e.reading),
                    e.change,
                    &limits,
                ));
            }
            Some(Outcome::Weight(WeightSummary {
                latest: latest.tenths as f64 / 10.0,
                latest_day: date_of(latest.day),
                days_measured: days.len() as u32,
                episodes,
            }))
        }
        Protocol::GlucoseDayCurve(p) => {
            let mut days: Vec<CurveDay> = Vec::new();
            for c in counted {
                let day = date_of(c.day);
                if days.last().is_none_or(|d| d.day != day) {
                    days.push(CurveDay {
                        day,
                        points: vec![None; p.points.len()],
                    });
                }
                if let Some(d) = days.last_mut() {
                    d.points[c.session] = Some(single(c));
                }
            }
            Some(Outcome::GlucoseCurve { days })
        }
        _ => {
            let (mut min, mut max, mut sum) = (f64::INFINITY, f64::NEG_INFINITY, 0.0);
            for c in counted {
                let v = single(c);
                min = min.min(v);
                max = max.max(v);
                sum += v;
            }
            let scale = 10f64.powi(i32::from(schedule.kind.info().decimals) + 1);
            Some(Outcome::Series(SeriesSummary {
                readings: counted.len() as u32,
                min,
                max,
                mean: (sum / counted.len() as f64 * scale).round() / scale,
                first_at: first.reading.measured_at,
                latest: single(last),
                latest_at: last.reading.measured_at,
                derived_from: ids(),
            }))
        }
    }
}
