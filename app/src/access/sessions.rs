//! A person's own sessions on their page: where they are signed in now, and one button that
//! signs them out everywhere (the form's handler is in `routes`).

use super::text::T;
use crate::error::AppError;
use crate::ui::use_lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One live session as its owner reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionShown {
    /// When it started, on the Dutch clock.
    pub started: String,
    /// When it was last used, on the Dutch clock.
    pub last_used: String,
    /// The internet address it started from, if known.
    pub from: Option<String>,
    /// Whether it is the session of this page.
    pub this_one: bool,
}

/// The signed-in person's live sessions, newest first. Their own data, not a patient's:
/// nothing to log.
#[server(endpoint = "access/sessions")]
pub async fn own_sessions() -> Result<Vec<SessionShown>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let session = super::session().ok_or(AppError::NotSignedIn)?;
    let current = crate::ui::page_cookie(super::SESSION_COOKIE, "/")
        .and_then(|value| super::server::SecretToken::from_cookie(&value))
        .map(|token| token.hash());
    let sessions = super::server::own_sessions(
        &state.store,
        &state.access,
        session.account_id,
        current.as_deref(),
        state.now(),
    )
    .await?;
    let lang = crate::ui::current_lang();
    let moment = |at: String| {
        at.parse::<jiff::Timestamp>()
            .map(|t| lang.moment(t))
            .unwrap_or(at)
    };
    Ok(sessions
        .into_iter()
        .map(|s| SessionShown {
            started: moment(s.started),
            last_used: moment(s.last_seen),
            from: s.client,
            this_one: s.this_one,
        })
        .collect())
}

/// "Waar u bent ingelogd": the list, and the button that ends them all.
#[component]
pub fn MySessions() -> impl IntoView {
    let lang = use_lang();
    let sessions = Resource::new(|| (), |_| own_sessions());
    view! {
        <section aria-labelledby="sessions-title">
            <h2 id="sessions-title">{lang.t(T::SessionsTitle)}</h2>
            <p>{lang.t(T::SessionsIntro)}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    let sessions = match sessions.await {
                        Ok(sessions) => sessions,
                        Err(error) => return crate::ui::error_page::section_error(error),
                    };
                    let rows = sessions
                        .into_iter()
                        .map(|s| {
                            let from = s
                                .from
                                .unwrap_or_else(|| lang.t(T::SessionsUnknownAddress).to_owned());
                            view! {
                                <tr data-this=s.this_one.then_some("true")>
                                    <td>
                                        {s.started}
                                        {s.this_one.then(|| view! {
                                            " "<strong class="tag">{lang.t(T::SessionsThisOne)}</strong>
                                        })}
                                    </td>
                                    <td>{s.last_used}</td>
                                    <td>{from}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="table-scroll" role="region" aria-labelledby="sessions-title" tabindex="0">
                            <table class="data" data-testid="sessions">
                                <thead><tr>
                                    <th scope="col">{lang.t(T::SessionsStarted)}</th>
                                    <th scope="col">{lang.t(T::SessionsLastUsed)}</th>
                                    <th scope="col">{lang.t(T::SessionsFrom)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                })}
            </Suspense>
            <form method="post" action=super::END_ALL_SESSIONS_PATH>
                <button type="submit" data-testid="end-all-sessions">
                    {lang.t(T::SessionsEndAll)}
                </button>
            </form>
        </section>
    }
}
