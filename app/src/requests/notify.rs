//! Notifications for professionals: new results (and those outside a limit or a cut-off) and
//! overdue requests — of their own requests or of the whole organisation, as each chooses —
//! on the portal's "Meldingen" page and, when they want it, in a daily e-mail through the
//! outbox. The e-mail holds numbers and a link only, never patient data (e-mail is not a safe
//! place for it). Settings are per professional; without any, a professional hears about
//! their own requests in the portal and gets no e-mail.

use crate::error::AppError;
use crate::requests::text::T;
use crate::ui::i18n::Lang;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// The notifications page (and its settings form).
pub const NOTIFICATIONS_PATH: &str = "/meldingen";

/// What a professional wants to hear about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Only their own requests (else the organisation's).
    pub mine_only: bool,
    /// New results.
    pub completed: bool,
    /// New results outside a limit or a cut-off.
    pub flagged: bool,
    /// Requests past their due date.
    pub overdue: bool,
    /// A daily e-mail with the numbers.
    pub digest: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            mine_only: true,
            completed: true,
            flagged: true,
            overdue: true,
            digest: false,
        }
    }
}

/// The numbers a professional is told.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// New results not seen yet.
    pub new_results: u64,
    /// Of them outside a limit or a cut-off.
    pub flagged: u64,
    /// Requests past their due date and still open.
    pub overdue: u64,
}

impl Counts {
    /// The numbers the settings ask for (the others are 0).
    pub fn wanted(self, settings: Settings) -> Counts {
        Counts {
            new_results: if settings.completed {
                self.new_results
            } else {
                0
            },
            flagged: if settings.flagged { self.flagged } else { 0 },
            overdue: if settings.overdue { self.overdue } else { 0 },
        }
    }

    /// Whether there is anything to tell.
    pub fn any(self) -> bool {
        self.new_results + self.flagged + self.overdue > 0
    }

    /// The lines for people, each with the worklist filter that shows them.
    pub fn lines(self, lang: Lang, mine_only: bool) -> Vec<(String, String)> {
        let filter = |status: &str| {
            let mut href = format!("{}?status={status}", crate::requests::desk::REQUESTS_PATH);
            if mine_only {
                href.push_str("&van=mij");
            }
            href
        };
        let mut lines = Vec::new();
        if self.new_results > 0 {
            lines.push((
                crate::requests::text::new_results(lang, self.new_results),
                filter("nieuw"),
            ));
        }
        if self.flagged > 0 {
            lines.push((
                crate::requests::text::flagged_results(lang, self.flagged),
                filter("buiten-grens"),
            ));
        }
        if self.overdue > 0 {
            lines.push((
                crate::requests::text::overdue_requests(lang, self.overdue),
                filter("te-laat"),
            ));
        }
        lines
    }
}

/// The notifications page as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    /// The settings.
    pub settings: Settings,
    /// The lines: text and link.
    pub lines: Vec<(String, String)>,
}

/// Notifications in the database (server only).
#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::access::capability::{professional_may, Capability};
    use crate::db::{Conn, Store, StoreError};
    use crate::organisations::Membership;
    use sqlx::Row;
    use std::time::SystemTime;

    /// A professional's settings (the defaults when never changed).
    pub async fn settings(conn: &mut Conn, account: i64) -> Result<Settings, StoreError> {
        let row = sqlx::query(
            "SELECT mine_only, completed, flagged, overdue, digest
             FROM notification_settings WHERE account_id = $1",
        )
        .bind(account)
        .fetch_optional(conn)
        .await?;
        let Some(row) = row else {
            return Ok(Settings::default());
        };
        let flag =
            |column: &str| -> Result<bool, StoreError> { Ok(row.try_get::<i64, _>(column)? != 0) };
        Ok(Settings {
            mine_only: flag("mine_only")?,
            completed: flag("completed")?,
            flagged: flag("flagged")?,
            overdue: flag("overdue")?,
            digest: flag("digest")?,
        })
    }

    /// Stores a professional's settings.
    pub async fn save(
        store: &Store,
        account: i64,
        settings: Settings,
        now: SystemTime,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO notification_settings
                 (account_id, mine_only, completed, flagged, overdue, digest, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (account_id) DO UPDATE SET
                 mine_only = excluded.mine_only, completed = excluded.completed,
                 flagged = excluded.flagged, overdue = excluded.overdue,
                 digest = excluded.digest, updated_at = excluded.updated_at",
        )
        .bind(account)
        .bind(i64::from(settings.mine_only))
        .bind(i64::from(settings.completed))
        .bind(i64::from(settings.flagged))
        .bind(i64::from(settings.overdue))
        .bind(i64::from(settings.digest))
        .bind(crate::db::timestamp(now))
        .execute(store.pool())
        .await?;
        Ok(())
    }

    /// The numbers for a member (their requests, or the organisation's), as far as their
    /// kind and level may see them.
    pub async fn counts(
        conn: &mut Conn,
        account: i64,
        membership: &Membership,
        mine_only: bool,
        now: SystemTime,
    ) -> Result<Counts, StoreError> {
        let today = crate::measurements::clock::today(now).to_string();
        let mut conditions = String::from("r.organisation_id = $1");
        if mine_only {
            conditions.push_str(" AND r.requested_by = $3");
        }
        if !professional_may(
            membership.kind,
            membership.level,
            Capability::SeeOwnQuestionnaires,
        ) {
            conditions.push_str(" AND r.kind = 'protocol'");
        }
        let sql = format!(
            "SELECT
                SUM(CASE WHEN r.result_at IS NOT NULL
                          AND (r.reviewed_at IS NULL OR r.reviewed_at < r.result_at)
                    THEN 1 ELSE 0 END) AS new_results,
                SUM(CASE WHEN r.result_at IS NOT NULL AND r.flagged <> 0
                          AND (r.reviewed_at IS NULL OR r.reviewed_at < r.result_at)
                    THEN 1 ELSE 0 END) AS flagged,
                SUM(CASE WHEN r.status IN ('sent', 'opened', 'in_progress') AND r.due_on < $2
                    THEN 1 ELSE 0 END) AS overdue
             FROM requests r WHERE {conditions}"
        );
        let mut query = sqlx::query(&sql)
            .bind(membership.organisation.as_str())
            .bind(today);
        if mine_only {
            query = query.bind(account);
        }
        let row = query.fetch_one(conn).await?;
        let number = |column: &str| -> Result<u64, StoreError> {
            Ok(row
                .try_get::<Option<i64>, _>(column)?
                .map_or(0, |n| u64::try_from(n).unwrap_or(0)))
        };
        Ok(Counts {
            new_results: number("new_results")?,
            flagged: number("flagged")?,
            overdue: number("overdue")?,
        })
    }

    /// The page: the settings and what they bring (logged as one access to the
    /// organisation's requests).
    pub async fn shown() -> Result<Shown, AppError> {
        let (state, session, membership) =
            crate::access::organisation_records(Capability::SeeMeasurements, "notifications")
                .await?;
        let lang = crate::ui::current_lang();
        let mut conn = state.store.conn().await?;
        let settings = settings(&mut conn, session.account_id.0).await?;
        let counts = counts(
            &mut conn,
            session.account_id.0,
            &membership,
            settings.mine_only,
            state.now(),
        )
        .await?
        .wanted(settings);
        Ok(Shown {
            settings,
            lines: counts.lines(lang, settings.mine_only),
        })
    }

    /// How many digests went out.
    pub async fn send_digests(
        store: &Store,
        public_url: &str,
        digest_hour: i8,
        now: SystemTime,
    ) -> Result<u64, StoreError> {
        let local = crate::measurements::clock::local(crate::measurements::clock::instant(now));
        if local.hour() < digest_hour {
            return Ok(0);
        }
        let today = local.date().to_string();
        let rows = sqlx::query(
            "SELECT s.account_id, a.email, a.display_name, s.mine_only, s.completed, s.flagged,
                    s.overdue
             FROM notification_settings s JOIN accounts a ON a.id = s.account_id
             WHERE s.digest <> 0 AND (s.last_digest_on IS NULL OR s.last_digest_on < $1)
             ORDER BY s.account_id",
        )
        .bind(&today)
        .fetch_all(store.pool())
        .await?;
        let mut sent = 0;
        for row in rows {
            let account: i64 = row.try_get("account_id")?;
            let email: String = row.try_get("email")?;
            let name: String = row.try_get("display_name")?;
            let flag = |column: &str| -> Result<bool, StoreError> {
                Ok(row.try_get::<i64, _>(column)? != 0)
            };
            let settings = Settings {
                mine_only: flag("mine_only")?,
                completed: flag("completed")?,
                flagged: flag("flagged")?,
                overdue: flag("overdue")?,
                digest: true,
            };
            // One account's trouble never keeps the others' digests back.
            match digest_one(
                store, account, &email, &name, settings, &today, public_url, now,
            )
            .await
            {
                Ok(true) => sent += 1,
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, account, "a daily e-mail could not be made"),
            }
        }
        Ok(sent)
    }

    /// Makes one professional's digest (claimed for today first): whether one was queued.
    #[allow(clippy::too_many_arguments)]
    async fn digest_one(
        store: &Store,
        account: i64,
        email: &str,
        name: &str,
        settings: Settings,
        today: &str,
        public_url: &str,
        now: SystemTime,
    ) -> Result<bool, StoreError> {
        let mut tx = store.begin().await?;
        // Claims today's digest: once per day, also with several instances.
        let claimed = sqlx::query(
            "UPDATE notification_settings SET last_digest_on = $1
             WHERE account_id = $2 AND (last_digest_on IS NULL OR last_digest_on < $1)",
        )
        .bind(today)
        .bind(account)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 0 {
            return Ok(false);
        }
        // Only a current member with access to the portal hears anything.
        let membership = crate::access::server::sessions::current_membership(&mut tx, account)
            .await?
            .filter(|m| m.level.fits(m.kind) && m.level.uses_portal());
        let Some(membership) = membership else {
            tx.commit().await?;
            return Ok(false);
        };
        let counts = counts(&mut tx, account, &membership, settings.mine_only, now)
            .await?
            .wanted(settings);
        if counts.any() {
            let message =
                crate::mail::bilingual(|lang| digest_message(lang, name, counts, public_url));
            crate::mail::outbox::enqueue(&mut tx, email, &message, None, now).await?;
        }
        tx.commit().await?;
        Ok(counts.any())
    }

    /// The daily e-mail: numbers and a link, no patient data.
    pub fn digest_message(
        lang: Lang,
        name: &str,
        counts: Counts,
        public_url: &str,
    ) -> crate::mail::Message {
        let link = format!("{public_url}{NOTIFICATIONS_PATH}");
        let mut paragraphs = vec![crate::mail::text::invitation_greeting(lang, name)];
        paragraphs.push(lang.t(T::DigestIntro).to_owned());
        for (line, _) in counts.lines(lang, false) {
            paragraphs.push(format!("- {line}"));
        }
        paragraphs.push(link.clone());
        paragraphs.push(lang.t(T::DigestNoPatientData).to_owned());
        crate::mail::with_link(
            lang,
            lang.t(T::DigestSubject).to_owned(),
            &paragraphs,
            &link,
        )
    }
}

/// The notifications page's data.
#[server(endpoint = "requests/notifications")]
pub async fn notifications() -> Result<Shown, AppError> {
    crate::error::answer(server::shown().await)
}

/// `/meldingen`: what is new for the professional, and what they want to hear about.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let lang = use_lang();
    let saved = use_query_map().read_untracked().get("opgeslagen").is_some();
    let data = Resource::new(|| (), |_| notifications());
    view! {
        <Title text=lang.t(T::NotificationsTitle)/>
        <h1>{lang.t(T::NotificationsTitle)}</h1>
        {saved.then(|| view! {
            <div class="notice" role="status" tabindex="-1" autofocus data-testid="saved"><p>{lang.t(T::NotificationsSaved)}</p></div>
        })}
        <Suspense>
            {move || Suspend::new(async move {
                crate::ui::error_page::or_error(data.await, |shown: Shown| {
                    let s = shown.settings;
                    let lines = if shown.lines.is_empty() {
                        view! { <p data-testid="nothing">{lang.t(T::NotificationsNone)}</p> }.into_any()
                    } else {
                        let items = shown
                            .lines
                            .into_iter()
                            .map(|(text, href)| view! { <li><a href=href>{text}</a></li> })
                            .collect_view();
                        view! { <ul class="notifications" data-testid="notifications">{items}</ul> }.into_any()
                    };
                    let check = |name: &'static str, on: bool, label: T| {
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=name name=name value="ja" checked=on/>
                                <label for=name>{lang.t(label)}</label>
                            </div>
                        }
                    };
                    view! {
                        {lines}
                        <h2>{lang.t(T::NotificationsSettings)}</h2>
                        <form class="stacked-form" method="post" action=NOTIFICATIONS_PATH>
                            <fieldset>
                                <legend>{lang.t(T::NotificationsWhose)}</legend>
                                <div class="choice">
                                    <input type="radio" id="van-mij" name="van" value="mij" checked=s.mine_only/>
                                    <label for="van-mij">{lang.t(T::NotificationsMine)}</label>
                                </div>
                                <div class="choice">
                                    <input type="radio" id="van-organisatie" name="van" value="organisatie" checked=!s.mine_only/>
                                    <label for="van-organisatie">{lang.t(T::NotificationsOrganisation)}</label>
                                </div>
                            </fieldset>
                            <fieldset>
                                <legend>{lang.t(T::NotificationsWhat)}</legend>
                                {check("uitkomsten", s.completed, T::NotificationsCompleted)}
                                {check("buiten-grens", s.flagged, T::NotificationsFlagged)}
                                {check("te-laat", s.overdue, T::NotificationsOverdue)}
                            </fieldset>
                            {check("dagmail", s.digest, T::NotificationsDigest)}
                            <div class="form-buttons">
                                <button type="submit" class="primary">{lang.t(T::NotificationsSave)}</button>
                            </div>
                        </form>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
