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

/// What a section of a page shows instead of its content when loading it went wrong:
/// nothing when it is not for this person (not signed in, not allowed, not there; the page
/// around it says so where it matters), and otherwise a short message, so a failure never
/// looks like an empty list.
pub fn section_error(error: AppError) -> AnyView {
    match error {
        AppError::NotSignedIn | AppError::Forbidden | AppError::NotFound => ().into_any(),
        _ => {
            let lang = use_lang();
            view! { <p class="section-error" role="alert" data-testid="section-error">{error.message(lang)}</p> }
                .into_any()
        }
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
