//! The one error type that crosses the server-function boundary.
//!
//! Internal detail (SQL, file paths, driver messages) is logged on the server and never
//! put into this type: what reaches the browser is only the kind of failure.

use crate::ui::i18n::Lang;
use crate::ui::text::T;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What went wrong, as far as a user needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 404: the thing asked for does not exist (or is not visible to this user).
    #[error("not found")]
    NotFound,
    /// 400: the request itself was malformed.
    #[error("bad request")]
    BadRequest,
    /// 401: nobody is signed in (or the session ended); signing in may help.
    #[error("not signed in")]
    NotSignedIn,
    /// 403: the user may not do this.
    #[error("forbidden")]
    Forbidden,
    /// 503: a dependency (the database) is unavailable; trying again later may work.
    #[error("service unavailable")]
    Unavailable,
    /// 500: a bug or an unexpected failure; details are in the server log.
    #[error("internal error")]
    Internal,
}

impl AppError {
    /// The HTTP status this error is shown with.
    pub fn status(self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::BadRequest => 400,
            AppError::NotSignedIn => 401,
            AppError::Forbidden => 403,
            AppError::Unavailable => 503,
            AppError::Internal => 500,
        }
    }

    /// The message a person sees.
    pub fn message(self, lang: Lang) -> &'static str {
        lang.t(match self {
            AppError::NotFound => T::NotFoundBody,
            AppError::BadRequest => T::ErrorBadRequest,
            AppError::NotSignedIn => T::ErrorNotSignedIn,
            AppError::Forbidden => T::ErrorForbidden,
            AppError::Unavailable => T::ErrorUnavailable,
            AppError::Internal => T::ErrorInternal,
        })
    }

    /// The page title for this error.
    pub fn title(self, lang: Lang) -> &'static str {
        lang.t(match self {
            AppError::NotFound => T::NotFoundTitle,
            _ => T::ErrorTitle,
        })
    }
}

/// A server function's answer, for a page rendered on the server that loads it: a refusal or
/// failure sets the page's status (401, 403, 404, ...). Over HTTP the server gives every
/// server function's error its status in any case.
#[cfg(feature = "ssr")]
pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if let (Some(response), Ok(status)) = (
            leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
            http::StatusCode::from_u16(error.status()),
        ) {
            response.set_status(status);
        }
    }
    result
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request could not be decoded: the client sent something malformed.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            // The server could not be reached or answered garbage.
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Unavailable,
            _ => AppError::Internal,
        }
    }
}

/// An account change that failed, as a page says it; the log gets no address.
#[cfg(feature = "ssr")]
impl From<crate::access::server::AccessError> for AppError {
    fn from(error: crate::access::server::AccessError) -> Self {
        use crate::access::server::AccessError;
        match error {
            AccessError::Store(e) => AppError::from(e),
            AccessError::NoMembership(..) => AppError::Forbidden,
            AccessError::LevelDoesNotFit { .. } => AppError::BadRequest,
            _ => {
                tracing::error!("an account change failed unexpectedly");
                AppError::Unavailable
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::db::StoreError> for AppError {
    fn from(err: crate::db::StoreError) -> Self {
        use crate::db::StoreError;
        match err {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Unavailable(_) => {
                tracing::warn!(error = %err, "database unavailable");
                AppError::Unavailable
            }
            _ => {
                tracing::error!(error = %err, "database error");
                AppError::Internal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_status_and_a_message_in_both_languages() {
        for err in [
            AppError::NotFound,
            AppError::BadRequest,
            AppError::NotSignedIn,
            AppError::Forbidden,
            AppError::Unavailable,
            AppError::Internal,
        ] {
            assert!((400..600).contains(&err.status()));
            for lang in Lang::ALL {
                assert!(!err.message(lang).is_empty());
                assert!(!err.title(lang).is_empty());
            }
        }
    }

    #[test]
    fn the_serialised_error_carries_no_detail() {
        let json = serde_json::to_string(&AppError::Internal).unwrap();
        assert_eq!(json, "\"Internal\"");
        assert_eq!(AppError::NotSignedIn.status(), 401);
        assert_eq!(AppError::Forbidden.status(), 403);
    }
}
