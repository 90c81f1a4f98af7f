//! Database access for organisations and their settings (server only).

use super::{threshold_overrides, valid_id, OrganisationId, OrganisationKind, Scope};
use crate::audit::{self, Action, Entry};
use crate::db::{timestamp, Store, StoreError};
use crate::measurements::thresholds::ThresholdOverrides;
use crate::questionnaires::scoring::SettingValues;
use crate::questionnaires::server as library;
use sqlx::Row;
use std::collections::BTreeMap;
use std::time::SystemTime;

/// Why a change to an organisation or its settings was refused.
#[derive(Debug, thiserror::Error)]
pub enum OrganisationError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The id is not a short lower-case slug.
    #[error("organisation id {0:?} must be 2 to 40 lower-case letters, digits and '-'")]
    InvalidId(String),
    /// An organisation with this id exists.
    #[error("organisation {0} already exists")]
    Exists(String),
    /// No organisation with this id.
    #[error("organisation {0} not found")]
    UnknownOrganisation(String),
    /// No instrument with this id.
    #[error("instrument {0} not found")]
    UnknownInstrument(String),
    /// The instrument or the thresholds have no setting with this name.
    #[error("{scope} has no setting {key}; settings: {allowed}")]
    UnknownSetting {
        /// The scope.
        scope: String,
        /// The name given.
        key: String,
        /// The names there are.
        allowed: String,
    },
    /// The value is not acceptable.
    #[error("{0}")]
    InvalidValue(String),
}

/// An organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organisation {
    /// Short id, e.g. `hap-noord`.
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// What kind of organisation it is.
    pub kind: OrganisationKind,
}

/// Adds an organisation of a kind.
pub async fn add(
    store: &Store,
    id: &str,
    name: &str,
    kind: OrganisationKind,
    now: SystemTime,
) -> Result<(), OrganisationError> {
    if !valid_id(id) {
        return Err(OrganisationError::InvalidId(id.into()));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(OrganisationError::InvalidValue(
            "the name must be 1 to 200 characters".into(),
        ));
    }
    let result = sqlx::query(
        "INSERT INTO organisations (id, name, kind, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(name)
    .bind(kind.code())
    .bind(timestamp(now))
    .execute(store.pool())
    .await
    .map_err(StoreError::from)?;
    if result.rows_affected() == 0 {
        return Err(OrganisationError::Exists(id.into()));
    }
    Ok(())
}

/// Changes the kind of an organisation; returns how many current members have a level
/// that does not fit the new kind (they can do nothing until they get a fitting level).
pub async fn set_kind(
    store: &Store,
    id: &str,
    kind: OrganisationKind,
    now: SystemTime,
) -> Result<u64, OrganisationError> {
    let mut tx = store.begin().await?;
    let done = sqlx::query("UPDATE organisations SET kind = $1 WHERE id = $2")
        .bind(kind.code())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
    if done.rows_affected() == 0 {
        return Err(OrganisationError::UnknownOrganisation(id.into()));
    }
    let entry = Entry {
        organisation: Some(OrganisationId::from_stored(id.to_owned())),
        ..Entry::admin(
            Action::OrganisationChanged,
            format!("organisation:{id}:kind:{}", kind.code()),
        )
    };
    audit::server::record(&mut tx, &entry, now).await?;
    let rows = sqlx::query(
        "SELECT level FROM memberships WHERE organisation_id = $1 AND ended_at IS NULL",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    tx.commit().await.map_err(StoreError::from)?;
    let mut misfits = 0;
    for row in rows {
        let level: String = row.try_get("level").map_err(StoreError::from)?;
        if !super::Level::parse(&level).is_some_and(|l| l.fits(kind)) {
            misfits += 1;
        }
    }
    Ok(misfits)
}

/// Every organisation, by id.
pub async fn list(store: &Store) -> Result<Vec<Organisation>, StoreError> {
    let rows = sqlx::query("SELECT id, name, kind FROM organisations ORDER BY id")
        .fetch_all(store.pool())
        .await?;
    rows.into_iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            Ok(Organisation {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                kind: OrganisationKind::parse(&kind).ok_or_else(|| {
                    StoreError::Query(sqlx::Error::Decode(
                        format!("unknown organisation kind {kind:?}").into(),
                    ))
                })?,
            })
        })
        .collect()
}

/// Whether an organisation with this id exists.
pub async fn is_known(store: &Store, id: &str) -> Result<bool, StoreError> {
    is_known_in(&mut *store.conn().await?, id).await
}

async fn exists(store: &Store, id: &str) -> Result<(), OrganisationError> {
    if !is_known(store, id).await? {
        return Err(OrganisationError::UnknownOrganisation(id.into()));
    }
    Ok(())
}

/// The access-log record of a settings change by an administrator.
fn changed(organisation: &str, scope: &Scope, key: &str) -> Entry {
    Entry {
        organisation: Some(OrganisationId::from_stored(organisation.to_owned())),
        ..Entry::admin(
            Action::SettingChanged,
            format!("setting:{organisation}:{}:{key}", scope.stored()),
        )
    }
}

/// Sets one setting after checking that it exists and that its value makes sense; the
/// value and its access-log record are written in one transaction.
pub async fn set(
    store: &Store,
    organisation: &str,
    scope: &Scope,
    key: &str,
    value: f64,
    now: SystemTime,
) -> Result<(), OrganisationError> {
    exists(store, organisation).await?;
    if !value.is_finite() {
        return Err(OrganisationError::InvalidValue(format!(
            "{value} is not a number"
        )));
    }
    match scope {
        Scope::Instrument(id) => {
            let definition = library::latest_definition(store, id)
                .await
                .map_err(|e| match e {
                    StoreError::NotFound => OrganisationError::UnknownInstrument(id.clone()),
                    other => other.into(),
                })?;
            if !definition.settings.iter().any(|s| s.key == key) {
                let allowed: Vec<&str> =
                    definition.settings.iter().map(|s| s.key.as_str()).collect();
                return Err(OrganisationError::UnknownSetting {
                    scope: id.clone(),
                    key: key.into(),
                    allowed: if allowed.is_empty() {
                        "none".into()
                    } else {
                        allowed.join(", ")
                    },
                });
            }
        }
        Scope::Thresholds => {
            let known = crate::measurements::thresholds::Thresholds::documented();
            if !known.iter().any(|(name, _, _)| *name == key) {
                let allowed: Vec<&str> = known.iter().map(|(name, _, _)| *name).collect();
                return Err(OrganisationError::UnknownSetting {
                    scope: "thresholds".into(),
                    key: key.into(),
                    allowed: allowed.join(", "),
                });
            }
            let mut values = values_in(store, organisation, scope).await?;
            values.insert(key.to_string(), value);
            threshold_overrides(&values).map_err(OrganisationError::InvalidValue)?;
        }
    }
    let mut tx = store.begin().await?;
    sqlx::query(
        "INSERT INTO organisation_settings (organisation_id, scope, key, value, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (organisation_id, scope, key)
         DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(organisation)
    .bind(scope.stored())
    .bind(key)
    .bind(value)
    .bind(timestamp(now))
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    audit::server::record(&mut tx, &changed(organisation, scope, key), now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Removes a setting, so the default applies again. Returns whether it was set.
pub async fn unset(
    store: &Store,
    organisation: &str,
    scope: &Scope,
    key: &str,
    now: SystemTime,
) -> Result<bool, OrganisationError> {
    exists(store, organisation).await?;
    let mut tx = store.begin().await?;
    let result = sqlx::query(
        "DELETE FROM organisation_settings WHERE organisation_id = $1 AND scope = $2 AND key = $3",
    )
    .bind(organisation)
    .bind(scope.stored())
    .bind(key)
    .execute(&mut *tx)
    .await
    .map_err(StoreError::from)?;
    if result.rows_affected() > 0 {
        audit::server::record(&mut tx, &changed(organisation, scope, key), now).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(result.rows_affected() > 0)
}

/// Every setting the organisation changed, by scope and name.
pub async fn all(
    store: &Store,
    organisation: &str,
) -> Result<Vec<(Scope, String, f64)>, OrganisationError> {
    exists(store, organisation).await?;
    let rows = sqlx::query(
        "SELECT scope, key, value FROM organisation_settings
         WHERE organisation_id = $1 ORDER BY scope, key",
    )
    .bind(organisation)
    .fetch_all(store.pool())
    .await
    .map_err(StoreError::from)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let scope: String = row.try_get("scope").map_err(StoreError::from)?;
        let Some(scope) = Scope::from_stored(&scope) else {
            continue;
        };
        out.push((
            scope,
            row.try_get("key").map_err(StoreError::from)?,
            row.try_get("value").map_err(StoreError::from)?,
        ));
    }
    Ok(out)
}

async fn values_in(
    store: &Store,
    organisation: &str,
    scope: &Scope,
) -> Result<BTreeMap<String, f64>, OrganisationError> {
    let rows = sqlx::query(
        "SELECT key, value FROM organisation_settings WHERE organisation_id = $1 AND scope = $2",
    )
    .bind(organisation)
    .bind(scope.stored())
    .fetch_all(store.pool())
    .await
    .map_err(StoreError::from)?;
    let mut values = BTreeMap::new();
    for row in rows {
        values.insert(
            row.try_get("key").map_err(StoreError::from)?,
            row.try_get("value").map_err(StoreError::from)?,
        );
    }
    Ok(values)
}

/// The organisation's values for an instrument's settings, for scoring.
pub async fn instrument_settings(
    store: &Store,
    organisation: &str,
    instrument: &str,
) -> Result<SettingValues, OrganisationError> {
    exists(store, organisation).await?;
    values_in(store, organisation, &Scope::Instrument(instrument.into())).await
}

/// The organisation's threshold overrides, for evaluating measurements.
pub async fn thresholds(
    store: &Store,
    organisation: &str,
) -> Result<ThresholdOverrides, OrganisationError> {
    exists(store, organisation).await?;
    let values = values_in(store, organisation, &Scope::Thresholds).await?;
    threshold_overrides(&values).map_err(OrganisationError::InvalidValue)
}

/// An organisation's e-mail domains for new accounts (none: any address).
pub async fn email_domains(
    conn: &mut crate::db::Conn,
    id: &str,
) -> Result<Vec<String>, StoreError> {
    let row = sqlx::query("SELECT email_domains FROM organisations WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(match row {
        Some(row) => row
            .try_get::<String, _>("email_domains")?
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        None => Vec::new(),
    })
}

/// Sets an organisation's e-mail domains (checked with [`super::parse_domains`]), with the
/// access-log record `entry` names, in one transaction.
pub async fn set_email_domains(
    store: &Store,
    id: &str,
    domains: &[String],
    entry: Entry,
    now: SystemTime,
) -> Result<(), OrganisationError> {
    let mut tx = store.begin().await?;
    let done = sqlx::query("UPDATE organisations SET email_domains = $1 WHERE id = $2")
        .bind(domains.join(" "))
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
    if done.rows_affected() == 0 {
        return Err(OrganisationError::UnknownOrganisation(id.into()));
    }
    audit::server::record(&mut tx, &entry, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Whether an organisation exists (in the caller's transaction).
pub async fn is_known_in(conn: &mut crate::db::Conn, id: &str) -> Result<bool, StoreError> {
    Ok(sqlx::query("SELECT id FROM organisations WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .is_some())
}

/// Every organisation's id and name, by name.
pub async fn names(conn: &mut crate::db::Conn) -> Result<Vec<(String, String)>, StoreError> {
    let rows = sqlx::query("SELECT id, name FROM organisations ORDER BY name, id")
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("name")?)))
        .collect()
}
