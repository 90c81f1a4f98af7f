//! The HTTP application: Leptos pages and server functions, health check, language switch,
//! and the layers every response passes through.

use crate::config::Config;
use app::db::Store;
use app::ui::i18n::{Lang, LANG_COOKIE};
use axum::body::Body;
use axum::extract::{FromRef, MatchedPath, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use std::time::Instant;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// Leptos settings (site root, output name).
    pub leptos_options: LeptosOptions,
    /// The database.
    pub store: Store,
    /// The configuration.
    pub config: Arc<Config>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Leptos settings derived from our configuration.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(option_env!("LEPTOS_OUTPUT_NAME").unwrap_or("meetpunt"))
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .env(match config.mode {
            crate::config::Mode::Production => leptos::config::Env::PROD,
            crate::config::Mode::Development => leptos::config::Env::DEV,
        })
        .build()
}

/// The app's routes, generated once per process.
///
/// Generating them runs the app with resource loading switched off by a process-wide flag
/// (leptos_server's `SuppressResourceLoad`): a page that starts loading data meanwhile, in
/// another router of the same process, waits forever. Generating once, before any router
/// serves, rules that out.
fn routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// Builds the whole application.
pub fn router(state: AppState) -> Router {
    let routes = routes();
    let store = state.store.clone();
    let context = move || {
        provide_context(store.clone());
        leptos::nonce::provide_nonce();
    };
    let shell = {
        let options = state.leptos_options.clone();
        move || app::shell(options.clone())
    };
    let config = state.config.clone();

    let router = Router::new()
        .route("/healthz", get(healthz))
        .route(app::ui::layout::LANGUAGE_PATH, post(set_language))
        .leptos_routes_with_context(&state, routes, context.clone(), shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            reject_cross_site,
        ))
        .layer(RequestBodyLimitLayer::new(config.body_limit_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .layer(CompressionLayer::new());
    with_security_headers(router, &config)
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// Headers on every response. The page shell sets its own CSP with a per-response nonce;
/// this strict default covers everything else (static files, JSON, errors).
fn with_security_headers(router: Router<AppState>, config: &Config) -> Router<AppState> {
    let router = if config.behind_tls() {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ))
    } else {
        router
    };
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        // Link tokens travel in URLs: never hand them to another site in a Referer.
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
        ))
}

/// Refuses state-changing requests sent by another site (cross-site request forgery).
///
/// Browsers mark every request with `Sec-Fetch-Site`, and older ones still send `Origin` on
/// a POST; either one from elsewhere means the form was not ours. Requests with neither come
/// from non-browser clients, which cannot carry a user's cookies by accident.
async fn reject_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    if safe || is_same_origin(&request, state.config.public_url.as_deref()) {
        return next.run(request).await;
    }
    tracing::warn!(method = %request.method(), "cross-site request refused");
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Dit verzoek kwam niet van Meetpunt zelf en is geweigerd. Ga terug en probeer het opnieuw.\n\
         This request did not come from Meetpunt itself and was refused. Go back and try again.\n",
    )
        .into_response()
}

fn is_same_origin(request: &Request, public_url: Option<&str>) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    if Some(origin) == public_url {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin.split_once("://"), host) {
        (Some((_, origin_host)), Some(host)) => origin_host.eq_ignore_ascii_case(host),
        _ => false,
    }
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not. No detail is sent.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => Json(serde_json::json!({
            "status": "ok",
            "database": state.store.backend().name(),
        }))
        .into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "unavailable" })),
            )
                .into_response()
        }
    }
}

/// The language form.
#[derive(serde::Deserialize)]
struct LanguageForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// `POST /taal`: remembers the language in a cookie and returns to the page.
async fn set_language(State(state): State<AppState>, Form(form): Form<LanguageForm>) -> Response {
    let next = local_path(&form.next);
    let mut response = Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, next);
    if let Some(lang) = Lang::from_code(&form.lang) {
        let secure = if state.config.behind_tls() {
            "; Secure"
        } else {
            ""
        };
        response = response.header(
            header::SET_COOKIE,
            format!(
                "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
                lang.code()
            ),
        );
    }
    response.body(Body::empty()).unwrap_or_default()
}

/// Only a path on this site may be a redirect target (no open redirect).
fn local_path(next: &str) -> &str {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    if ok {
        next
    } else {
        "/"
    }
}

/// Logs one line per request: method, route pattern (never the raw path, which may hold a
/// link token), status and duration.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let duration_ms = started.elapsed().as_secs_f64() * 1000.0;
    let route = route.as_deref().unwrap_or("(unmatched)");
    if status >= 500 {
        tracing::error!(%method, route, status, duration_ms, "request");
    } else {
        tracing::info!(%method, route, status, duration_ms, "request");
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(local_path("/vragenlijsten?x=1"), "/vragenlijsten?x=1");
        for bad in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "/a\r\nSet-Cookie: x",
        ] {
            assert_eq!(local_path(bad), "/", "{bad:?}");
        }
    }
}
