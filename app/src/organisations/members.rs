//! An organisation's members, for whoever manages them (a GP practice's level A, elsewhere a
//! Hoofdzorgverlener): who is a member, at which level and since when, who left; and ending a
//! colleague's membership when they leave, which ends their sessions at once and keeps what
//! they entered attributed to them. Plain pages and forms; no JavaScript needed.

use super::invitations::{self, Draft, Pending, DOMAINS_PATH, INVITE_PATH};
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

/// The members page as shown to a manager.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// The members, current ones first.
    pub members: Vec<Member>,
    /// Invitations not yet accepted.
    pub pending: Vec<Pending>,
    /// The levels of the organisation's kind: code and label.
    pub levels: Vec<(String, String)>,
    /// The organisation's e-mail domains for new accounts, space-separated.
    pub domains: String,
    /// A refused form as typed.
    pub draft: Option<Draft>,
}

/// The members page of the signed-in manager's organisation.
#[server(endpoint = "organisations/members")]
pub async fn load_members() -> Result<Overview, AppError> {
    crate::error::answer(server::overview().await)
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

    pub(super) async fn overview() -> Result<Overview, AppError> {
        let state = crate::state::AppState::from_context()?;
        let session = crate::access::session();
        let organisation = managed(session.as_ref())?;
        let me = session.as_ref().map(|s| s.account_id.0);
        let lang = crate::ui::current_lang();
        let mut conn = state.store.conn().await?;
        let kind = crate::access::server::accounts::kind_of(&mut conn, organisation)
            .await?
            .ok_or(AppError::Forbidden)?;
        let domains = crate::organisations::server::email_domains(&mut conn, organisation).await?;
        drop(conn);
        let draft = crate::ui::take_page_cookie(invitations::DRAFT_COOKIE, MEMBERS_PATH)
            .and_then(|value| Draft::from_cookie_value(&value))
            .filter(|d| Some(d.account) == me);
        Ok(Overview {
            members: members(&state, organisation, me).await?,
            pending: invitations::server::pending(&state.store, organisation, state.now()).await?,
            levels: invitations::levels_for(kind, lang),
            domains: domains.join(" "),
            draft,
        })
    }

    async fn members(
        state: &crate::state::AppState,
        organisation: &str,
        me: Option<i64>,
    ) -> Result<Vec<Member>, AppError> {
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
        client: Option<&str>,
    ) -> Result<(), AppError> {
        use crate::access::server::accounts::{end_membership_by, ChangedBy};
        let (organisation, email) = invitations::server::colleague(state, session, account).await?;
        let by = ChangedBy { session, client };
        end_membership_by(&state.store, &email, &organisation, Some(by), state.now())
            .await
            .map_err(invitations::server::access_error)
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

/// The notice a form's redirect asks for (its query key), if any.
const NOTICES: [(&str, invitations::T); 5] = [
    ("uitgenodigd", invitations::T::InviteSent),
    ("ingetrokken", invitations::T::Revoked),
    ("opnieuw", invitations::T::Resent),
    ("niveau", invitations::T::LevelChanged),
    ("domeinen", invitations::T::DomainsSaved),
];

/// A `<select>` of the organisation's levels with `current` chosen.
fn level_options(levels: &[(String, String)], current: &str) -> impl IntoView {
    levels
        .iter()
        .map(|(code, label)| {
            view! { <option value=code.clone() selected=code == current>{label.clone()}</option> }
        })
        .collect_view()
}

/// `/organisatie`: the members (level, end), invitations, the e-mail domains and the access
/// log, for a manager.
#[component]
pub fn MembersPage() -> impl IntoView {
    let lang = use_lang();
    let (notice, problem, own_level) = {
        let query = use_query_map().read_untracked();
        let notice = if query.get("beeindigd").is_some() {
            Some(lang.t(T::Ended))
        } else {
            NOTICES
                .iter()
                .find(|(key, _)| query.get(key).is_some())
                .map(|(_, text)| lang.t(*text))
        };
        (
            notice,
            query.get("fout").is_some(),
            query.get("eigen").is_some(),
        )
    };
    let data = Resource::new(|| (), |_| load_members());
    view! {
        <Title text=lang.t(T::MembersTitle)/>
        <h1>{lang.t(T::MembersTitle)}</h1>
        <p class="lead">{lang.t(T::MembersIntro)}</p>
        {notice.map(|text| view! { <div class="notice" role="status" tabindex="-1" autofocus data-testid="notice"><p>{text}</p></div> })}
        {own_level.then(|| view! {
            <div class="error-summary" role="alert" tabindex="-1" autofocus data-testid="problem">
                <p>{lang.t(invitations::T::LevelOwn)}</p>
            </div>
        })}
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
                crate::ui::error_page::or_error(data.await, |o: Overview| {
                        let levels = o.levels;
                        let (current, left): (Vec<Member>, Vec<Member>) =
                            o.members.into_iter().partition(|m| m.left.is_none());
                        let rows = current
                            .into_iter()
                            .map(|m| {
                                let (level, action) = if m.is_you {
                                    (
                                        view! { <span>{m.level.clone()}</span> }.into_any(),
                                        view! { <span>{lang.t(T::You)}</span> }.into_any(),
                                    )
                                } else {
                                    let select = format!("level-{}", m.account);
                                    (
                                        view! {
                                            <form class="inline-form" method="post" action=format!("{MEMBERS_PATH}/leden/{}/niveau", m.account)>
                                                <label for=select.clone() class="visually-hidden">{invitations::level_of(lang, &m.name)}</label>
                                                <select id=select name="niveau">{level_options(&levels, &m.level)}</select>
                                                <button type="submit" aria-label=invitations::change_level_of(lang, &m.name)>{lang.t(invitations::T::LevelButton)}</button>
                                            </form>
                                        }
                                        .into_any(),
                                        view! {
                                            <form method="post" action=format!("{MEMBERS_PATH}/leden/{}/beeindigen", m.account)>
                                                <button type="submit" aria-label=end_for(lang, &m.name)>{lang.t(T::EndButton)}</button>
                                            </form>
                                        }
                                        .into_any(),
                                    )
                                };
                                view! {
                                    <tr>
                                        <th scope="row">{m.name}</th>
                                        <td>{m.email}</td>
                                        <td>{level}</td>
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
                            <InviteSection levels pending=o.pending draft=o.draft.clone()/>
                            <DomainsSection domains=o.domains draft=o.draft/>
                            {log}
                        }
                        .into_any()
                })
            })}
        </Suspense>
    }
}

/// The error summary of a refused form: one message, linked to its input.
#[component]
fn FormProblem(problem: Option<invitations::Problem>) -> impl IntoView {
    let lang = use_lang();
    problem.map(|p| {
        view! {
            <div class="error-summary" role="alert" tabindex="-1" autofocus data-testid="problem">
                <h3>{lang.t(invitations::T::ErrorTitle)}</h3>
                <p><a href=format!("#{}", p.input())>{p.message(lang)}</a></p>
            </div>
        }
    })
}

/// Inviting a colleague, and the invitations still pending.
#[component]
fn InviteSection(
    levels: Vec<(String, String)>,
    pending: Vec<Pending>,
    draft: Option<Draft>,
) -> impl IntoView {
    use invitations::T as I;
    let lang = use_lang();
    let draft = draft.filter(|d| d.domains.is_none()).unwrap_or_default();
    let problem = draft.problem;
    let invalid =
        |input: &str| (problem.map(invitations::Problem::input) == Some(input)).then_some("true");
    let default_level = levels
        .iter()
        .map(|(code, _)| code.clone())
        .find(|code| code == "C" || code == "zorgverlener")
        .unwrap_or_default();
    let level = if draft.level.is_empty() {
        default_level
    } else {
        draft.level.clone()
    };
    let rows = pending
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row">{p.name.clone()}</th>
                    <td>{p.email.clone()}</td>
                    <td>{p.level.clone()}</td>
                    <td>{p.sent.clone()}" "{p.expired.then(|| lang.t(I::Expired))}</td>
                    <td>
                        <form class="inline-form" method="post" action=format!("{MEMBERS_PATH}/uitnodigingen/{}/opnieuw", p.id)>
                            <button type="submit" aria-label=invitations::resend_for(lang, &p.email)>{lang.t(I::ResendButton)}</button>
                        </form>
                        <form class="inline-form" method="post" action=format!("{MEMBERS_PATH}/uitnodigingen/{}/intrekken", p.id)>
                            <button type="submit" aria-label=invitations::revoke_for(lang, &p.email)>{lang.t(I::RevokeButton)}</button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2 id="uitnodigen">{lang.t(I::InviteTitle)}</h2>
        <p>{lang.t(I::InviteIntro)}</p>
        <FormProblem problem/>
        <form class="stacked-form" method="post" action=INVITE_PATH>
            <label for="invite-name">{lang.t(I::InviteName)}</label>
            <input type="text" id="invite-name" name="naam" required maxlength="200" autocomplete="off"
                value=draft.name.clone() aria-invalid=invalid("invite-name")/>
            <label for="invite-email">{lang.t(I::InviteEmail)}</label>
            <input type="email" id="invite-email" name="email" required autocomplete="off"
                value=draft.email.clone() aria-invalid=invalid("invite-email")/>
            <label for="invite-level">{lang.t(I::InviteLevel)}</label>
            <select id="invite-level" name="niveau" aria-invalid=invalid("invite-level")>{level_options(&levels, &level)}</select>
            <div class="form-buttons">
                <button type="submit" class="primary">{lang.t(I::InviteButton)}</button>
            </div>
        </form>
        {(!pending.is_empty()).then(|| view! {
            <h2>{lang.t(I::PendingTitle)}</h2>
            <div class="table-scroll">
                <table class="data" data-testid="pending">
                    <thead><tr>
                        <th scope="col">{lang.t(T::ColumnName)}</th>
                        <th scope="col">{lang.t(T::ColumnEmail)}</th>
                        <th scope="col">{lang.t(T::ColumnLevel)}</th>
                        <th scope="col">{lang.t(I::ColumnSent)}</th>
                        <th scope="col">{lang.t(T::ColumnAction)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        })}
    }
}

/// The organisation's e-mail domains for new accounts.
#[component]
fn DomainsSection(domains: String, draft: Option<Draft>) -> impl IntoView {
    use invitations::T as I;
    let lang = use_lang();
    let draft = draft.filter(|d| d.domains.is_some());
    let problem = draft.as_ref().and_then(|d| d.problem);
    let value = draft.and_then(|d| d.domains).unwrap_or(domains);
    view! {
        <h2 id="domeinen">{lang.t(I::DomainsTitle)}</h2>
        <p id="domains-hint">{lang.t(I::DomainsIntro)}</p>
        <FormProblem problem/>
        <form class="stacked-form" method="post" action=DOMAINS_PATH>
            <label for="domains">{lang.t(I::DomainsLabel)}</label>
            <input type="text" id="domains" name="domeinen" value=value autocomplete="off"
                aria-describedby="domains-hint" aria-invalid=problem.is_some().then_some("true")/>
            <div class="form-buttons">
                <button type="submit">{lang.t(I::DomainsButton)}</button>
            </div>
        </form>
    }
}
