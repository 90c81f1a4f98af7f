//! The instrument catalogue: which questionnaires exist, their source and licence.

use super::definition::Text;
use super::text::T;
use crate::error::AppError;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// One instrument as listed in the catalogue (the newest version of each).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogueEntry {
    /// Instrument id.
    pub id: String,
    /// Newest version.
    pub version: String,
    /// Title.
    pub title: Text,
    /// Where it comes from.
    pub source: String,
    /// Licence note.
    pub licence: Text,
    /// Number of questions.
    pub item_count: i64,
}

/// Lists the instruments in the library, from the database.
#[server(endpoint = "catalogue")]
pub async fn list_instruments() -> Result<Vec<CatalogueEntry>, AppError> {
    let store = crate::state::AppState::from_context()?.store;
    Ok(super::server::list_catalogue(&store).await?)
}

/// The catalogue page.
#[component]
pub fn CataloguePage() -> impl IntoView {
    let lang = use_lang();
    let entries = Resource::new(|| (), |_| list_instruments());
    view! {
        <Title text=lang.t(T::CatalogueTitle)/>
        <h1>{lang.t(T::CatalogueTitle)}</h1>
        <p>{lang.t(T::CatalogueIntro)}</p>
        <Suspense fallback=move || view! { <p role="status">{lang.t(T::CatalogueLoading)}</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(list) => view! { <CatalogueTable entries=list/> }.into_any(),
                    Err(error) => {
                        view! { <crate::ui::error_page::ErrorPage error=error/> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn CatalogueTable(entries: Vec<CatalogueEntry>) -> impl IntoView {
    let lang = use_lang();
    if entries.is_empty() {
        return view! { <p>{lang.t(T::CatalogueEmpty)}</p> }.into_any();
    }
    let rows = entries
        .into_iter()
        .map(|entry| {
            view! {
                <tr data-testid="catalogue-row">
                    <th scope="row">
                        <a href=format!("/vragenlijsten/{}", entry.id)>{entry.title.get(lang).to_string()}</a>
                    </th>
                    <td>{entry.version.clone()}</td>
                    <td>{entry.item_count}</td>
                    <td>{entry.source.clone()}</td>
                    <td>{entry.licence.get(lang).to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" role="region" aria-labelledby="catalogue-caption" tabindex="0">
            <table class="catalogue">
                <caption id="catalogue-caption">{lang.t(T::CatalogueTitle)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{lang.t(T::ColumnTitle)}</th>
                        <th scope="col">{lang.t(T::ColumnVersion)}</th>
                        <th scope="col">{lang.t(T::ColumnItems)}</th>
                        <th scope="col">{lang.t(T::ColumnSource)}</th>
                        <th scope="col">{lang.t(T::ColumnLicence)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
