//! Consent (toestemming) for digital networked care, as the patient sees and changes it on
//! their own page, and how it was recorded (when, by whom, how) for everyone who sees it.
//! A patient without consent (refused or withdrawn) gets no new requests: sending refuses
//! it (`requests::server::send`), a list skips them, a repeating series stops.

use super::text::{self, T};
use crate::error::AppError;
use crate::ui::i18n::Lang;
use crate::ui::use_lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The form on the patient's own page.
pub const MY_CONSENT_PATH: &str = "/mijn/toestemming";

/// How a consent was recorded, as stored: when, how (`patient` or `professional`) and the
/// name of whoever recorded it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    /// When (stored timestamp), if recorded.
    pub at: Option<String>,
    /// How.
    pub via: Option<String>,
    /// Who.
    pub by: Option<String>,
}

impl Recorded {
    /// One sentence: when, by whom and how; `you` when the patient reads it.
    pub fn describe(&self, lang: Lang, you: bool) -> Option<String> {
        let at = self.at.as_deref()?;
        let date = at
            .parse::<jiff::Timestamp>()
            .map(|t| lang.date(crate::measurements::clock::local(t).date()))
            .unwrap_or_else(|_| at.to_owned());
        Some(match (self.via.as_deref(), &self.by) {
            (Some("patient"), _) if you => text::consent_by_you(lang, &date),
            (Some("patient"), _) => text::consent_by_patient(lang, &date),
            (Some("professional"), Some(name)) => text::consent_by_professional(lang, name, &date),
            _ => text::consent_on(lang, &date),
        })
    }
}

/// The columns [`recorded`] reads, with `p` the patients table.
#[cfg(feature = "ssr")]
pub const RECORDED_COLUMNS: &str = "p.consent, p.consent_at, p.consent_via,
    (SELECT a.display_name FROM accounts a WHERE a.id = p.consent_by) AS consent_by_name";

/// Reads [`RECORDED_COLUMNS`]: the status and how it was recorded.
#[cfg(feature = "ssr")]
pub fn recorded(row: &sqlx::any::AnyRow) -> Result<(super::Consent, Recorded), sqlx::Error> {
    use sqlx::Row;
    let consent: String = row.try_get("consent")?;
    Ok((
        super::Consent::parse(&consent).unwrap_or_default(),
        Recorded {
            at: row.try_get("consent_at")?,
            via: row.try_get("consent_via")?,
            by: row.try_get("consent_by_name")?,
        },
    ))
}

/// The consent as the patient's own page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentShown {
    /// Whether it is given now.
    pub given: bool,
    /// The status in words.
    pub status: String,
    /// When, by whom and how, if recorded.
    pub detail: Option<String>,
}

/// The signed-in patient's consent (through the guard; logged). `None` for an account
/// without a patient record.
#[server(endpoint = "patients/my-consent")]
pub async fn my_consent() -> Result<Option<ConsentShown>, AppError> {
    use crate::access::capability::Capability;
    use crate::db::StoreError;
    let Some((state, _, patient)) =
        crate::access::patients_own_record(Capability::ViewPatient).await?
    else {
        return Ok(None);
    };
    let row = sqlx::query(&format!(
        "SELECT {RECORDED_COLUMNS} FROM patients p WHERE p.id = $1"
    ))
    .bind(patient.0)
    .fetch_optional(state.store.pool())
    .await
    .map_err(StoreError::from)?
    .ok_or(AppError::Forbidden)?;
    let (consent, how) = recorded(&row).map_err(StoreError::from)?;
    let lang = crate::ui::current_lang();
    Ok(Some(ConsentShown {
        given: consent == super::Consent::Given,
        status: super::consent_label(lang, consent).to_owned(),
        detail: how.describe(lang, true),
    }))
}

/// "Toestemming voor uw zorgnetwerk" on the patient's own page: what it means, where it
/// stands, and one button to give or withdraw it.
#[component]
pub fn MyConsentSection() -> impl IntoView {
    let lang = use_lang();
    let saved = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("toestemming")
        .is_some();
    let consent = Resource::new(|| (), |_| my_consent());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let consent = match consent.await {
                    Ok(Some(consent)) => consent,
                    Ok(None) => return ().into_any(),
                    Err(error) => return crate::ui::error_page::section_error(error),
                };
                let (choice, label) = if consent.given {
                    ("intrekken", T::ConsentWithdraw)
                } else {
                    ("geven", T::ConsentGive)
                };
                view! {
                    <section aria-labelledby="toestemming">
                        <h2 id="toestemming">{lang.t(T::MyConsentTitle)}</h2>
                        {saved.then(|| view! {
                            <div class="notice" role="status" data-testid="consent-saved">
                                <p>{lang.t(T::ConsentSaved)}</p>
                            </div>
                        })}
                        <p>{lang.t(T::MyConsentIntro)}</p>
                        <p data-testid="consent">
                            {lang.t(T::MyConsentNow)}" "<strong>{consent.status}</strong>
                            {consent.detail.map(|d| view! { " "{d} })}
                        </p>
                        <form method="post" action=MY_CONSENT_PATH>
                            <input type="hidden" name="keuze" value=choice/>
                            <button type="submit" data-testid="consent-button">{lang.t(label)}</button>
                        </form>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
