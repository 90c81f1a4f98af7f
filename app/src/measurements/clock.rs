//! Civil time in Europe/Amsterdam, where every protocol's days and sessions are defined.
//!
//! Days start at local midnight and sessions are local clock times, so a morning session is
//! 06:00–12:00 on the wall clock also in the weeks the clocks change. The time zone rules are
//! built into the binary (jiff's bundled tzdb), so results never depend on the machine.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::OnceLock;

/// The time zone of every protocol.
pub const ZONE: &str = "Europe/Amsterdam";

/// The Europe/Amsterdam time zone.
pub fn zone() -> &'static TimeZone {
    static ZONE_RULES: OnceLock<TimeZone> = OnceLock::new();
    ZONE_RULES.get_or_init(|| {
        jiff::tz::db()
            .get(ZONE)
            .expect("Europe/Amsterdam is in the bundled time zone database")
    })
}

/// The wall-clock date and time of an instant.
pub fn local(at: Timestamp) -> DateTime {
    zone().to_datetime(at)
}

/// The app's clock reading as an instant for the engine (a time before 1970 counts as
/// 1 January 1970).
pub fn instant(now: std::time::SystemTime) -> Timestamp {
    Timestamp::try_from(now).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Today's date in the Netherlands at `now` (a time before 1970 counts as 1 January 1970).
pub fn today(now: std::time::SystemTime) -> Date {
    local(instant(now)).date()
}

/// The instant a wall-clock time on a date happens. In the hour skipped in spring this is the
/// time one hour later; in the hour repeated in autumn, the first of the two.
pub fn at_local(date: Date, clock: ClockTime) -> Zoned {
    let datetime = if clock.0 >= ClockTime::END_OF_DAY.0 {
        date.tomorrow()
            .unwrap_or(date)
            .to_datetime(Time::midnight())
    } else {
        date.to_datetime(clock.time())
    };
    zone()
        .to_ambiguous_zoned(datetime)
        .compatible()
        .expect("dates within the supported range have a local instant")
}

/// Turns instants into Dutch wall-clock days and times quickly: it remembers the offset from
/// UTC between two clock changes, so a series of readings needs the time-zone rules only when
/// it crosses a change.
#[derive(Clone, Copy, Debug)]
pub struct WallClock {
    /// First second (UTC) for which `offset` holds.
    from: i64,
    /// First second (UTC) for which it no longer holds.
    until: i64,
    /// Seconds to add to UTC.
    offset: i64,
}

impl Default for WallClock {
    fn default() -> Self {
        WallClock::new()
    }
}

impl WallClock {
    /// A clock that knows no period yet.
    pub const fn new() -> WallClock {
        WallClock {
            from: 0,
            until: 0,
            offset: 0,
        }
    }

    /// The day number (days since 1970-01-01 on the wall clock) and the clock time.
    pub fn day_and_time(&mut self, at: Timestamp) -> (i32, ClockTime) {
        let second = at.as_second();
        if !(self.from <= second && second < self.until) {
            self.learn(at);
        }
        let local = second + self.offset;
        let day = local.div_euclid(86_400) as i32;
        let minute = (local.rem_euclid(86_400) / 60) as u16;
        (day, ClockTime(minute))
    }

    fn learn(&mut self, at: Timestamp) {
        let tz = zone();
        self.offset = i64::from(tz.to_offset(at).seconds());
        // The last change at or before `at`, and the first one after it.
        let just_after = at
            .checked_add(jiff::SignedDuration::from_nanos(1))
            .unwrap_or(at);
        self.from = tz
            .preceding(just_after)
            .next()
            .map_or(i64::MIN, |t| t.timestamp().as_second());
        self.until = tz
            .following(at)
            .next()
            .map_or(i64::MAX, |t| t.timestamp().as_second());
    }
}

/// A time on the wall clock, in minutes after midnight; `24:00` is the end of the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(u16);

impl ClockTime {
    /// 00:00.
    pub const MIDNIGHT: ClockTime = ClockTime(0);
    /// 24:00, the end of a day.
    pub const END_OF_DAY: ClockTime = ClockTime(24 * 60);

    /// A time from hours and minutes; `None` past 24:00.
    pub const fn hm(hours: u16, minutes: u16) -> Option<ClockTime> {
        if minutes >= 60 || hours * 60 + minutes > 24 * 60 {
            None
        } else {
            Some(ClockTime(hours * 60 + minutes))
        }
    }

    /// Minutes after midnight.
    pub const fn minutes(self) -> u16 {
        self.0
    }

    /// The clock time of a wall-clock date-time (seconds are dropped).
    pub fn of(datetime: DateTime) -> ClockTime {
        ClockTime(datetime.hour() as u16 * 60 + datetime.minute() as u16)
    }

    /// As a jiff time (24:00 becomes 23:59:59.999999999).
    pub fn time(self) -> Time {
        if self.0 >= 24 * 60 {
            Time::MAX
        } else {
            Time::constant((self.0 / 60) as i8, (self.0 % 60) as i8, 0, 0)
        }
    }

    /// Parses `HH:MM`, from `00:00` to `24:00`.
    pub fn parse(text: &str) -> Option<ClockTime> {
        let (h, m) = text.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        ClockTime::hm(h.parse().ok()?, m.parse().ok()?)
    }
}

impl std::fmt::Display for ClockTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        ClockTime::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{text:?} is not a clock time: use HH:MM from 00:00 to 24:00"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn today_is_the_dutch_date() {
        // 30 November 2026, 23:30 UTC is already 1 December in Amsterdam (UTC+1).
        let late = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_796_081_400);
        assert_eq!(today(late), jiff::civil::date(2026, 12, 1));
        let earlier = late - std::time::Duration::from_secs(3600);
        assert_eq!(today(earlier), jiff::civil::date(2026, 11, 30));
    }

    use super::*;
    use jiff::civil::date;

    #[test]
    fn clock_times_parse_and_print_as_hh_mm() {
        assert_eq!(ClockTime::parse("06:30"), ClockTime::hm(6, 30));
        assert_eq!(ClockTime::parse("24:00"), Some(ClockTime::END_OF_DAY));
        for bad in ["24:01", "6:30", "06:60", "0630", "ab:cd", ""] {
            assert_eq!(ClockTime::parse(bad), None, "{bad}");
        }
        assert_eq!(ClockTime::hm(7, 5).unwrap().to_string(), "07:05");
    }

    #[test]
    fn local_times_follow_summer_and_winter_time() {
        // Winter: UTC+1; summer (from 29 March 2026, 02:00): UTC+2.
        let winter = at_local(date(2026, 3, 28), ClockTime::hm(7, 0).unwrap());
        let summer = at_local(date(2026, 3, 29), ClockTime::hm(7, 0).unwrap());
        assert_eq!(winter.timestamp().to_string(), "2026-03-28T06:00:00Z");
        assert_eq!(summer.timestamp().to_string(), "2026-03-29T05:00:00Z");
        assert_eq!(local(summer.timestamp()).hour(), 7);
    }

    #[test]
    fn the_wall_clock_agrees_with_the_time_zone_rules_every_quarter_hour() {
        // Two years, both clock changes each year, readings in time order and out of it.
        let start: Timestamp = "2025-12-31T00:00:00Z".parse().unwrap();
        let mut forward = WallClock::new();
        let mut jumping = WallClock::new();
        for i in 0..(2 * 366 * 96) {
            let at = start + jiff::SignedDuration::from_mins(15 * i);
            let expected = local(at);
            let expected_day = super::super::protocol::day_number(expected.date());
            let expected_time = ClockTime::of(expected);
            assert_eq!(
                forward.day_and_time(at),
                (expected_day, expected_time),
                "{at}"
            );
            let back = start + jiff::SignedDuration::from_mins(15 * ((i * 7919) % (2 * 366 * 96)));
            let expected = local(back);
            assert_eq!(
                jumping.day_and_time(back),
                (
                    super::super::protocol::day_number(expected.date()),
                    ClockTime::of(expected)
                ),
                "{back}"
            );
        }
    }

    #[test]
    fn a_time_in_the_skipped_spring_hour_moves_forward() {
        let skipped = at_local(date(2026, 3, 29), ClockTime::hm(2, 30).unwrap());
        assert_eq!(skipped.timestamp().to_string(), "2026-03-29T01:30:00Z");
        assert_eq!(local(skipped.timestamp()).hour(), 3);
    }

    #[test]
    fn the_end_of_a_day_is_the_next_midnight() {
        let end = at_local(date(2026, 10, 25), ClockTime::END_OF_DAY);
        assert_eq!(end.timestamp().to_string(), "2026-10-25T23:00:00Z");
        // 25 October 2026 has 25 hours.
        let start = at_local(date(2026, 10, 25), ClockTime::MIDNIGHT);
        let hours = start.timestamp().duration_until(end.timestamp()).as_secs() / 3600;
        assert_eq!(hours, 25);
    }
}
