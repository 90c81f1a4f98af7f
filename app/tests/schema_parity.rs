//! Schema parity: the SQLite and PostgreSQL migrations must give the same schema.
//!
//! Each backend's schema is read from its catalogue into one normalised description, a set
//! of facts (one line each: a table, a column, a key, an index, a constraint), and the two
//! sets must be equal. Column types compare as classes (integer, text, real, blob, boolean),
//! since the declared names differ between the engines; defaults are not compared.

#![cfg(feature = "ssr")]

use app::db::{testing, Store, StoreOptions};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The migration runner's bookkeeping table (`db/migrate.rs`), not part of the schema.
const MIGRATIONS_TABLE: &str = "schema_migrations";

/// One backend's schema as normalised facts, one line each, so two schemas diff line by line.
type Schema = BTreeSet<String>;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_migrations_give_the_same_schema() {
    let Some(postgres_db) = testing::fresh_postgres().await else {
        eprintln!(
            "schema parity not checked: PostgreSQL is skipped (MEETPUNT_TEST_POSTGRES_URL=skip)"
        );
        return;
    };
    let sqlite_db = testing::fresh_sqlite();
    let sqlite = migrated(&sqlite_db.url).await;
    let postgres = migrated(&postgres_db.url).await;

    let sqlite_schema = read_schema(&sqlite, &SQLITE, sqlite_type_class).await;
    let postgres_schema = read_schema(&postgres, &POSTGRES, postgres_type_class).await;
    sqlite.close().await;
    postgres.close().await;

    for (name, schema) in [("SQLite", &sqlite_schema), ("PostgreSQL", &postgres_schema)] {
        assert!(
            schema.iter().any(|f| f.starts_with("table "))
                && schema.iter().any(|f| f.starts_with("column ")),
            "no schema was read from {name}: {schema:#?}"
        );
    }
    if let Some(report) = differences(&sqlite_schema, &postgres_schema) {
        panic!("{report}");
    }
}

#[test]
fn both_backends_have_the_same_migration_files() {
    let sqlite = migration_files("sqlite");
    let postgres = migration_files("postgres");
    assert!(
        !sqlite.is_empty(),
        "no migrations found in migrations/sqlite"
    );
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "every migration needs a file for each backend; only in migrations/sqlite: {only_sqlite:?}; \
         only in migrations/postgres: {only_postgres:?}"
    );
}

/// The `.sql` file names in `migrations/<backend>/`.
fn migration_files(backend: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../migrations")
        .join(backend);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| {
            entry
                .expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".sql"))
        .collect()
}

/// A store on a fresh database with every migration applied.
async fn migrated(url: &str) -> Store {
    let store = Store::connect(url, &StoreOptions::default())
        .await
        .expect("connect to a fresh test database");
    store.migrate().await.expect("migrate");
    store
}

/// What is only on one side, or `None` when both schemas are the same.
fn differences(sqlite: &Schema, postgres: &Schema) -> Option<String> {
    if sqlite == postgres {
        return None;
    }
    let only = |a: &Schema, b: &Schema| -> String {
        let lines: String = a.difference(b).map(|fact| format!("\n  {fact}")).collect();
        if lines.is_empty() {
            "\n  (nothing)".to_string()
        } else {
            lines
        }
    };
    Some(format!(
        "the SQLite and PostgreSQL migrations give different schemas\nonly in SQLite:{}\nonly in PostgreSQL:{}",
        only(sqlite, postgres),
        only(postgres, sqlite)
    ))
}

/// Tables that belong to the schema: not SQLite's own, not the migration bookkeeping.
fn compared(table: &str) -> bool {
    table != MIGRATIONS_TABLE && !table.starts_with("sqlite_")
}

fn table_fact(table: &str) -> String {
    format!("table {table}")
}

/// The catalogue queries of one backend. Every query returns the same columns on both
/// backends, cast to TEXT or BIGINT, the types the `Any` driver decodes on both.
struct Queries {
    /// `tbl`.
    tables: &'static str,
    /// `tbl`, `name`, `declared` (the type), `not_null` (0 or 1), `pk` (1-based position in
    /// the primary key, 0 when not in it).
    columns: &'static str,
    /// Explicitly created indexes, one row per key column: `name`, `tbl`, `is_unique`,
    /// `partial` (0 or 1), `seqno`, `col` (NULL for an expression).
    indexes: &'static str,
    /// Unique constraints, one row per column: `tbl`, `grp` (the constraint), `col`.
    unique: &'static str,
    /// Foreign keys, one row per column: `tbl`, `col`, `ref_table`, `ref_col` (NULL when the
    /// parent's primary key is implied), `seq` (0-based position), `on_update`, `on_delete`.
    foreign_keys: &'static str,
    /// Texts that declare the CHECK constraints: `tbl`, `sql`. Check expressions are written
    /// back differently by each engine, so only their number per table is compared.
    checks: &'static str,
}

const SQLITE: Queries = Queries {
    tables: "SELECT CAST(name AS TEXT) AS tbl FROM sqlite_master WHERE type = 'table'",
    columns: r#"
        SELECT CAST(m.name AS TEXT) AS tbl, CAST(p.name AS TEXT) AS name,
               CAST(p.type AS TEXT) AS declared, CAST(p."notnull" AS BIGINT) AS not_null,
               CAST(p.pk AS BIGINT) AS pk
        FROM sqlite_master AS m, pragma_table_info(m.name) AS p
        WHERE m.type = 'table'"#,
    indexes: r#"
        SELECT CAST(m.name AS TEXT) AS name, CAST(m.tbl_name AS TEXT) AS tbl,
               CAST(l."unique" AS BIGINT) AS is_unique, CAST(l.partial AS BIGINT) AS partial,
               CAST(i.seqno AS BIGINT) AS seqno, CAST(i.name AS TEXT) AS col
        FROM sqlite_master AS m, pragma_index_list(m.tbl_name) AS l,
             pragma_index_info(m.name) AS i
        WHERE m.type = 'index' AND m.sql IS NOT NULL AND l.name = m.name"#,
    unique: "
        SELECT CAST(m.name AS TEXT) AS tbl, CAST(l.name AS TEXT) AS grp,
               CAST(i.name AS TEXT) AS col
        FROM sqlite_master AS m, pragma_index_list(m.name) AS l,
             pragma_index_info(l.name) AS i
        WHERE m.type = 'table' AND l.origin = 'u'",
    foreign_keys: r#"
        SELECT CAST(m.name AS TEXT) AS tbl, CAST(f."from" AS TEXT) AS col,
               CAST(f."table" AS TEXT) AS ref_table, CAST(f."to" AS TEXT) AS ref_col,
               CAST(f.seq AS BIGINT) AS seq, CAST(f.on_update AS TEXT) AS on_update,
               CAST(f.on_delete AS TEXT) AS on_delete
        FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS f
        WHERE m.type = 'table'"#,
    checks: "
        SELECT CAST(name AS TEXT) AS tbl, CAST(sql AS TEXT) AS sql
        FROM sqlite_master WHERE type = 'table'",
};

const POSTGRES: Queries = Queries {
    tables: "
        SELECT c.relname::text AS tbl
        FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')",
    columns: "
        SELECT t.relname::text AS tbl, a.attname::text AS name,
               format_type(a.atttypid, a.atttypmod) AS declared,
               CAST(CASE WHEN a.attnotnull THEN 1 ELSE 0 END AS BIGINT) AS not_null,
               CAST(COALESCE((
                   SELECT k.ord
                   FROM pg_constraint AS c,
                        unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                   WHERE c.conrelid = t.oid AND c.contype = 'p' AND k.attnum = a.attnum
               ), 0) AS BIGINT) AS pk
        FROM pg_attribute AS a
        JOIN pg_class AS t ON t.oid = a.attrelid
        JOIN pg_namespace AS n ON n.oid = t.relnamespace
        WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p')
          AND a.attnum > 0 AND NOT a.attisdropped",
    // Indexes that back a primary key, unique or exclusion constraint are not explicit ones.
    indexes: "
        SELECT i.relname::text AS name, t.relname::text AS tbl,
               CAST(CASE WHEN x.indisunique THEN 1 ELSE 0 END AS BIGINT) AS is_unique,
               CAST(CASE WHEN x.indpred IS NULL THEN 0 ELSE 1 END AS BIGINT) AS partial,
               CAST(k.ord - 1 AS BIGINT) AS seqno, a.attname::text AS col
        FROM pg_index AS x
        JOIN pg_class AS i ON i.oid = x.indexrelid
        JOIN pg_class AS t ON t.oid = x.indrelid
        JOIN pg_namespace AS n ON n.oid = t.relnamespace
        CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
        LEFT JOIN pg_attribute AS a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
        WHERE n.nspname = current_schema() AND k.ord <= x.indnkeyatts
          AND NOT EXISTS (
              SELECT 1 FROM pg_constraint AS c
              WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u', 'x')
          )",
    unique: "
        SELECT t.relname::text AS tbl, c.conname::text AS grp, a.attname::text AS col
        FROM pg_constraint AS c
        JOIN pg_class AS t ON t.oid = c.conrelid
        JOIN pg_namespace AS n ON n.oid = t.relnamespace
        CROSS JOIN LATERAL unnest(c.conkey) AS k(attnum)
        JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        WHERE c.contype = 'u' AND n.nspname = current_schema()",
    foreign_keys: "
        SELECT t.relname::text AS tbl, a.attname::text AS col,
               r.relname::text AS ref_table, ra.attname::text AS ref_col,
               CAST(k.ord - 1 AS BIGINT) AS seq,
               CASE c.confupdtype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
                    WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT'
                    ELSE c.confupdtype::text END AS on_update,
               CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
                    WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT'
                    ELSE c.confdeltype::text END AS on_delete
        FROM pg_constraint AS c
        JOIN pg_class AS t ON t.oid = c.conrelid
        JOIN pg_namespace AS n ON n.oid = t.relnamespace
        JOIN pg_class AS r ON r.oid = c.confrelid
        CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(attnum, refnum, ord)
        JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        JOIN pg_attribute AS ra ON ra.attrelid = c.confrelid AND ra.attnum = k.refnum
        WHERE c.contype = 'f' AND n.nspname = current_schema()",
    checks: "
        SELECT t.relname::text AS tbl, pg_get_constraintdef(c.oid) AS sql
        FROM pg_constraint AS c
        JOIN pg_class AS t ON t.oid = c.conrelid
        JOIN pg_namespace AS n ON n.oid = t.relnamespace
        WHERE c.contype = 'c' AND n.nspname = current_schema()",
};

/// An explicitly created index, as read.
#[derive(Default)]
struct Index {
    table: String,
    unique: bool,
    partial: bool,
    /// Key columns by position.
    columns: BTreeMap<i64, String>,
}

/// Primary key columns in key order, by table.
type PrimaryKeys = BTreeMap<String, BTreeMap<i64, String>>;

/// Reads a migrated database's schema into the common description.
async fn read_schema(store: &Store, queries: &Queries, type_class: fn(&str) -> String) -> Schema {
    let mut schema = Schema::new();
    read_tables(store, queries, &mut schema).await;
    let primary_keys = read_columns(store, queries, type_class, &mut schema).await;
    read_indexes(store, queries, &mut schema).await;
    read_unique_constraints(store, queries, &mut schema).await;
    read_foreign_keys(store, queries, &primary_keys, &mut schema).await;
    read_check_counts(store, queries, &mut schema).await;
    schema
}

async fn read_tables(store: &Store, queries: &Queries, schema: &mut Schema) {
    for row in rows(store, queries.tables).await {
        let table = text(&row, "tbl");
        if compared(&table) {
            schema.insert(table_fact(&table));
        }
    }
}

/// Adds the columns and primary keys; returns the primary keys of every table, which
/// foreign keys may imply.
async fn read_columns(
    store: &Store,
    queries: &Queries,
    type_class: fn(&str) -> String,
    schema: &mut Schema,
) -> PrimaryKeys {
    let mut primary_keys = PrimaryKeys::new();
    for row in rows(store, queries.columns).await {
        let table = text(&row, "tbl");
        let name = text(&row, "name");
        let pk = int(&row, "pk");
        if pk > 0 {
            primary_keys
                .entry(table.clone())
                .or_default()
                .insert(pk, name.clone());
        }
        if !compared(&table) {
            continue;
        }
        // SQLite reports notnull = 0 for an INTEGER PRIMARY KEY (it is the rowid) and, for
        // compatibility, lets other primary key columns hold NULL unless declared NOT NULL;
        // PostgreSQL makes every primary key column NOT NULL. Key columns count as NOT NULL.
        let not_null = int(&row, "not_null") != 0 || pk > 0;
        let class = type_class(&text(&row, "declared"));
        let nullability = if not_null { "not null" } else { "null" };
        schema.insert(format!("column {table}.{name}: {class} {nullability}"));
    }
    for (table, columns) in &primary_keys {
        if compared(table) {
            schema.insert(format!("primary key {table} ({})", join(columns.values())));
        }
    }
    primary_keys
}

async fn read_indexes(store: &Store, queries: &Queries, schema: &mut Schema) {
    let mut indexes: BTreeMap<String, Index> = BTreeMap::new();
    for row in rows(store, queries.indexes).await {
        let index = indexes.entry(text(&row, "name")).or_default();
        index.table = text(&row, "tbl");
        index.unique = int(&row, "is_unique") != 0;
        index.partial = int(&row, "partial") != 0;
        let column = optional_text(&row, "col").unwrap_or_else(|| "<expression>".to_string());
        index.columns.insert(int(&row, "seqno"), column);
    }
    for (name, index) in &indexes {
        if compared(&index.table) {
            let unique = if index.unique { " unique" } else { "" };
            let partial = if index.partial { " partial" } else { "" };
            schema.insert(format!(
                "index{unique}{partial} {name} on {} ({})",
                index.table,
                join(index.columns.values())
            ));
        }
    }
}

/// Unique constraints by table and sorted columns; their names differ between the engines.
async fn read_unique_constraints(store: &Store, queries: &Queries, schema: &mut Schema) {
    let mut unique: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for row in rows(store, queries.unique).await {
        unique
            .entry((text(&row, "tbl"), text(&row, "grp")))
            .or_default()
            .insert(text(&row, "col"));
    }
    for ((table, _constraint), columns) in &unique {
        if compared(table) {
            schema.insert(format!("unique {table} ({})", join(columns)));
        }
    }
}

/// One fact per column of a foreign key, with its ON UPDATE and ON DELETE actions.
async fn read_foreign_keys(
    store: &Store,
    queries: &Queries,
    primary_keys: &PrimaryKeys,
    schema: &mut Schema,
) {
    for row in rows(store, queries.foreign_keys).await {
        let table = text(&row, "tbl");
        if !compared(&table) {
            continue;
        }
        let ref_table = text(&row, "ref_table");
        let seq = int(&row, "seq");
        let ref_column = optional_text(&row, "ref_col")
            .or_else(|| {
                let key = primary_keys.get(&ref_table)?;
                key.values().nth(usize::try_from(seq).ok()?).cloned()
            })
            .unwrap_or_else(|| "<primary key>".to_string());
        schema.insert(format!(
            "foreign key {table}.{} -> {ref_table}.{ref_column} on update {} on delete {}",
            text(&row, "col"),
            text(&row, "on_update").to_lowercase(),
            text(&row, "on_delete").to_lowercase(),
        ));
    }
}

/// The number of CHECK constraints per table (their text is not comparable, see [`Queries`]).
async fn read_check_counts(store: &Store, queries: &Queries, schema: &mut Schema) {
    let mut checks: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows(store, queries.checks).await {
        let table = text(&row, "tbl");
        let count = count_checks(&optional_text(&row, "sql").unwrap_or_default());
        *checks.entry(table).or_default() += count;
    }
    for (table, count) in &checks {
        if compared(table) && *count > 0 {
            schema.insert(format!("check constraints on {table}: {count}"));
        }
    }
}

async fn rows(store: &Store, sql: &'static str) -> Vec<AnyRow> {
    sqlx::query(sql)
        .fetch_all(store.pool())
        .await
        .unwrap_or_else(|e| panic!("reading the schema failed: {e}\n{sql}"))
}

fn text(row: &AnyRow, column: &str) -> String {
    row.try_get(column)
        .unwrap_or_else(|e| panic!("column {column}: {e}"))
}

fn optional_text(row: &AnyRow, column: &str) -> Option<String> {
    row.try_get(column)
        .unwrap_or_else(|e| panic!("column {column}: {e}"))
}

fn int(row: &AnyRow, column: &str) -> i64 {
    row.try_get(column)
        .unwrap_or_else(|e| panic!("column {column}: {e}"))
}

fn join<'a>(names: impl IntoIterator<Item = &'a String>) -> String {
    names
        .into_iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The type class of an SQLite declared type, after SQLite's own affinity rules.
fn sqlite_type_class(declared: &str) -> String {
    let upper = declared.trim().to_ascii_uppercase();
    let class = if upper.starts_with("BOOL") {
        "boolean"
    } else if upper.contains("INT") {
        "integer"
    } else if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") {
        "text"
    } else if upper.is_empty() || upper.contains("BLOB") {
        "blob"
    } else if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") {
        "real"
    } else {
        return format!("other ({declared})");
    };
    class.to_string()
}

/// The type class of a PostgreSQL type as `format_type` writes it.
fn postgres_type_class(declared: &str) -> String {
    let base = declared.split('(').next().unwrap_or_default().trim();
    let class = match base {
        "bigint" | "integer" | "smallint" | "bigserial" | "serial" | "smallserial" => "integer",
        "text" | "character varying" | "varchar" | "character" | "char" | "citext" => "text",
        "double precision" | "real" => "real",
        "bytea" => "blob",
        "boolean" => "boolean",
        _ => return format!("other ({declared})"),
    };
    class.to_string()
}

/// How many CHECK constraints an SQL text declares: the keyword CHECK outside comments,
/// string literals and quoted names.
fn count_checks(sql: &str) -> usize {
    let mut count = 0;
    let mut word = String::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if word.eq_ignore_ascii_case("check") {
            count += 1;
        }
        word.clear();
        match c {
            // A doubled quote inside a literal reads as two literals, which is just as good.
            '\'' | '"' | '`' | '[' => {
                let close = if c == '[' { ']' } else { c };
                for d in chars.by_ref() {
                    if d == close {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for d in chars.by_ref() {
                    if previous == '*' && d == '/' {
                        break;
                    }
                    previous = d;
                }
            }
            _ => {}
        }
    }
    if word.eq_ignore_ascii_case("check") {
        count += 1;
    }
    count
}

#[test]
fn check_constraints_are_counted_outside_comments_literals_and_quoted_names() {
    let sql = "CREATE TABLE t (
        -- a check (here) is only a comment
        a TEXT CHECK (a IN ('check', 'x')),
        \"check\" BIGINT, /* check */ check_date TEXT,
        b BIGINT CONSTRAINT positive check(b > 0)
    )";
    assert_eq!(count_checks(sql), 2);
    assert_eq!(
        count_checks("CHECK ((role = ANY (ARRAY['professional'::text, 'patient'::text])))"),
        1
    );
    assert_eq!(count_checks("CREATE TABLE t (a TEXT)"), 0);
}

#[test]
fn declared_types_fall_into_the_same_classes() {
    for (sqlite, postgres) in [
        ("INTEGER", "bigint"),
        ("BIGINT", "integer"),
        ("TEXT", "text"),
        ("VARCHAR(20)", "character varying(20)"),
        ("REAL", "double precision"),
        ("DOUBLE PRECISION", "real"),
        ("BLOB", "bytea"),
        ("BOOLEAN", "boolean"),
    ] {
        assert_eq!(
            sqlite_type_class(sqlite),
            postgres_type_class(postgres),
            "{sqlite} / {postgres}"
        );
    }
    assert_eq!(sqlite_type_class("NUMERIC"), "other (NUMERIC)");
    assert_eq!(postgres_type_class("jsonb"), "other (jsonb)");
}
