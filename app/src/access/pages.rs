//! The sign-in page, the signed-in person's own page and the header's account links.
//!
//! Both forms are plain HTML posts handled by the server ([`super::routes`], the pattern of
//! `docs/DEVELOPING.md`), so they work the same with and without JavaScript.

use super::text::{self, T};
use super::{
    local_path, signed_in, Notice, Role, SignedIn, ACCOUNT_PATH, SIGN_IN_PATH, SIGN_OUT_PATH,
};
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos::server::SharedValue;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_query_map;

/// What the last sign-in form post left for the page: the notice and the address typed.
/// Read from the short-lived cookie on the server; the value travels with the page.
fn flash() -> Option<(Notice, String)> {
    SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            // Shown once: the next visit to the page starts clean.
            let value = crate::ui::take_page_cookie(super::FLASH_COOKIE, super::SIGN_IN_PATH)?;
            Notice::from_cookie_value(&value)
        }
        #[cfg(not(feature = "ssr"))]
        {
            None
        }
    })
    .into_inner()
}

/// `/inloggen`: e-mail address and password.
#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let next = query
        .read_untracked()
        .get("next")
        .and_then(|n| local_path(&n).map(str::to_owned))
        .unwrap_or_else(|| ACCOUNT_PATH.to_owned());
    let (notice, email) = match flash() {
        Some((notice, email)) => (Some(notice), email),
        None => (None, String::new()),
    };
    let error = notice.filter(|n| n.is_error());
    let invalid = error.map(|_| "true");
    let described = error.map(|_| "sign-in-error");
    let already = signed_in();

    view! {
        <Title text=lang.t(T::SignInTitle)/>
        <h1>{lang.t(T::SignInTitle)}</h1>
        {already.map(|me| view! {
            <p class="notice" role="note">
                {text::sign_in_already(lang, &me.name)}" "
                <A href=ACCOUNT_PATH>{lang.t(T::NavAccount)}</A>
            </p>
        })}
        {notice.map(|n| {
            let text = n.message(lang);
            if n.is_error() {
                view! {
                    <div class="error-summary" id="sign-in-error" role="alert" tabindex="-1" autofocus>
                        <p>{text}</p>
                    </div>
                }
                .into_any()
            } else {
                view! { <p class="notice" role="status">{text}</p> }.into_any()
            }
        })}
        <p>{lang.t(T::SignInIntro)}</p>
        <form class="stacked-form" method="post" action=SIGN_IN_PATH>
            <input type="hidden" name="next" value=next/>
            <div class="field">
                <label for="email">{lang.t(T::EmailLabel)}</label>
                <input
                    id="email"
                    name="email"
                    type="email"
                    autocomplete="username"
                    inputmode="email"
                    spellcheck="false"
                    required
                    value=email
                    aria-invalid=invalid
                    aria-describedby=described
                />
            </div>
            <div class="field">
                <label for="password">{lang.t(T::PasswordLabel)}</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    aria-invalid=invalid
                    aria-describedby=described
                />
            </div>
            <button type="submit" class="primary">{lang.t(T::SignInButton)}</button>
        </form>
        <p>
            {lang.t(T::SignInForgotten)}" "
            <a href=super::reset::FORGOTTEN_PATH>{lang.t(T::SignInForgottenLink)}</a>
        </p>
        <p>{lang.t(T::SignInHelp)}</p>
    }
}

/// `/mijn`: who is signed in, and the way out. Sends anyone not signed in to sign in.
#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    let Some(me) = signed_in() else {
        let back = format!(
            "{SIGN_IN_PATH}?next={}",
            super::percent_encode(ACCOUNT_PATH)
        );
        return view! { <Redirect path=back/> }.into_any();
    };
    let SignedIn {
        name,
        role,
        organisation,
        ..
    } = me;
    let next_step = match role {
        Role::Professional => view! {
            <p>
                {lang.t(T::AccountProfessionalNext)}" "
                <A href="/vragenlijsten">{lang.t(crate::ui::text::T::HomeCatalogueLink)}</A>
            </p>
            <p>
                <A href=crate::requests::desk::REQUESTS_PATH>
                    {lang.t(crate::requests::text::T::RequestsTitle)}
                </A>
            </p>
            <p>
                <A href=crate::requests::notify::NOTIFICATIONS_PATH>
                    {lang.t(crate::requests::text::T::NotificationsLink)}
                </A>
            </p>
            {crate::organisations::members::manages_members().then(|| view! {
                <p>
                    <A href=crate::organisations::members::MEMBERS_PATH>
                        {lang.t(crate::organisations::members::T::MembersLink)}
                    </A>
                </p>
            })}
        }
        .into_any(),
        Role::Patient => view! {
            <crate::requests::mine::MyRequests/>
            <crate::patients::consent::MyConsentSection/>
            <crate::carers::MyCarersSection/>
            <crate::audit::mine::MyAccessLog/>
        }
        .into_any(),
        Role::Carer => view! {
            <crate::carers::ActingForSection/>
            <crate::requests::mine::MyRequests/>
        }
        .into_any(),
    };
    view! {
        <Title text=lang.t(T::AccountTitle)/>
        <h1>{lang.t(T::AccountTitle)}</h1>
        <p data-testid="signed-in-as">{text::account_signed_in_as(lang, &name)}</p>
        <dl class="facts">
            <dt>{lang.t(T::AccountRole)}</dt>
            <dd>{role.label(lang)}</dd>
            {organisation.map(|org| view! {
                <dt>{lang.t(T::AccountOrganisation)}</dt>
                <dd>{org}</dd>
            })}
        </dl>
        {next_step}
        <super::second_factor::SecondStepSection/>
        <super::sessions::MySessions/>
        <SignOutButton/>
    }
    .into_any()
}

/// A form with one button that ends the session.
#[component]
fn SignOutButton() -> impl IntoView {
    let lang = use_lang();
    view! {
        <form class="sign-out" method="post" action=SIGN_OUT_PATH>
            <button type="submit" data-testid="sign-out">{lang.t(T::SignOutButton)}</button>
        </form>
    }
}

/// The header's account links: "Inloggen", or "Mijn Meetpunt" and "Uitloggen".
#[component]
pub fn AccountNav() -> impl IntoView {
    let lang = use_lang();
    match signed_in() {
        Some(_) => view! {
            <li><A href=ACCOUNT_PATH>{lang.t(T::NavAccount)}</A></li>
            <li><SignOutButton/></li>
        }
        .into_any(),
        None => view! { <li><A href=SIGN_IN_PATH>{lang.t(T::NavSignIn)}</A></li> }.into_any(),
    }
}

/// The inputs of a form that sets a password: a new password twice (and, hidden, the
/// account's name for password managers). Marked invalid when the form came back with a
/// problem. The page puts the password rule in an element with id `password-rule`.
#[component]
pub fn NewPasswordInputs(
    /// The account's e-mail address.
    email: String,
    /// Why the form came back, if it did.
    problem: Option<super::LinkPasswordProblem>,
) -> impl IntoView {
    let lang = use_lang();
    let invalid = problem.is_some().then_some("true");
    let mismatch = (problem == Some(super::LinkPasswordProblem::Mismatch)).then_some("true");
    view! {
        <input type="text" name="username" value=email autocomplete="username" hidden readonly/>
        <label for="password">{lang.t(T::NewPassword)}</label>
        <input type="password" id="password" name="password" required
            minlength=super::PASSWORD_MIN_CHARS autocomplete="new-password"
            aria-describedby="password-rule" aria-invalid=invalid/>
        <label for="repeat">{lang.t(T::NewPasswordRepeat)}</label>
        <input type="password" id="repeat" name="repeat" required
            autocomplete="new-password" aria-invalid=mismatch/>
    }
}

/// The error summary of a form that sets a password, when it came back with a problem.
#[component]
pub fn NewPasswordProblem(problem: Option<super::LinkPasswordProblem>) -> impl IntoView {
    let lang = use_lang();
    problem.map(|p| {
        view! {
            <div class="error-summary" role="alert" tabindex="-1" autofocus>
                <h2>{lang.t(T::FormProblem)}</h2>
                <p><a href="#password">{p.message(lang)}</a></p>
            </div>
        }
    })
}
