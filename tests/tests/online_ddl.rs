//! MySQL and MariaDB's online DDL options on the real server: the statements carry
//! `ALGORITHM` and `LOCK`, the server carries them out on a table with rows, and a change it
//! cannot make as asked is refused with an error naming the migration and the statement.

use migrate_core::{Dialect, Migrator};

use crate::fixtures;
use crate::introspect::describe;
use crate::support::{applied, mysql};

#[test]
fn an_alter_runs_instantly_and_an_index_is_built_without_locking_writes() {
    let mut db = mysql();
    let migrator = Migrator::new().module(fixtures::module("online_ddl"));
    let report = migrator.run(&mut db.conn).unwrap();
    let statements: Vec<&str> = report
        .migrations
        .iter()
        .flat_map(|m| m.statements.iter().map(String::as_str))
        .filter(|s| s.contains("algorithm"))
        .collect();
    assert_eq!(
        statements,
        [
            "alter table `online_accounts` add column `nickname` varchar(40) null, algorithm = instant",
            "alter table `online_accounts` rename column `name` to `full_name`, algorithm = instant",
            "create index `online_accounts_full_name_index` on `online_accounts` (`full_name`) algorithm = inplace lock = none",
        ]
    );
    let table = describe(&mut db, "online_accounts");
    assert_eq!(table.column_names(), ["id", "full_name", "nickname"]);
    assert!(table.column("nickname").nullable);
    assert_eq!(
        table.index_summary(),
        [(
            "online_accounts_full_name_index".to_owned(),
            vec!["full_name".to_owned()],
            false
        )]
    );
    let rows = db.rows("select full_name from online_accounts order by id", &[]);
    assert_eq!(
        rows,
        [[Some("ada".to_owned())], [Some("grace".to_owned())]],
        "the rows are kept"
    );
}

#[test]
fn a_change_the_server_cannot_make_instantly_is_refused_and_changes_nothing() {
    let mut db = mysql();
    let migrator = Migrator::new().module(fixtures::module("online_ddl_refused"));
    let error = migrator.run(&mut db.conn).unwrap_err().to_string();
    assert!(
        error.starts_with(
            "while applying m2026_12_03_000012_points_as_integers (tests/tests/fixtures/online_ddl_refused.rs:"
        ) && error.contains("ALGORITHM=INSTANT is not supported")
            && error.ends_with(
                "statement: alter table `online_scores` modify column `points` bigint not null, \
                 algorithm = instant"
            ),
        "{error}"
    );
    let points = describe(&mut db, "online_scores")
        .column("points")
        .ty
        .clone();
    assert_eq!(points, "varchar(20)");
    assert_eq!(
        applied(&migrator, &mut db),
        ["m2026_12_03_000011_create_online_scores"]
    );
    // The server refuses rather than copy the table behind a lock: nothing for the linter.
    let lint = migrator.lint_all(Dialect::Mysql).unwrap();
    let rules: Vec<&str> = lint.findings.iter().map(|f| f.rule.name()).collect();
    assert_eq!(rules, ["raw_sql"], "{lint}");
}
