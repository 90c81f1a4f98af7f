//! Delivers the mail outbox: claims due messages, makes the link of a request's mail as it
//! leaves (only its hash is stored), sends, and records the outcome. See
//! `app::mail::outbox` for the states a message goes through.

use crate::mail::{mask, Mail, MailError, Mailer};

/// The kind of a failure, for the log (never the server's text, which may quote addresses).
fn error_kind(err: &MailError) -> &'static str {
    match err {
        MailError::Address(_) => "address",
        MailError::Build(_) => "build",
        MailError::Send(_) => "unreachable",
        MailError::Rejected(_) => "refused",
    }
}
use app::access::reset;
use app::mail::outbox::{self, Claimed, Link};
use app::mail::LINK_PLACEHOLDER;
use app::organisations::invitations;
use app::requests::server::{forget_link, link_path, mint_link};
use app::state::AppState;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How the outbox worker runs (settings, see `docs/configuration.env`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxSettings {
    /// How often the outbox is looked at.
    pub poll: Duration,
    /// Messages claimed at a time.
    pub batch: i64,
    /// How long a claim lasts before a stopped delivery counts as interrupted.
    pub hold: Duration,
}

impl Default for OutboxSettings {
    fn default() -> Self {
        OutboxSettings {
            poll: Duration::from_secs(1),
            batch: 20,
            hold: Duration::from_secs(600),
        }
    }
}

/// Runs until `cancel`: each turn delivers what is due, then waits for the next poll.
pub async fn run(
    state: AppState,
    mailer: Arc<Mailer>,
    from: String,
    settings: OutboxSettings,
    worker: String,
    cancel: CancellationToken,
) {
    loop {
        match turn(&state, &mailer, &from, &settings, &worker).await {
            // A full batch: more may be waiting, so the next turn starts at once.
            Ok(delivered) if delivered >= settings.batch && !cancel.is_cancelled() => continue,
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "outbox turn failed; will retry"),
        }
        tokio::select! {
            () = cancel.cancelled() => break,
            () = tokio::time::sleep(settings.poll) => {}
        }
    }
}

/// Deliveries at once within a batch (over the mailer's pooled connections).
const PARALLEL: usize = 4;

/// One turn: mark interrupted deliveries, claim a batch, deliver it (a few at a time); the
/// number of messages claimed.
async fn turn(
    state: &AppState,
    mailer: &Mailer,
    from: &str,
    settings: &OutboxSettings,
    worker: &str,
) -> Result<i64, app::db::StoreError> {
    let store = &state.store;
    let interrupted = outbox::recover_interrupted(store, state.now()).await?;
    if interrupted > 0 {
        tracing::warn!(
            interrupted,
            "mail whose delivery was interrupted will not be sent again"
        );
    }
    let claimed = outbox::claim(store, worker, settings.batch, settings.hold, state.now()).await?;
    for chunk in claimed.chunks(PARALLEL) {
        // Made before awaiting, so no closure is held across the await.
        let deliveries: Vec<_> = chunk
            .iter()
            .map(|c| deliver(state, mailer, from, c))
            .collect();
        for result in futures_util::future::join_all(deliveries).await {
            result?;
        }
    }
    Ok(i64::try_from(claimed.len()).unwrap_or(i64::MAX))
}

async fn deliver(
    state: &AppState,
    mailer: &Mailer,
    from: &str,
    claimed: &Claimed,
) -> Result<(), app::db::StoreError> {
    let store = &state.store;
    let mut mail = Mail {
        to: claimed.to.clone(),
        subject: claimed.subject.clone(),
        text: claimed.text.clone(),
        html: Some(claimed.html.clone()),
    };
    let token = match claimed.link {
        Some(link) => {
            let mut tx = store.begin().await?;
            let (token, path) = match link {
                Link::Request(request) => {
                    let token =
                        mint_link(&mut tx, request, state.link_grace_days, state.now()).await?;
                    let path = link_path(&token);
                    (token, path)
                }
                Link::Invitation(invitation) => {
                    let Some(token) =
                        invitations::server::mint(&mut tx, invitation, state.now()).await?
                    else {
                        // Accepted or revoked since the mail was queued: it does not go.
                        tx.commit().await?;
                        return outbox::mark_failed(store, claimed.id, "invitation closed").await;
                    };
                    let path = invitations::invitation_path(&token);
                    (token, path)
                }
                Link::Account(link) => {
                    let Some((token, purpose)) =
                        reset::server::mint(&mut tx, link, state.now()).await?
                    else {
                        // Used, or closed by another link of the account, since it was queued.
                        tx.commit().await?;
                        return outbox::mark_failed(store, claimed.id, "link closed").await;
                    };
                    let path = purpose.path(&token);
                    (token, path)
                }
            };
            tx.commit().await?;
            let link = format!("{}{path}", state.public_url);
            mail.text = mail.text.replace(LINK_PLACEHOLDER, &link);
            mail.html = mail.html.map(|html| html.replace(LINK_PLACEHOLDER, &link));
            Some(token)
        }
        None => None,
    };
    match mailer.send(from, &mail).await {
        Ok(()) => outbox::mark_sent(store, claimed.id, state.now()).await,
        Err(err) => {
            // A link that never left is of no use to anyone.
            if let Some(token) = &token {
                forget_link(store, token).await?;
                invitations::server::forget(store, token).await?;
                reset::server::forget(store, token).await?;
            }
            // The mail server's answer may quote the address: it goes to the outbox row, and
            // the log gets only the kind of failure.
            let reason = err.to_string();
            if err.is_temporary() {
                tracing::warn!(to = %mask(&claimed.to), outbox = claimed.id, attempts = claimed.attempts, "mail not sent; will retry");
                outbox::mark_retry(store, claimed, &reason, state.now()).await
            } else {
                tracing::error!(to = %mask(&claimed.to), outbox = claimed.id, kind = error_kind(&err), "mail refused; not retried");
                outbox::mark_failed(store, claimed.id, &reason).await
            }
        }
    }
}
