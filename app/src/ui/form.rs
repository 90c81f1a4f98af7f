//! The one pattern for forms that work without JavaScript (docs/forms.md).
//!
//! A form is a plain `<form method="post">` rendered by a Leptos page. Its handler is an
//! axum route of the feature that owns it (each feature has a `routes()` the server mounts),
//! does its work through the feature's server-side functions, and always answers with a
//! `303 See Other` to the page the person should see next (Post/Redirect/Get): on success
//! the next page, on a problem the form's own page with a short-lived notice cookie that the
//! page reads once. The redirect target is always explicit, never taken from `Referer`
//! (which the portal does not send: `Referrer-Policy: no-referrer` keeps link tokens in
//! URLs private) and never a foreign address (only local paths are accepted).

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::Response;
use std::net::SocketAddr;

/// A `303 See Other` to `location` with the given `Set-Cookie` values; never cached.
pub fn see_other(location: &str, cookies: &[String]) -> Response {
    let mut response = Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, location)
        .header(header::CACHE_CONTROL, "no-store");
    for value in cookies {
        response = response.header(header::SET_COOKIE, value);
    }
    response.body(Body::empty()).unwrap_or_default()
}

/// To the sign-in page, and after signing in back to `next` (a local path).
pub fn to_sign_in(next: &str) -> Response {
    see_other(
        &format!(
            "{}?next={}",
            crate::access::SIGN_IN_PATH,
            crate::access::percent_encode(next)
        ),
        &[],
    )
}

/// Whether a `GET` that exports data was started from the portal's own pages or an address
/// typed in, not by another site (whose top-level navigation carries the session cookie).
pub fn started_here(headers: &axum::http::HeaderMap) -> bool {
    let from = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none");
    matches!(from, "same-origin" | "none")
}

/// The network address a request came from, for the access log; `None` when the server
/// was not started with connection information (never fails the request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub Option<String>);

impl ClientAddress {
    /// The address of the request behind `parts`.
    pub fn of(parts: &Parts) -> ClientAddress {
        ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip().to_string()),
        )
    }

    /// The address as text, if known.
    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress::of(parts))
    }
}
