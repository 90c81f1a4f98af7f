//! Inviting colleagues. A manager (a practice's level A, elsewhere a Hoofdzorgverlener)
//! invites a professional by e-mail at a level; the mail's link (made as it leaves the outbox,
//! 256 bits, only its hash stored, working for [`INVITATION_DAYS`] days, once) lets them choose
//! a password, or, when they have an account already, join with it. Until then the invitation
//! is pending on the members page, where it can be sent again or revoked. An organisation may
//! allow new accounts only at its own e-mail domains (never a provider for private persons).

use crate::error::AppError;
use crate::organisations::{DomainProblem, Level, OrganisationKind};
use crate::ui::i18n::Lang;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// Where invitation links start.
pub const INVITATION_PREFIX: &str = "/uitnodiging/";
/// The invite form's handler.
pub const INVITE_PATH: &str = "/organisatie/uitnodigen";
/// The e-mail domains form's handler.
pub const DOMAINS_PATH: &str = "/organisatie/domeinen";
/// How many days an invitation's link works after its mail left.
pub const INVITATION_DAYS: i64 = 7;
/// The cookie that brings a refused invite or domains form back as typed.
pub const DRAFT_COOKIE: &str = "meetpunt_uitnodiging";

/// The path of an invitation's link.
#[cfg(feature = "ssr")]
pub fn invitation_path(token: &crate::access::server::SecretToken) -> String {
    format!("{INVITATION_PREFIX}{}", token.expose())
}

crate::texts! {
    InviteTitle { nl: "Collega uitnodigen", en: "Invite a colleague" }
    InviteIntro {
        nl: "Uw collega krijgt een e-mail met een link om een wachtwoord te kiezen. De link werkt 7 dagen en één keer.",
        en: "Your colleague gets an e-mail with a link to choose a password. The link works for 7 days, once.",
    }
    InviteName { nl: "Naam", en: "Name" }
    InviteEmail { nl: "E-mailadres (werkadres)", en: "E-mail address (work address)" }
    InviteLevel { nl: "Niveau", en: "Level" }
    InviteButton { nl: "Uitnodiging versturen", en: "Send the invitation" }
    InviteSent { nl: "De uitnodiging is verstuurd.", en: "The invitation has been sent." }
    PendingTitle { nl: "Openstaande uitnodigingen", en: "Pending invitations" }
    ColumnSent { nl: "Verstuurd op", en: "Sent on" }
    Expired { nl: "(verlopen)", en: "(expired)" }
    ResendButton { nl: "Opnieuw versturen", en: "Send again" }
    RevokeButton { nl: "Intrekken", en: "Revoke" }
    Revoked { nl: "De uitnodiging is ingetrokken; de link werkt niet meer.", en: "The invitation has been revoked; its link no longer works." }
    Resent { nl: "De uitnodiging is opnieuw verstuurd, met een nieuwe link. De vorige link werkt niet meer.", en: "The invitation has been sent again, with a new link. The previous link no longer works." }
    LevelButton { nl: "Niveau wijzigen", en: "Change level" }
    LevelChanged { nl: "Het niveau is gewijzigd.", en: "The level has been changed." }
    LevelOwn {
        nl: "U kunt uw eigen niveau niet wijzigen. Vraag dat aan een andere beheerder.",
        en: "You cannot change your own level. Ask another manager to do so.",
    }
    DomainsTitle { nl: "E-maildomeinen voor nieuwe accounts", en: "E-mail domains for new accounts" }
    DomainsIntro {
        nl: "Vult u hier de domeinen van uw organisatie in (bijvoorbeeld praktijk-noord.nl), dan kunnen alleen adressen op die domeinen worden uitgenodigd. Privé-adressen (zoals gmail.com of ziggo.nl) zijn nooit een domein van een organisatie. Laat u het leeg, dan mag elk e-mailadres.",
        en: "If you fill in your organisation's domains here (for example praktijk-noord.nl), only addresses at those domains can be invited. Private addresses (such as gmail.com or ziggo.nl) are never an organisation's domain. If you leave it empty, any e-mail address is allowed.",
    }
    DomainsLabel { nl: "Domeinen (gescheiden door spaties)", en: "Domains (separated by spaces)" }
    DomainsButton { nl: "Domeinen opslaan", en: "Save the domains" }
    DomainsSaved { nl: "De domeinen zijn opgeslagen.", en: "The domains have been saved." }
    ProblemName { nl: "Vul de naam in (hoogstens 200 tekens).", en: "Fill in the name (200 characters at most)." }
    ProblemEmail { nl: "Vul een geldig e-mailadres in, bijvoorbeeld naam@praktijk.nl.", en: "Fill in a valid e-mail address, for example name@praktijk.nl." }
    ProblemDomain {
        nl: "Dit adres hoort niet bij de e-maildomeinen van uw organisatie. Nodig uw collega uit op een werkadres.",
        en: "This address is not at your organisation's e-mail domains. Invite your colleague at a work address.",
    }
    ProblemLevel { nl: "Kies een niveau uit de lijst.", en: "Choose a level from the list." }
    ProblemMember { nl: "Deze persoon is al lid van uw organisatie.", en: "This person is already a member of your organisation." }
    ProblemElsewhere {
        nl: "Deze persoon werkt in Meetpunt al voor een andere organisatie. Een account werkt voor één organisatie tegelijk: vraag die organisatie eerst het lidmaatschap te beëindigen, of nodig een ander werkadres uit.",
        en: "This person already works for another organisation in Meetpunt. An account works for one organisation at a time: ask that organisation to end the membership first, or invite another work address.",
    }
    ProblemDomainsPrivate {
        nl: "Een domein voor privé-adressen (zoals gmail.com of ziggo.nl) kan geen domein van uw organisatie zijn.",
        en: "A domain for private addresses (such as gmail.com or ziggo.nl) cannot be your organisation's domain.",
    }
    ProblemDomainsInvalid {
        nl: "Vul domeinnamen in zoals praktijk-noord.nl, gescheiden door spaties.",
        en: "Fill in domain names such as praktijk-noord.nl, separated by spaces.",
    }
    ErrorTitle { nl: "Er is een probleem", en: "There is a problem" }
    LevelA { nl: "A: alles, ook collega's uitnodigen en hun lidmaatschap beëindigen", en: "A: everything, including inviting colleagues and ending their membership" }
    LevelUses { nl: "werkt met het portaal", en: "uses the portal" }
    LevelNoAccess { nl: "geen toegang", en: "no access" }
    LevelHead { nl: "Hoofdzorgverlener: werkt met het portaal en beheert collega's", en: "Hoofdzorgverlener: uses the portal and manages colleagues" }
    LevelCarer { nl: "Zorgverlener: werkt met het portaal", en: "Zorgverlener: uses the portal" }
    AcceptTitle { nl: "Uitnodiging aannemen", en: "Accept the invitation" }
    AcceptNewIntro {
        nl: "Kies een wachtwoord voor uw eigen account. Gebruik minstens 12 tekens; een zin van een paar woorden is goed te onthouden.",
        en: "Choose a password for your own account. Use at least 12 characters; a sentence of a few words is easy to remember.",
    }
    AcceptExistingIntro {
        nl: "U heeft al een account bij Meetpunt met dit e-mailadres. Neem de uitnodiging aan en log daarna in met uw eigen wachtwoord.",
        en: "You already have a Meetpunt account with this e-mail address. Accept the invitation, then sign in with your own password.",
    }
    AcceptButton { nl: "Uitnodiging aannemen", en: "Accept the invitation" }
    GoneTitle { nl: "Deze uitnodiging werkt niet (meer)", en: "This invitation does not work (any more)" }
    GoneText {
        nl: "De link is verlopen, al gebruikt of ingetrokken. Vraag uw collega die u uitnodigde om een nieuwe uitnodiging. Heeft u de uitnodiging al aangenomen? Log dan gewoon in.",
        en: "The link has expired, has been used or was revoked. Ask the colleague who invited you for a new invitation. Did you accept it already? Then simply sign in.",
    }
    SignInLink { nl: "Naar inloggen", en: "Go to sign in" }
}

crate::text_fns! {
    /// Who is invited where, on the accept page.
    fn accept_for(name: &str, organisation: &str, email: &str) {
        nl: "{name}, u bent uitgenodigd om mee te werken voor {organisation}. Uw e-mailadres om in te loggen: {email}.",
        en: "{name}, you are invited to work for {organisation}. Your e-mail address to sign in: {email}.",
    }
    /// The level select's label for screen readers, naming whom.
    fn level_of(name: &str) {
        nl: "Niveau van {name}",
        en: "Level of {name}",
    }
    /// The level button for screen readers.
    fn change_level_of(name: &str) {
        nl: "Niveau van {name} wijzigen",
        en: "Change the level of {name}",
    }
    /// The revoke button for screen readers.
    fn revoke_for(email: &str) {
        nl: "Uitnodiging voor {email} intrekken",
        en: "Revoke the invitation for {email}",
    }
    /// The resend button for screen readers.
    fn resend_for(email: &str) {
        nl: "Uitnodiging voor {email} opnieuw versturen",
        en: "Send the invitation for {email} again",
    }
}

/// A level as offered in a list: its code and what it allows, in words.
pub fn level_label(level: Level, lang: Lang) -> String {
    match level {
        Level::A => lang.t(T::LevelA).to_owned(),
        Level::Hoofdzorgverlener => lang.t(T::LevelHead).to_owned(),
        Level::Zorgverlener => lang.t(T::LevelCarer).to_owned(),
        other if other.uses_portal() => format!("{}: {}", other.code(), lang.t(T::LevelUses)),
        other => format!("{}: {}", other.code(), lang.t(T::LevelNoAccess)),
    }
}

/// The levels an organisation of `kind` offers, with their labels.
pub fn levels_for(kind: OrganisationKind, lang: Lang) -> Vec<(String, String)> {
    Level::ALL
        .into_iter()
        .filter(|l| l.fits(kind))
        .map(|l| (l.code().to_owned(), level_label(l, lang)))
        .collect()
}

/// Why a form on the members page was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// The name is empty or too long.
    Name,
    /// Not an e-mail address.
    Email,
    /// Not at the organisation's domains.
    Domain,
    /// Not a level of this organisation.
    Level,
    /// Already a current member.
    Member,
    /// The address is a current member of another organisation.
    Elsewhere,
    /// A private provider given as the organisation's domain.
    DomainsPrivate,
    /// Not domain names.
    DomainsInvalid,
}

impl Problem {
    /// The message for people.
    pub fn message(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Problem::Name => T::ProblemName,
            Problem::Email => T::ProblemEmail,
            Problem::Domain => T::ProblemDomain,
            Problem::Level => T::ProblemLevel,
            Problem::Member => T::ProblemMember,
            Problem::Elsewhere => T::ProblemElsewhere,
            Problem::DomainsPrivate => T::ProblemDomainsPrivate,
            Problem::DomainsInvalid => T::ProblemDomainsInvalid,
        })
    }

    /// The id of the input it is about.
    pub fn input(self) -> &'static str {
        match self {
            Problem::Name => "invite-name",
            Problem::Email | Problem::Domain | Problem::Member | Problem::Elsewhere => {
                "invite-email"
            }
            Problem::Level => "invite-level",
            Problem::DomainsPrivate | Problem::DomainsInvalid => "domains",
        }
    }

    /// The problem with a list of domains.
    pub fn of_domains(problem: &DomainProblem) -> Problem {
        match problem {
            DomainProblem::Invalid(_) => Problem::DomainsInvalid,
            DomainProblem::Private(_) => Problem::DomainsPrivate,
        }
    }
}

/// A refused form as typed, brought back to the members page in [`DRAFT_COOKIE`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Whose: only that account's page shows it (a shared computer).
    pub account: i64,
    /// The name typed.
    pub name: String,
    /// The address typed.
    pub email: String,
    /// The level chosen.
    pub level: String,
    /// The domains typed (the domains form).
    pub domains: Option<String>,
    /// What was wrong.
    pub problem: Option<Problem>,
}

impl Draft {
    /// The longest text kept of one input (a cookie holds about 4 KB).
    pub const MAX_INPUT: usize = 254;

    /// The cookie's value, each input cut to [`Draft::MAX_INPUT`] characters.
    pub fn to_cookie_value(&self) -> String {
        let cut = |text: &str| text.chars().take(Self::MAX_INPUT).collect::<String>();
        let draft = Draft {
            name: cut(&self.name),
            email: cut(&self.email),
            level: cut(&self.level),
            domains: self.domains.as_deref().map(cut),
            ..self.clone()
        };
        crate::access::percent_encode(&serde_json::to_string(&draft).unwrap_or_default())
    }

    /// Reads [`Draft::to_cookie_value`]; `None` for anything else.
    pub fn from_cookie_value(value: &str) -> Option<Draft> {
        serde_json::from_str(&crate::access::percent_decode(value)?).ok()
    }
}

/// An invitation waiting to be accepted, as listed for the manager.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// Its id (for the forms).
    pub id: i64,
    /// The name.
    pub name: String,
    /// The address.
    pub email: String,
    /// The level's code.
    pub level: String,
    /// The day it was (last) sent.
    pub sent: String,
    /// Whether its link stopped working.
    pub expired: bool,
}

/// An invitation as its link shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    /// Whom it invites.
    pub name: String,
    /// Their address (the sign-in name).
    pub email: String,
    /// The organisation.
    pub organisation: String,
    /// Whether the address has an account already (nothing to choose then).
    pub has_account: bool,
}

/// Why accepting an invitation did not work (the link, or the password chosen).
pub use crate::access::LinkPasswordProblem as AcceptProblem;

#[cfg(feature = "ssr")]
pub mod server;

/// What an invitation's link shows (`None`: it does not work).
#[server(endpoint = "organisations/invitation")]
pub async fn invitation_shown(token: String) -> Result<Option<Shown>, AppError> {
    let state = crate::state::AppState::from_context()?;
    Ok(server::shown(&state.store, &token, state.now()).await?)
}

/// `/uitnodiging/:token`: choose a password (or, with an account, just accept) and join.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let lang = use_lang();
    crate::requests::pages::no_store();
    let token = crate::ui::route_param("token");
    let problem = use_query_map()
        .read_untracked()
        .get("fout")
        .and_then(|code| AcceptProblem::parse(&code));
    let action = format!("{INVITATION_PREFIX}{token}");
    let data = Resource::new(move || (), move |_| invitation_shown(token.clone()));
    view! {
        <Title text=lang.t(T::AcceptTitle)/>
        <Suspense>
            {move || {
                let action = action.clone();
                Suspend::new(async move {
                    crate::ui::error_page::or_error(data.await, move |shown: Option<Shown>| {
                        let Some(shown) = shown.filter(|_| problem != Some(AcceptProblem::Gone)) else {
                            return view! {
                                <h1>{lang.t(T::GoneTitle)}</h1>
                                <p class="lead" data-testid="gone">{lang.t(T::GoneText)}</p>
                                <p><a href=crate::access::SIGN_IN_PATH>{lang.t(T::SignInLink)}</a></p>
                            }
                            .into_any();
                        };
                        let inputs = (!shown.has_account).then(|| view! {
                            <p id="password-rule">{lang.t(T::AcceptNewIntro)}</p>
                            <crate::access::pages::NewPasswordInputs email=shown.email.clone() problem=problem/>
                        });
                        let existing = shown.has_account.then(|| view! { <p>{lang.t(T::AcceptExistingIntro)}</p> });
                        view! {
                            <h1>{lang.t(T::AcceptTitle)}</h1>
                            <crate::access::pages::NewPasswordProblem problem=problem/>
                            <p class="lead">{accept_for(lang, &shown.name, &shown.organisation, &shown.email)}</p>
                            {existing}
                            <form class="stacked-form" method="post" action=action>
                                {inputs}
                                <div class="form-buttons">
                                    <button type="submit" class="primary">{lang.t(T::AcceptButton)}</button>
                                </div>
                            </form>
                        }
                        .into_any()
                    })
                })
            }}
        </Suspense>
    }
}
