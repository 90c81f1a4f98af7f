//! Shared user-interface pieces: layout, language, error pages.

pub mod error_page;
pub mod home;
pub mod i18n;
pub mod layout;

use i18n::Lang;
use leptos::prelude::*;

/// The language of the page being rendered.
///
/// On the server it comes from the language cookie of the request; in the browser from the
/// `lang` attribute the server put on `<html>`, so both sides render the same text.
pub fn current_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(http::header::COOKIE)
                    .and_then(|value| value.to_str().ok())
                    .map(Lang::from_cookie_header)
            })
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

/// The language provided by [`crate::App`]; Dutch outside of it.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}
