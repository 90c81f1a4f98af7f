//! Shared user-interface pieces: layout, language, error pages.

pub mod copy;
pub mod error_page;
#[cfg(feature = "ssr")]
pub mod form;
pub mod home;
pub mod i18n;
pub mod layout;
#[cfg(feature = "ssr")]
pub mod routes;
pub mod text;

use i18n::Lang;
use leptos::prelude::*;

/// The language of the page being rendered.
///
/// On the server it comes from the language cookie of the request; in the browser from the
/// `lang` attribute the server put on `<html>`, so both sides render the same text.
pub fn current_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        page_cookie(i18n::LANG_COOKIE, "/")
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::default()
    }
}

/// The page's route parameter `name` (`:token`, …), empty when absent.
pub fn route_param(name: &str) -> String {
    leptos_router::hooks::use_params_map()
        .read_untracked()
        .get(name)
        .unwrap_or_default()
}

/// The page's `:id` route parameter as a number; -1 (which no record has) when it is not one.
pub fn route_id() -> i64 {
    route_param("id").parse().unwrap_or(-1)
}

/// The value of cookie `name` in a `Cookie` header value.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}

/// The value of cookie `name` among a request's `Cookie` headers (there may be several).
#[cfg(feature = "ssr")]
pub fn request_cookie<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|header| cookie_value(header, name))
}

/// The name a cookie of `path` goes by: over TLS with the `__Host-` prefix (path `/`) or
/// the `__Secure-` prefix (a narrower path), so a browser only takes it from this site
/// itself over TLS, never from a neighbouring subdomain or a plain-HTTP answer.
pub fn cookie_name(name: &str, path: &str, secure: bool) -> String {
    match (secure, path) {
        (false, _) => name.to_owned(),
        (true, "/") => format!("__Host-{name}"),
        (true, _) => format!("__Secure-{name}"),
    }
}

/// The value of this site's cookie `name` of `path` among a request's headers (see
/// [`cookie_name`]): over TLS a cookie without its prefix is ignored.
#[cfg(feature = "ssr")]
pub fn site_cookie<'a>(
    headers: &'a http::HeaderMap,
    name: &str,
    path: &str,
    secure: bool,
) -> Option<&'a str> {
    request_cookie(headers, &cookie_name(name, path, secure))
}

/// The value of this site's cookie `name` of `path` in the request whose page is being
/// rendered (server only).
#[cfg(feature = "ssr")]
pub fn page_cookie(name: &str, path: &str) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let secure = use_context::<crate::state::AppState>().is_some_and(|s| s.secure_cookies);
    site_cookie(&parts.headers, name, path, secure).map(str::to_owned)
}

/// Reads cookie `name` (of path `path`) once: the response of the page being rendered
/// removes it, so the next visit starts clean (server only).
#[cfg(feature = "ssr")]
pub fn take_page_cookie(name: &str, path: &str) -> Option<String> {
    let value = page_cookie(name, path)?;
    let secure = use_context::<crate::state::AppState>().is_some_and(|s| s.secure_cookies);
    if let (Some(response), Ok(clear)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&set_cookie(name, "", path, Some(0), secure)),
    ) {
        response.append_header(http::header::SET_COOKIE, clear);
    }
    Some(value)
}

/// A `Set-Cookie` value: always HttpOnly and SameSite=Lax, Secure when the site is served
/// over TLS; `max_age` `None` makes a cookie that ends with the browser, `Some(0)` removes it.
pub fn set_cookie(
    name: &str,
    value: &str,
    path: &str,
    max_age: Option<u64>,
    secure: bool,
) -> String {
    let max_age = max_age
        .map(|seconds| format!("; Max-Age={seconds}"))
        .unwrap_or_default();
    let name = cookie_name(name, path, secure);
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path={path}{max_age}; SameSite=Lax; HttpOnly{secure}")
}

/// The scripts that bring a page's islands to life. Only pages with an island render this
/// (inside the page, before the island), so every other page ships no JavaScript or wasm at
/// all. Rendered on the server only.
#[component]
pub fn IslandScripts() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        crate::state::AppState::from_context()
            .ok()
            .map(|state| view! { <HydrationScripts options=state.leptos_options islands=true/> })
    }
}

/// The language provided by [`crate::App`]; Dutch outside of it.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_exact_name_and_set_with_the_safe_attributes() {
        assert_eq!(cookie_value("a=1; ab=2; b=3", "b"), Some("3"));
        assert_eq!(cookie_value("a=1; ab=2", "b"), None);
        assert_eq!(
            set_cookie("s", "v", "/", None, false),
            "s=v; Path=/; SameSite=Lax; HttpOnly"
        );
        // Over TLS a cookie carries a prefix the browser enforces: `__Host-` for the whole
        // site, `__Secure-` for a narrower path.
        assert_eq!(
            set_cookie("s", "", "/inloggen", Some(0), true),
            "__Secure-s=; Path=/inloggen; Max-Age=0; SameSite=Lax; HttpOnly; Secure"
        );
        assert_eq!(
            set_cookie("s", "v", "/", None, true),
            "__Host-s=v; Path=/; SameSite=Lax; HttpOnly; Secure"
        );
        assert_eq!(cookie_name("s", "/", false), "s");
    }
}
