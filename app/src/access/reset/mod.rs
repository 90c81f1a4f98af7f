//! "Wachtwoord vergeten": anyone with an account (patient, carer, professional) asks for a
//! link by e-mail and chooses a new password through it.
//!
//! The page never tells whether an address has an account: every well-formed address gets
//! the same answer, given before the database is asked (the lookup and the mail are done
//! after the answer), so the answer also takes the same time. The link is made as its mail
//! leaves the outbox (256 bits, only the SHA-256 kept), works for [`RESET_MINUTES`] minutes
//! and once; at most [`FORGOTTEN_LIMIT_PER_HOUR`] mails an hour go to one account. A new
//! password ends every session of the account. The form handlers are in `access::routes`.

use super::pages::{NewPasswordInputs, NewPasswordProblem};
use super::text::T;
use super::LinkPasswordProblem;
use crate::error::AppError;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[cfg(feature = "ssr")]
pub mod server;

/// The page and form to ask for a link.
pub const FORGOTTEN_PATH: &str = "/wachtwoord-vergeten";
/// Where reset links start.
pub const RESET_PREFIX: &str = "/wachtwoord-herstellen/";
/// How long a reset link works after its mail left, in minutes.
pub const RESET_MINUTES: u64 = 60;
/// Reset mails one account gets in an hour at most (more requests are answered alike but
/// send nothing).
pub const FORGOTTEN_LIMIT_PER_HOUR: i64 = 3;

/// The path of a reset link.
#[cfg(feature = "ssr")]
pub fn reset_path(token: &super::server::SecretToken) -> String {
    format!("{RESET_PREFIX}{}", token.expose())
}

/// `/wachtwoord-vergeten`: the form, or (after it was sent) what happens next.
#[component]
pub fn ForgottenPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map().read_untracked();
    let sent = query.get("verstuurd").is_some();
    let invalid = query.get("fout").is_some();
    let body = if sent {
        view! {
            <div class="notice" role="status" data-testid="reset-sent">
                <p>{lang.t(T::ForgottenSent)}</p>
            </div>
            <p><a href=super::SIGN_IN_PATH>{lang.t(T::BackToSignIn)}</a></p>
        }
        .into_any()
    } else {
        let summary = invalid.then(|| {
            view! {
                <div class="error-summary" role="alert" tabindex="-1" autofocus>
                    <h2>{lang.t(T::FormProblem)}</h2>
                    <p><a href="#email">{lang.t(T::ForgottenInvalid)}</a></p>
                </div>
            }
        });
        view! {
            {summary}
            <p id="forgotten-intro">{lang.t(T::ForgottenIntro)}</p>
            <form class="stacked-form" method="post" action=FORGOTTEN_PATH>
                <label for="email">{lang.t(T::EmailLabel)}</label>
                <input type="email" id="email" name="email" required autocomplete="username"
                    aria-describedby="forgotten-intro" aria-invalid=invalid.then_some("true")/>
                <div class="form-buttons">
                    <button type="submit" class="primary">{lang.t(T::ForgottenButton)}</button>
                </div>
            </form>
        }
        .into_any()
    };
    view! {
        <Title text=lang.t(T::ForgottenTitle)/>
        <h1>{lang.t(T::ForgottenTitle)}</h1>
        {body}
    }
}

/// The address a reset link is for (`None`: it does not work).
#[server(endpoint = "access/reset")]
pub async fn reset_shown(token: String) -> Result<Option<String>, AppError> {
    let state = crate::state::AppState::from_context()?;
    Ok(server::shown(&state.store, &token, server::Purpose::Reset, state.now()).await?)
}

/// `/wachtwoord-herstellen/:token`: choose a new password.
#[component]
pub fn ResetPage() -> impl IntoView {
    let lang = use_lang();
    crate::requests::pages::no_store();
    let token = use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let problem = use_query_map()
        .read_untracked()
        .get("fout")
        .and_then(|code| LinkPasswordProblem::parse(&code));
    let action = format!("{RESET_PREFIX}{token}");
    let data = Resource::new(move || (), move |_| reset_shown(token.clone()));
    view! {
        <Title text=lang.t(T::ResetTitle)/>
        <Suspense>
            {move || {
                let action = action.clone();
                Suspend::new(async move {
                    crate::ui::error_page::or_error(data.await, move |email: Option<String>| {
                        let Some(email) = email.filter(|_| problem != Some(LinkPasswordProblem::Gone)) else {
                            return view! {
                                <h1>{lang.t(T::LinkGone)}</h1>
                                <p class="lead" data-testid="gone">{lang.t(T::ResetGone)}</p>
                                <p><a href=FORGOTTEN_PATH>{lang.t(T::ResetAgain)}</a></p>
                            }
                            .into_any();
                        };
                        view! {
                            <h1>{lang.t(T::ResetTitle)}</h1>
                            <NewPasswordProblem problem=problem/>
                            <p class="lead">{super::text::reset_for(lang, &email)}</p>
                            <p id="password-rule">{lang.t(T::ResetRule)}</p>
                            <form class="stacked-form" method="post" action=action>
                                <NewPasswordInputs email=email problem=problem/>
                                <div class="form-buttons">
                                    <button type="submit" class="primary">{lang.t(T::ResetButton)}</button>
                                </div>
                            </form>
                        }
                        .into_any()
                    })
                })
            }}
        </Suspense>
    }
}
