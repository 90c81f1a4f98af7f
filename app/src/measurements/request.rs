//! One evaluation request as JSON, the way integrators and the CLI hand it in: a protocol,
//! the readings so far, the moment to evaluate at, and the threshold overrides per level.

use super::evaluate::{evaluate, Evaluation};
use super::protocol::Protocol;
use super::reading::Reading;
use super::thresholds::{ThresholdOverrides, Thresholds};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Threshold overrides, from the broadest level to the narrowest.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ThresholdLevels {
    /// Set by the organisation.
    pub organisation: ThresholdOverrides,
    /// Set in the patient's file.
    pub patient: ThresholdOverrides,
    /// Set for this request.
    pub request: ThresholdOverrides,
}

impl ThresholdLevels {
    /// The limits in force: defaults, then organisation, patient and request.
    pub fn resolve(&self) -> Result<Thresholds, String> {
        Thresholds::layered(&[self.organisation, self.patient, self.request])
    }
}

/// A protocol with its readings, to evaluate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationRequest {
    /// The protocol.
    pub protocol: Protocol,
    /// The readings so far, in any order.
    #[serde(default)]
    pub readings: Vec<Reading>,
    /// The moment to evaluate at; the current time when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<Timestamp>,
    /// Threshold overrides.
    #[serde(default)]
    pub thresholds: ThresholdLevels,
}

impl EvaluationRequest {
    /// Checks the protocol and the thresholds, then evaluates at `now` (or the request's own).
    pub fn evaluate(&self, now: Timestamp) -> Result<Evaluation<'_>, String> {
        self.protocol
            .check()
            .map_err(|e| format!("protocol: {e}"))?;
        let thresholds = self
            .thresholds
            .resolve()
            .map_err(|e| format!("thresholds: {e}"))?;
        Ok(evaluate(
            &self.protocol,
            &self.readings,
            self.now.unwrap_or(now),
            &thresholds,
        ))
    }
}
