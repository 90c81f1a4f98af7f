//! Home measurements: kinds and units, validation, provenance, protocols, thresholds with
//! patient advice, and FHIR Observations. Pure domain code; facts in MEASUREMENTS.md.

pub mod clock;
pub mod entry;
pub mod evaluate;
pub mod fhir;
pub mod flags;
pub mod kind;
pub mod protocol;
pub mod reading;
pub mod request;
#[cfg(feature = "ssr")]
pub mod server;
pub mod text;
pub mod thresholds;
pub mod weight;
