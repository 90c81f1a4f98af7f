//! Meetpunt: the Leptos application (pages, components, server functions, domain logic).
//!
//! Organised by feature. Pure domain code compiles for server and browser alike; server-only
//! code sits behind the `ssr` feature.

#![recursion_limit = "256"]

pub mod access;
pub mod audit;
pub mod carers;
pub mod charts;
pub mod clock;
pub mod error;
pub mod hash;
pub mod mail;
pub mod measurements;
pub mod organisations;
pub mod patients;
pub mod questionnaires;
pub mod requests;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};
use ui::error_page::NotFound;
use ui::home::HomePage;
use ui::layout::Layout;
use ui::text::T;

/// The HTML document around the app; rendered on the server only.
///
/// Pages are islands: everything renders on the server, and only components marked
/// `#[island]` run in the browser. The scripts that hydrate them are added by the pages that
/// have one ([`ui::IslandScripts`]); every other page loads no JavaScript or wasm at all.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = ui::current_lang();
    #[cfg(feature = "ssr")]
    {
        set_content_security_policy();
        // Outside islands nothing is hydrated, so nothing needs to travel with the page.
        if let Some(context) = Owner::current_shared_context() {
            context.set_is_hydrating(false);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HashedStylesheet id="leptos" options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The page policy: scripts only from this origin with this response's nonce, wasm allowed.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Where a page leaves its nonce for the server, which sets the page's policy from it on the
/// response (put in the request's extensions by the server). Headers set through Leptos's
/// response options were now and then lost under load, which blocked the page's scripts.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default)]
pub struct NonceSlot(pub std::sync::Arc<std::sync::Mutex<Option<String>>>);

/// Hands this response's nonce to the server (see [`NonceSlot`]).
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    let slot = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<NonceSlot>().cloned());
    if let Some(slot) = slot {
        if let Ok(mut held) = slot.0.lock() {
            *held = Some(nonce.to_string());
        }
    }
}

/// The application: routes inside the shared layout.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = ui::current_lang();
    provide_context(lang);
    // Who is signed in: resolved by the server's session layer, sent along with the page.
    let user = leptos::server::SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            access::from_request()
        }
        #[cfg(not(feature = "ssr"))]
        {
            None
        }
    })
    .into_inner();
    provide_context(access::CurrentUser(user));

    view! {
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg"/>
        <Meta name="description" content=lang.t(T::Tagline)/>
        <Title formatter=move |page: String| format!("{page} · {}", lang.t(T::AppName))/>
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("") view=HomePage/>
                    <Route
                        path=path!("/vragenlijsten")
                        view=questionnaires::catalogue::CataloguePage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/inloggen") view=access::pages::SignInPage/>
                    <Route path=path!("/inloggen/code") view=access::second_factor::CodePage/>
                    <Route path=path!("/inlogcode") view=access::second_factor::SetupPage ssr=SsrMode::Async/>
                    <Route path=path!("/inlogcode/herstelcodes") view=access::second_factor::CodesPage/>
                    <Route path=path!("/mijn") view=access::pages::AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/l/:token") view=requests::pages::LandingPage ssr=SsrMode::Async/>
                    <Route path=path!("/l/:token/vraag/:step") view=requests::pages::StepPage ssr=SsrMode::Async/>
                    <Route path=path!("/l/:token/controle") view=requests::pages::ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/l/:token/metingen") view=requests::measure::ReadingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/l/:token/metingen/:reading/verbeteren") view=requests::measure::CorrectionPage ssr=SsrMode::Async/>
                    <Route path=path!("/ontvangen") view=requests::pages::ThanksPage/>
                    <Route path=path!("/ontwikkeling/post") view=mail::dev_page::DevOutboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/meldingen") view=requests::notify::NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/organisatie") view=organisations::members::MembersPage ssr=SsrMode::Async/>
                    <Route path=path!("/uitnodiging/:token") view=organisations::invitations::InvitationPage ssr=SsrMode::Async/>
                    <Route path=path!("/wachtwoord-vergeten") view=access::reset::ForgottenPage/>
                    <Route path=path!("/wachtwoord-herstellen/:token") view=access::reset::ResetPage ssr=SsrMode::Async/>
                    <Route path=path!("/account-activeren/:token") view=access::activation::ActivationPage ssr=SsrMode::Async/>
                    <Route path=path!("/patienten") view=patients::pages::PatientsPage ssr=SsrMode::Async/>
                    <Route path=path!("/patienten/nieuw") view=patients::record::NewPatientPage ssr=SsrMode::Async/>
                    <Route path=path!("/patienten/:id") view=patients::pages::PatientPage ssr=SsrMode::Async/>
                    <Route path=path!("/patienten/:id/gegevens") view=patients::record::EditPatientPage ssr=SsrMode::Async/>
                    <Route path=path!("/patienten/:id/meting") view=patients::visit::VisitPage ssr=SsrMode::Async/>
                    <Route path=path!("/verzoeken") view=requests::worklist::WorklistPage ssr=SsrMode::Async/>
                    <Route path=path!("/verzoeken/nieuw") view=requests::desk::NewRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/verzoeken/lijst") view=requests::batch::SendToListPage ssr=SsrMode::Async/>
                    <Route path=path!("/verzoeken/lijst/:id") view=requests::batch::BatchPage ssr=SsrMode::Async/>
                    <Route path=path!("/verzoeken/:id") view=requests::desk::RequestPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/vragenlijsten/:id")
                        view=questionnaires::preview::PreviewPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </Layout>
        </Router>
    }
}

/// Browser entry point: brings the page's islands to life (the rest stays as the server
/// rendered it).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Readable panics in the console while developing; left out of the release bundle.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
