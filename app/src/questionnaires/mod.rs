//! Questionnaires: definitions, the instrument library, scoring and the catalogue.

pub mod answers;
pub mod catalogue;
pub mod check;
pub mod definition;
pub mod fhir;
pub mod form;
pub mod json;
pub mod library;
pub mod live;
pub mod paging;
pub mod preview;
pub mod response;
pub mod scoring;
pub mod text;
pub mod validate;
pub mod version;

#[cfg(feature = "ssr")]
pub mod server;
