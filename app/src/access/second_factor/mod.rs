//! The second step of signing in: after the password, a six-digit code from an app on the
//! person's phone (TOTP), or one of their recovery codes when the phone is lost.
//!
//! Required for professionals (a setting, on by default): one without a second step sets
//! it up right after their password, before they can do anything else. Patients and carers
//! may turn it on from their own page. Every page here is a plain form that works without
//! JavaScript: the QR code is drawn on the server, with its key shown as text beside it.
//! The form handlers are in [`routes`], the database side in `access::server::second_factor`.

pub mod text;

#[cfg(feature = "ssr")]
pub mod routes;

use crate::error::AppError;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos::server::SharedValue;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use text::T;

/// The page and form for the code after the password.
pub const CODE_PATH: &str = "/inloggen/code";
/// The page to set up (or manage) the second step, and its first code's form.
pub const SETUP_PATH: &str = "/inlogcode";
/// The page that shows new recovery codes once, and the form that makes new ones.
pub const CODES_PATH: &str = "/inlogcode/herstelcodes";
/// The form that turns the second step off.
pub const OFF_PATH: &str = "/inlogcode/uitzetten";
/// The cookie of a sign-in whose password was right and that waits for its second step.
pub const PENDING_COOKIE: &str = "meetpunt_pending";
/// The short-lived cookie that brings new recovery codes to [`CODES_PATH`], once.
pub const CODES_COOKIE: &str = "meetpunt_codes";
/// How long a sign-in waits for its second step, in seconds.
pub const PENDING_SECONDS: u64 = 300;
/// How many recovery codes a person gets.
pub const RECOVERY_CODES: usize = 10;

/// What a sign-in with a right password waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// The code from the app (or a recovery code).
    Code,
    /// Setting up the second step first (a professional without one).
    Enrol,
}

impl Stage {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Stage::Code => "code",
            Stage::Enrol => "enrol",
        }
    }

    /// Reads [`Stage::code`].
    pub fn parse(code: &str) -> Option<Stage> {
        [Stage::Code, Stage::Enrol]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// The page this stage is done on.
    pub fn path(self) -> &'static str {
        match self {
            Stage::Code => CODE_PATH,
            Stage::Enrol => SETUP_PATH,
        }
    }
}

/// Why a code was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeProblem {
    /// Nothing typed.
    Missing,
    /// Not the right code (or used before).
    Wrong,
    /// Too many wrong codes: wait this many minutes.
    Waiting(u64),
    /// A professional may not turn the second step off.
    Required,
}

impl CodeProblem {
    /// The form in a query string.
    pub fn code(self) -> String {
        match self {
            CodeProblem::Missing => "leeg".into(),
            CodeProblem::Wrong => "fout".into(),
            CodeProblem::Waiting(minutes) => format!("wacht-{minutes}"),
            CodeProblem::Required => "verplicht".into(),
        }
    }

    /// Reads [`CodeProblem::code`].
    pub fn parse(code: &str) -> Option<CodeProblem> {
        match code {
            "leeg" => Some(CodeProblem::Missing),
            "fout" => Some(CodeProblem::Wrong),
            "verplicht" => Some(CodeProblem::Required),
            other => Some(CodeProblem::Waiting(
                other.strip_prefix("wacht-")?.parse().ok()?,
            )),
        }
    }

    /// The message; `first` when the code was the first one of setting up.
    pub fn message(self, lang: crate::ui::i18n::Lang, first: bool) -> String {
        match self {
            CodeProblem::Missing => lang.t(T::CodeMissing).into(),
            CodeProblem::Wrong if first => lang.t(T::SetupFirstCodeWrong).into(),
            CodeProblem::Wrong => lang.t(T::CodeWrong).into(),
            CodeProblem::Waiting(minutes) => text::code_waiting(lang, minutes),
            CodeProblem::Required => lang.t(T::OffRequired).into(),
        }
    }
}

/// The value of [`CODES_COOKIE`]: where to go on (percent-encoded), then the codes, each
/// after a `!` (which percent-encoding never leaves).
pub fn codes_cookie_value(next: &str, codes: &[String]) -> String {
    let mut value = super::percent_encode(next);
    for code in codes {
        value.push('!');
        value.push_str(code);
    }
    value
}

/// Reads [`codes_cookie_value`]; `None` when malformed.
pub fn read_codes_cookie(value: &str) -> Option<(String, Vec<String>)> {
    let mut parts = value.split('!');
    let next = super::percent_decode(parts.next()?)?;
    let next = super::local_path(&next)?.to_owned();
    let codes: Vec<String> = parts.map(str::to_owned).collect();
    let ok = !codes.is_empty()
        && codes.len() <= RECOVERY_CODES
        && codes
            .iter()
            .all(|c| c.len() <= 16 && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    ok.then_some((next, codes))
}

/// What the setup page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Setup {
    /// Nobody to set it up for: sign in first.
    SignIn,
    /// Being set up: the QR code (an SVG element drawn here) and its key as text.
    Scan {
        /// The QR code.
        qr_svg: String,
        /// The key, in groups of four.
        key: String,
        /// Whether it is required (a professional signing in).
        required: bool,
    },
    /// On.
    On {
        /// Unused recovery codes.
        codes_left: i64,
        /// Whether the person may turn it off.
        may_turn_off: bool,
    },
}

/// The setup page's content for the signed-in person, or for a professional signing in who
/// has to set it up first. Opening the page makes the secret to scan (kept until it is
/// confirmed; opening the page again shows the same one). The person's own account, not a
/// patient's data: nothing to log.
#[server(endpoint = "access/second-step")]
pub async fn setup_shown() -> Result<Setup, AppError> {
    use super::server::second_factor as factor;
    let state = crate::state::AppState::from_context()?;
    let now = state.now();
    let token = |name| {
        crate::ui::page_cookie(name, "/")
            .and_then(|value| super::server::SecretToken::from_cookie(&value))
    };
    // Who asks: the signed-in person, or a professional signing in who sets it up first;
    // the secret being set up is shown only to the session or sign-in that asked for it.
    let (account, required, holder) = match (super::session(), token(super::SESSION_COOKIE)) {
        (Some(session), Some(token)) => (
            session.account_id,
            state.access.requires_second_factor(session.role),
            token.hash(),
        ),
        _ => {
            let Some(token) = token(PENDING_COOKIE) else {
                return Ok(Setup::SignIn);
            };
            match factor::pending(&state.store, &token, now).await? {
                Some(pending) if pending.stage == Stage::Enrol => {
                    (pending.account, true, token.hash())
                }
                _ => return Ok(Setup::SignIn),
            }
        }
    };
    let signed_in = super::session().is_some();
    let secret = factor::start_setup(&state.store, account, &holder, now)
        .await
        .map_err(AppError::from)?;
    let Some(secret) = secret else {
        if !signed_in {
            return Ok(Setup::SignIn);
        }
        return Ok(Setup::On {
            codes_left: factor::codes_left(&state.store, account).await?,
            may_turn_off: !required,
        });
    };
    let email = sqlx::query_scalar::<_, String>("SELECT email FROM accounts WHERE id = $1")
        .bind(account.0)
        .fetch_one(state.store.pool())
        .await
        .map_err(crate::db::StoreError::from)?;
    let lang = crate::ui::current_lang();
    let qr_svg = factor::qr_svg(&secret.otpauth_uri(&email), lang.t(T::SetupQrLabel))
        .map_err(AppError::from)?;
    Ok(Setup::Scan {
        qr_svg,
        key: secret.grouped(),
        required,
    })
}

/// Whether the signed-in person's second step is on (for their own page).
#[server(endpoint = "access/second-step-on")]
pub async fn second_step_on() -> Result<bool, AppError> {
    let state = crate::state::AppState::from_context()?;
    let session = super::session().ok_or(AppError::NotSignedIn)?;
    let mut conn = state.store.conn().await?;
    Ok(super::server::second_factor::is_on(&mut conn, session.account_id).await?)
}

/// The problem a form came back with (`?fout=`), and which form (`?bij=`).
fn problem() -> (Option<CodeProblem>, Option<String>) {
    let query = use_query_map().read_untracked();
    (
        query.get("fout").and_then(|c| CodeProblem::parse(&c)),
        query.get("bij"),
    )
}

/// The error summary of a code form, pointing at its field (which names it in its
/// description).
#[component]
fn CodeError(problem: CodeProblem, field: &'static str, first: bool) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="error-summary" id="code-error" role="alert" tabindex="-1" autofocus>
            <h2>{lang.t(super::text::T::FormProblem)}</h2>
            <p><a href=format!("#{field}")>{problem.message(lang, first)}</a></p>
        </div>
    }
}

/// A code field with its label and hint. Recovery codes have letters, so the keyboard is a
/// text one unless only the app's digits fit (`digits_only`); phones fill in a code they
/// received where they can.
#[component]
fn CodeInput(
    id: &'static str,
    invalid: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] described: Option<&'static str>,
    #[prop(optional)] digits_only: bool,
) -> impl IntoView {
    let lang = use_lang();
    let hint_id = format!("{id}-hint");
    let mut description: Vec<String> = Vec::new();
    if hint.is_some() {
        description.push(hint_id.clone());
    }
    description.extend(described.map(str::to_owned));
    if invalid {
        description.push("code-error".to_owned());
    }
    let description = (!description.is_empty()).then(|| description.join(" "));
    view! {
        <div class="field">
            <label for=id>{lang.t(T::CodeLabel)}</label>
            {hint.map(|text| view! { <p class="hint" id=hint_id>{text}</p> })}
            <input type="text" id=id name="code" required autocomplete="one-time-code"
                inputmode=if digits_only { "numeric" } else { "text" }
                autocapitalize="none" spellcheck="false" maxlength="16"
                class="code-input" aria-describedby=description
                aria-invalid=invalid.then_some("true")/>
        </div>
    }
}

/// `/inloggen/code`: the code after a right password.
#[component]
pub fn CodePage() -> impl IntoView {
    let lang = use_lang();
    let (problem, _) = problem();
    view! {
        <Title text=lang.t(T::CodeTitle)/>
        <h1>{lang.t(T::CodeTitle)}</h1>
        {problem.map(|p| view! { <CodeError problem=p field="code" first=false/> })}
        <p>{lang.t(T::CodeIntro)}</p>
        <form class="stacked-form" method="post" action=CODE_PATH>
            <CodeInput id="code" invalid=problem.is_some() hint=lang.t(T::CodeHint)/>
            <div class="form-buttons">
                <button type="submit" class="primary">{lang.t(T::CodeButton)}</button>
            </div>
        </form>
        <p><a href=super::SIGN_IN_PATH>{lang.t(T::CodeAgain)}</a></p>
        <p>{lang.t(super::text::T::SignInHelp)}</p>
    }
}

/// `/inlogcode`: set up the second step (scan, then the first code), or, once on, make new
/// recovery codes or turn it off.
#[component]
pub fn SetupPage() -> impl IntoView {
    let lang = use_lang();
    let shown = Resource::new(|| (), |_| setup_shown());
    let (problem, form) = problem();
    let turned_off = use_query_map().read_untracked().get("uit").is_some();
    view! {
        <Suspense>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    match shown.await {
                        Ok(Setup::SignIn) => view! {
                            <leptos_router::components::Redirect path=format!(
                                "{}?next={}", super::SIGN_IN_PATH, super::percent_encode(SETUP_PATH)
                            )/>
                        }
                        .into_any(),
                        Ok(Setup::Scan { qr_svg, key, required }) => view! {
                            <Scan qr_svg key required problem turned_off/>
                        }
                        .into_any(),
                        Ok(Setup::On { codes_left, may_turn_off }) => view! {
                            <On codes_left may_turn_off problem form/>
                        }
                        .into_any(),
                        Err(_) => view! {
                            <Title text=lang.t(T::SetupTitle)/>
                            <h1>{lang.t(T::SetupTitle)}</h1>
                            <p role="alert">{lang.t(crate::ui::text::T::ErrorUnavailable)}</p>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Setting up: the steps, the QR code, the key, the first code — or, right after it was
/// turned off, only that news and the way to set it up again.
#[component]
fn Scan(
    qr_svg: String,
    key: String,
    required: bool,
    problem: Option<CodeProblem>,
    turned_off: bool,
) -> impl IntoView {
    let lang = use_lang();
    let back = if required {
        view! {
            <p><a href=super::SIGN_IN_PATH>{lang.t(T::CodeAgain)}</a></p>
            <p>{lang.t(super::text::T::SignInHelp)}</p>
        }
        .into_any()
    } else {
        view! { <p><a href=super::ACCOUNT_PATH>{lang.t(super::text::T::NavAccount)}</a></p> }
            .into_any()
    };
    if turned_off {
        return view! {
            <Title text=lang.t(T::SectionTitle)/>
            <h1>{lang.t(T::SectionTitle)}</h1>
            <p class="notice" role="status">{lang.t(T::TurnedOff)}</p>
            <p><a href=SETUP_PATH>{lang.t(T::SetUpAgain)}</a></p>
            {back}
        }
        .into_any();
    }
    view! {
        <Title text=lang.t(T::SetupTitle)/>
        <h1>{lang.t(T::SetupTitle)}</h1>
        {problem.map(|p| view! { <CodeError problem=p field="first-code" first=true/> })}
        <p>{lang.t(if required { T::SetupRequired } else { T::SetupIntro })}</p>
        <ol class="steps">
            <li>{lang.t(T::SetupStepApp)}</li>
            <li>
                <p>{lang.t(T::SetupStepScan)}</p>
                <div class="qr-code" inner_html=qr_svg></div>
                <p>
                    {lang.t(T::SetupKey)}": "
                    <code class="secret-key" data-testid="secret-key">{key}</code>
                </p>
            </li>
            <li>
                <form class="stacked-form" method="post" action=SETUP_PATH>
                    <CodeInput id="first-code" invalid=problem.is_some()
                        hint=lang.t(T::SetupStepCode) digits_only=true/>
                    <div class="form-buttons">
                        <button type="submit" class="primary">{lang.t(T::SetupButton)}</button>
                    </div>
                </form>
            </li>
        </ol>
        {back}
    }
    .into_any()
}

/// On: new recovery codes, and (where allowed) turning it off.
#[component]
fn On(
    codes_left: i64,
    may_turn_off: bool,
    problem: Option<CodeProblem>,
    form: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let off_form = form.as_deref() == Some("uit");
    let renew_problem = problem.filter(|_| !off_form);
    let off_problem = problem.filter(|_| off_form);
    let off = if may_turn_off {
        view! {
            <p id="off-intro">{lang.t(T::OffIntro)}</p>
            <form class="stacked-form" method="post" action=OFF_PATH>
                <CodeInput id="off-code" invalid=off_problem.is_some() described="off-intro"/>
                <div class="form-buttons">
                    <button type="submit">{lang.t(T::OffButton)}</button>
                </div>
            </form>
        }
        .into_any()
    } else {
        view! { <p>{lang.t(T::OffRequired)}</p> }.into_any()
    };
    view! {
        <Title text=lang.t(T::OnTitle)/>
        <h1>{lang.t(T::OnTitle)}</h1>
        {renew_problem.map(|p| view! { <CodeError problem=p field="renew-code" first=false/> })}
        {off_problem.map(|p| {
            let field = if p == CodeProblem::Required { "off-title" } else { "off-code" };
            view! { <CodeError problem=p field=field first=false/> }
        })}
        <p data-testid="second-step-on">{lang.t(T::OnIntro)}</p>
        <p data-testid="codes-left">{text::codes_left(lang, codes_left)}</p>
        <section aria-labelledby="renew-title">
            <h2 id="renew-title">{lang.t(T::RenewTitle)}</h2>
            <p id="renew-intro">{lang.t(T::RenewIntro)}</p>
            <form class="stacked-form" method="post" action=CODES_PATH>
                <CodeInput id="renew-code" invalid=renew_problem.is_some() described="renew-intro"/>
                <div class="form-buttons">
                    <button type="submit">{lang.t(T::RenewButton)}</button>
                </div>
            </form>
        </section>
        <section aria-labelledby="off-title">
            <h2 id="off-title">{lang.t(T::OffTitle)}</h2>
            {off}
        </section>
        <p><a href=super::ACCOUNT_PATH>{lang.t(super::text::T::NavAccount)}</a></p>
    }
}

/// The codes the last form left for [`CodesPage`], read (and cleared) on the server.
fn new_codes() -> Option<(String, Vec<String>)> {
    SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            let value = crate::ui::take_page_cookie(CODES_COOKIE, CODES_PATH)?;
            read_codes_cookie(&value)
        }
        #[cfg(not(feature = "ssr"))]
        {
            None
        }
    })
    .into_inner()
}

/// `/inlogcode/herstelcodes`: new recovery codes, shown this once.
#[component]
pub fn CodesPage() -> impl IntoView {
    let lang = use_lang();
    let body = match new_codes() {
        Some((next, codes)) => view! {
            <p>{lang.t(T::CodesIntro)}</p>
            <ol class="recovery-codes" data-testid="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ol>
            <p><a class="button primary" href=next>{lang.t(T::CodesDone)}</a></p>
        }
        .into_any(),
        None => view! {
            <p>{lang.t(T::CodesGone)}</p>
            <p><a href=SETUP_PATH>{lang.t(T::SectionManage)}</a></p>
        }
        .into_any(),
    };
    view! {
        <Title text=lang.t(T::CodesTitle)/>
        <h1>{lang.t(T::CodesTitle)}</h1>
        {body}
    }
}

/// "Inloggen met een code" on the person's own page: whether it is on, and the way to it.
#[component]
pub fn SecondStepSection() -> impl IntoView {
    let lang = use_lang();
    let on = Resource::new(|| (), |_| second_step_on());
    view! {
        <section aria-labelledby="second-step-title">
            <h2 id="second-step-title">{lang.t(T::SectionTitle)}</h2>
            <Suspense>
                {move || Suspend::new(async move {
                    match on.await {
                        Ok(true) => view! {
                            <p data-testid="second-step-status">{lang.t(T::OnIntro)}</p>
                            <p><a href=SETUP_PATH>{lang.t(T::SectionManage)}</a></p>
                        }
                        .into_any(),
                        Ok(false) => view! {
                            <p data-testid="second-step-status">{lang.t(T::SectionOff)}</p>
                            <p><a href=SETUP_PATH>{lang.t(T::SectionSetUp)}</a></p>
                        }
                        .into_any(),
                        Err(_) => ().into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_and_stages_survive_their_codes() {
        for p in [
            CodeProblem::Missing,
            CodeProblem::Wrong,
            CodeProblem::Waiting(7),
            CodeProblem::Required,
        ] {
            assert_eq!(CodeProblem::parse(&p.code()), Some(p));
        }
        assert_eq!(CodeProblem::parse("wacht-x"), None);
        for s in [Stage::Code, Stage::Enrol] {
            assert_eq!(Stage::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn the_codes_cookie_carries_a_local_path_and_codes_only() {
        let codes = vec!["abcde-fghjk".to_string(), "23456-789ab".to_string()];
        let value = codes_cookie_value("/verzoeken?x=1", &codes);
        assert_eq!(
            read_codes_cookie(&value),
            Some(("/verzoeken?x=1".to_string(), codes))
        );
        assert_eq!(
            read_codes_cookie("https%3A%2F%2Fevil.example.abcde-fghjk"),
            None
        );
        assert_eq!(read_codes_cookie("%2Fmijn"), None, "no codes");
        assert_eq!(read_codes_cookie("%2Fmijn.<script>"), None);
    }
}
