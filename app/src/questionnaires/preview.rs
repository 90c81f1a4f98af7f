//! Preview of an instrument as the patient will see it, for professionals choosing what to
//! send. Nothing on this page is saved.

use super::definition::Definition;
use super::form::QuestionItem;
use super::live::LiveConditions;
use super::text::T;
use crate::error::AppError;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The newest version of one instrument.
#[server(endpoint = "instrument")]
pub async fn get_instrument(id: String) -> Result<Definition, AppError> {
    let store = crate::state::AppState::from_context()?.store;
    Ok(super::server::latest_definition(&store, &id).await?)
}

/// `/vragenlijsten/:id`
#[component]
pub fn PreviewPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let definition = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_instrument,
    );
    view! {
        <Suspense fallback=move || view! { <p role="status">{lang.t(T::CatalogueLoading)}</p> }>
            {move || Suspend::new(async move {
                match definition.await {
                    Ok(definition) => view! { <Preview definition/> }.into_any(),
                    Err(error) => view! { <crate::ui::error_page::ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Preview(definition: Definition) -> impl IntoView {
    let lang = use_lang();
    let title = definition.title.get(lang).to_string();
    let items = definition
        .items
        .iter()
        .map(|item| view! { <QuestionItem item=item.clone()/> })
        .collect_view();
    view! {
        <Title text=title.clone()/>
        <p><a href="/vragenlijsten">{lang.t(T::PreviewBack)}</a></p>
        <h1>{title}</h1>
        <p class="notice" role="note">{lang.t(T::PreviewNotice)}</p>
        {definition.description.as_ref().map(|d| view! { <p class="lead">{d.get(lang).to_string()}</p> })}
        <dl class="facts">
            <dt>{lang.t(T::ColumnVersion)}</dt>
            <dd>{definition.version.clone()}</dd>
            <dt>{lang.t(T::ColumnItems)}</dt>
            <dd>{definition.question_count()}</dd>
            <dt>{lang.t(T::ColumnSource)}</dt>
            <dd>{definition.source.clone()}</dd>
            <dt>{lang.t(T::ColumnLicence)}</dt>
            <dd>{definition.licence.get(lang).to_string()}</dd>
        </dl>
        <crate::ui::IslandScripts/>
        <LiveConditions conditions=super::live::Conditions::from(&definition)>
            <form class="questionnaire" aria-label=lang.t(T::PreviewFormLabel)>
                {items}
            </form>
        </LiveConditions>
    }
}
