//! The HTTP application: Leptos pages and server functions, health check, language switch,
//! and the layers every response passes through.

use crate::config::Config;
use app::access::routes::{clear_session_cookie, flash_cookie};
use app::access::server::{self as accounts, Lookup, SessionToken};
use app::access::{self, Notice};
use app::state::AppState;
use app::ui::i18n::Lang;
use app::ui::text::T;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::time::Instant;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// Leptos settings derived from our configuration.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(option_env!("LEPTOS_OUTPUT_NAME").unwrap_or("meetpunt"))
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        // cargo-leptos writes the hashed names of the site files (see Cargo.toml) into
        // hash.txt next to the binary it builds; without that file the names are plain.
        .hash_files(hash_file_exists())
        .site_addr(config.addr)
        .env(match config.mode {
            crate::config::Mode::Production => leptos::config::Env::PROD,
            crate::config::Mode::Development => leptos::config::Env::DEV,
        })
        .build()
}

/// Whether the binary was built by cargo-leptos with hashed site file names.
fn hash_file_exists() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|file| file.is_file())
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

/// The paths of every page of the app (as the router writes them, e.g. `/l/{token}`), for
/// the test that checks every page with patient data against the access log.
pub fn page_paths() -> Vec<String> {
    routes().iter().map(|r| r.path().to_string()).collect()
}

/// Builds the whole application: every feature's form routes, the Leptos pages and server
/// functions, and the layers every request passes through.
pub fn router(state: AppState, config: &Config) -> Router {
    let routes = routes();
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            leptos::nonce::provide_nonce();
        }
    };
    let shell = {
        let options = state.leptos_options.clone();
        move || app::shell(options.clone())
    };

    let router = Router::new()
        .route("/healthz", get(healthz))
        .merge(app::ui::routes::routes())
        .merge(app::access::routes::routes())
        .merge(app::carers::routes::routes())
        .merge(app::requests::routes::routes())
        .merge(app::patients::routes::routes())
        .merge(app::organisations::routes::routes())
        .leptos_routes_with_context(&state, routes, context.clone(), shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell))
        .layer(middleware::from_fn(page_policy))
        .layer(middleware::from_fn(server_function_status))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            resolve_session,
        ))
        .layer(middleware::from_fn_with_state(
            state.leptos_options.hash_files,
            cache_static_files,
        ))
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
    with_security_headers(router, config)
        .layer(middleware::from_fn(log_request))
        .layer(middleware::from_fn_with_state(
            config.trusted_proxies.clone(),
            client_address,
        ))
        .with_state(state)
}

/// Works out once where a request came from (its connection, or what a trusted proxy says)
/// and leaves it in the request's extensions for the handlers, the access log and the
/// sign-in count.
async fn client_address(
    State(proxies): State<app::ui::form::TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(peer) = peer {
        let client = app::ui::form::ClientAddress::resolve(peer, request.headers(), &proxies);
        request.extensions_mut().insert(client);
    }
    next.run(request).await
}

/// A page's content security policy, with the nonce its scripts carry: the page leaves the
/// nonce in a slot in the request's extensions ([`app::NonceSlot`]) while it renders.
async fn page_policy(mut request: Request, next: Next) -> Response {
    let slot = app::NonceSlot::default();
    request.extensions_mut().insert(slot.clone());
    let mut response = next.run(request).await;
    let nonce = slot.0.lock().ok().and_then(|held| held.clone());
    if let Some(value) = nonce.and_then(|n| HeaderValue::from_str(&app::page_policy(&n)).ok()) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// Where the server functions answer.
const SERVER_FUNCTIONS: &str = "/api/";

/// A server function that fails answers 500 whatever the failure; this gives a refusal or a
/// missing thing its own status (401, 403, 404, ...) from the error in the body, so a caller
/// can tell them apart, for every server function at once. The body (only the kind of
/// failure) stays as it is.
async fn server_function_status(request: Request, next: Next) -> Response {
    let server_function = request.uri().path().starts_with(SERVER_FUNCTIONS);
    let response = next.run(request).await;
    if !server_function || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // An error body is one short word; anything longer is left as the failure it is.
    let Ok(bytes) = axum::body::to_bytes(body, 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, ()).into_response();
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(error.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Files under `/pkg/` (wasm, JS, CSS) carry a hash of their content in their name when the
/// site is built for release, so a browser may keep them for a year and never ask again.
/// They are served precompressed (brotli and gzip at their best levels, made at build time).
/// Pages reached through a link token (and their answers) are never stored by a browser or
/// proxy.
async fn cache_static_files(State(hashed): State<bool>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let immutable = hashed && path.starts_with("/pkg/");
    let private = path.starts_with("/l/")
        || path.starts_with(app::organisations::invitations::INVITATION_PREFIX)
        || path.starts_with(app::access::reset::RESET_PREFIX)
        || path.starts_with(app::access::activation::ACTIVATION_PREFIX)
        || path == app::requests::pages::THANKS_PATH
        || path.starts_with(app::access::second_factor::SETUP_PATH)
        || path == app::access::second_factor::CODE_PATH;
    let mut response = next.run(request).await;
    if immutable && response.status() == StatusCode::OK {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    if private {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
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
    if safe || is_same_origin(&request, Some(&state.public_url)) {
        return next.run(request).await;
    }
    tracing::warn!(method = %request.method(), "cross-site request refused");
    // Both languages: the refusal may come before anything knows the person's choice.
    let text = format!(
        "{}\n{}\n",
        Lang::Nl.t(T::ErrorCrossSite),
        Lang::En.t(T::ErrorCrossSite)
    );
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
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

/// Resolves the session cookie before anything else sees the request: a live session goes
/// into the request's extensions (pages read it from there), an ended one is removed from
/// the browser. Pages for a signed-in person are never stored by a browser or proxy.
async fn resolve_session(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if path.starts_with("/pkg/") || path == "/healthz" || path == "/favicon.svg" {
        return next.run(request).await;
    }
    let Some(value) = state.read_cookie(request.headers(), access::SESSION_COOKIE, "/") else {
        return next.run(request).await;
    };
    let lookup = match SessionToken::from_cookie(value) {
        None => Lookup::Unknown,
        Some(token) => {
            match accounts::session(&state.store, &state.access, &token, state.now()).await {
                Ok(lookup) => lookup,
                Err(err) => {
                    tracing::warn!(error = %err, "session lookup failed");
                    return next.run(request).await;
                }
            }
        }
    };
    let signed_in = matches!(lookup, Lookup::Live(_));
    let clear = match lookup {
        Lookup::Live(session) => {
            request.extensions_mut().insert(session);
            Vec::new()
        }
        Lookup::Ended => vec![
            clear_session_cookie(&state),
            flash_cookie(&state, Notice::Expired, ""),
        ],
        Lookup::Unknown => vec![clear_session_cookie(&state)],
    };
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for value in clear {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    if signed_in {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
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
    use tower::ServiceExt;

    async fn cache_control(hashed: bool, path: &str) -> Option<String> {
        let router: Router = Router::new()
            .route("/pkg/meetpunt.abc123.wasm", get(|| async { "wasm" }))
            .route("/", get(|| async { "page" }))
            .layer(middleware::from_fn_with_state(hashed, cache_static_files));
        let response = router
            .oneshot(Request::get(path).body(axum::body::Body::empty()).unwrap())
            .await
            .unwrap();
        response
            .headers()
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap().to_owned())
    }

    #[tokio::test]
    async fn hashed_site_files_are_kept_for_a_year_and_nothing_else_is() {
        assert_eq!(
            cache_control(true, "/pkg/meetpunt.abc123.wasm")
                .await
                .as_deref(),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(
            cache_control(false, "/pkg/meetpunt.abc123.wasm").await,
            None
        );
        assert_eq!(cache_control(true, "/").await, None);
        assert_eq!(cache_control(true, "/pkg/missing.js").await, None);
    }
}
