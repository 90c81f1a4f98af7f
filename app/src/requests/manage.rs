//! Acting on one request of the professional's own organisation (server only): marking its
//! new results as seen, calling it off, sending its invitation again. Each goes through the
//! guard with the capability it needs and is logged; a request that does not exist, or
//! another organisation's, is refused like one out of reach.

use crate::error::AppError;

/// A request of the professional's own organisation, as the guard allows `capability` of it
/// (and logs). A request that does not exist, or another organisation's, is refused like one
/// out of reach.
async fn own_request(
    state: &crate::state::AppState,
    session: &crate::access::server::Session,
    id: crate::requests::RequestId,
    client: Option<&str>,
    capability: impl Fn(&crate::requests::server::Detail) -> crate::access::capability::Capability,
) -> Result<
    (
        crate::requests::server::Detail,
        crate::access::server::guard::Authorised,
    ),
    AppError,
> {
    let detail = crate::requests::server::detail(&state.store, id)
        .await?
        .ok_or(AppError::Forbidden)?;
    let own = session
        .membership
        .as_ref()
        .is_some_and(|m| m.organisation == detail.organisation);
    if !own {
        return Err(AppError::Forbidden);
    }
    let authorised = crate::access::server::guard::authorise(
        &state.store,
        Some(session),
        capability(&detail),
        detail.patient,
        client,
        state.now(),
    )
    .await?;
    Ok((detail, authorised))
}

/// Marks a request's results as seen by the professional of `session`: only a request of their
/// own organisation, and only as the guard allows seeing its results; stored with its
/// access-log record. A request that does not exist is refused like one out of reach.
pub async fn seen(
    state: &crate::state::AppState,
    session: &crate::access::server::Session,
    id: crate::requests::RequestId,
    client: Option<&str>,
) -> Result<(), AppError> {
    use crate::audit::{Action, Entry};
    let now = state.now();
    let (detail, _) = own_request(state, session, id, client, |detail| {
        crate::requests::results::result_capability(detail, Some(session))
    })
    .await?;
    let mut tx = state.store.begin().await?;
    sqlx::query("UPDATE requests SET reviewed_at = $1, reviewed_by = $2 WHERE id = $3")
        .bind(crate::db::timestamp(now))
        .bind(session.account_id.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(crate::db::StoreError::from)?;
    let entry = Entry::of_session(
        session,
        detail.patient,
        Action::ResultsSeen,
        format!("request:{}", id.0),
        client,
    );
    crate::audit::server::record(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(crate::db::StoreError::from)?;
    Ok(())
}

/// The capability to ask what a request asks, which is also the right to call it off.
pub fn sending_capability(asked: &crate::requests::Asked) -> crate::access::capability::Capability {
    use crate::access::capability::Capability;
    match asked {
        crate::requests::Asked::Measurements(_) => Capability::RequestMeasurements,
        crate::requests::Asked::Questionnaire { .. } => Capability::SendQuestionnaire,
    }
}

/// Cancels an open request of the professional's own organisation, as the guard allows
/// sending it: its status becomes cancelled (its link then works no more), an invitation that
/// has not left yet stays unsent, and the cancellation is logged, in one transaction. `false`
/// when it was closed already (completed, expired or cancelled): nothing changes. A request that
/// does not exist is refused like one out of reach.
pub async fn cancel(
    state: &crate::state::AppState,
    session: &crate::access::server::Session,
    id: crate::requests::RequestId,
    client: Option<&str>,
) -> Result<bool, AppError> {
    use crate::audit::{Action, Entry};
    use crate::requests::status::Event;
    let now = state.now();
    let (detail, _) = own_request(state, session, id, client, |detail| {
        sending_capability(&detail.asked)
    })
    .await?;
    let mut tx = state.store.begin().await?;
    let status = crate::requests::link::lock(&mut tx, state.store.backend(), id).await?;
    if status.after(Event::Cancel).is_err() {
        return Ok(false);
    }
    crate::requests::link::advance(&mut tx, id, status, &[Event::Cancel], now).await?;
    sqlx::query("DELETE FROM outbox WHERE request_id = $1 AND status = 'pending'")
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(crate::db::StoreError::from)?;
    let entry = Entry::of_session(
        session,
        detail.patient,
        Action::RequestCancelled,
        format!("request:{}", id.0),
        client,
    );
    crate::audit::server::record(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(crate::db::StoreError::from)?;
    Ok(true)
}

/// Sends an open request of the professional's own organisation again, as the guard allows
/// sending it (see [`crate::requests::server::resend`]). A request that does not exist is
/// refused like one out of reach.
pub async fn resend(
    state: &crate::state::AppState,
    session: &crate::access::server::Session,
    id: crate::requests::RequestId,
    client: Option<&str>,
) -> Result<Result<(), crate::requests::server::ResendRefused>, AppError> {
    let (_, authorised) = own_request(state, session, id, client, |detail| {
        sending_capability(&detail.asked)
    })
    .await?;
    let by = crate::requests::server::Requester::authorised(&authorised, client)
        .ok_or(AppError::Forbidden)?;
    Ok(
        crate::requests::server::resend(&state.store, &by, id, state.link_grace_days, state.now())
            .await?,
    )
}

/// Opens an open questionnaire request of the professional's own organisation to fill it in
/// together with the patient at a visit, as the guard allows sending it: a link for this
/// professional (two hours), logged. `None` when it is closed or asks for measurements (those
/// are entered from the patient's page).
pub async fn together(
    state: &crate::state::AppState,
    session: &crate::access::server::Session,
    id: crate::requests::RequestId,
    client: Option<&str>,
) -> Result<Option<crate::access::server::SecretToken>, AppError> {
    use crate::audit::{Action, Entry};
    let now = state.now();
    let (detail, _) = own_request(state, session, id, client, |detail| {
        sending_capability(&detail.asked)
    })
    .await?;
    if detail.status.is_final()
        || !matches!(detail.asked, crate::requests::Asked::Questionnaire { .. })
    {
        return Ok(None);
    }
    let mut tx = state.store.begin().await?;
    let token = crate::requests::server::mint_visit_link(
        &mut tx,
        id,
        session.account_id,
        state.link_grace_days,
        now,
    )
    .await?;
    let entry = Entry::of_session(
        session,
        detail.patient,
        Action::LinkOpened,
        format!("request:{}:visit", id.0),
        client,
    );
    crate::audit::server::record(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(crate::db::StoreError::from)?;
    Ok(Some(token))
}
