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
use leptos_router::hooks::use_query_map;

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

/// The address an account link is for (`None`: it does not work): a reset link, or with
/// `activation` an activation link.
#[server(endpoint = "access/link")]
pub async fn link_shown(token: String, activation: bool) -> Result<Option<String>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let purpose = if activation {
        server::Purpose::Activation
    } else {
        server::Purpose::Reset
    };
    Ok(server::shown(&state.store, &token, purpose, state.now()).await?)
}

/// `/wachtwoord-herstellen/:token`: choose a new password.
#[component]
pub fn ResetPage() -> impl IntoView {
    view! { <AccountLinkPage activation=false/> }
}

/// The page behind an account link: the password (twice) for the account it names, or,
/// when the link does not work, what to do instead.
#[component]
pub fn AccountLinkPage(
    /// An activation link (else a reset link).
    activation: bool,
) -> impl IntoView {
    let lang = use_lang();
    crate::requests::pages::no_store();
    let token = crate::ui::route_param("token");
    let problem = use_query_map()
        .read_untracked()
        .get("fout")
        .and_then(|code| LinkPasswordProblem::parse(&code));
    let (title, rule, button, gone, prefix) = if activation {
        (
            T::ActivateTitle,
            T::ActivateRule,
            T::ActivateButton,
            T::ActivateGone,
            super::activation::ACTIVATION_PREFIX,
        )
    } else {
        (
            T::ResetTitle,
            T::ResetRule,
            T::ResetButton,
            T::ResetGone,
            RESET_PREFIX,
        )
    };
    let (again, again_path) = if activation {
        (T::BackToSignIn, super::SIGN_IN_PATH)
    } else {
        (T::ResetAgain, FORGOTTEN_PATH)
    };
    let action = format!("{prefix}{token}");
    let data = Resource::new(move || (), move |_| link_shown(token.clone(), activation));
    view! {
        <Title text=lang.t(title)/>
        <Suspense>
            {move || {
                let action = action.clone();
                Suspend::new(async move {
                    crate::ui::error_page::or_error(data.await, move |email: Option<String>| {
                        let Some(email) = email.filter(|_| problem != Some(LinkPasswordProblem::Gone)) else {
                            return view! {
                                <h1>{lang.t(T::LinkGone)}</h1>
                                <p class="lead" data-testid="gone">{lang.t(gone)}</p>
                                <p><a href=again_path>{lang.t(again)}</a></p>
                            }
                            .into_any();
                        };
                        let lead = if activation {
                            super::text::activate_for(lang, &email)
                        } else {
                            super::text::reset_for(lang, &email)
                        };
                        view! {
                            <h1>{lang.t(title)}</h1>
                            <NewPasswordProblem problem=problem/>
                            <p class="lead">{lead}</p>
                            <p id="password-rule">{lang.t(rule)}</p>
                            <form class="stacked-form" method="post" action=action>
                                <NewPasswordInputs email=email problem=problem/>
                                <div class="form-buttons">
                                    <button type="submit" class="primary">{lang.t(button)}</button>
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
