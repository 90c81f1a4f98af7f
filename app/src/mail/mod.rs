//! Mail templates: every message Meetpunt sends has a subject, a plain-text body and an HTML
//! body, in Dutch and in English, made here from the feature's texts. Messages wait in the
//! outbox table ([`outbox`]) until the server's outbox worker delivers them (SMTP, or `.eml`
//! files in the outbox folder in development).

pub mod dev_page;
#[cfg(feature = "ssr")]
pub mod outbox;
pub mod text;

use crate::ui::i18n::Lang;
use text::T;

/// A message ready to send: subject, plain text and HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body (the same content).
    pub html: String,
}

/// The message `meetpunt mail-test` sends to check the mail setup.
pub fn test_message(lang: Lang) -> Message {
    let body = lang.t(T::TestBody);
    Message {
        subject: lang.t(T::TestSubject).to_owned(),
        text: format!("{body}\n"),
        html: html_document(lang, &[escape_html(body)]),
    }
}

/// Where the link goes in a message waiting in the outbox. The outbox worker puts the real
/// link there when the mail leaves, so no usable link is ever stored.
pub const LINK_PLACEHOLDER: &str = "{{meetpunt-link}}";

/// What an invitation to a request says.
#[derive(Clone, Debug)]
pub struct Invitation<'a> {
    /// How the patient is addressed.
    pub patient: &'a str,
    /// Who asks.
    pub organisation: &'a str,
    /// A questionnaire (else home measurements).
    pub questionnaire: bool,
    /// The questionnaire's or protocol's name.
    pub title: &'a str,
    /// The due date.
    pub due: jiff::civil::Date,
    /// The last day the link works.
    pub last_day: jiff::civil::Date,
    /// The link (or [`LINK_PLACEHOLDER`]).
    pub link: &'a str,
}

/// "a questionnaire" or "home measurements", for what a request asks.
fn asked_what(lang: Lang, questionnaire: bool) -> &'static str {
    lang.t(if questionnaire {
        T::QuestionnaireWhat
    } else {
        T::MeasurementsWhat
    })
}

/// The mail that brings a request to the patient: who asks, what, by when, the link, and
/// what to do if it was not expected.
pub fn invitation(lang: Lang, inv: &Invitation<'_>) -> Message {
    let what = asked_what(lang, inv.questionnaire);
    let due = lang.date(inv.due);
    let valid = format!(
        "{} {}",
        text::invitation_valid(lang, &lang.date(inv.last_day)),
        lang.t(T::InvitationNoAccount)
    );
    let paragraphs = [
        text::invitation_greeting(lang, inv.patient),
        text::invitation_ask(lang, inv.organisation, what, inv.title, &due),
        lang.t(T::InvitationOpenLink).to_owned(),
        inv.link.to_owned(),
        valid,
        text::invitation_unexpected(lang, inv.organisation),
    ];
    with_link(
        lang,
        text::invitation_subject(lang, inv.organisation),
        &paragraphs,
        inv.link,
    )
}

/// What an invitation to join an organisation says.
#[derive(Clone, Debug)]
pub struct ColleagueInvitation<'a> {
    /// How the colleague is addressed.
    pub name: &'a str,
    /// The organisation.
    pub organisation: &'a str,
    /// Who invites.
    pub inviter: &'a str,
    /// The last day the link works.
    pub last_day: jiff::civil::Date,
    /// The link (or [`LINK_PLACEHOLDER`]).
    pub link: &'a str,
}

/// The mail that invites a professional to join an organisation: who invites, the link to
/// choose a password, how long it works, and what to do if it was not expected.
pub fn colleague_invitation(lang: Lang, inv: &ColleagueInvitation<'_>) -> Message {
    let paragraphs = [
        text::invitation_greeting(lang, inv.name),
        text::colleague_ask(lang, inv.inviter, inv.organisation),
        lang.t(T::ColleagueOpenLink).to_owned(),
        inv.link.to_owned(),
        text::invitation_valid(lang, &lang.date(inv.last_day)),
        text::colleague_unexpected(lang, inv.organisation),
    ];
    with_link(
        lang,
        text::colleague_subject(lang, inv.organisation),
        &paragraphs,
        inv.link,
    )
}

/// The mail with a link to choose a new password: for whom, the link, how long it works, and
/// that nothing changes when it was not asked for.
pub fn password_reset(lang: Lang, name: &str, link: &str) -> Message {
    let paragraphs = [
        text::invitation_greeting(lang, name),
        lang.t(T::ResetAsked).to_owned(),
        link.to_owned(),
        lang.t(T::ResetValid).to_owned(),
        lang.t(T::ResetUnexpected).to_owned(),
    ];
    with_link(lang, lang.t(T::ResetSubject).to_owned(), &paragraphs, link)
}

/// The mail that invites a patient to activate their account: who invites, the link to
/// choose a password, how long it works, and what to do if it was not expected.
pub fn activation(lang: Lang, name: &str, organisation: &str, link: &str) -> Message {
    let paragraphs = [
        text::invitation_greeting(lang, name),
        text::activation_ask(lang, organisation),
        link.to_owned(),
        lang.t(T::ActivationValid).to_owned(),
        text::invitation_unexpected(lang, organisation),
    ];
    with_link(
        lang,
        lang.t(T::ActivationSubject).to_owned(),
        &paragraphs,
        link,
    )
}

/// What a request to a carer to act for a patient says.
#[derive(Clone, Debug)]
pub struct CarerInvitation<'a> {
    /// How the carer is addressed.
    pub carer: &'a str,
    /// For whom they would act.
    pub patient: &'a str,
    /// The organisation that recorded it after a conversation with the patient; `None` when
    /// the patient asked themselves.
    pub recorded_by: Option<&'a str>,
    /// What the carer may do, in words.
    pub scope: &'a str,
    /// The last day, in words.
    pub until: &'a str,
}

/// What a carer was asked: by the patient, or as the patient agreed with an organisation.
fn carer_asked(lang: Lang, inv: &CarerInvitation<'_>) -> String {
    match inv.recorded_by {
        None => text::carer_ask(lang, inv.patient, inv.scope, inv.until),
        Some(organisation) => {
            text::carer_recorded(lang, organisation, inv.patient, inv.scope, inv.until)
        }
    }
}

/// A patient's request to a carer to act for them (or a professional's record of one). With
/// `link` (an activation link, made as the mail leaves) for a carer who has no password yet;
/// without, for one who can sign in.
pub fn carer_invitation(lang: Lang, inv: &CarerInvitation<'_>, link: Option<&str>) -> Message {
    let mut paragraphs = vec![
        text::invitation_greeting(lang, inv.carer),
        carer_asked(lang, inv),
    ];
    if let Some(link) = link {
        paragraphs.push(link.to_owned());
        paragraphs.push(lang.t(T::ActivationValid).to_owned());
    }
    paragraphs.push(lang.t(T::CarerSignIn).to_owned());
    paragraphs.push(text::carer_unexpected(lang, inv.patient));
    with_link(
        lang,
        lang.t(T::CarerSubject).to_owned(),
        &paragraphs,
        link.unwrap_or_default(),
    )
}

/// The answer to an invitation as a carer sent to an address that belongs to another kind of
/// account (a patient's, a professional's): what was asked, and that a carer needs an
/// address of their own. The person who invited is told the same as for any invitation, so
/// an invitation never tells them what kind of account an address has.
pub fn carer_address_in_use(lang: Lang, inv: &CarerInvitation<'_>) -> Message {
    let paragraphs = [
        text::invitation_greeting(lang, inv.carer),
        carer_asked(lang, inv),
        text::carer_address_in_use(lang, inv.patient),
        text::carer_unexpected_nothing(lang, inv.patient),
    ];
    with_link(lang, lang.t(T::CarerSubject).to_owned(), &paragraphs, "")
}

/// What a reminder to a carer says.
#[derive(Clone, Debug)]
pub struct CarerReminder<'a> {
    /// How the carer is addressed.
    pub carer: &'a str,
    /// For whom the carer acts.
    pub patient: &'a str,
    /// Who asked.
    pub organisation: &'a str,
    /// A questionnaire (else home measurements).
    pub questionnaire: bool,
    /// The questionnaire's or protocol's name.
    pub title: &'a str,
    /// The due date.
    pub due: jiff::civil::Date,
    /// The sign-in page (no link that signs anyone in: the carer uses their own account).
    pub sign_in: &'a str,
}

/// The reminder to a carer that a request to the patient they act for is still open after
/// its due date: what, for whom, and that they can do it after signing in. The patient's own
/// reminders went before it.
pub fn carer_reminder(lang: Lang, r: &CarerReminder<'_>) -> Message {
    let what = asked_what(lang, r.questionnaire);
    let paragraphs = [
        text::invitation_greeting(lang, r.carer),
        text::carer_reminder_open(
            lang,
            r.organisation,
            r.patient,
            what,
            r.title,
            &lang.date(r.due),
        ),
        text::carer_reminder_help(lang, r.patient),
        r.sign_in.to_owned(),
        text::carer_reminder_stop(lang, r.patient),
    ];
    with_link(
        lang,
        text::carer_reminder_subject(lang, r.patient),
        &paragraphs,
        r.sign_in,
    )
}

/// The notice that the second step of signing in was turned on or off, so that its owner
/// learns of a change they did not make. No link.
pub fn second_step_changed(lang: Lang, name: &str, on: bool) -> Message {
    let paragraphs = [
        text::invitation_greeting(lang, name),
        lang.t(if on {
            T::SecondStepOn
        } else {
            T::SecondStepOff
        })
        .to_owned(),
        lang.t(T::SecondStepUnexpected).to_owned(),
    ];
    let html: Vec<String> = paragraphs.iter().map(|p| escape_html(p)).collect();
    Message {
        subject: lang.t(T::SecondStepSubject).to_owned(),
        text: format!("{}\n", paragraphs.join("\n\n")),
        html: html_document(lang, &html),
    }
}

/// A message of paragraphs, one of which is the link (a link in the HTML).
pub fn with_link(lang: Lang, subject: String, paragraphs: &[String], link: &str) -> Message {
    let html: Vec<String> = paragraphs
        .iter()
        .map(|p| {
            if p == link {
                let link = escape_html(p);
                format!("<a href=\"{link}\">{link}</a>")
            } else {
                escape_html(p)
            }
        })
        .collect();
    Message {
        subject,
        text: format!("{}\n", paragraphs.join("\n\n")),
        html: html_document(lang, &html),
    }
}

/// One message in both languages, Dutch first, for a reader whose language is not known.
pub fn bilingual(make: impl Fn(Lang) -> Message) -> Message {
    let (nl, en) = (make(Lang::Nl), make(Lang::En));
    Message {
        subject: format!("{} / {}", nl.subject, en.subject),
        text: format!("{}\n---\n\n{}", nl.text, en.text),
        html: format!("{}<hr>{}", nl.html, en.html),
    }
}

/// A small HTML document with one paragraph per (already escaped) piece of HTML.
fn html_document(lang: Lang, paragraphs: &[String]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><body style=\"font-family: sans-serif; font-size: 18px; line-height: 1.5\">{body}</body></html>",
        lang.code()
    )
}

/// Escapes text for HTML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_message_has_every_part_in_both_languages() {
        for lang in Lang::ALL {
            let m = test_message(lang);
            assert!(!m.subject.is_empty() && m.text.ends_with('\n'));
            assert!(m.html.contains(&format!("lang=\"{}\"", lang.code())));
            assert!(m.html.contains(m.text.trim()));
        }
        let both = bilingual(test_message);
        assert_eq!(
            both.subject,
            "Meetpunt: testbericht / Meetpunt: test message"
        );
        assert!(both.text.find("testbericht") < both.text.find("test message"));
    }

    #[test]
    fn an_invitation_says_who_asks_what_by_when_and_what_to_do_if_unexpected() {
        let inv = Invitation {
            patient: "Jan <Jansen>",
            organisation: "Huisartsenpraktijk Noord",
            questionnaire: true,
            title: "GFI",
            due: jiff::civil::date(2026, 12, 14),
            last_day: jiff::civil::date(2026, 12, 21),
            link: LINK_PLACEHOLDER,
        };
        let nl = invitation(Lang::Nl, &inv);
        assert_eq!(
            nl.subject,
            "Huisartsenpraktijk Noord vraagt u iets in te vullen"
        );
        assert!(nl.text.starts_with("Beste Jan <Jansen>,"));
        assert!(nl.text.contains("vóór 14 december 2026"));
        assert!(nl.text.contains("tot en met 21 december 2026"));
        assert!(nl.text.contains(&format!("\n{LINK_PLACEHOLDER}\n")));
        assert!(nl.text.contains("niet verwacht"));
        assert!(nl.html.contains("Jan &lt;Jansen&gt;"), "{}", nl.html);
        assert!(nl
            .html
            .contains(&format!("<a href=\"{LINK_PLACEHOLDER}\">")));
        let en = invitation(Lang::En, &inv);
        assert!(en.text.contains("before 14 December 2026"));
        let both = bilingual(|lang| invitation(lang, &inv));
        assert_eq!(both.text.matches(LINK_PLACEHOLDER).count(), 2);
    }

    #[test]
    fn a_carers_reminder_names_the_patient_and_what_is_open_and_points_to_signing_in() {
        let reminder = CarerReminder {
            carer: "Els",
            patient: "Jan Jansen",
            organisation: "Huisartsenpraktijk Noord",
            questionnaire: false,
            title: "Bloeddrukweek",
            due: jiff::civil::date(2026, 12, 14),
            sign_in: "https://meetpunt.example.org/inloggen",
        };
        let nl = carer_reminder(Lang::Nl, &reminder);
        assert_eq!(
            nl.subject,
            "Herinnering: voor Jan Jansen staat nog iets open in Meetpunt"
        );
        assert!(nl.text.starts_with("Beste Els,"));
        assert!(nl.text.contains(
            "Huisartsenpraktijk Noord vroeg Jan Jansen om thuismetingen in te vullen: Bloeddrukweek."
        ));
        assert!(nl.text.contains("vóór 14 december 2026"));
        assert!(nl
            .html
            .contains("<a href=\"https://meetpunt.example.org/inloggen\">"));
        assert!(!nl.text.contains(LINK_PLACEHOLDER));
        let en = carer_reminder(Lang::En, &reminder);
        assert!(en.text.contains("You may act for Jan Jansen"));
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape_html("<b>Jan & \"Els\"</b>"),
            "&lt;b&gt;Jan &amp; &quot;Els&quot;&lt;/b&gt;"
        );
    }
}
