//! An organisation's members, for whoever manages them (a GP practice's level A, elsewhere a
//! Hoofdzorgverlener): who is a member, at which level and since when, who left; and ending a
//! colleague's membership when they leave, which ends their sessions at once and keeps what
//! they entered attributed to them. Plain pages and forms; no JavaScript needed.

use crate::error::AppError;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos::server::SharedValue;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// Where the members are listed.
pub const MEMBERS_PATH: &str = "/organisatie";
/// Where the organisation's access log is downloaded.
pub const ACCESS_LOG_PATH: &str = "/organisatie/toegangslog";

crate::texts! {
    MembersTitle { nl: "Leden van uw organisatie", en: "Members of your organisation" }
    MembersIntro {
        nl: "Iedere zorgverlener heeft een eigen account. Gaat iemand weg? Beëindig dan het lidmaatschap: die persoon is meteen uitgelogd en kan niet meer inloggen voor uw organisatie. Wat hij of zij heeft ingevoerd, blijft op zijn of haar naam staan.",
        en: "Every professional has their own account. Is someone leaving? End their membership: they are signed out at once and can no longer sign in for your organisation. What they entered stays under their name.",
    }
    ColumnName { nl: "Naam", en: "Name" }
    ColumnEmail { nl: "E-mailadres", en: "E-mail address" }
    ColumnLevel { nl: "Niveau", en: "Level" }
    ColumnSince { nl: "Lid sinds", en: "Member since" }
    ColumnAction { nl: "Actie", en: "Action" }
    EndButton { nl: "Lidmaatschap beëindigen", en: "End membership" }
    You { nl: "(u)", en: "(you)" }
    LeftTitle { nl: "Vertrokken", en: "Left" }
    ColumnLeft { nl: "Vertrokken op", en: "Left on" }
    Ended { nl: "Het lidmaatschap is beëindigd.", en: "The membership has been ended." }
    MembersLink { nl: "Leden van uw organisatie beheren", en: "Manage your organisation's members" }
    LogTitle { nl: "Toegangslog (NEN 7513)", en: "Access log (NEN 7513)" }
    LogIntro {
        nl: "Alles wat voor uw organisatie met patiëntgegevens is gedaan: wie, wanneer, bij welke patiënt, wat, en of het mocht. Kies de eerste en de laatste dag.",
        en: "Everything done with patient data for your organisation: who, when, for which patient, what, and whether it was allowed. Choose the first and the last day.",
    }
    LogFrom { nl: "Van (dag)", en: "From (day)" }
    LogTo { nl: "Tot en met (dag)", en: "To (day, included)" }
    LogButton { nl: "Toegangslog downloaden (CSV)", en: "Download the access log (CSV)" }
    LogProblem {
        nl: "Kies twee dagen, de eerste niet na de laatste, bijvoorbeeld 01-11-2026 en 30-11-2026.",
        en: "Choose two days, the first not after the last, for example 01-11-2026 and 30-11-2026.",
    }
}

crate::text_fns! {
    /// The end button's words for screen readers, naming whom.
    fn end_for(name: &str) {
        nl: "Lidmaatschap van {name} beëindigen",
        en: "End the membership of {name}",
    }
}

/// One member as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The account's id (for the form).
    pub account: i64,
    /// The name.
    pub name: String,
    /// The e-mail address.
    pub email: String,
    /// The level's code.
    pub level: String,
    /// The day the membership began.
    pub since: String,
    /// The day it ended, if it did.
    pub left: Option<String>,
    /// The manager looking at the page.
    pub is_you: bool,
}

/// The members of the signed-in manager's organisation, current ones first.
#[server(endpoint = "organisations/members")]
pub async fn members() -> Result<Vec<Member>, AppError> {
    crate::error::answer(server::members().await)
}

/// Reading and changing memberships (server only).
#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::access::server::Session;
    use crate::db::StoreError;
    use sqlx::Row;

    /// The session's organisation, when the session may manage its members.
    pub fn managed(session: Option<&Session>) -> Result<&str, AppError> {
        let session = session.ok_or(AppError::NotSignedIn)?;
        session
            .membership
            .as_ref()
            .filter(|m| m.level.fits(m.kind) && m.level.manages_members())
            .map(|m| m.organisation.as_str())
            .ok_or(AppError::Forbidden)
    }

    fn day(stored: &str) -> String {
        crate::db::parse_timestamp(stored)
            .map(crate::measurements::clock::today)
            .map(|d| d.strftime("%d-%m-%Y").to_string())
            .unwrap_or_default()
    }

    pub(super) async fn members() -> Result<Vec<Member>, AppError> {
        let state = crate::state::AppState::from_context()?;
        let session = crate::access::session();
        let organisation = managed(session.as_ref())?;
        let me = session.as_ref().map(|s| s.account_id.0);
        let rows = sqlx::query(
            "SELECT a.id, a.display_name AS name, a.email, m.level, m.created_at, m.ended_at
             FROM memberships m JOIN accounts a ON a.id = m.account_id
             WHERE m.organisation_id = $1
             ORDER BY m.ended_at IS NOT NULL, a.display_name, a.id",
        )
        .bind(organisation)
        .fetch_all(state.store.pool())
        .await
        .map_err(StoreError::from)?;
        rows.iter()
            .map(|row| -> Result<Member, StoreError> {
                let account: i64 = row.try_get("id")?;
                Ok(Member {
                    account,
                    name: row.try_get("name")?,
                    email: row.try_get("email")?,
                    level: row.try_get("level")?,
                    since: day(&row.try_get::<String, _>("created_at")?),
                    left: row
                        .try_get::<Option<String>, _>("ended_at")?
                        .map(|t| day(&t)),
                    is_you: Some(account) == me,
                })
            })
            .collect::<Result<_, _>>()
            .map_err(AppError::from)
    }

    /// What was done for the manager's organisation from `first` to `last` (Dutch calendar
    /// days, both included), as CSV; the export is logged.
    pub async fn access_log(
        state: &crate::state::AppState,
        session: &Session,
        first: jiff::civil::Date,
        last: jiff::civil::Date,
        client: Option<&str>,
    ) -> Result<String, AppError> {
        use crate::audit::{Action, Entry, Outcome};
        let organisation = managed(Some(session))?;
        let (from, to) = crate::audit::server::days(first, last).ok_or(AppError::BadRequest)?;
        let records =
            crate::audit::server::between_for(&state.store, Some(organisation), from, to).await?;
        let mut conn = state.store.conn().await?;
        let entry = Entry {
            actor: Some(session.account_id),
            role: Some(session.role.code()),
            organisation: session.membership.as_ref().map(|m| m.organisation.clone()),
            patient: None,
            action: Action::AccessLogExported,
            object: Some(format!("audit:{first}..{last}")),
            outcome: Outcome::Success,
            client: client.map(str::to_owned),
        };
        crate::audit::server::record(&mut conn, &entry, state.now()).await?;
        Ok(crate::audit::server::csv(&records))
    }

    /// Ends the current membership of `account` in the manager's organisation (not their
    /// own): its sessions end at once; logged. A member of another organisation, one who left
    /// already or an account that does not exist are refused alike.
    pub async fn end(
        state: &crate::state::AppState,
        session: &Session,
        account: i64,
    ) -> Result<(), AppError> {
        let organisation = managed(Some(session))?;
        if account == session.account_id.0 {
            return Err(AppError::BadRequest);
        }
        let email: String = sqlx::query(
            "SELECT a.email FROM memberships m JOIN accounts a ON a.id = m.account_id
             WHERE m.account_id = $1 AND m.organisation_id = $2 AND m.ended_at IS NULL",
        )
        .bind(account)
        .bind(organisation)
        .fetch_optional(state.store.pool())
        .await
        .map_err(StoreError::from)?
        .ok_or(AppError::Forbidden)?
        .try_get("email")
        .map_err(StoreError::from)?;
        crate::access::server::end_membership(&state.store, &email, organisation, state.now())
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "a membership could not be ended");
                AppError::Unavailable
            })
    }
}

/// Whether the signed-in person manages their organisation's members (server-rendered pages).
pub fn manages_members() -> bool {
    SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            server::managed(crate::access::session().as_ref()).is_ok()
        }
        #[cfg(not(feature = "ssr"))]
        {
            false
        }
    })
    .into_inner()
}

/// `/organisatie`: the members, with a button to end each colleague's membership.
#[component]
pub fn MembersPage() -> impl IntoView {
    let lang = use_lang();
    let (ended, problem) = {
        let query = use_query_map().read_untracked();
        (
            query.get("beeindigd").is_some(),
            query.get("fout").is_some(),
        )
    };
    let list = Resource::new(|| (), |_| members());
    view! {
        <Title text=lang.t(T::MembersTitle)/>
        <h1>{lang.t(T::MembersTitle)}</h1>
        <p class="lead">{lang.t(T::MembersIntro)}</p>
        {ended.then(|| view! { <div class="notice" role="status" tabindex="-1" autofocus data-testid="ended"><p>{lang.t(T::Ended)}</p></div> })}
        <Suspense>
            {move || Suspend::new(async move {
                let log = view! {
                    <h2 id="toegangslog">{lang.t(T::LogTitle)}</h2>
                    <p>{lang.t(T::LogIntro)}</p>
                    {problem.then(|| view! {
                        <div class="error-summary" role="alert" tabindex="-1" autofocus>
                            <p><a href="#log-van">{lang.t(T::LogProblem)}</a></p>
                        </div>
                    })}
                    <form class="inline-form" method="get" action=ACCESS_LOG_PATH>
                        <label for="log-van">{lang.t(T::LogFrom)}</label>
                        <input type="date" id="log-van" name="van" required aria-invalid=problem.then_some("true")/>
                        <label for="log-tot">{lang.t(T::LogTo)}</label>
                        <input type="date" id="log-tot" name="tot" required/>
                        <button type="submit">{lang.t(T::LogButton)}</button>
                    </form>
                };
                crate::ui::error_page::or_error(list.await, |members: Vec<Member>| {
                        let (current, left): (Vec<Member>, Vec<Member>) =
                            members.into_iter().partition(|m| m.left.is_none());
                        let rows = current
                            .into_iter()
                            .map(|m| {
                                let action = if m.is_you {
                                    view! { <span>{lang.t(T::You)}</span> }.into_any()
                                } else {
                                    view! {
                                        <form method="post" action=format!("{MEMBERS_PATH}/leden/{}/beeindigen", m.account)>
                                            <button type="submit" aria-label=end_for(lang, &m.name)>{lang.t(T::EndButton)}</button>
                                        </form>
                                    }
                                    .into_any()
                                };
                                view! {
                                    <tr>
                                        <th scope="row">{m.name}</th>
                                        <td>{m.email}</td>
                                        <td>{m.level}</td>
                                        <td>{m.since}</td>
                                        <td>{action}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        let no_one_left = left.is_empty();
                        let left_rows = left
                            .into_iter()
                            .map(|m| view! {
                                <tr>
                                    <th scope="row">{m.name}</th>
                                    <td>{m.email}</td>
                                    <td>{m.level}</td>
                                    <td>{m.left.unwrap_or_default()}</td>
                                </tr>
                            })
                            .collect_view();
                        view! {
                            <div class="table-scroll">
                                <table class="data" data-testid="members">
                                    <caption class="visually-hidden">{lang.t(T::MembersTitle)}</caption>
                                    <thead><tr>
                                        <th scope="col">{lang.t(T::ColumnName)}</th>
                                        <th scope="col">{lang.t(T::ColumnEmail)}</th>
                                        <th scope="col">{lang.t(T::ColumnLevel)}</th>
                                        <th scope="col">{lang.t(T::ColumnSince)}</th>
                                        <th scope="col">{lang.t(T::ColumnAction)}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            {(!no_one_left).then(|| view! {
                                <h2>{lang.t(T::LeftTitle)}</h2>
                                <div class="table-scroll">
                                    <table class="data" data-testid="left">
                                        <thead><tr>
                                            <th scope="col">{lang.t(T::ColumnName)}</th>
                                            <th scope="col">{lang.t(T::ColumnEmail)}</th>
                                            <th scope="col">{lang.t(T::ColumnLevel)}</th>
                                            <th scope="col">{lang.t(T::ColumnLeft)}</th>
                                        </tr></thead>
                                        <tbody>{left_rows}</tbody>
                                    </table>
                                </div>
                            })}
                            {log}
                        }
                        .into_any()
                })
            })}
        </Suspense>
    }
}
