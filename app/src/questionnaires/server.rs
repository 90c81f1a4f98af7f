//! Database access for questionnaires (server only).

use super::catalogue::CatalogueEntry;
use super::definition::{Definition, Text};
use crate::db::{timestamp, Store, StoreError};
use sqlx::Row;

/// Stores a definition version; an existing (id, version) is left alone, so a version never
/// changes once responses may refer to it. Returns whether it was new.
pub async fn insert_definition(
    store: &Store,
    definition: &Definition,
    builtin: bool,
) -> Result<bool, StoreError> {
    let json = serde_json::to_string(definition)
        .map_err(|e| StoreError::Query(sqlx::Error::Encode(Box::new(e))))?;
    let result = sqlx::query(
        "INSERT INTO instruments
            (id, version, title_nl, title_en, source, licence_nl, licence_en, item_count,
             definition, builtin, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (id, version) DO NOTHING",
    )
    .bind(&definition.id)
    .bind(&definition.version)
    .bind(&definition.title.nl)
    .bind(&definition.title.en)
    .bind(&definition.source)
    .bind(&definition.licence.nl)
    .bind(&definition.licence.en)
    .bind(definition.question_count() as i64)
    .bind(json)
    .bind(i64::from(builtin))
    .bind(timestamp(std::time::SystemTime::now()))
    .execute(store.pool())
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Makes sure every built-in instrument version is in the database. Returns how many were added.
pub async fn sync_builtin_library(store: &Store) -> Result<usize, StoreError> {
    let mut added = 0;
    for definition in super::library::builtin() {
        if insert_definition(store, &definition, true).await? {
            added += 1;
        }
    }
    Ok(added)
}

/// The newest version of every instrument, by Dutch title.
pub async fn list_catalogue(store: &Store) -> Result<Vec<CatalogueEntry>, StoreError> {
    // Versions compare as text here; definitions use "major.minor" with single digits
    // until the catalogue grows a proper version ordering.
    let rows = sqlx::query(
        "SELECT i.id, i.version, i.title_nl, i.title_en, i.source, i.licence_nl,
                i.licence_en, i.item_count
         FROM instruments i
         WHERE i.version = (SELECT MAX(v.version) FROM instruments v WHERE v.id = i.id)
         ORDER BY i.title_nl, i.id",
    )
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(CatalogueEntry {
                id: row.try_get("id")?,
                version: row.try_get("version")?,
                title: Text {
                    nl: row.try_get("title_nl")?,
                    en: row.try_get("title_en")?,
                },
                source: row.try_get("source")?,
                licence: Text {
                    nl: row.try_get("licence_nl")?,
                    en: row.try_get("licence_en")?,
                },
                item_count: row.try_get("item_count")?,
            })
        })
        .collect()
}

/// Loads one definition version.
pub async fn load_definition(
    store: &Store,
    id: &str,
    version: &str,
) -> Result<Definition, StoreError> {
    let row = sqlx::query("SELECT definition FROM instruments WHERE id = $1 AND version = $2")
        .bind(id)
        .bind(version)
        .fetch_one(store.pool())
        .await?;
    let json: String = row.try_get("definition")?;
    serde_json::from_str(&json).map_err(|e| StoreError::Query(sqlx::Error::Decode(Box::new(e))))
}

/// The newest version of an instrument.
pub async fn latest_definition(store: &Store, id: &str) -> Result<Definition, StoreError> {
    let row =
        sqlx::query("SELECT version FROM instruments WHERE id = $1 ORDER BY version DESC LIMIT 1")
            .bind(id)
            .fetch_one(store.pool())
            .await?;
    let version: String = row.try_get("version")?;
    load_definition(store, id, &version).await
}
