//! The page frame: skip link, header with navigation and language switch, main, footer.

use crate::ui::text::T;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The path of the form that changes the language (handled by the server, works without JS).
pub const LANGUAGE_PATH: &str = "/taal";

/// Wraps every page in the landmarks a screen-reader user expects.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = use_lang();
    // Patients and carers do not choose questionnaires: their menu stays short on a phone.
    let catalogue = !crate::access::signed_in().is_some_and(|me| {
        matches!(
            me.role,
            crate::access::Role::Patient | crate::access::Role::Carer
        )
    });
    // Professionals find their patients and requests from every page.
    let professional =
        crate::access::signed_in().is_some_and(|me| me.role == crate::access::Role::Professional);
    view! {
        <div class="page">
            <a class="skip-link" href="#main">{lang.t(T::SkipToContent)}</a>
            <header class="site-header">
                <a class="brand" href="/">{lang.t(T::AppName)}</a>
                <nav aria-label=lang.t(T::MainNavigation)>
                    <ul>
                        <li class="home-link"><A href="/" exact=true>{lang.t(T::NavHome)}</A></li>
                        {professional.then(|| view! {
                            <li><A href=crate::patients::pages::PATIENTS_PATH>{lang.t(T::NavPatients)}</A></li>
                            <li><A href=crate::requests::desk::REQUESTS_PATH>{lang.t(T::NavRequests)}</A></li>
                        })}
                        {catalogue.then(|| view! {
                            <li><A href="/vragenlijsten">{lang.t(T::NavCatalogue)}</A></li>
                        })}
                        <crate::access::pages::AccountNav/>
                    </ul>
                </nav>
                <LanguageSwitch/>
            </header>
            <main id="main" tabindex="-1">
                <crate::carers::ActingForBanner/>
                {children()}
            </main>
            <footer class="site-footer">
                <p>{lang.t(T::FooterText)}</p>
            </footer>
        </div>
    }
}

/// A plain form so that switching works the same with and without JavaScript.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let other = lang.other();
    let location = use_location();
    let next = move || {
        let query = location.search.get();
        let path = location.pathname.get();
        if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        }
    };
    view! {
        <form class="language-switch" method="post" action=LANGUAGE_PATH>
            <input type="hidden" name="lang" value=other.code()/>
            <input type="hidden" name="next" value=next/>
            <button type="submit" lang=other.code() data-testid="language-switch">
                {lang.t(T::SwitchLanguage)}
            </button>
        </form>
    }
}
