//! A patient's own access log on their page: who used their data, when, and what for. Reading
//! it goes through the guard and is itself logged.

use crate::error::AppError;
use crate::ui::use_lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How many of the newest records the page shows.
pub const SHOWN: i64 = 50;

/// One record as the patient reads it: when, who, what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    /// When, on the Dutch clock.
    pub when: String,
    /// Who, in words.
    pub who: String,
    /// What, in words.
    pub what: String,
}

/// The signed-in patient's newest access-log records (through the guard; logged).
#[server(endpoint = "audit/mine")]
pub async fn my_access_log() -> Result<Vec<Seen>, AppError> {
    use crate::access::capability::Capability;
    use sqlx::Row;
    let Some((state, session, patient)) =
        crate::access::patients_own_record(Capability::ViewPatient).await?
    else {
        return Ok(Vec::new());
    };
    let rows = sqlx::query(
        "SELECT a.at, a.action, a.outcome, a.actor_role, a.actor_account_id, c.display_name,
                o.name AS organisation
         FROM audit_log a
         LEFT JOIN accounts c ON c.id = a.actor_account_id
         LEFT JOIN organisations o ON o.id = a.organisation_id
         WHERE a.patient_id = $1 ORDER BY a.id DESC LIMIT $2",
    )
    .bind(patient.0)
    .bind(SHOWN)
    .fetch_all(state.store.pool())
    .await
    .map_err(crate::db::StoreError::from)?;
    let lang = crate::ui::current_lang();
    let mut seen = Vec::with_capacity(rows.len());
    for row in rows {
        let at: String = row.try_get("at").map_err(crate::db::StoreError::from)?;
        let when = at
            .parse::<jiff::Timestamp>()
            .map(|t| lang.moment(t))
            .unwrap_or(at);
        let get = |column: &str| row.try_get::<Option<String>, _>(column).ok().flatten();
        let account: Option<i64> = row.try_get("actor_account_id").ok().flatten();
        let who = text::who(
            lang,
            get("actor_role").as_deref(),
            account == Some(session.account_id.0),
            get("display_name"),
            get("organisation"),
        );
        let what = text::what(
            lang,
            &get("action").unwrap_or_default(),
            get("outcome").as_deref() == Some("refused"),
        );
        seen.push(Seen { when, who, what });
    }
    Ok(seen)
}

/// The texts of the patient's access log.
pub mod text {
    use crate::ui::i18n::Lang;

    crate::texts! {
        SeenTitle { nl: "Wie uw gegevens heeft gebruikt", en: "Who used your data" }
        SeenIntro {
            nl: "Elke keer dat iemand uw gegevens in Meetpunt bekijkt of verandert, wordt dat vastgelegd. Hier ziet u de laatste keren.",
            en: "Every time someone looks at or changes your data in Meetpunt, it is recorded. Here you see the latest times.",
        }
        SeenNothing { nl: "Er is nog niets vastgelegd.", en: "Nothing has been recorded yet." }
        ColumnWhen { nl: "Wanneer", en: "When" }
        ColumnWho { nl: "Wie", en: "Who" }
        ColumnWhat { nl: "Wat", en: "What" }
        WhoYou { nl: "U zelf", en: "You" }
        WhoLink { nl: "Iemand met de link uit uw e-mail", en: "Someone with the link from your e-mail" }
        WhoAdmin { nl: "Een beheerder van Meetpunt", en: "A Meetpunt administrator" }
        WhoSomeone { nl: "Een gebruiker van Meetpunt", en: "A Meetpunt user" }
        WhatLinkOpened { nl: "een verzoek geopend", en: "opened a request" }
        WhatAnswersSaved { nl: "antwoorden bewaard", en: "saved answers" }
        WhatResponseSubmitted { nl: "een vragenlijst verstuurd", en: "sent a questionnaire" }
        WhatReadingSaved { nl: "een meting opgeslagen", en: "saved a reading" }
        WhatRequestSent { nl: "u een verzoek gestuurd", en: "sent you a request" }
        WhatRecordChanged { nl: "uw dossier aangemaakt of veranderd", en: "created or changed your record" }
        WhatActivationSent { nl: "u uitgenodigd voor een eigen account", en: "invited you to an account of your own" }
        WhatMandateGiven { nl: "een mantelzorger laten handelen", en: "let a carer act for you" }
        WhatMandateRevoked { nl: "een mantelzorger gestopt", en: "stopped a carer" }
        WhatLooked { nl: "uw gegevens bekeken", en: "looked at your data" }
        WhatRefused { nl: "wilde uw gegevens gebruiken, maar dat mocht niet", en: "tried to use your data, but was not allowed" }
    }

    /// Who, in words.
    pub fn who(
        lang: Lang,
        role: Option<&str>,
        you: bool,
        name: Option<String>,
        organisation: Option<String>,
    ) -> String {
        if you {
            return lang.t(T::WhoYou).to_owned();
        }
        match (role, name, organisation) {
            (Some("link"), _, _) => lang.t(T::WhoLink).to_owned(),
            (Some("admin"), _, _) => lang.t(T::WhoAdmin).to_owned(),
            (_, Some(name), Some(organisation)) => format!("{name} ({organisation})"),
            (_, Some(name), None) => name,
            _ => lang.t(T::WhoSomeone).to_owned(),
        }
    }

    /// What, in words.
    pub fn what(lang: Lang, action: &str, refused: bool) -> String {
        if refused {
            return lang.t(T::WhatRefused).to_owned();
        }
        lang.t(match action {
            "link_opened" => T::WhatLinkOpened,
            "answers_saved" => T::WhatAnswersSaved,
            "response_submitted" => T::WhatResponseSubmitted,
            "reading_saved" => T::WhatReadingSaved,
            "request_sent" => T::WhatRequestSent,
            "patient_created" | "patient_linked" | "care_network_changed" => T::WhatRecordChanged,
            "activation_sent" => T::WhatActivationSent,
            "mandate_given" => T::WhatMandateGiven,
            "mandate_revoked" => T::WhatMandateRevoked,
            _ => T::WhatLooked,
        })
        .to_owned()
    }
}

/// The patient's access log on their own page.
#[component]
pub fn MyAccessLog() -> impl IntoView {
    use text::T;
    let lang = use_lang();
    let seen = Resource::new(|| (), |_| my_access_log());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let seen = match seen.await {
                    Ok(seen) => seen,
                    Err(error) => return crate::ui::error_page::section_error(error),
                };
                let body = if seen.is_empty() {
                    view! { <p>{lang.t(T::SeenNothing)}</p> }.into_any()
                } else {
                    let rows = seen
                        .into_iter()
                        .map(|s| view! { <tr><td>{s.when}</td><td>{s.who}</td><td>{s.what}</td></tr> })
                        .collect_view();
                    view! {
                        <div class="table-scroll" role="region" aria-labelledby="seen-title" tabindex="0">
                            <table class="data" data-testid="access-log">
                                <thead><tr>
                                    <th scope="col">{lang.t(T::ColumnWhen)}</th>
                                    <th scope="col">{lang.t(T::ColumnWho)}</th>
                                    <th scope="col">{lang.t(T::ColumnWhat)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                };
                view! {
                    <h2 id="seen-title">{lang.t(T::SeenTitle)}</h2>
                    <p>{lang.t(T::SeenIntro)}</p>
                    {body}
                }
                .into_any()
            })}
        </Suspense>
    }
}
