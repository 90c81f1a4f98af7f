//! Outgoing mail. In development every message is written as an `.eml` file into the outbox
//! folder; with `MEETPUNT_SMTP_URL` it goes through that SMTP server (STARTTLS on `smtp://`,
//! TLS from the start on `smtps://`; plain only to a relay on this machine). Recipient
//! addresses never reach the logs in full.

use crate::config::{Config, MailTransport};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

/// One message: plain text, with an HTML alternative when given.
#[derive(Clone, Debug)]
pub struct Mail {
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body (always sent: many older mail programs show only this).
    pub text: String,
    /// HTML body.
    pub html: Option<String>,
}

/// Why a message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The recipient or sender address is not an email address.
    #[error("{0} is not a usable email address")]
    Address(String),
    /// The message could not be put together.
    #[error("cannot build the message: {0}")]
    Build(String),
    /// The transport failed (unreachable, timed out, a temporary refusal): try again later.
    #[error("sending failed: {0}")]
    Send(String),
    /// The mail server refused the message for good (e.g. an unknown mailbox).
    #[error("the mail server refused the message: {0}")]
    Rejected(String),
}

impl MailError {
    /// Whether trying again later may help.
    pub fn is_temporary(&self) -> bool {
        matches!(self, MailError::Send(_))
    }
}

/// Where messages go.
pub enum Mailer {
    /// `.eml` files in a folder.
    Outbox {
        /// The transport.
        transport: AsyncFileTransport<Tokio1Executor>,
        /// The folder.
        dir: PathBuf,
    },
    /// An SMTP server.
    Smtp {
        /// The transport.
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// `host:port`, for messages (never the credentials).
        server: String,
    },
}

impl Mailer {
    /// The transport the configuration asks for.
    pub fn from_config(config: &Config) -> Result<Mailer, String> {
        match &config.mail {
            MailTransport::Outbox(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create the outbox {}: {e}", dir.display()))?;
                Ok(Mailer::Outbox {
                    transport: AsyncFileTransport::new(dir),
                    dir: dir.clone(),
                })
            }
            MailTransport::Smtp(url) => {
                let url = url::Url::parse(url.expose())
                    .map_err(|_| "MEETPUNT_SMTP_URL is not a URL".to_string())?;
                let host = url.host_str().unwrap_or_default().to_string();
                let loopback = matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]" | "::1");
                let builder = match (url.scheme(), loopback) {
                    ("smtps", _) => AsyncSmtpTransport::<Tokio1Executor>::relay(&host),
                    ("smtp", true) => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
                        &host,
                    )),
                    _ => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&host),
                }
                .map_err(|e| format!("MEETPUNT_SMTP_URL: {e}"))?;
                let port = url
                    .port()
                    .unwrap_or(if url.scheme() == "smtps" { 465 } else { 587 });
                let mut builder = builder.port(port).timeout(Some(Duration::from_secs(20)));
                if !url.username().is_empty() {
                    let user = percent_decode(url.username());
                    let password = percent_decode(url.password().unwrap_or_default());
                    builder = builder.credentials(Credentials::new(user, password));
                }
                Ok(Mailer::Smtp {
                    transport: builder.build(),
                    server: format!("{host}:{port}"),
                })
            }
        }
    }

    /// Where messages go, for people (no credentials).
    pub fn describe(&self) -> String {
        match self {
            Mailer::Outbox { dir, .. } => format!("the outbox {}", dir.display()),
            Mailer::Smtp { server, .. } => format!("SMTP server {server}"),
        }
    }

    /// Sends one message from `from`.
    pub async fn send(&self, from: &str, mail: &Mail) -> Result<(), MailError> {
        let from: Mailbox = from
            .parse()
            .map_err(|_| MailError::Address(from.to_string()))?;
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|_| MailError::Address(mask(&mail.to)))?;
        let builder = Message::builder()
            .from(from)
            .to(to)
            .subject(mail.subject.clone());
        let message = match &mail.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                html.clone(),
            )),
            None => builder.singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(mail.text.clone()),
            ),
        }
        .map_err(|e| MailError::Build(e.to_string()))?;
        let result = match self {
            Mailer::Outbox { transport, .. } => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError::Send(e.to_string())),
            Mailer::Smtp { transport, .. } => {
                transport.send(message).await.map(|_| ()).map_err(|e| {
                    if e.is_permanent() {
                        MailError::Rejected(e.to_string())
                    } else {
                        MailError::Send(e.to_string())
                    }
                })
            }
        };
        // A failure is the caller's to report (one line on the CLI, a retry in a worker).
        if result.is_ok() {
            tracing::info!(to = %mask(&mail.to), via = %self.describe(), "mail sent");
        }
        result
    }
}

/// An address as logs may show it: `j***@example.org`.
pub fn mask(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

/// Decodes the percent-escapes of a URL's user or password (`+` stays a plus).
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_masked_for_logs() {
        assert_eq!(mask("jan.jansen@example.org"), "j***@example.org");
        assert_eq!(mask("not an address"), "***");
    }

    #[test]
    fn credentials_in_the_url_are_percent_decoded() {
        assert_eq!(percent_decode("p%40ss%2Fword"), "p@ss/word");
        assert_eq!(percent_decode("plain"), "plain");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
