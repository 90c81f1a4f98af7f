//! The start page.

use crate::ui::text::T;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

/// What a patient or carer sees first.
#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=lang.t(T::HomeTitle)/>
        <h1>{lang.t(T::HomeTitle)}</h1>
        <p class="lead">{lang.t(T::Tagline)}</p>
        <p>{lang.t(T::HomeIntro)}</p>
        <p>{lang.t(T::HomeCarer)}</p>
        <p class="notice" role="note">{lang.t(T::HomeNoWatch)}</p>
        <p>
            <a href="/vragenlijsten">{lang.t(T::HomeCatalogueLink)}</a>
        </p>
    }
}
