//! The one application state, given to axum handlers and Leptos server functions alike.

use crate::access::Policy;
use crate::clock::Clock;
use crate::db::Store;
use crate::error::AppError;
use crate::measurements::reading::TimeRules;
use leptos::config::LeptosOptions;
use std::time::SystemTime;

/// What every handler, server function and worker can reach. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Leptos settings (site root, output name).
    pub leptos_options: LeptosOptions,
    /// The database.
    pub store: Store,
    /// The one clock: the system's in production, a manual one in tests.
    pub clock: Clock,
    /// Session lifetime and sign-in lock-out.
    pub access: Policy,
    /// How far back and ahead a measurement may be dated.
    pub time_rules: TimeRules,
    /// The address people use to reach the portal, without a trailing `/`; links in mail
    /// start with it.
    pub public_url: String,
    /// Days after a request's due date that its link still works.
    pub link_grace_days: u16,
    /// How long sending to a list works before its page shows; the rest goes on in the
    /// background (zero: nothing is sent while the professional waits).
    pub batch_in_request: std::time::Duration,
    /// In development with the outbox folder as mail transport: that folder, for the page that
    /// lists the mail sent (`None` in production).
    pub dev_outbox: Option<std::path::PathBuf>,
    /// Whether cookies get the `Secure` attribute (the portal is served over TLS).
    pub secure_cookies: bool,
}

impl AppState {
    /// The current time, from the state's clock.
    pub fn now(&self) -> SystemTime {
        self.clock.now()
    }

    /// A `Set-Cookie` value with the portal's attributes (see [`crate::ui::set_cookie`]).
    pub fn cookie(&self, name: &str, value: &str, path: &str, max_age: Option<u64>) -> String {
        crate::ui::set_cookie(name, value, path, max_age, self.secure_cookies)
    }

    /// The value of this site's cookie `name` of `path` in a request (see
    /// [`crate::ui::cookie_name`]).
    pub fn read_cookie<'a>(
        &self,
        headers: &'a axum::http::HeaderMap,
        name: &str,
        path: &str,
    ) -> Option<&'a str> {
        crate::ui::site_cookie(headers, name, path, self.secure_cookies)
    }

    /// The state inside a server function or a page rendered on the server.
    pub fn from_context() -> Result<AppState, AppError> {
        leptos::prelude::use_context::<AppState>().ok_or_else(|| {
            tracing::error!("the application state is missing from the context");
            AppError::Internal
        })
    }
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
