//! Database access for questionnaires (server only).

use super::catalogue::CatalogueEntry;
use super::definition::{Definition, Text};
use super::version::{compare_versions, newest};
use crate::db::{timestamp, Store, StoreError};
use sqlx::Row;
use std::cmp::Ordering;
use std::collections::HashMap;

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
    // Every version is read, in the order wanted; the newest of each instrument is picked
    // here, because versions compare as versions ("1.10" after "1.9"), not as text.
    let rows = sqlx::query(
        "SELECT id, version, title_nl, title_en, source, licence_nl, licence_en, item_count
         FROM instruments
         ORDER BY title_nl, id",
    )
    .fetch_all(store.pool())
    .await?;
    let entries = rows
        .into_iter()
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
        .collect::<Result<Vec<CatalogueEntry>, StoreError>>()?;
    let keep: Vec<bool> = {
        let mut newest_of: HashMap<&str, &str> = HashMap::new();
        for entry in &entries {
            let best = newest_of
                .entry(entry.id.as_str())
                .or_insert(entry.version.as_str());
            if compare_versions(&entry.version, best) == Ordering::Greater {
                *best = entry.version.as_str();
            }
        }
        entries
            .iter()
            .map(|entry| newest_of.get(entry.id.as_str()) == Some(&entry.version.as_str()))
            .collect()
    };
    Ok(entries
        .into_iter()
        .zip(keep)
        .filter_map(|(entry, keep)| keep.then_some(entry))
        .collect())
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

/// The newest version of an instrument, by [`compare_versions`].
pub async fn latest_definition(store: &Store, id: &str) -> Result<Definition, StoreError> {
    let rows = sqlx::query("SELECT version FROM instruments WHERE id = $1")
        .bind(id)
        .fetch_all(store.pool())
        .await?;
    let versions = rows
        .iter()
        .map(|row| row.try_get::<String, _>("version"))
        .collect::<Result<Vec<String>, sqlx::Error>>()?;
    let version = newest(versions.iter().map(String::as_str)).ok_or(StoreError::NotFound)?;
    load_definition(store, id, version).await
}
