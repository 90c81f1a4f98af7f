//! Questionnaires: definitions, the instrument library, scoring and the catalogue.

pub mod catalogue;
pub mod definition;
pub mod library;

#[cfg(feature = "ssr")]
pub mod server;
