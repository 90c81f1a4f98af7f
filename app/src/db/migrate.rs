//! A small migration runner: every pending migration in one transaction.
//!
//! sqlx's own migrator commits each migration separately, so a failure half-way leaves the
//! earlier ones applied. Here a failure rolls everything back: the database is as it was.

use super::{first_line, timestamp, Backend, Store, StoreError};
use sqlx::{Executor, Row};

/// One schema change, embedded in the binary.
#[derive(Clone, Copy, Debug)]
pub struct Migration {
    /// Increasing number, from the file name.
    pub version: i64,
    /// Short description, from the file name.
    pub name: &'static str,
    /// The SQL to run.
    pub sql: &'static str,
}

macro_rules! migrations {
    ($dir:literal: $($version:literal $name:literal $file:literal),* $(,)?) => {
        &[$(Migration {
            version: $version,
            name: $name,
            sql: include_str!(concat!("../../../migrations/", $dir, "/", $file)),
        }),*]
    };
}

/// The SQLite schema, in order. A test checks this list against `migrations/sqlite/`.
pub const SQLITE_MIGRATIONS: &[Migration] = migrations!("sqlite":
    1 "init" "0001_init.sql",
    2 "organisations" "0002_organisations.sql",
    3 "accounts" "0003_accounts.sql",
    4 "identity" "0004_identity.sql",
    5 "requests" "0005_requests.sql",
    6 "readings" "0006_readings.sql",
    7 "audit_append_only" "0007_audit_append_only.sql",
    8 "worklist" "0008_worklist.sql",
    9 "invitations" "0009_invitations.sql",
    10 "sending_at_scale" "0010_sending_at_scale.sql",
    11 "notifications" "0011_notifications.sql",
    12 "visits" "0012_visits.sql",
    13 "care_team" "0013_care_team.sql",
    14 "sign_in_throttle" "0014_sign_in_throttle.sql",
    15 "account_links" "0015_account_links.sql",
    16 "consent_record" "0016_consent_record.sql",
    17 "reminders" "0017_reminders.sql",
    18 "second_factor" "0018_second_factor.sql",
    19 "mandates" "0019_mandates.sql",
    20 "carer_reminders" "0020_carer_reminders.sql",
    21 "mandates_without_account" "0021_mandates_without_account.sql",
    22 "repeat_stopped" "0022_repeat_stopped.sql",
    23 "batches_in_background" "0023_batches_in_background.sql",
);

/// The PostgreSQL schema, in order. A test checks this list against `migrations/postgres/`.
pub const POSTGRES_MIGRATIONS: &[Migration] = migrations!("postgres":
    1 "init" "0001_init.sql",
    2 "organisations" "0002_organisations.sql",
    3 "accounts" "0003_accounts.sql",
    4 "identity" "0004_identity.sql",
    5 "requests" "0005_requests.sql",
    6 "readings" "0006_readings.sql",
    7 "audit_append_only" "0007_audit_append_only.sql",
    8 "worklist" "0008_worklist.sql",
    9 "invitations" "0009_invitations.sql",
    10 "sending_at_scale" "0010_sending_at_scale.sql",
    11 "notifications" "0011_notifications.sql",
    12 "visits" "0012_visits.sql",
    13 "care_team" "0013_care_team.sql",
    14 "sign_in_throttle" "0014_sign_in_throttle.sql",
    15 "account_links" "0015_account_links.sql",
    16 "consent_record" "0016_consent_record.sql",
    17 "reminders" "0017_reminders.sql",
    18 "second_factor" "0018_second_factor.sql",
    19 "mandates" "0019_mandates.sql",
    20 "carer_reminders" "0020_carer_reminders.sql",
    21 "mandates_without_account" "0021_mandates_without_account.sql",
    22 "repeat_stopped" "0022_repeat_stopped.sql",
    23 "batches_in_background" "0023_batches_in_background.sql",
);

/// What a migration run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct MigrationReport {
    /// Versions applied by this run.
    pub applied: Vec<i64>,
    /// Versions that were already there.
    pub already: usize,
}

/// A stable fingerprint of a migration's text (FNV-1a, 64 bit): enough to notice an edit.
fn checksum(sql: &str) -> String {
    let hash = crate::hash::fnv1a(
        crate::hash::FNV_OFFSET,
        sql.replace("\r\n", "\n").as_bytes(),
    );
    format!("{hash:016x}")
}

pub(super) async fn run(
    store: &Store,
    migrations: &[Migration],
) -> Result<MigrationReport, StoreError> {
    let mut tx = store.pool().begin().await?;
    if store.backend() == Backend::Postgres {
        // Several instances may start at once; one migrates, the others wait and find nothing to do.
        tx.execute("SELECT pg_advisory_xact_lock(4242424242)")
            .await?;
    }
    tx.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY,
            name TEXT NOT NULL,
            checksum TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )",
    )
    .await?;
    let rows = sqlx::query("SELECT version, checksum FROM schema_migrations ORDER BY version")
        .fetch_all(&mut *tx)
        .await?;
    let mut report = MigrationReport::default();
    let mut applied = Vec::with_capacity(rows.len());
    for row in rows {
        let version: i64 = row.try_get("version")?;
        let sum: String = row.try_get("checksum")?;
        match migrations.iter().find(|m| m.version == version) {
            None => return Err(StoreError::UnknownMigration { version }),
            Some(m) if checksum(m.sql) != sum => {
                return Err(StoreError::MigrationChanged { version })
            }
            Some(_) => applied.push(version),
        }
    }
    report.already = applied.len();
    let now = timestamp(std::time::SystemTime::now());
    for migration in migrations.iter().filter(|m| !applied.contains(&m.version)) {
        let failed = |e: sqlx::Error| StoreError::Migration {
            version: migration.version,
            name: migration.name.to_string(),
            message: first_line(&e.to_string()),
        };
        sqlx::raw_sql(migration.sql)
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(migration.version)
        .bind(migration.name)
        .bind(checksum(migration.sql))
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
        report.applied.push(migration.version);
    }
    // Dropping `tx` on any early return above rolls the whole run back.
    tx.commit().await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files_in(dir: &str) -> Vec<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../migrations")
            .join(dir);
        let mut names: Vec<String> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        names.sort();
        names
    }

    fn listed(migrations: &[Migration]) -> Vec<String> {
        migrations
            .iter()
            .map(|m| format!("{:04}_{}.sql", m.version, m.name))
            .collect()
    }

    #[test]
    fn every_migration_file_is_listed_in_order() {
        assert_eq!(listed(SQLITE_MIGRATIONS), files_in("sqlite"));
        assert_eq!(listed(POSTGRES_MIGRATIONS), files_in("postgres"));
    }

    #[test]
    fn both_backends_have_the_same_versions() {
        let v = |ms: &[Migration]| ms.iter().map(|m| (m.version, m.name)).collect::<Vec<_>>();
        assert_eq!(v(SQLITE_MIGRATIONS), v(POSTGRES_MIGRATIONS));
    }

    #[test]
    fn the_checksum_ignores_line_endings_but_not_content() {
        assert_eq!(checksum("a;\nb;"), checksum("a;\r\nb;"));
        assert_ne!(checksum("a;"), checksum("b;"));
    }
}
