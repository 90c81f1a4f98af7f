//! A signed-in patient's own requests: what is waiting (to fill in with the same pages as the
//! mail's link) and what they already sent, also through links before their account existed
//! (answers belong to the patient record, not to a link).

use crate::error::AppError;
use crate::requests::text::T;
use crate::ui::use_lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The patient's requests: open ones (id, what, due) and completed ones (what, due).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mine {
    /// Waiting: id, what, due date.
    pub open: Vec<(i64, String, String)>,
    /// Sent: what, due date.
    pub done: Vec<(String, String)>,
}

/// The signed-in patient's requests (through the guard; logged). For a carer: those of the
/// patient they act for that their mandate lets them fill in, and what was sent only when it
/// lets them see results.
#[server(endpoint = "requests/mine")]
pub async fn my_requests() -> Result<Mine, AppError> {
    use crate::access::capability::Capability;
    use crate::requests::status::Status;
    let Some((state, session, patient)) =
        crate::access::own_record(Capability::ViewPatient).await?
    else {
        return Ok(Mine::default());
    };
    let (questionnaires, measurements, results) = match session.mandate {
        Some(m) => (
            m.scope.questionnaires,
            m.scope.measurements,
            m.scope.results,
        ),
        None => (true, true, true),
    };
    let lang = crate::ui::current_lang();
    let mut mine = Mine::default();
    let titles = super::desk::load::titles(&state, lang).await?;
    for r in crate::requests::server::list(&state.store, Some(patient), None).await? {
        let what = titles(&r.what);
        let fill_in = if r.measurements {
            measurements
        } else {
            questionnaires
        };
        match Status::parse(&r.status) {
            Some(Status::Completed) if results => mine.done.push((what, r.due)),
            Some(s) if !s.is_final() && fill_in => mine.open.push((r.id.0, what, r.due)),
            _ => {}
        }
    }
    Ok(mine)
}

/// The patient's requests on their own page.
#[component]
pub fn MyRequests() -> impl IntoView {
    let lang = use_lang();
    let mine = Resource::new(|| (), |_| my_requests());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let mine = match mine.await {
                    Ok(mine) => mine,
                    Err(error) => return crate::ui::error_page::section_error(error),
                };
                let open = mine
                    .open
                    .into_iter()
                    .map(|(id, what, due)| {
                        let action = format!("/mijn/verzoeken/{id}");
                        view! {
                            <li>
                                <form method="post" action=action class="inline-form">
                                    <span>{what}" — "{due}</span>" "
                                    <button type="submit" class="primary">{lang.t(T::FillInButton)}</button>
                                </form>
                            </li>
                        }
                    })
                    .collect_view();
                let done = mine
                    .done
                    .into_iter()
                    .map(|(what, due)| view! { <li>{what}" — "{due}</li> })
                    .collect_view();
                view! {
                    <h2>{lang.t(T::MyOpenTitle)}</h2>
                    <ul class="my-requests" data-testid="open-requests">{open}</ul>
                    <h2>{lang.t(T::MyDoneTitle)}</h2>
                    <ul class="my-requests" data-testid="done-requests">{done}</ul>
                }
                .into_any()
            })}
        </Suspense>
    }
}
