//! Carers (mantelzorgers) acting for a patient under a mandate.
//!
//! The patient invites a carer by e-mail from their own page and says what the carer may do
//! ([`Scope`]) and for how long; or a professional records it on the patient's record after
//! a conversation in which the patient agreed (for a patient without an account of their own,
//! that is the way). The carer gets an account of their own (or uses the one
//! they have), sees only the patients they act for, and every page says for whom they act.
//! What a carer enters is recorded as entered by that carer. The patient revokes a mandate
//! at any moment; the next request of the carer is refused, because every request checks
//! the mandate again (`access::server::sessions`). The database side is in `server`, the
//! form handlers in `routes`.

use crate::access::capability::Capability;
use crate::error::AppError;
use crate::ui::i18n::Lang;
use crate::ui::use_lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use text::T;

#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod server;
pub mod text;

/// The patient's form that invites a carer.
pub const MY_CARERS_PATH: &str = "/mijn/mantelzorgers";
/// The carer's form that chooses for whom they act.
pub const ACT_FOR_PATH: &str = "/mijn/handelen-voor";
/// The short-lived cookie that brings a refused invitation back to the form, as typed.
pub const DRAFT_COOKIE: &str = "meetpunt_mantelzorger";
/// How long the refused form waits in its cookie.
pub const DRAFT_SECONDS: u64 = 600;
/// The durations a patient chooses from, in months.
pub const MONTHS: [u8; 4] = [3, 6, 12, 24];
/// The duration chosen unless the patient chooses another.
pub const DEFAULT_MONTHS: u8 = 12;

/// The form that revokes one mandate.
pub fn revoke_path(mandate: i64) -> String {
    format!("{MY_CARERS_PATH}/{mandate}/intrekken")
}

/// A professional's form on a patient's carers, under the patient's record.
pub fn patient_carers_path(patient: i64) -> String {
    format!("/patienten/{patient}/mantelzorgers")
}

/// A professional's form that stops one mandate of a patient.
pub fn patient_revoke_path(patient: i64, mandate: i64) -> String {
    format!("{}/{mandate}/intrekken", patient_carers_path(patient))
}

/// Who reads about a patient's carers: the patient (addressed as "u") or a professional on
/// the patient's record (who reads "de patiënt").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reader {
    /// The patient on their own page.
    Patient,
    /// A professional on the patient's record.
    Professional,
}

/// What a carer may do for the patient. At least one of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Scope {
    /// Fill in the questionnaires the patient was asked to.
    pub questionnaires: bool,
    /// Enter the measurements the patient was asked for.
    pub measurements: bool,
    /// See what was sent and its results.
    pub results: bool,
}

impl Scope {
    /// Everything.
    pub const ALL: Scope = Scope {
        questionnaires: true,
        measurements: true,
        results: true,
    };

    /// The parts, with their stored codes.
    fn parts(self) -> [(&'static str, bool, T); 3] {
        [
            (
                "questionnaires",
                self.questionnaires,
                T::ScopeQuestionnaires,
            ),
            ("measurements", self.measurements, T::ScopeMeasurements),
            ("results", self.results, T::ScopeResults),
        ]
    }

    /// The stored form: the codes of its parts, comma-separated.
    pub fn code(self) -> String {
        self.parts()
            .into_iter()
            .filter(|(_, on, _)| *on)
            .map(|(code, _, _)| code)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads [`Scope::code`]; unknown parts are ignored (they give no right).
    pub fn parse(code: &str) -> Scope {
        let has = |part: &str| code.split(',').any(|p| p.trim() == part);
        Scope {
            questionnaires: has("questionnaires"),
            measurements: has("measurements"),
            results: has("results"),
        }
    }

    /// Whether it gives no right at all.
    pub fn is_empty(self) -> bool {
        !(self.questionnaires || self.measurements || self.results)
    }

    /// Its parts in words, e.g. "vragenlijsten invullen, uitslagen bekijken".
    pub fn describe(self, lang: Lang) -> String {
        self.parts()
            .into_iter()
            .filter(|(_, on, _)| *on)
            .map(|(_, _, text)| lang.t(text))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether a carer under this mandate may do `capability` on the patient's data (the
    /// carers' row of the capability table, [`crate::access::capability::carer_may`]).
    pub fn allows(self, capability: Capability) -> bool {
        crate::access::capability::carer_may(self, capability)
    }
}

/// The mandate a carer's session acts under, checked on every request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mandate {
    /// Its id.
    pub id: i64,
    /// What it allows.
    pub scope: Scope,
}

/// Why an invitation was not sent. The form comes back as it was typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// No name.
    NameMissing,
    /// Not an e-mail address.
    EmailInvalid,
    /// Nothing the carer may do.
    NothingChosen,
    /// A duration not offered.
    DurationInvalid,
    /// The address is the patient's own.
    OwnAddress,
    /// This carer already has a mandate that runs.
    AlreadyActive,
    /// A professional did not confirm that the patient agreed.
    NotAgreed,
}

impl Problem {
    /// The message, in the person's language, for `reader`.
    pub fn message(self, lang: Lang, reader: Reader) -> &'static str {
        let professional = reader == Reader::Professional;
        lang.t(match self {
            Problem::NameMissing => T::ProblemName,
            Problem::EmailInvalid => T::ProblemEmail,
            Problem::NothingChosen => T::ProblemScope,
            Problem::DurationInvalid => T::ProblemDuration,
            Problem::OwnAddress if professional => T::ProblemPatientsAddress,
            Problem::OwnAddress => T::ProblemOwnAddress,
            Problem::AlreadyActive if professional => T::ProblemAlreadyActsForPatient,
            Problem::AlreadyActive => T::ProblemAlreadyActive,
            Problem::NotAgreed => T::ProblemNotAgreed,
        })
    }

    /// The id of the input to fix.
    pub fn input(self) -> &'static str {
        match self {
            Problem::NameMissing => "carer-name",
            Problem::NothingChosen => "scope-questionnaires",
            Problem::DurationInvalid => "carer-months",
            Problem::NotAgreed => "carer-agreed",
            _ => "carer-email",
        }
    }
}

/// The invitation form as typed: kept when refused, so nothing typed is lost.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The account that typed it (a draft is shown to no one else).
    pub account: i64,
    /// The carer's name.
    pub name: String,
    /// The carer's address.
    pub email: String,
    /// What the carer may do.
    pub scope: Scope,
    /// For how many months.
    pub months: u8,
    /// Why it came back.
    pub problem: Option<Problem>,
    /// A professional confirmed that the patient agreed.
    #[serde(default)]
    pub agreed: bool,
}

impl Draft {
    /// Longest input kept in the cookie.
    const MAX_INPUT: usize = 200;

    /// The cookie's value, each input cut to [`Draft::MAX_INPUT`] characters.
    pub fn to_cookie_value(&self) -> String {
        let cut = |text: &str| text.chars().take(Self::MAX_INPUT).collect::<String>();
        let draft = Draft {
            name: cut(&self.name),
            email: cut(&self.email),
            ..self.clone()
        };
        crate::access::percent_encode(&serde_json::to_string(&draft).unwrap_or_default())
    }

    /// Reads [`Draft::to_cookie_value`]; `None` for anything else.
    pub fn from_cookie_value(value: &str) -> Option<Draft> {
        serde_json::from_str(&crate::access::percent_decode(value)?).ok()
    }
}

/// Where a mandate stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    /// The carer has not yet chosen a password.
    Invited,
    /// It runs until this day.
    Active(String),
    /// The patient (or a professional) revoked it on this day.
    Revoked(String),
    /// It ran out on this day.
    Expired(String),
}

impl Standing {
    /// In words, for `reader`.
    pub fn describe(&self, lang: Lang, reader: Reader) -> String {
        match self {
            Standing::Invited => lang.t(T::StandingInvited).to_owned(),
            Standing::Active(day) if reader == Reader::Professional => {
                text::standing_active_for_patient(lang, day)
            }
            Standing::Active(day) => text::standing_active(lang, day),
            Standing::Revoked(day) => text::standing_revoked(lang, day),
            Standing::Expired(day) => text::standing_expired(lang, day),
        }
    }

    /// Whether it can still be revoked.
    pub fn runs(&self) -> bool {
        matches!(self, Standing::Invited | Standing::Active(_))
    }
}

/// One mandate as the patient sees it on their page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Given {
    /// Its id (for the revoke form).
    pub id: i64,
    /// The carer's name.
    pub name: String,
    /// The carer's address.
    pub email: String,
    /// What the carer may do, in words.
    pub scope: String,
    /// Where it stands.
    pub standing: Standing,
}

/// The patient's carers, and a refused invitation to show again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarersShown {
    /// Every mandate given, running ones first.
    pub given: Vec<Given>,
    /// The invitation that came back, if any.
    pub draft: Option<Draft>,
}

/// The signed-in patient's carers (through the guard; logged).
#[server(endpoint = "carers/mine")]
pub async fn my_carers() -> Result<CarersShown, AppError> {
    let session = crate::access::session().ok_or(AppError::NotSignedIn)?;
    if session.role != crate::access::Role::Patient {
        return Ok(CarersShown::default());
    }
    let Some((state, session, patient)) =
        crate::access::own_record(Capability::ViewPatient).await?
    else {
        return Ok(CarersShown::default());
    };
    let lang = crate::ui::current_lang();
    let given = server::given(&state.store, patient, lang, state.now()).await?;
    let draft = crate::ui::take_page_cookie(DRAFT_COOKIE, crate::access::ACCOUNT_PATH)
        .and_then(|value| Draft::from_cookie_value(&value))
        .filter(|draft| draft.account == session.account_id.0);
    Ok(CarersShown { given, draft })
}

/// A patient's carers as a professional sees them on the patient's record (through the
/// guard: a professional who may edit the record; logged), with a refused form of theirs to
/// show again.
#[server(endpoint = "carers/of-patient")]
pub async fn patient_carers(patient: i64) -> Result<CarersShown, AppError> {
    let state = crate::state::AppState::from_context()?;
    let authorised = crate::access::server::guard::authorise(
        &state.store,
        crate::access::session().as_ref(),
        Capability::EditPatient,
        crate::patients::PatientId(patient),
        crate::access::client().as_deref(),
        state.now(),
    )
    .await?;
    let session = authorised.session();
    let lang = crate::ui::current_lang();
    let given = server::given(&state.store, authorised.patient(), lang, state.now()).await?;
    let page = crate::patients::record::record_path(patient);
    let draft = crate::ui::take_page_cookie(DRAFT_COOKIE, &page)
        .and_then(|value| Draft::from_cookie_value(&value))
        .filter(|draft| draft.account == session.account_id.0);
    Ok(CarersShown { given, draft })
}

/// One patient a carer acts for, as the carer's page lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActingRow {
    /// The patient record's id (for the choose form).
    pub patient: i64,
    /// The patient's name.
    pub name: String,
    /// What the carer may do, in words.
    pub scope: String,
    /// Until when, in words.
    pub until: String,
    /// Whether this page acts for them now.
    pub now: bool,
}

/// The patients the signed-in carer acts for under a running mandate. Their own list: the
/// names are shown to the carer under the patients' mandates.
#[server(endpoint = "carers/acting-for")]
pub async fn acting_for() -> Result<Vec<ActingRow>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let session = crate::access::session().ok_or(AppError::NotSignedIn)?;
    if session.role != crate::access::Role::Carer {
        return Ok(Vec::new());
    }
    let lang = crate::ui::current_lang();
    Ok(server::acting_list(&state.store, &session, lang, state.now()).await?)
}

/// "Mantelzorgers" on the patient's own page: who acts for them, revoking, inviting.
#[component]
pub fn MyCarersSection() -> impl IntoView {
    let notice = |v: &str| match v {
        "uitgenodigd" => Some(T::NoticeInvited),
        "ingetrokken" => Some(T::NoticeRevoked),
        _ => None,
    };
    let carers = Resource::new(|| (), |_| my_carers());
    view! { <CarersFrame notice intro=T::MyCarersIntro on_record=None carers/> }
}

/// The mandates given, each with its revoke button while it runs: on the patient's own page,
/// or (`on_record`: the patient's id) on their record, for a professional.
#[component]
fn GivenList(given: Vec<Given>, on_record: Option<i64>) -> impl IntoView {
    let lang = use_lang();
    let reader = reader(on_record);
    if given.is_empty() {
        let none = match reader {
            Reader::Patient => T::MyCarersNone,
            Reader::Professional => T::PatientCarersNone,
        };
        return view! { <p data-testid="carers-none">{lang.t(none)}</p> }.into_any();
    }
    let items = given
        .into_iter()
        .map(|g| {
            let runs = g.standing.runs();
            let (label, action) = match on_record {
                None => (text::revoke_label(lang, &g.name), revoke_path(g.id)),
                Some(patient) => (
                    text::revoke_label_for_patient(lang, &g.name),
                    patient_revoke_path(patient, g.id),
                ),
            };
            view! {
                <li data-testid="carer">
                    <p><strong>{g.name}</strong>" ("{g.email}")"</p>
                    <p>{lang.t(T::MayDo)}" "{g.scope}</p>
                    <p data-testid="carer-standing">{g.standing.describe(lang, reader)}</p>
                    {runs.then(|| view! {
                        <form method="post" action=action>
                            <button type="submit" aria-label=label data-testid="revoke-carer">
                                {lang.t(T::RevokeButton)}
                            </button>
                        </form>
                    })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="carer-list" data-testid="carers">{items}</ul> }.into_any()
}

/// Who reads a list or form shown on the patient's own page (`None`) or on their record.
fn reader(on_record: Option<i64>) -> Reader {
    match on_record {
        None => Reader::Patient,
        Some(_) => Reader::Professional,
    }
}

/// The invitation form, filled in again when it came back refused: the patient's own, or
/// (`on_record`: the patient's id) a professional's on the patient's record, who confirms that
/// the patient agreed.
#[component]
fn InviteForm(draft: Option<Draft>, on_record: Option<i64>) -> impl IntoView {
    let lang = use_lang();
    let reader = reader(on_record);
    let professional = reader == Reader::Professional;
    let draft = draft.unwrap_or(Draft {
        scope: Scope::ALL,
        months: DEFAULT_MONTHS,
        ..Draft::default()
    });
    let problem = draft.problem;
    let agreed = draft.agreed;
    let invalid = |input: &str| (problem.map(Problem::input) == Some(input)).then_some("true");
    let described =
        |input: &str| (problem.map(Problem::input) == Some(input)).then_some("carer-problem");
    let scope = draft.scope;
    let options = MONTHS
        .into_iter()
        .map(|m| {
            let chosen = m == draft.months;
            view! {
                <option value=m.to_string() selected=chosen>
                    {text::months(lang, m)}
                </option>
            }
        })
        .collect_view();
    let check = |id: &'static str, value: &'static str, on: bool, label: T| {
        view! {
            <div class="choice">
                <input type="checkbox" id=id name=value value="ja" checked=on/>
                <label for=id>{lang.t(label)}</label>
            </div>
        }
    };
    view! {
        <h3 id="invite-carer">{lang.t(if professional { T::RecordTitle } else { T::InviteTitle })}</h3>
        {problem.map(|p| view! {
            <div class="error-summary" role="alert" tabindex="-1" autofocus>
                <h4>{lang.t(crate::access::text::T::FormProblem)}</h4>
                <p id="carer-problem"><a href=format!("#{}", p.input())>{p.message(lang, reader)}</a></p>
            </div>
        })}
        <form method="post" action=on_record.map_or_else(|| MY_CARERS_PATH.to_owned(), patient_carers_path)
            class="stacked-form" aria-labelledby="invite-carer">
            <div class="field">
                <label for="carer-name">{lang.t(T::InviteName)}</label>
                <input type="text" id="carer-name" name="naam" value=draft.name.clone()
                    autocomplete="off" required aria-invalid=invalid("carer-name")
                    aria-describedby=described("carer-name")/>
            </div>
            <div class="field">
                <label for="carer-email">{lang.t(T::InviteEmail)}</label>
                <input type="email" id="carer-email" name="email" value=draft.email.clone()
                    autocomplete="off" required aria-invalid=invalid("carer-email")
                    aria-describedby=described("carer-email")/>
            </div>
            <fieldset aria-invalid=invalid("scope-questionnaires")
                aria-describedby=described("scope-questionnaires")>
                <legend>{lang.t(if professional { T::RecordScope } else { T::InviteScope })}</legend>
                {check("scope-questionnaires", "vragenlijsten", scope.questionnaires, T::ScopeQuestionnaires)}
                {check("scope-measurements", "metingen", scope.measurements, T::ScopeMeasurements)}
                {check("scope-results", "uitslagen", scope.results, T::ScopeResults)}
            </fieldset>
            <div class="field">
                <label for="carer-months">{lang.t(T::InviteMonths)}</label>
                <select id="carer-months" name="maanden" aria-invalid=invalid("carer-months")
                    aria-describedby=described("carer-months")>
                    {options}
                </select>
            </div>
            {professional.then(|| view! {
                <div class="choice">
                    <input type="checkbox" id="carer-agreed" name="ingestemd" value="ja"
                        checked=agreed required aria-invalid=invalid("carer-agreed")
                        aria-describedby=described("carer-agreed")/>
                    <label for="carer-agreed">{lang.t(T::RecordAgreed)}</label>
                </div>
            })}
            <p>{lang.t(if professional { T::RecordRevokeHint } else { T::InviteRevokeHint })}</p>
            <button type="submit" class="primary" data-testid="invite-carer">
                {lang.t(if professional { T::RecordButton } else { T::InviteButton })}
            </button>
        </form>
    }
}

/// "Mantelzorgers" on a patient's record, for a professional who may edit it: who acts for
/// the patient, stopping a mandate, and recording one the patient agreed to.
#[component]
pub fn PatientCarersSection(patient: i64) -> impl IntoView {
    let notice = |v: &str| match v {
        "vastgelegd" => Some(T::NoticeRecorded),
        "ingetrokken" => Some(T::NoticeRevokedForPatient),
        _ => None,
    };
    let carers = Resource::new(|| (), move |_| patient_carers(patient));
    view! { <CarersFrame notice intro=T::PatientCarersIntro on_record=Some(patient) carers/> }
}

/// The "Mantelzorgers" section around the list and the form, for the patient and on a record:
/// the notice the page's `mantelzorger` query names (through `notice`), the introduction, and
/// the loaded carers.
#[component]
fn CarersFrame(
    notice: fn(&str) -> Option<T>,
    intro: T,
    on_record: Option<i64>,
    carers: Resource<Result<CarersShown, AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let query = leptos_router::hooks::use_query_map().read_untracked();
    let notice = query.get("mantelzorger").and_then(|v| notice(&v));
    view! {
        <section aria-labelledby="mantelzorgers" class="carers">
            <h2 id="mantelzorgers">{lang.t(T::MyCarersTitle)}</h2>
            {notice.map(|n| view! {
                <div class="notice" role="status" data-testid="carer-notice">
                    <p>{lang.t(n)}</p>
                </div>
            })}
            <p>{lang.t(intro)}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    let carers = match carers.await {
                        Ok(carers) => carers,
                        Err(error) => return crate::ui::error_page::section_error(error),
                    };
                    view! {
                        <GivenList given=carers.given on_record/>
                        <InviteForm draft=carers.draft on_record/>
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
    }
}

/// On a carer's own page: for whom they act now, what they may do, and the others they
/// can switch to.
#[component]
pub fn ActingForSection() -> impl IntoView {
    let lang = use_lang();
    let list = Resource::new(|| (), |_| acting_for());
    view! {
        <section aria-labelledby="acting-for" class="carers">
            <h2 id="acting-for">{lang.t(T::ActingTitle)}</h2>
            <Suspense>
                {move || Suspend::new(async move {
                    let list = match list.await {
                        Ok(list) => list,
                        Err(error) => return crate::ui::error_page::section_error(error),
                    };
                    if list.is_empty() {
                        return view! { <p data-testid="acting-none">{lang.t(T::ActingNone)}</p> }
                            .into_any();
                    }
                    let items = list
                        .into_iter()
                        .map(|a| {
                            let label = text::act_for_label(lang, &a.name);
                            view! {
                                <li data-testid="acting-for" data-now=a.now.then_some("true")>
                                    <p><strong>{a.name}</strong></p>
                                    <p>{lang.t(T::MayDo)}" "{a.scope}</p>
                                    <p>{a.until}</p>
                                    {if a.now {
                                        view! { <p class="tag">{lang.t(T::ActingNow)}</p> }.into_any()
                                    } else {
                                        view! {
                                            <form method="post" action=ACT_FOR_PATH>
                                                <input type="hidden" name="patient" value=a.patient.to_string()/>
                                                <button type="submit">{label}</button>
                                            </form>
                                        }
                                        .into_any()
                                    }}
                                </li>
                            }
                        })
                        .collect_view();
                    view! { <ul class="carer-list">{items}</ul> }.into_any()
                })}
            </Suspense>
        </section>
    }
}

/// "U handelt voor Jan Jansen" at the top of every page of a carer acting for someone.
#[component]
pub fn ActingForBanner() -> impl IntoView {
    let lang = use_lang();
    crate::access::signed_in()
        .and_then(|me| me.acting_for)
        .map(|name| {
            view! {
                <p class="acting-for-banner" data-testid="acting-for-banner">
                    {text::acting_for(lang, &name)}" "
                    <a href=crate::access::ACCOUNT_PATH>{lang.t(T::ActingSwitch)}</a>
                </p>
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_is_stored_and_read_back() {
        for q in [false, true] {
            for m in [false, true] {
                for r in [false, true] {
                    let scope = Scope {
                        questionnaires: q,
                        measurements: m,
                        results: r,
                    };
                    assert_eq!(Scope::parse(&scope.code()), scope);
                }
            }
        }
        assert_eq!(Scope::ALL.code(), "questionnaires,measurements,results");
        assert!(Scope::parse("").is_empty());
        assert!(Scope::parse("everything,admin").is_empty());
    }

    #[test]
    fn a_draft_survives_its_cookie_and_is_cut_to_size() {
        let draft = Draft {
            account: 4,
            name: "Els de Vries; \"x\"".into(),
            email: "e".repeat(500),
            scope: Scope::ALL,
            months: 6,
            problem: Some(Problem::EmailInvalid),
            agreed: true,
        };
        let back = Draft::from_cookie_value(&draft.to_cookie_value()).expect("read back");
        assert_eq!(back.name, draft.name);
        assert!(back.agreed);
        assert_eq!(back.email.len(), 200);
        assert_eq!(back.problem, Some(Problem::EmailInvalid));
        assert_eq!(Draft::from_cookie_value("garbage"), None);
    }

    #[test]
    fn a_professional_reads_of_the_patient_where_the_patient_reads_of_themselves() {
        let day = "14 december 2026".to_owned();
        let active = Standing::Active(day);
        assert!(active
            .describe(Lang::Nl, Reader::Patient)
            .contains("voor u handelen"));
        assert!(active
            .describe(Lang::Nl, Reader::Professional)
            .contains("voor de patiënt handelen"));
        for problem in [Problem::OwnAddress, Problem::AlreadyActive] {
            assert_ne!(
                problem.message(Lang::Nl, Reader::Patient),
                problem.message(Lang::Nl, Reader::Professional)
            );
            assert!(problem
                .message(Lang::Nl, Reader::Professional)
                .contains("patiënt"));
        }
    }
}
