//! The one clock of the application.
//!
//! Domain functions take `now` as an argument; handlers, server functions and workers take it
//! from the [`Clock`] in the application state and never ask the system themselves. In
//! production the clock is the system's; tests use a manual clock that they set and move, so
//! anything with a deadline (sessions, lock-outs, links) is tested without sleeping and without
//! editing rows.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where the time comes from. Cheap to clone; clones of a manual clock move together.
#[derive(Clone, Debug)]
pub struct Clock(Source);

#[derive(Clone, Debug)]
enum Source {
    System,
    /// Milliseconds since the Unix epoch, shared by every clone.
    Manual(Arc<AtomicI64>),
}

impl Clock {
    /// The system clock (production).
    pub fn system() -> Clock {
        Clock(Source::System)
    }

    /// A clock that stands still at `start` until it is set or moved (tests).
    pub fn manual(start: SystemTime) -> Clock {
        Clock(Source::Manual(Arc::new(AtomicI64::new(millis(start)))))
    }

    /// Whether this is a manual clock.
    pub fn is_manual(&self) -> bool {
        matches!(self.0, Source::Manual(_))
    }

    /// The current time.
    pub fn now(&self) -> SystemTime {
        match &self.0 {
            Source::System => SystemTime::now(),
            Source::Manual(ms) => {
                UNIX_EPOCH + Duration::from_millis(ms.load(Ordering::SeqCst).max(0) as u64)
            }
        }
    }

    /// Moves a manual clock forward; returns `false` (and does nothing) for the system clock.
    pub fn advance(&self, by: Duration) -> bool {
        match &self.0 {
            Source::System => false,
            Source::Manual(ms) => {
                let by = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
                ms.fetch_add(by, Ordering::SeqCst);
                true
            }
        }
    }

    /// Sets a manual clock; returns `false` (and does nothing) for the system clock.
    pub fn set(&self, to: SystemTime) -> bool {
        match &self.0 {
            Source::System => false,
            Source::Manual(ms) => {
                ms.store(millis(to), Ordering::SeqCst);
                true
            }
        }
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

fn millis(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_stands_still_until_moved_and_its_clones_move_with_it() {
        let start = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let clock = Clock::manual(start);
        let clone = clock.clone();
        assert!(clock.is_manual());
        assert_eq!(clock.now(), start);
        assert!(clock.advance(Duration::from_secs(31 * 60)));
        assert_eq!(clone.now(), start + Duration::from_secs(31 * 60));
        assert!(clone.set(start));
        assert_eq!(clock.now(), start);
    }

    #[test]
    fn the_system_clock_cannot_be_moved() {
        let clock = Clock::system();
        assert!(!clock.is_manual());
        let before = SystemTime::now();
        assert!(!clock.advance(Duration::from_secs(3600)));
        assert!(!clock.set(UNIX_EPOCH));
        let now = clock.now();
        assert!(now >= before && now < before + Duration::from_secs(60));
    }
}
