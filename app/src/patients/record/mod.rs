//! Adding and editing patient records, and their care network, from the professionals'
//! pages. A GP practice adds a full record (with the BSN, checked with the eleven-test, stored,
//! never logged, shown masked); nursing and home care add a minimal one (no BSN). Whoever
//! adds a patient is the first organisation in the care network and manages it; the managing
//! organisation (or any, while none manages it) adds organisations and hands the management
//! over. Consent recorded after a conversation is kept with its date. Every change is logged,
//! and a refused form comes back as typed (without the BSN) with a message per field.

use crate::error::AppError;
use crate::ui::i18n::Lang;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

crate::text_fns! {
    /// The remove button for screen readers, naming whom.
    fn remove_label(name: &str) {
        nl: "{name} verwijderen als betrokken zorgverlener",
        en: "Remove {name} as a professional involved",
    }
}

/// The form that adds a patient.
pub const NEW_PATIENT_PATH: &str = "/patienten/nieuw";
/// The cookie that brings a refused form back as typed.
pub const DRAFT_COOKIE: &str = "meetpunt_patient";

/// The edit page of patient `id`.
pub fn record_path(id: i64) -> String {
    format!("{}/{id}/gegevens", super::pages::PATIENTS_PATH)
}

crate::texts! {
    NewTitle { nl: "Patiënt toevoegen", en: "Add a patient" }
    NewIntro {
        nl: "Uw organisatie komt in het zorgnetwerk van de patiënt en voert de regie. Andere organisaties voegt u daarna toe.",
        en: "Your organisation joins the patient's care network and manages it. You add other organisations afterwards.",
    }
    NewLink { nl: "Patiënt toevoegen", en: "Add a patient" }
    EditTitle { nl: "Gegevens en zorgnetwerk", en: "Details and care network" }
    EditLink { nl: "Gegevens en zorgnetwerk", en: "Details and care network" }
    Name { nl: "Naam", en: "Name" }
    BirthDate { nl: "Geboortedatum", en: "Date of birth" }
    Email {
        nl: "E-mailadres (hierheen gaan de links naar vragenlijsten en metingen; mag leeg)",
        en: "E-mail address (where the links to questionnaires and measurements go; may be empty)",
    }
    BirthDateHint { nl: "Als dag-maand-jaar, bijvoorbeeld 15-03-1942.", en: "As day-month-year, for example 15-03-1942." }
    BsnAgain {
        nl: "Om veiligheidsredenen is het BSN niet bewaard: vul het opnieuw in.",
        en: "For safety the BSN was not kept: fill it in again.",
    }
    HandOverHint {
        nl: "Let op: daarna wijzigt alleen die organisatie het zorgnetwerk, ook als u de regie terug wilt.",
        en: "Note: afterwards only that organisation changes the care network, also if you want the management back.",
    }
    KindHap { nl: "huisartsenpraktijk", en: "GP practice" }
    KindVvt { nl: "verpleging en verzorging (VVT)", en: "nursing and care (VVT)" }
    KindThuiszorg { nl: "thuiszorg", en: "home care" }
    KindNetwerkpartner { nl: "netwerkpartner", en: "network partner" }
    Bsn { nl: "BSN (mag leeg)", en: "BSN (may be empty)" }
    BsnKept {
        nl: "Er is een BSN vastgelegd. Vul alleen een BSN in om het te vervangen.",
        en: "A BSN is on record. Only fill in a BSN to replace it.",
    }
    Consent { nl: "Toestemming voor digitale zorg in het netwerk", en: "Consent to digital care in the network" }
    ConsentHint {
        nl: "Leg vast wat de patiënt in een gesprek heeft gezegd. Zonder toestemming kunt u geen verzoeken sturen.",
        en: "Record what the patient said in a conversation. Without consent you cannot send requests.",
    }
    Save { nl: "Opslaan", en: "Save" }
    Add { nl: "Patiënt toevoegen", en: "Add the patient" }
    Saved { nl: "De gegevens zijn opgeslagen.", en: "The details have been saved." }
    NetworkSaved { nl: "Het zorgnetwerk is bijgewerkt.", en: "The care network has been updated." }
    NetworkTitle { nl: "Zorgnetwerk", en: "Care network" }
    NetworkIntro {
        nl: "De organisaties die bij de zorg zijn betrokken. Alleen zij zien de gegevens van de patiënt.",
        en: "The organisations involved in the care. Only they see the patient's data.",
    }
    ColumnOrganisation { nl: "Organisatie", en: "Organisation" }
    ColumnKind { nl: "Soort", en: "Kind" }
    ColumnRole { nl: "Rol", en: "Role" }
    RoleManager { nl: "voert de regie", en: "manages the network" }
    RoleMember { nl: "betrokken", en: "involved" }
    AddOrganisation { nl: "Organisatie toevoegen", en: "Add an organisation" }
    TeamTitle { nl: "Betrokken zorgverleners", en: "Professionals involved" }
    TeamNone { nl: "Er zijn nog geen zorgverleners bij naam betrokken.", en: "No professionals are involved by name yet." }
    TeamAdd { nl: "Zorgverlener van uw organisatie toevoegen", en: "Add a professional of your organisation" }
    TeamRemove { nl: "Verwijderen", en: "Remove" }
    TeamSaved { nl: "De betrokken zorgverleners zijn bijgewerkt.", en: "The professionals involved have been updated." }
    ColumnAction { nl: "Actie", en: "Action" }
    AddButton { nl: "Toevoegen", en: "Add" }
    HandOver { nl: "Regie overdragen aan", en: "Hand management over to" }
    HandOverButton { nl: "Regie overdragen", en: "Hand over management" }
    NetworkOnlyManager {
        nl: "Alleen de organisatie die de regie voert, wijzigt het zorgnetwerk.",
        en: "Only the organisation that manages the network changes it.",
    }
    BackToPatient { nl: "Terug naar de patiënt", en: "Back to the patient" }
    ErrorTitle { nl: "Er is een probleem", en: "There is a problem" }
    ProblemName { nl: "Vul de naam in (hoogstens 200 tekens).", en: "Fill in the name (200 characters at most)." }
    ProblemBirthDate {
        nl: "Vul de geboortedatum in als dag-maand-jaar, bijvoorbeeld 15-03-1942.",
        en: "Fill in the date of birth as day-month-year, for example 15-03-1942.",
    }
    ProblemEmail { nl: "Vul een geldig e-mailadres in, of laat het leeg.", en: "Fill in a valid e-mail address, or leave it empty." }
    ProblemBsn {
        nl: "Dit BSN klopt niet: een BSN heeft 9 cijfers en moet de elfproef doorstaan. Kijk het na.",
        en: "This BSN is not right: a BSN has 9 digits and must pass the eleven-test. Check it.",
    }
    ProblemBsnTaken {
        nl: "Dit BSN hoort al bij een patiënt in Meetpunt. Vraag de organisatie die de regie voert om uw organisatie aan het zorgnetwerk toe te voegen.",
        en: "This BSN already belongs to a patient in Meetpunt. Ask the organisation that manages the care network to add your organisation.",
    }
    ProblemConsent { nl: "Kies wat de patiënt heeft gezegd.", en: "Choose what the patient said." }
}

/// What a refused form was wrong about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// The name.
    Name,
    /// The date of birth.
    BirthDate,
    /// The e-mail address.
    Email,
    /// The BSN fails the eleven-test.
    Bsn,
    /// The BSN belongs to another record.
    BsnTaken,
    /// Not a consent status.
    Consent,
}

impl Problem {
    /// The message for people.
    pub fn message(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Problem::Name => T::ProblemName,
            Problem::BirthDate => T::ProblemBirthDate,
            Problem::Email => T::ProblemEmail,
            Problem::Bsn => T::ProblemBsn,
            Problem::BsnTaken => T::ProblemBsnTaken,
            Problem::Consent => T::ProblemConsent,
        })
    }

    /// The input it is about.
    pub fn input(self) -> &'static str {
        match self {
            Problem::Name => "naam",
            Problem::BirthDate => "geboortedatum",
            Problem::Email => "email",
            Problem::Bsn | Problem::BsnTaken => "bsn",
            Problem::Consent => "toestemming",
        }
    }
}

/// The record form's inputs, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fields {
    /// The name.
    #[serde(default)]
    pub naam: String,
    /// The date of birth (`dd-mm-jjjj` or `jjjj-mm-dd`).
    #[serde(default)]
    pub geboortedatum: String,
    /// The e-mail address.
    #[serde(default)]
    pub email: String,
    /// The BSN (never kept in a draft).
    #[serde(default)]
    pub bsn: String,
    /// The consent's code.
    #[serde(default)]
    pub toestemming: String,
}

/// A refused form as typed (the BSN left out), for [`DRAFT_COOKIE`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Whose: only that account's page shows it.
    pub account: i64,
    /// The record it edits (`None`: a new one).
    pub patient: Option<i64>,
    /// What was typed, without the BSN.
    pub fields: Fields,
    /// What was wrong.
    pub problems: Vec<Problem>,
}

impl Draft {
    /// The longest text kept of one input.
    pub const MAX_INPUT: usize = 254;

    /// The cookie's value: inputs cut to [`Draft::MAX_INPUT`] characters, never the BSN.
    pub fn to_cookie_value(&self) -> String {
        let cut = |text: &str| text.chars().take(Self::MAX_INPUT).collect::<String>();
        let draft = Draft {
            fields: Fields {
                naam: cut(&self.fields.naam),
                geboortedatum: cut(&self.fields.geboortedatum),
                email: cut(&self.fields.email),
                bsn: String::new(),
                toestemming: cut(&self.fields.toestemming),
            },
            ..self.clone()
        };
        crate::access::percent_encode(&serde_json::to_string(&draft).unwrap_or_default())
    }

    /// Reads [`Draft::to_cookie_value`]; `None` for anything else.
    pub fn from_cookie_value(value: &str) -> Option<Draft> {
        serde_json::from_str(&crate::access::percent_decode(value)?).ok()
    }
}

/// The record form as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form {
    /// The record (`None`: a new one).
    pub patient: Option<i64>,
    /// The values to show.
    pub fields: Fields,
    /// Whether the organisation keeps full records (the BSN).
    pub full: bool,
    /// Whether a BSN is on record (edit only).
    pub has_bsn: bool,
    /// What was wrong with the form last sent.
    pub problems: Vec<Problem>,
}

/// An organisation in a care network, as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind's code.
    pub kind: String,
    /// Whether it manages the network.
    pub manager: bool,
}

/// The edit page: the record's form and its care network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// The name (for the heading).
    pub name: String,
    /// The form.
    pub form: Form,
    /// The care network.
    pub network: Vec<Member>,
    /// Whether this professional's organisation may change the network.
    pub may_change_network: bool,
    /// Organisations that could be added: id and name.
    pub others: Vec<(String, String)>,
    /// The professionals involved.
    pub team: Vec<TeamMember>,
    /// Colleagues of the professional's own organisation who could be added: account and
    /// name (the professional first).
    pub colleagues: Vec<(i64, String)>,
    /// Where the patient's own account stands, when this professional may invite them to
    /// one (a GP practice).
    pub account: Option<crate::access::activation::AccountState>,
}

/// A professional involved in a patient's care.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    /// Their account.
    pub account: i64,
    /// Their name.
    pub name: String,
    /// Their organisation's name.
    pub organisation: String,
    /// Whether they are of the viewer's organisation (who may then remove them).
    pub ours: bool,
}

/// Reads and checks the form (every problem at once): the record and the consent chosen, or
/// the problems. Without `full` (or with `keep_bsn`) no BSN is read.
#[cfg(feature = "ssr")]
pub fn check(
    fields: &Fields,
    full: bool,
    keep_bsn: bool,
    today: jiff::civil::Date,
) -> Result<(super::NewPatient, Option<super::Consent>), Vec<Problem>> {
    let mut problems = Vec::new();
    let name = fields.naam.trim();
    if name.is_empty() || name.chars().count() > 200 {
        problems.push(Problem::Name);
    }
    let born = crate::measurements::entry::parse_date(&fields.geboortedatum)
        .filter(|d| d.year() >= 1900 && *d <= today);
    if born.is_none() {
        problems.push(Problem::BirthDate);
    }
    let email = match fields.email.trim() {
        "" => None,
        typed => match crate::access::server::normalise_email(typed) {
            Ok(email) => Some(email),
            Err(_) => {
                problems.push(Problem::Email);
                None
            }
        },
    };
    let bsn: String = fields
        .bsn
        .chars()
        .filter(|c| !matches!(c, ' ' | '.'))
        .collect();
    let bsn = (full && !keep_bsn && !bsn.is_empty()).then_some(bsn);
    if bsn.as_deref().is_some_and(|b| !super::bsn_is_valid(b)) {
        problems.push(Problem::Bsn);
    }
    let consent = match fields.toestemming.as_str() {
        "" => None,
        code => {
            let consent = super::Consent::parse(code);
            if consent.is_none() {
                problems.push(Problem::Consent);
            }
            consent
        }
    };
    match born {
        Some(birth_date) if problems.is_empty() => Ok((
            super::NewPatient {
                name: name.to_owned(),
                birth_date,
                email,
                bsn,
            },
            consent,
        )),
        _ => Err(problems),
    }
}

#[cfg(feature = "ssr")]
pub mod server;

/// The form to add a patient.
#[server(endpoint = "patients/new_form")]
pub async fn new_patient_form() -> Result<Form, AppError> {
    crate::error::answer(server::new_form().await)
}

/// The edit page's data (through the guard, logged).
#[server(endpoint = "patients/edit")]
pub async fn patient_edit(id: i64) -> Result<Edit, AppError> {
    crate::error::answer(server::edit(id).await)
}

/// An organisation's kind in words.
fn kind_words(lang: Lang, code: &str) -> &'static str {
    use crate::organisations::OrganisationKind as K;
    lang.t(match K::parse(code) {
        Some(K::Hap) => T::KindHap,
        Some(K::Vvt) => T::KindVvt,
        Some(K::Thuiszorg) => T::KindThuiszorg,
        _ => T::KindNetwerkpartner,
    })
}

/// The record's inputs, with the problems of the form last sent.
#[component]
fn RecordInputs(form: Form) -> impl IntoView {
    let lang = use_lang();
    let problems = form.problems.clone();
    let invalid = move |input: &str| {
        problems
            .iter()
            .any(|p| p.input() == input)
            .then_some("true")
    };
    let consents = crate::patients::Consent::ALL
        .into_iter()
        .map(|c| {
            let code = c.code();
            view! {
                <option value=code selected=form.fields.toestemming == code>
                    {crate::patients::consent_label(lang, c)}
                </option>
            }
        })
        .collect_view();
    let summary = (!form.problems.is_empty()).then(|| {
        let items = form
            .problems
            .iter()
            .map(|p| view! { <li><a href=format!("#{}", p.input())>{p.message(lang)}</a></li> })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" tabindex="-1" autofocus data-testid="problems">
                <h2>{lang.t(T::ErrorTitle)}</h2>
                <ul>{items}</ul>
            </div>
        }
    });
    let refused = !form.problems.is_empty();
    let bsn = form.full.then(|| {
        let hint = match (refused, form.has_bsn) {
            (true, _) => Some(T::BsnAgain),
            (false, true) => Some(T::BsnKept),
            (false, false) => None,
        };
        let hint_id = hint.is_some().then_some("bsn-hint");
        view! {
            <label for="bsn">{lang.t(T::Bsn)}</label>
            {hint.map(|h| view! { <p class="hint" id="bsn-hint">{lang.t(h)}</p> })}
            <input type="text" id="bsn" name="bsn" inputmode="numeric" autocomplete="off"
                maxlength="11" aria-describedby=hint_id aria-invalid=invalid("bsn")/>
        }
    });
    view! {
        {summary}
        <label for="naam">{lang.t(T::Name)}</label>
        <input type="text" id="naam" name="naam" required maxlength="200" autocomplete="off"
            value=form.fields.naam.clone() aria-invalid=invalid("naam")/>
        <label for="geboortedatum">{lang.t(T::BirthDate)}</label>
        <p class="hint" id="geboortedatum-hint">{lang.t(T::BirthDateHint)}</p>
        <input type="text" id="geboortedatum" name="geboortedatum" required inputmode="numeric"
            autocomplete="off" placeholder="dd-mm-jjjj" value=form.fields.geboortedatum.clone()
            aria-describedby="geboortedatum-hint" aria-invalid=invalid("geboortedatum")/>
        <label for="email">{lang.t(T::Email)}</label>
        <input type="email" id="email" name="email" autocomplete="off"
            value=form.fields.email.clone() aria-invalid=invalid("email")/>
        {bsn}
        <label for="toestemming">{lang.t(T::Consent)}</label>
        <p class="hint" id="toestemming-hint">{lang.t(T::ConsentHint)}</p>
        <select id="toestemming" name="toestemming" aria-describedby="toestemming-hint"
            aria-invalid=invalid("toestemming")>{consents}</select>
    }
}

/// `/patienten/nieuw`: add a patient.
#[component]
pub fn NewPatientPage() -> impl IntoView {
    let lang = use_lang();
    crate::requests::pages::no_store();
    let data = Resource::new(|| (), |_| new_patient_form());
    view! {
        <Title text=lang.t(T::NewTitle)/>
        <h1>{lang.t(T::NewTitle)}</h1>
        <p class="lead">{lang.t(T::NewIntro)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                crate::ui::error_page::or_error(data.await, |form: Form| {
                    view! {
                        <form class="stacked-form" method="post" action=NEW_PATIENT_PATH>
                            <RecordInputs form/>
                            <div class="form-buttons">
                                <button type="submit" class="primary">{lang.t(T::Add)}</button>
                            </div>
                        </form>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}

/// `/patienten/:id/gegevens`: the record's details and its care network.
#[component]
pub fn EditPatientPage() -> impl IntoView {
    let lang = use_lang();
    crate::requests::pages::no_store();
    let id = crate::ui::route_id();
    let notice = {
        let query = use_query_map().read_untracked();
        if query.get("opgeslagen").is_some() {
            Some(lang.t(T::Saved))
        } else if query.get("netwerk").is_some() {
            Some(lang.t(T::NetworkSaved))
        } else if query.get("betrokkenen").is_some() {
            Some(lang.t(T::TeamSaved))
        } else {
            None
        }
    };
    let data = Resource::new(move || (), move |_| patient_edit(id));
    view! {
        <Title text=lang.t(T::EditTitle)/>
        <Suspense>
            {move || Suspend::new(async move {
                crate::ui::error_page::or_error(data.await, move |edit: Edit| {
                    let path = record_path(id);
                    let rows = edit
                        .network
                        .iter()
                        .map(|m| view! {
                            <tr>
                                <th scope="row">{m.name.clone()}</th>
                                <td>{kind_words(lang, &m.kind)}</td>
                                <td>{lang.t(if m.manager { T::RoleManager } else { T::RoleMember })}</td>
                            </tr>
                        })
                        .collect_view();
                    let hand_over: Vec<(String, String)> = edit
                        .network
                        .iter()
                        .filter(|m| !m.manager)
                        .map(|m| (m.id.clone(), m.name.clone()))
                        .collect();
                    let options = |list: &[(String, String)]| {
                        list.iter()
                            .map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> })
                            .collect_view()
                    };
                    let team_path = format!("{path}/betrokkenen");
                    let team = if edit.team.is_empty() {
                        view! { <p>{lang.t(T::TeamNone)}</p> }.into_any()
                    } else {
                        let rows = edit
                            .team
                            .iter()
                            .map(|t| {
                                let remove = t.ours.then(|| view! {
                                    <form method="post" action=team_path.clone()>
                                        <input type="hidden" name="account" value=t.account.to_string()/>
                                        <input type="hidden" name="actie" value="verwijderen"/>
                                        <button type="submit" aria-label=remove_label(lang, &t.name)>{lang.t(T::TeamRemove)}</button>
                                    </form>
                                });
                                view! {
                                    <tr>
                                        <th scope="row">{t.name.clone()}</th>
                                        <td>{t.organisation.clone()}</td>
                                        <td>{remove}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="table-scroll">
                                <table class="data" data-testid="team">
                                    <caption class="visually-hidden">{lang.t(T::TeamTitle)}</caption>
                                    <thead><tr>
                                        <th scope="col">{lang.t(T::Name)}</th>
                                        <th scope="col">{lang.t(T::ColumnOrganisation)}</th>
                                        <th scope="col">{lang.t(T::ColumnAction)}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                        .into_any()
                    };
                    let add_colleague = (!edit.colleagues.is_empty()).then(|| view! {
                        <form class="inline-form" method="post" action=team_path.clone()>
                            <input type="hidden" name="actie" value="toevoegen"/>
                            <label for="betrokkene">{lang.t(T::TeamAdd)}</label>
                            <select id="betrokkene" name="account">{
                                edit.colleagues
                                    .iter()
                                    .map(|(account, name)| view! { <option value=account.to_string()>{name.clone()}</option> })
                                    .collect_view()
                            }</select>
                            <button type="submit">{lang.t(T::AddButton)}</button>
                        </form>
                    });
                    let changes = if edit.may_change_network {
                        let add = (!edit.others.is_empty()).then(|| view! {
                            <form class="inline-form" method="post" action=format!("{path}/zorgnetwerk")>
                                <label for="organisatie">{lang.t(T::AddOrganisation)}</label>
                                <select id="organisatie" name="organisatie">{options(&edit.others)}</select>
                                <button type="submit">{lang.t(T::AddButton)}</button>
                            </form>
                        });
                        let over = (!hand_over.is_empty()).then(|| view! {
                            <form class="inline-form" method="post" action=format!("{path}/zorgnetwerk")>
                                <input type="hidden" name="regie" value="1"/>
                                <label for="regie-aan">{lang.t(T::HandOver)}</label>
                                <select id="regie-aan" name="organisatie">{options(&hand_over)}</select>
                                <button type="submit" aria-describedby="regie-hint">{lang.t(T::HandOverButton)}</button>
                            </form>
                            <p class="hint" id="regie-hint">{lang.t(T::HandOverHint)}</p>
                        });
                        view! { {add}{over} }.into_any()
                    } else {
                        view! { <p>{lang.t(T::NetworkOnlyManager)}</p> }.into_any()
                    };
                    view! {
                        <h1>{lang.t(T::EditTitle)}": "{edit.name.clone()}</h1>
                        {notice.map(|text| view! { <div class="notice" role="status" tabindex="-1" autofocus data-testid="notice"><p>{text}</p></div> })}
                        <form class="stacked-form" method="post" action=path.clone()>
                            <RecordInputs form=edit.form/>
                            <div class="form-buttons">
                                <button type="submit" class="primary">{lang.t(T::Save)}</button>
                            </div>
                        </form>
                        {edit.account.clone().map(|state| view! {
                            <crate::access::activation::PatientAccount patient=id state=state/>
                        })}
                        <crate::carers::PatientCarersSection patient=id/>
                        <h2 id="zorgnetwerk">{lang.t(T::NetworkTitle)}</h2>
                        <p>{lang.t(T::NetworkIntro)}</p>
                        <div class="table-scroll">
                            <table class="data" data-testid="network">
                                <caption class="visually-hidden">{lang.t(T::NetworkTitle)}</caption>
                                <thead><tr>
                                    <th scope="col">{lang.t(T::ColumnOrganisation)}</th>
                                    <th scope="col">{lang.t(T::ColumnKind)}</th>
                                    <th scope="col">{lang.t(T::ColumnRole)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        {changes}
                        <h2 id="betrokkenen">{lang.t(T::TeamTitle)}</h2>
                        {team}
                        {add_colleague}
                        <p><a href=format!("{}/{id}", crate::patients::pages::PATIENTS_PATH)>{lang.t(T::BackToPatient)}</a></p>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
