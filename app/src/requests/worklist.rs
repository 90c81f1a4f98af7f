//! The worklist: every request of the organisation (or only the professional's own) with
//! where it stands — new results and results outside a limit first, then overdue ones — with
//! filters by status, what was asked, who asked and the due date, a page at a time, and "seen"
//! to take a new result off the top. A plain page: the filters are a GET form, "seen" a POST.

use crate::error::AppError;
use crate::requests::text::T;
use crate::ui::error_page::or_error;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// Requests per page.
pub const PAGE_SIZE: i64 = 50;

/// A status to filter on, as in the address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Show {
    /// Everything.
    All,
    /// A result not seen yet.
    New,
    /// A result not seen yet, outside a limit or a cut-off.
    Flagged,
    /// Past the due date and not completed.
    Overdue,
    /// One stored status.
    Status(crate::requests::status::Status),
}

impl Show {
    /// Every choice, in the form's order.
    pub const ALL: [Show; 10] = {
        use crate::requests::status::Status as S;
        [
            Show::All,
            Show::New,
            Show::Flagged,
            Show::Overdue,
            Show::Status(S::Sent),
            Show::Status(S::Opened),
            Show::Status(S::InProgress),
            Show::Status(S::Completed),
            Show::Status(S::Expired),
            Show::Status(S::Cancelled),
        ]
    };

    /// The code in the address.
    pub fn code(self) -> &'static str {
        match self {
            Show::All => "",
            Show::New => "nieuw",
            Show::Flagged => "buiten-grens",
            Show::Overdue => "te-laat",
            Show::Status(s) => s.code(),
        }
    }

    /// From the address; anything else shows everything.
    pub fn parse(code: &str) -> Show {
        Show::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .unwrap_or(Show::All)
    }
}

/// The filters, as the GET form sends them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// Only the professional's own requests.
    pub mine: bool,
    /// A [`Show`] code.
    pub status: String,
    /// `instrument:ID` or `protocol:NAME`, or empty.
    pub what: String,
    /// Due on or after this day (`YYYY-MM-DD`), or empty.
    pub due_from: String,
    /// Due on or before this day, or empty.
    pub due_to: String,
    /// The page, from 0.
    pub page: u32,
}

impl Filter {
    /// The filters in the address (`?status=nieuw&wat=instrument:gfi&van=mij&...`).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Filter {
        let day = |name: &str| {
            get(name)
                .filter(|d| d.parse::<jiff::civil::Date>().is_ok())
                .unwrap_or_default()
        };
        Filter {
            mine: get("van").as_deref() == Some("mij"),
            status: Show::parse(&get("status").unwrap_or_default())
                .code()
                .to_owned(),
            what: get("wat")
                .filter(|w| {
                    w.split_once(':')
                        .is_some_and(|(k, _)| k == "instrument" || k == "protocol")
                })
                .unwrap_or_default(),
            due_from: day("vanaf"),
            due_to: day("tot"),
            page: get("pagina")
                .and_then(|p| p.parse().ok())
                .unwrap_or(0)
                .min(10_000),
        }
    }

    /// The address of this filter at `page`.
    pub fn href(&self, page: u32) -> String {
        let mut parts = Vec::new();
        if self.mine {
            parts.push("van=mij".to_owned());
        }
        for (name, value) in [
            ("status", &self.status),
            ("wat", &self.what),
            ("vanaf", &self.due_from),
            ("tot", &self.due_to),
        ] {
            if !value.is_empty() {
                parts.push(format!("{name}={}", crate::access::percent_encode(value)));
            }
        }
        if page > 0 {
            parts.push(format!("pagina={page}"));
        }
        if parts.is_empty() {
            WORKLIST_PATH.to_owned()
        } else {
            format!("{WORKLIST_PATH}?{}", parts.join("&"))
        }
    }
}

/// Where the worklist lives.
pub const WORKLIST_PATH: &str = crate::requests::desk::REQUESTS_PATH;

/// A request on the worklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The request's id.
    pub id: i64,
    /// The patient record's id.
    pub patient_id: i64,
    /// The patient's name.
    pub patient: String,
    /// What was asked.
    pub what: String,
    /// The due date.
    pub due: String,
    /// Where it stands, in words.
    pub status: String,
    /// A result not seen yet.
    pub new_result: bool,
    /// A result outside a limit or cut-off.
    pub flagged: bool,
    /// Past the due date and not completed.
    pub overdue: bool,
    /// Who asked.
    pub requested_by: String,
}

/// A page of the worklist with what the filter form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Work {
    /// The requests on this page.
    pub items: Vec<Item>,
    /// Whether there is a next page.
    pub more: bool,
    /// What can be chosen under "what": value and name.
    pub asks: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
mod load {
    use super::*;
    use crate::access::capability::{professional_may, Capability};
    use crate::db::StoreError;
    use sqlx::Row;

    /// A new result: one arrived after the last look.
    const NEW: &str =
        "(r.result_at IS NOT NULL AND (r.reviewed_at IS NULL OR r.reviewed_at < r.result_at))";
    /// Past the due date and still open.
    const OVERDUE: &str = "(r.status IN ('sent', 'opened', 'in_progress') AND r.due_on < $2)";

    pub async fn work(filter: Filter) -> Result<Work, AppError> {
        use crate::requests::status::Status;
        // Every kind of organisation asks for measurements; questionnaires only where the
        // matrix allows them.
        let (state, session, membership) =
            crate::access::organisation_records(Capability::SeeMeasurements, "requests").await?;
        let questionnaires = professional_may(
            membership.kind,
            membership.level,
            Capability::SeeOwnQuestionnaires,
        );
        let lang = crate::ui::current_lang();
        let today = crate::measurements::clock::today(state.now()).to_string();
        let mut conditions = vec!["r.organisation_id = $1".to_owned()];
        let mut binds: Vec<String> = Vec::new();
        let mut bind = |value: String, conditions: &mut Vec<String>, sql: &str| {
            binds.push(value);
            conditions.push(sql.replace('?', &format!("${}", binds.len() + 2)));
        };
        if !questionnaires {
            conditions.push("r.kind = 'protocol'".to_owned());
        }
        if filter.mine {
            // A number from the session, not from the person: safe in the text.
            conditions.push(format!("r.requested_by = {}", session.account_id.0));
        }
        match Show::parse(&filter.status) {
            Show::All => {}
            Show::New => conditions.push(NEW.to_owned()),
            Show::Flagged => conditions.push(format!("{NEW} AND r.flagged <> 0")),
            Show::Overdue => conditions.push(OVERDUE.to_owned()),
            Show::Status(status) => bind(status.code().to_owned(), &mut conditions, "r.status = ?"),
        }
        if let Some((_, what)) = filter.what.split_once(':') {
            bind(what.to_owned(), &mut conditions, "r.what = ?");
        }
        if !filter.due_from.is_empty() {
            bind(filter.due_from.clone(), &mut conditions, "r.due_on >= ?");
        }
        if !filter.due_to.is_empty() {
            bind(filter.due_to.clone(), &mut conditions, "r.due_on <= ?");
        }
        let sql = format!(
            "SELECT r.id, r.patient_id, p.name, r.what, r.status, r.due_on, r.flagged,
                    CASE WHEN {NEW} THEN 1 ELSE 0 END AS new_result,
                    CASE WHEN {OVERDUE} THEN 1 ELSE 0 END AS overdue,
                    a.display_name
             FROM requests r
             JOIN patients p ON p.id = r.patient_id
             LEFT JOIN accounts a ON a.id = r.requested_by
             WHERE {}
             ORDER BY new_result DESC, r.flagged DESC, overdue DESC, r.due_on, r.id
             LIMIT {} OFFSET {}",
            conditions.join(" AND "),
            PAGE_SIZE + 1,
            i64::from(filter.page) * PAGE_SIZE,
        );
        let mut query = sqlx::query(&sql)
            .bind(membership.organisation.as_str())
            .bind(&today);
        for value in &binds {
            query = query.bind(value);
        }
        let rows = query
            .fetch_all(state.store.pool())
            .await
            .map_err(StoreError::from)?;
        let titles = crate::requests::desk::load::titles(&state, lang).await?;
        let more = rows.len() as i64 > PAGE_SIZE;
        let mut items = Vec::with_capacity(rows.len());
        for row in rows.iter().take(PAGE_SIZE as usize) {
            let get = |c: &str| -> Result<String, StoreError> { Ok(row.try_get::<String, _>(c)?) };
            let flag = |c: &str| -> Result<bool, StoreError> { Ok(row.try_get::<i64, _>(c)? != 0) };
            let code = get("status")?;
            let overdue = flag("overdue")?;
            let status = if overdue {
                lang.t(T::StatusOverdue).to_owned()
            } else {
                Status::parse(&code).map_or(code, |s| crate::requests::desk::status_text(lang, s))
            };
            items.push(Item {
                id: row.try_get("id").map_err(StoreError::from)?,
                patient_id: row.try_get("patient_id").map_err(StoreError::from)?,
                patient: get("name")?,
                what: titles(&get("what")?),
                due: get("due_on")?,
                status,
                new_result: flag("new_result")?,
                flagged: flag("flagged")?,
                overdue,
                requested_by: row
                    .try_get::<Option<String>, _>("display_name")
                    .map_err(StoreError::from)?
                    .unwrap_or_default(),
            });
        }
        let mut asks: Vec<(String, String)> = Vec::new();
        if questionnaires {
            asks.extend(
                crate::questionnaires::server::list_catalogue(&state.store)
                    .await?
                    .into_iter()
                    .map(|e| (format!("instrument:{}", e.id), e.title.get(lang).to_owned())),
            );
        }
        for (name, _) in crate::requests::desk::PROTOCOLS {
            asks.push((format!("protocol:{name}"), titles(name)));
        }
        Ok(Work { items, more, asks })
    }
}

/// A page of the organisation's worklist (logged as one access).
#[server(endpoint = "requests/worklist")]
pub async fn worklist(filter: Filter) -> Result<Work, AppError> {
    crate::error::answer(load::work(filter).await)
}

/// `/verzoeken`: the worklist.
#[component]
pub fn WorklistPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map().read_untracked();
    let filter = Filter::from_query(|name| query.get(name));
    let shown = filter.clone();
    let work = Resource::new(move || (), move |_| worklist(shown.clone()));
    let statuses = Show::ALL
        .into_iter()
        .map(|s| {
            let label = match s {
                Show::All => lang.t(T::FilterAll).to_owned(),
                Show::New => lang.t(T::FilterNew).to_owned(),
                Show::Flagged => lang.t(T::FilterFlagged).to_owned(),
                Show::Overdue => lang.t(T::StatusOverdue).to_owned(),
                Show::Status(status) => super::desk::status_text(lang, status),
            };
            view! { <option value=s.code() selected=s.code() == filter.status>{label}</option> }
        })
        .collect_view();
    let back = filter.href(filter.page);
    view! {
        <Title text=lang.t(T::RequestsTitle)/>
        <h1>{lang.t(T::RequestsTitle)}</h1>
        <p><a href=super::desk::NEW_REQUEST_PATH class="button">{lang.t(T::NewRequestLink)}</a></p>
        <Suspense>
            {move || {
                let filter = filter.clone();
                let statuses = statuses.clone();
                let back = back.clone();
                Suspend::new(async move {
                    or_error(work.await, move |work: Work| {
                        let empty = work.items.is_empty();
                        let asks = work
                            .asks
                            .into_iter()
                            .map(|(value, label)| {
                                let selected = value == filter.what;
                                view! { <option value=value selected=selected>{label}</option> }
                            })
                            .collect_view();
                        let items = work
                            .items
                            .into_iter()
                            .map(|item| row(lang, item, &back))
                            .collect_view();
                        let previous = (filter.page > 0).then(|| {
                            view! { <a rel="prev" href=filter.href(filter.page - 1)>{lang.t(T::PreviousPage)}</a> }
                        });
                        let next = work.more.then(|| {
                            view! { <a rel="next" href=filter.href(filter.page + 1)>{lang.t(T::NextPage)}</a> }
                        });
                        view! {
                            <form class="filters" method="get" action=WORKLIST_PATH>
                                <div class="field">
                                    <label for="van">{lang.t(T::FilterWhose)}</label>
                                    <select id="van" name="van">
                                        <option value="">{lang.t(T::FilterOrganisation)}</option>
                                        <option value="mij" selected=filter.mine>{lang.t(T::FilterMine)}</option>
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="status">{lang.t(T::ColumnStatus)}</label>
                                    <select id="status" name="status">{statuses}</select>
                                </div>
                                <div class="field">
                                    <label for="wat">{lang.t(T::ColumnWhat)}</label>
                                    <select id="wat" name="wat">
                                        <option value="">{lang.t(T::FilterAll)}</option>
                                        {asks}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="vanaf">{lang.t(T::FilterDueFrom)}</label>
                                    <input id="vanaf" name="vanaf" type="date" value=filter.due_from.clone()/>
                                </div>
                                <div class="field">
                                    <label for="tot">{lang.t(T::FilterDueTo)}</label>
                                    <input id="tot" name="tot" type="date" value=filter.due_to.clone()/>
                                </div>
                                <button type="submit">{lang.t(T::FilterButton)}</button>
                            </form>
                            {empty.then(|| view! { <p role="status">{lang.t(T::WorklistEmpty)}</p> })}
                            <div class="table-scroll" hidden=empty>
                                <table class="data" data-testid="worklist">
                                    <caption class="visually-hidden">{lang.t(T::RequestsTitle)}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{lang.t(T::ColumnWhat)}</th>
                                            <th scope="col">{lang.t(T::ColumnPatient)}</th>
                                            <th scope="col">{lang.t(T::ColumnDue)}</th>
                                            <th scope="col">{lang.t(T::ColumnStatus)}</th>
                                            <th scope="col">{lang.t(T::ColumnRequestedBy)}</th>
                                            <th scope="col"><span class="visually-hidden">{lang.t(T::ColumnSeen)}</span></th>
                                        </tr>
                                    </thead>
                                    <tbody>{items}</tbody>
                                </table>
                            </div>
                            <nav class="pager" aria-label=lang.t(T::RequestsTitle)>{previous}" "{next}</nav>
                        }
                        .into_any()
                    })
                })
            }}
        </Suspense>
    }
}

/// One request on the worklist: what (to its page), whose (to the patient's page), due,
/// status with "new" and "outside the limit" marks, who asked, and "seen" for a new result.
fn row(lang: crate::ui::i18n::Lang, item: Item, back: &str) -> impl IntoView {
    let request = format!("{WORKLIST_PATH}/{}", item.id);
    let patient = format!(
        "{}/{}",
        crate::patients::pages::PATIENTS_PATH,
        item.patient_id
    );
    let seen = format!("{WORKLIST_PATH}/{}/bekeken", item.id);
    let class = item.new_result.then_some("new-result");
    // Said after "seen" to a screen reader, which hears the button out of its row.
    let which = format!(": {}, {}", item.what, item.patient);
    view! {
        <tr class=class>
            <th scope="row"><a href=request>{item.what}</a></th>
            <td><a href=patient>{item.patient}</a></td>
            <td>{item.due}</td>
            <td>
                {item.status}
                {item.new_result.then(|| view! { " " <strong class="tag">{lang.t(T::TagNew)}</strong> })}
                {item.flagged.then(|| view! { " " <strong class="tag flag">{lang.t(T::TagFlagged)}</strong> })}
            </td>
            <td>{item.requested_by}</td>
            <td>
                {item.new_result.then(|| view! {
                    <form method="post" action=seen class="seen-form">
                        <input type="hidden" name="terug" value=back.to_owned()/>
                        <button type="submit">
                            {lang.t(T::SeenButton)}<span class="visually-hidden">{which}</span>
                        </button>
                    </form>
                })}
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::status::Status;

    #[test]
    fn every_status_choice_reads_back_from_its_code() {
        for show in Show::ALL {
            assert_eq!(Show::parse(show.code()), show);
        }
        assert_eq!(Show::parse("iets"), Show::All);
        assert_eq!(Show::parse("completed"), Show::Status(Status::Completed));
    }

    #[test]
    fn the_filter_reads_the_address_and_writes_it_back() {
        let query = [
            ("van", "mij"),
            ("status", "nieuw"),
            ("wat", "instrument:gfi"),
            ("vanaf", "2026-03-01"),
            ("tot", "geen datum"),
            ("pagina", "2"),
        ];
        let get = |name: &str| {
            query
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        };
        let filter = Filter::from_query(get);
        assert!(filter.mine);
        assert_eq!(filter.status, "nieuw");
        assert_eq!(filter.what, "instrument:gfi");
        assert_eq!(filter.due_from, "2026-03-01");
        // Not a day: left out.
        assert_eq!(filter.due_to, "");
        assert_eq!(filter.page, 2);
        assert_eq!(
            filter.href(3),
            "/verzoeken?van=mij&status=nieuw&wat=instrument%3Agfi&vanaf=2026-03-01&pagina=3"
        );
        assert_eq!(Filter::default().href(0), "/verzoeken");
        // Only instruments and protocols can be asked for.
        let odd = Filter::from_query(|name| (name == "wat").then(|| "x:y".to_owned()));
        assert_eq!(odd.what, "");
    }
}
