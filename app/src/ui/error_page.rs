//! Error and not-found pages that also set the real HTTP status during server rendering.

use crate::error::AppError;
use crate::ui::text::T;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

/// Shows an error to a person and sets the response status when rendered on the server.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let lang = use_lang();
    set_status(error.status());
    view! {
        <Title text=error.title(lang)/>
        <section class="error-page" aria-labelledby="error-title">
            <h1 id="error-title">{error.title(lang)}</h1>
            <p>{error.message(lang)}</p>
            <p>
                <a href="/">{lang.t(T::BackHome)}</a>
            </p>
        </section>
    }
}

/// A loaded page's content, or the error page for what went wrong.
pub fn or_error<T: 'static>(
    result: Result<T, AppError>,
    show: impl FnOnce(T) -> AnyView,
) -> AnyView {
    match result {
        Ok(value) => show(value),
        Err(error) => view! { <ErrorPage error/> }.into_any(),
    }
}

/// The 404 page: the router's fallback.
#[component]
pub fn NotFound() -> impl IntoView {
    view! { <ErrorPage error=AppError::NotFound/> }
}

/// Sets the HTTP status of the server response; does nothing in the browser.
pub fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        options.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}
