//! The access log is append only: the application's database user can add records but not
//! change or remove them, on both backends.

use app::audit::{Action, Entry};
use app::db::{testing, Backend};
use sqlx::Row;

app::on_both_backends!(access_log_records_cannot_be_changed_or_removed,);

async fn access_log_records_cannot_be_changed_or_removed(backend: Backend) {
    let Some((_db, store)) = testing::migrated(backend).await else {
        return;
    };
    let mut conn = store.conn().await.unwrap();
    let entry = Entry::admin(Action::SettingChanged, "organisation:hap-noord".into());
    app::audit::server::record(&mut conn, &entry, testing::t0())
        .await
        .unwrap();
    for sql in [
        "UPDATE audit_log SET outcome = 'refused'",
        "UPDATE audit_log SET object = NULL",
        "DELETE FROM audit_log",
    ] {
        let refused = sqlx::query(sql).execute(&mut *conn).await;
        assert!(refused.is_err(), "{sql} was allowed");
        assert!(
            format!("{:?}", refused.unwrap_err()).contains("the access log cannot be changed"),
            "{sql}"
        );
    }
    if backend == Backend::Postgres {
        assert!(sqlx::query("TRUNCATE audit_log")
            .execute(&mut *conn)
            .await
            .is_err());
    }
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(outcome) AS outcome, MIN(object) AS object FROM audit_log",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(row.try_get::<i64, _>("n").unwrap(), 1);
    assert_eq!(row.try_get::<String, _>("outcome").unwrap(), "success");
    assert_eq!(
        row.try_get::<String, _>("object").unwrap(),
        "organisation:hap-noord"
    );
}
