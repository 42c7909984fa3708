//! The online forms on a real PostgreSQL: what the server records after them, and the
//! refusal of `concurrently()` inside a transaction.

use migrate_core::Migrator;

use crate::fixtures;
use crate::support::{applied, postgres, TestDb};

/// `name`'s row of pg_constraint: (type, validated, index name) in the test's schema.
fn constraint(db: &mut TestDb, name: &str) -> Vec<Option<String>> {
    let rows = db.rows(
        "select c.contype::text, c.convalidated::text, coalesce(i.relname::text, '') \
         from pg_constraint c left join pg_class i on i.oid = c.conindid \
         where c.conname = $1 and c.connamespace = current_schema()::regnamespace",
        &[name],
    );
    rows.into_iter().next().unwrap_or_default()
}

fn text(values: &[&str]) -> Vec<Option<String>> {
    values.iter().map(|v| Some((*v).to_owned())).collect()
}

#[test]
fn keys_added_not_valid_are_validated_later_and_indexes_built_concurrently() {
    let mut db = postgres();
    let migrator = Migrator::new().module(fixtures::module("online"));
    migrator
        .clone()
        .up_to("m2026_09_03_000002_online_keys")
        .run(&mut db.conn)
        .unwrap();
    assert_eq!(
        constraint(&mut db, "members_team"),
        text(&["f", "false", "teams_pkey"])
    );
    assert_eq!(
        constraint(&mut db, "members_adult"),
        text(&["c", "false", ""])
    );
    assert_eq!(
        constraint(&mut db, "members_email"),
        text(&["u", "true", "members_email"]),
        "the unique constraint uses the index built concurrently"
    );
    let valid = db.rows(
        "select indisvalid::text from pg_index where indexrelid = 'members_age_index'::regclass",
        &[],
    );
    assert_eq!(valid, [text(&["true"])]);

    migrator.run(&mut db.conn).unwrap();
    assert_eq!(
        constraint(&mut db, "members_team"),
        text(&["f", "true", "teams_pkey"])
    );
    assert_eq!(
        constraint(&mut db, "members_adult"),
        text(&["c", "true", ""])
    );
    // The safe forms pass the linter; only the seed's raw SQL is reported.
    let lint = migrator.lint_all(migrate_core::Dialect::Postgres).unwrap();
    let rules: Vec<(&str, &str)> = lint
        .findings
        .iter()
        .map(|f| (f.migration.as_str(), f.rule.name()))
        .collect();
    assert_eq!(
        rules,
        [("m2026_09_03_000001_create_tables", "raw_sql")],
        "{lint}"
    );
}

#[test]
fn concurrently_inside_a_transaction_is_refused_and_changes_nothing() {
    let mut db = postgres();
    let migrator = Migrator::new().module(fixtures::module("online_in_transaction"));
    let error = migrator.run(&mut db.conn).unwrap_err().to_string();
    assert!(
        error.contains("m2026_09_04_000002_index_notes")
            && error.contains(
                "an index on `notes` is built or dropped concurrently inside a transaction, \
                 which the database refuses: mark the migration #[migration(transaction = false)]"
            ),
        "{error}"
    );
    let indexes = db.rows(
        "select indexname::text from pg_indexes where schemaname = current_schema() \
         and tablename = 'notes' and indexname <> 'notes_pkey'",
        &[],
    );
    assert!(indexes.is_empty(), "{indexes:?}");
    assert_eq!(
        applied(&migrator, &mut db),
        ["m2026_09_04_000001_create_notes"]
    );
}

#[test]
fn rows_inserted_while_an_index_is_built_concurrently_are_all_kept() {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};

    use migrate_core::{Event, MigrationConnection};

    const INDEX: &str = "m2026_12_03_000032_index_traffic_events_kind";
    // Each insert also says whether an index build on the table was under way when it
    // went through: a build that blocked writes would let none through meanwhile.
    const INSERT: &str = "insert into traffic_events (kind) values (1000) returning \
        (select count(*) from pg_stat_progress_create_index p \
         where p.relid = 'traffic_events'::regclass)::text";
    let mut db = postgres();
    let migrator = Migrator::new().module(fixtures::module("concurrent_index"));
    migrator
        .clone()
        .up_to("m2026_12_03_000031_create_traffic_events")
        .run(&mut db.conn)
        .unwrap();
    // Enough rows that building the index takes a while.
    db.execute(
        "insert into traffic_events (kind) select n % 100 from generate_series(1, 300000) n",
    );

    let stop = Arc::new(AtomicBool::new(false));
    let (inserted, during_build) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let mut writer = db.connect();
    let writing = {
        let (stop, inserted, during_build) = (
            Arc::clone(&stop),
            Arc::clone(&inserted),
            Arc::clone(&during_build),
        );
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                let rows = writer.load_text(INSERT, &[]).unwrap();
                inserted.fetch_add(1, Ordering::SeqCst);
                if rows[0].0[0].as_deref() != Some("0") {
                    during_build.fetch_add(1, Ordering::SeqCst);
                }
            }
        })
    };
    while inserted.load(Ordering::SeqCst) == 0 {
        std::thread::yield_now();
    }
    let announced = Arc::new(Mutex::new(Vec::new()));
    let report = {
        let announced = Arc::clone(&announced);
        migrator
            .clone()
            .on_event(move |event| {
                if let Event::WithoutTimeouts { id } = event {
                    announced.lock().unwrap().push(id.to_string());
                }
            })
            .run(&mut db.conn)
    };
    // A few more writes after the index exists.
    let after = inserted.load(Ordering::SeqCst);
    while inserted.load(Ordering::SeqCst) < after + 10 {
        std::thread::yield_now();
    }
    stop.store(true, Ordering::SeqCst);
    writing.join().unwrap();
    report.unwrap();

    assert!(
        during_build.load(Ordering::SeqCst) > 0,
        "inserts went through while the index was being built"
    );
    assert_eq!(
        *announced.lock().unwrap(),
        [INDEX],
        "announced as running without timeouts"
    );
    let written = inserted.load(Ordering::SeqCst);
    let count = |db: &mut TestDb, sql: &str| db.rows(sql, &[])[0][0].clone().unwrap();
    assert_eq!(
        count(
            &mut db,
            "select count(*)::text from traffic_events where kind = 1000"
        ),
        written.to_string(),
        "every row inserted meanwhile is kept"
    );
    let valid = db.rows(
        "select indisvalid::text, indisready::text from pg_index \
         where indexrelid = 'traffic_events_kind_index'::regclass",
        &[],
    );
    assert_eq!(valid, [text(&["true", "true"])]);
    // Through the index alone, every row is found.
    db.execute("set enable_seqscan = off");
    let plan = db.rows(
        "explain select count(*) from traffic_events where kind = 1000",
        &[],
    );
    assert!(
        plan.iter()
            .flatten()
            .flatten()
            .any(|line| line.contains("traffic_events_kind_index")),
        "{plan:?}"
    );
    assert_eq!(
        count(
            &mut db,
            "select count(*)::text from traffic_events where kind = 1000"
        ),
        written.to_string()
    );
}

#[test]
fn nothing_is_announced_when_the_timeouts_are_off() {
    use std::sync::{Arc, Mutex};

    use migrate_core::Event;

    let mut db = postgres();
    let heard = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&heard);
    Migrator::new()
        .module(fixtures::module("concurrent_index"))
        .ddl_lock_timeout(std::time::Duration::ZERO)
        .on_event(move |event| {
            if let Event::WithoutTimeouts { id } = event {
                seen.lock().unwrap().push(id.to_string());
            }
        })
        .run(&mut db.conn)
        .unwrap();
    assert!(
        heard.lock().unwrap().is_empty(),
        "{:?}",
        heard.lock().unwrap()
    );
}
