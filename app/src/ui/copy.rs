//! A copy button for a read-only text field, e.g. the line for the GP system's journal. The
//! server renders it hidden: it shows only once the island runs. Without JavaScript the field
//! itself is there to select and copy, so nothing depends on the button.

use leptos::prelude::*;

/// Words of the button, in the page's language.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CopyTexts {
    /// The button.
    pub label: String,
    /// Said after copying.
    pub done: String,
    /// Said when the browser would not copy (the text is then selected).
    pub failed: String,
}

/// Copies the value of the field with id `target`.
#[island]
pub fn CopyButton(target: String, texts: CopyTexts) -> impl IntoView {
    let texts = StoredValue::new(texts);
    let target = StoredValue::new(target);
    let wrapper = NodeRef::<leptos::html::Span>::new();
    Effect::new(move |_| {
        if let Some(wrapper) = wrapper.get() {
            browser::hydrated(&wrapper);
        }
    });
    let label = texts.with_value(|t| t.label.clone());
    view! {
        <span class="copy" data-hydrated="false" node_ref=wrapper>
            <button
                type="button"
                hidden
                on:click=move |_| {
                    if let Some(wrapper) = wrapper.get() {
                        browser::copy(&wrapper, &target.get_value(), texts.get_value());
                    }
                }
            >
                {label}
            </button>
            <span class="copy-status" role="status"></span>
        </span>
    }
}

/// What the island does in the browser; nothing on the server.
mod browser {
    use super::CopyTexts;

    /// Shows the button and marks the island as running.
    #[cfg(feature = "hydrate")]
    pub fn hydrated(wrapper: &web_sys::HtmlElement) {
        if let Ok(Some(button)) = wrapper.query_selector("button") {
            let _ = button.remove_attribute("hidden");
        }
        let _ = wrapper.set_attribute("data-hydrated", "true");
    }

    /// Selects the field's text and writes it to the clipboard; says whether that worked.
    #[cfg(feature = "hydrate")]
    pub fn copy(wrapper: &web_sys::HtmlElement, target: &str, texts: CopyTexts) {
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return;
        };
        let field = window
            .document()
            .and_then(|d| d.get_element_by_id(target))
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
        let Some(field) = field else {
            return;
        };
        field.select();
        let status = wrapper.query_selector(".copy-status").ok().flatten();
        // Cleared first, so the same words are announced again.
        if let Some(status) = &status {
            status.set_text_content(None);
        }
        let promise = window.navigator().clipboard().write_text(&field.value());
        leptos::task::spawn_local(async move {
            let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            if let Some(status) = status {
                status.set_text_content(Some(if copied { &texts.done } else { &texts.failed }));
            }
        });
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn hydrated<T>(_: &T) {}

    #[cfg(not(feature = "hydrate"))]
    pub fn copy<T>(_: &T, _: &str, _: CopyTexts) {}
}
