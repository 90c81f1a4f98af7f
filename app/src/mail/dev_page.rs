//! In development only: the mail the portal wrote into the outbox folder, newest first, with
//! the links in it, so the demo works without a mail server. Not there in production (404).

use crate::error::AppError;
use crate::ui::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// Where the page is.
pub const DEV_OUTBOX_PATH: &str = "/ontwikkeling/post";

/// One message as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    /// The recipient.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// The links to the portal in it.
    pub links: Vec<String>,
}

/// Undoes quoted-printable (soft line breaks and `=XX`), for reading `.eml` files.
pub fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'=')
            .then(|| joined.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads one `.eml` file: recipient, subject (folded lines joined) and the portal's links.
pub fn read_letter(eml: &str, base: &str) -> Letter {
    let (head, body) = eml
        .split_once("\r\n\r\n")
        .or_else(|| eml.split_once("\n\n"))
        .unwrap_or((eml, ""));
    let unfolded = head.replace("\r\n ", " ").replace("\n ", " ");
    let header = |name: &str| {
        unfolded
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let text = decode_quoted_printable(body);
    let mut links: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .filter(|word| word.starts_with(base) && word.len() > base.len())
        .map(str::to_owned)
        .collect();
    links.dedup();
    links.sort();
    links.dedup();
    Letter {
        to: header("To:"),
        subject: header("Subject:"),
        links,
    }
}

/// The letters in the development outbox, newest first; "not found" outside development.
#[server(endpoint = "dev/outbox")]
pub async fn dev_outbox() -> Result<Vec<Letter>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let dir = state.dev_outbox.clone().ok_or(AppError::NotFound)?;
    let mut files: Vec<(std::time::SystemTime, std::path::PathBuf)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                .filter_map(|p| Some((p.metadata().ok()?.modified().ok()?, p)))
                .collect()
        })
        .unwrap_or_default();
    files.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    Ok(files
        .into_iter()
        .take(50)
        .filter_map(|(_, path)| std::fs::read_to_string(path).ok())
        .map(|eml| read_letter(&eml, &state.public_url))
        .collect())
}

/// `/ontwikkeling/post`: the development outbox.
#[component]
pub fn DevOutboxPage() -> impl IntoView {
    let lang = use_lang();
    let letters = Resource::new(|| (), |_| dev_outbox());
    let title = match lang {
        crate::ui::i18n::Lang::Nl => "Verstuurde e-mail (alleen bij ontwikkelen)",
        crate::ui::i18n::Lang::En => "Mail sent (development only)",
    };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match letters.await {
                    Ok(letters) => letters
                        .into_iter()
                        .map(|l| {
                            let links = l
                                .links
                                .into_iter()
                                .map(|href| view! { <li><a href=href.clone()>{href.clone()}</a></li> })
                                .collect_view();
                            view! {
                                <section class="letter">
                                    <h2>{l.subject}</h2>
                                    <p>{l.to}</p>
                                    <ul>{links}</ul>
                                </section>
                            }
                        })
                        .collect_view()
                        .into_any(),
                    Err(error) => view! { <crate::ui::error_page::ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delivered_letter_is_read_back_with_its_links() {
        let eml = "From: Meetpunt <noreply@localhost>\r\nTo: patient@example.org\r\nSubject: Demopraktijk vraagt u iets / Demopraktijk\r\n asks you something\r\n\r\nBeste Jan,\r\nWilt u dat doen v=C3=B3=C3=B3r 1 januari?\r\nhttp://127.0.0.1:3000/l/620bc5ac=\r\n3c3b\r\n<a href=3D\"http://127.0.0.1:3000/l/620bc5ac3c3b\">x</a>\r\n";
        let letter = read_letter(eml, "http://127.0.0.1:3000");
        assert_eq!(letter.to, "patient@example.org");
        assert_eq!(
            letter.subject,
            "Demopraktijk vraagt u iets / Demopraktijk asks you something"
        );
        assert_eq!(letter.links, ["http://127.0.0.1:3000/l/620bc5ac3c3b"]);
        assert_eq!(decode_quoted_printable("v=C3=B3=C3=B3r"), "vóór");
        assert_eq!(decode_quoted_printable("100% =ZZ"), "100% =ZZ");
    }
}
