//! The life of a request, as a pure state machine: sent → opened → in progress →
//! completed, or expired / cancelled. Every change of a request's status goes through
//! [`Status::after`]; a refused event changes nothing.

use serde::{Deserialize, Serialize};

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Sent to the patient; nothing done with it yet.
    Sent,
    /// The patient opened the link (the landing page's start button), nothing saved yet.
    Opened,
    /// Answers or readings saved, not finished.
    InProgress,
    /// Submitted (questionnaire) or complete (protocol). Final.
    Completed,
    /// The due date plus the grace period passed before completion. Final.
    Expired,
    /// Cancelled by the organisation. Final.
    Cancelled,
}

/// What happens to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    /// The patient starts (opens it past the landing page).
    Open,
    /// An answer or reading is saved.
    Save,
    /// The questionnaire is submitted or the protocol is complete.
    Complete,
    /// Its time ran out.
    Expire,
    /// The organisation cancels it.
    Cancel,
}

/// Why an event was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a request that is {from:?} cannot take {event:?}")]
pub struct Refused {
    /// The status it was in.
    pub from: Status,
    /// The event refused.
    pub event: Event,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 6] = [
        Status::Sent,
        Status::Opened,
        Status::InProgress,
        Status::Completed,
        Status::Expired,
        Status::Cancelled,
    ];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Status::Sent => "sent",
            Status::Opened => "opened",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Expired => "expired",
            Status::Cancelled => "cancelled",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether nothing can happen to the request any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Completed | Status::Expired | Status::Cancelled
        )
    }

    /// The status after `event`, or why it cannot happen. Opening again and saving again are
    /// allowed and change nothing (a patient may open a link twice).
    pub fn after(self, event: Event) -> Result<Status, Refused> {
        use Event as E;
        use Status as S;
        match (self, event) {
            (S::Completed | S::Expired | S::Cancelled, _) => Err(Refused { from: self, event }),
            (S::Sent | S::Opened, E::Open) => Ok(S::Opened),
            (S::InProgress, E::Open) => Ok(S::InProgress),
            (_, E::Save) => Ok(S::InProgress),
            (_, E::Complete) => Ok(S::Completed),
            (_, E::Expire) => Ok(S::Expired),
            (_, E::Cancel) => Ok(S::Cancelled),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Event as E;
    use Status as S;

    const EVENTS: [Event; 5] = [E::Open, E::Save, E::Complete, E::Expire, E::Cancel];

    /// Every status × every event: the status after it, or `None` when refused.
    const TABLE: [(Status, [Option<Status>; 5]); 6] = [
        //               Open               Save                 Complete            Expire            Cancel
        (
            S::Sent,
            [
                Some(S::Opened),
                Some(S::InProgress),
                Some(S::Completed),
                Some(S::Expired),
                Some(S::Cancelled),
            ],
        ),
        (
            S::Opened,
            [
                Some(S::Opened),
                Some(S::InProgress),
                Some(S::Completed),
                Some(S::Expired),
                Some(S::Cancelled),
            ],
        ),
        (
            S::InProgress,
            [
                Some(S::InProgress),
                Some(S::InProgress),
                Some(S::Completed),
                Some(S::Expired),
                Some(S::Cancelled),
            ],
        ),
        (S::Completed, [None, None, None, None, None]),
        (S::Expired, [None, None, None, None, None]),
        (S::Cancelled, [None, None, None, None, None]),
    ];

    #[test]
    fn every_transition_is_allowed_or_refused_as_the_table_says() {
        assert_eq!(TABLE.len(), Status::ALL.len());
        for (from, row) in TABLE {
            for (event, expected) in EVENTS.into_iter().zip(row) {
                let got = from.after(event);
                match expected {
                    Some(to) => assert_eq!(got, Ok(to), "{from:?} + {event:?}"),
                    None => assert_eq!(got, Err(Refused { from, event }), "{from:?} + {event:?}"),
                }
            }
        }
    }

    #[test]
    fn final_statuses_are_exactly_the_ones_that_refuse_everything() {
        for status in Status::ALL {
            let refuses_all = EVENTS.into_iter().all(|e| status.after(e).is_err());
            assert_eq!(status.is_final(), refuses_all, "{status:?}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.code()), Some(status));
        }
        assert_eq!(Status::parse("done"), None);
    }
}
