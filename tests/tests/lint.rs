//! The linter on every backend: each rule flags its risky operation on an existing table,
//! not its safe form, not a table the same migration created; allowances are recorded.

use migrate_core::lint::{AllowedBy, LintReport};
use migrate_core::{Dialect, Error, Migrator};

use crate::fixtures;
use crate::support::{backend_test, TestDb};

fn migrator() -> Migrator {
    Migrator::new().module(fixtures::module("lint"))
}

fn lint(db: &mut TestDb) -> LintReport {
    migrator().lint(&mut db.conn).unwrap()
}

/// The rules found in the migration whose id ends with `suffix`, in order.
fn rules(report: &LintReport, suffix: &str) -> Vec<&'static str> {
    assert!(
        report.linted.iter().any(|id| id.ends_with(suffix)),
        "{suffix} was not linted: {:?}",
        report.linted
    );
    report
        .findings
        .iter()
        .filter(|f| f.migration.ends_with(suffix))
        .map(|f| f.rule.name())
        .collect()
}

/// `expected` on the dialects listed, nothing on the others.
fn on(dialect: Dialect, dialects: &[Dialect], expected: &[&'static str]) -> Vec<&'static str> {
    if dialects.contains(&dialect) {
        expected.to_vec()
    } else {
        Vec::new()
    }
}

use Dialect::{Mysql, Postgres, Sqlite};

/// One test per rule: `rule_test!(name, "migration suffix", [dialects], ["rules"])`.
macro_rules! rule_test {
    ($name:ident, $suffix:literal, $dialects:expr, $expected:expr) => {
        backend_test!($name, |db| {
            let report = lint(&mut db);
            let expected = on(db.dialect(), &$dialects, &$expected);
            assert_eq!(rules(&report, $suffix), expected, "{report}");
        });
    };
}

rule_test!(
    an_index_without_concurrently,
    "add_index",
    [Postgres],
    ["add_index"]
);
rule_test!(
    a_unique_constraint_added_directly,
    "add_unique_constraint",
    [Postgres],
    ["add_unique_constraint"]
);
rule_test!(
    a_foreign_key_validated_at_once,
    "add_foreign_key",
    [Postgres, Mysql],
    ["add_foreign_key"]
);
rule_test!(
    a_not_null_column_without_default,
    "add_not_null_column",
    [Postgres, Mysql, Sqlite],
    ["add_not_null_column"]
);
rule_test!(
    a_column_with_a_volatile_default,
    "add_volatile_default",
    [Postgres],
    ["add_volatile_default"]
);
rule_test!(
    a_type_change_that_rewrites,
    "change_column_type",
    [Postgres, Mysql],
    ["change_column_type"]
);
rule_test!(a_varchar_widened_is_no_rewrite, "widen_varchar", [], []);
rule_test!(
    a_column_set_not_null,
    "set_not_null",
    [Postgres],
    ["set_not_null"]
);
rule_test!(
    a_dropped_column,
    "drop_column",
    [Postgres, Mysql, Sqlite],
    ["drop_column"]
);
rule_test!(
    a_renamed_column,
    "rename_column",
    [Postgres, Mysql, Sqlite],
    ["rename_column"]
);
rule_test!(
    a_dropped_table,
    "drop_table",
    [Postgres, Mysql, Sqlite],
    ["drop_table"]
);
rule_test!(
    a_renamed_table,
    "rename_table",
    [Postgres, Mysql, Sqlite],
    ["rename_table"]
);
rule_test!(a_json_column, "prefer_jsonb", [Postgres], ["prefer_jsonb"]);
rule_test!(
    a_table_created_in_the_same_migration_is_exempt,
    "on_a_table_created_here",
    [],
    []
);
rule_test!(the_safe_forms_are_not_flagged, "safe_forms", [], []);

backend_test!(a_wide_index_is_flagged_everywhere, |db| {
    let report = lint(&mut db);
    let expected = match db.dialect() {
        Postgres => vec!["wide_index", "add_index"],
        _ => vec!["wide_index"],
    };
    assert_eq!(rules(&report, "wide_index"), expected, "{report}");
});

backend_test!(raw_dml_with_ddl_in_one_transaction, |db| {
    let report = lint(&mut db);
    // MySQL commits each DDL statement on its own: the backfill holds no DDL lock there.
    let expected = match db.dialect() {
        Mysql => vec!["raw_sql"],
        _ => vec!["raw_sql", "backfill_with_ddl"],
    };
    assert_eq!(rules(&report, "backfill_with_ddl"), expected, "{report}");
});

backend_test!(a_data_step_with_ddl_is_flagged_and_noted, |db| {
    let report = lint(&mut db);
    let expected = on(db.dialect(), &[Postgres, Sqlite], &["backfill_with_ddl"]);
    assert_eq!(rules(&report, "data_step_with_ddl"), expected, "{report}");
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("data_step_with_ddl") && n.contains("not linted")),
        "{report}"
    );
});

backend_test!(
    a_finding_names_its_call_the_lock_and_the_safe_sequence,
    |db| {
        if db.dialect() != Postgres {
            return;
        }
        let report = lint(&mut db);
        let finding = report
            .findings
            .iter()
            .find(|f| f.migration.ends_with("add_index"))
            .unwrap();
        // The line of `s.table("users", ...)` in the fixture.
        let fixture = file!().replace("lint.rs", "fixtures/lint.rs");
        assert_eq!(finding.location, format!("{fixture}:46"));
        assert_eq!(finding.table.as_deref(), Some("users"));
        assert!(
            finding.locks.starts_with("SHARE on `users`"),
            "{}",
            finding.locks
        );
        assert!(finding
            .instead
            .contains("#[migration(transaction = false)]"));
        assert!(finding
            .instead
            .contains("t.index([\"email\"]).name(\"users_email_index\").concurrently();"));
        assert!(!report.is_clean());
    }
);

backend_test!(
    an_allowance_of_the_migration_is_recorded_with_its_reason,
    |db| {
        let report = lint(&mut db);
        let allowed: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.migration.ends_with("allowed"))
            .collect();
        assert_eq!(allowed.len(), 1, "{report}");
        assert_eq!(allowed[0].rule.name(), "drop_column");
        let allowance = allowed[0].allowed.as_ref().expect("allowed");
        assert_eq!(allowance.by, AllowedBy::Migration);
        assert_eq!(allowance.reason, "no release reads `unused` since v2");
        assert!(report
            .to_string()
            .contains("allowed by the migration: no release reads"));
    }
);

backend_test!(an_allowance_of_the_project_suppresses_everywhere, |db| {
    let report = migrator()
        .allow_lint("drop_table", "archive was copied to cold storage")
        .lint(&mut db.conn)
        .unwrap();
    let finding = report
        .findings
        .iter()
        .find(|f| f.migration.ends_with("drop_table"))
        .unwrap();
    let allowance = finding.allowed.as_ref().unwrap();
    assert_eq!(allowance.by, AllowedBy::Project);
    assert_eq!(allowance.reason, "archive was copied to cold storage");
    assert!(report.unsuppressed().all(|f| f.rule.name() != "drop_table"));
});

backend_test!(applied_migrations_are_not_linted, |db| {
    migrator()
        .up_to("m2026_09_01_000001_create_tables")
        .run(&mut db.conn)
        .unwrap();
    let pending = lint(&mut db);
    assert!(!pending
        .linted
        .iter()
        .any(|id| id.ends_with("create_tables")));
    assert_eq!(pending.linted.len(), 19);
    let all = migrator().lint_all(db.dialect()).unwrap();
    assert_eq!(all.linted.len(), 20);
    assert_eq!(all.findings, pending.findings);
});

#[test]
fn a_migration_that_panics_without_a_database_is_an_error_not_a_crash() {
    let module = format!("{}::unwrapping", fixtures::module("lint_unknown_rule"));
    let error = Migrator::new().module(module).lint_all(Dialect::Postgres);
    let message = error.unwrap_err().to_string();
    assert!(
        message.contains("m2026_09_02_000002_unwraps_the_connection")
            && message.contains("it panicked while replayed without a database"),
        "{message}"
    );
}

#[test]
fn an_unknown_rule_in_an_allowance_is_an_error_naming_it() {
    let module = format!(
        "{}::m2026_09_02_000001_misspelt_allowance",
        fixtures::module("lint_unknown_rule")
    );
    let migrator = Migrator::new().module(module);
    let error = migrator.lint_all(Dialect::Postgres).unwrap_err();
    assert!(matches!(error, Error::Registry(_)));
    let message = error.to_string();
    assert!(
        message.contains("m2026_09_02_000001_misspelt_allowance"),
        "{message}"
    );
    assert!(
        message.contains("#[migration(allow(drop_colum))]: there is no lint rule `drop_colum`"),
        "{message}"
    );
    let project = migrator
        .allow_lint("drop_tabel", "x")
        .lint_all(Dialect::Sqlite);
    let message = project.unwrap_err().to_string();
    assert!(
        message.contains("lint allowance of the project: there is no lint rule `drop_tabel`"),
        "{message}"
    );
}
