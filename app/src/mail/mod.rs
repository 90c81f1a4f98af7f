//! Mail templates: every message Meetpunt sends has a subject, a plain-text body and an HTML
//! body, in Dutch and in English, made here from the feature's texts. Sending (SMTP or the
//! outbox folder) is the server's job; the outbox table comes with the request loop.

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
        html: html_page(lang, &[body]),
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

/// A small HTML document with one paragraph per text, escaped.
fn html_page(lang: Lang, paragraphs: &[&str]) -> String {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", escape_html(p)))
        .collect();
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
    fn html_is_escaped() {
        assert_eq!(
            escape_html("<b>Jan & \"Els\"</b>"),
            "&lt;b&gt;Jan &amp; &quot;Els&quot;&lt;/b&gt;"
        );
    }
}
