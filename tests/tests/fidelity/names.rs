//! `schema.table` names are refused on every dialect, naming the dialect and the operation,
//! before anything is created; a table whose name really has a dot is written in quotes.

use super::{schema, schema_error};
use crate::introspect::tables;
use crate::support::backend_test;

backend_test!(
    dotted_table_names_are_refused_and_quoted_ones_are_literal,
    |db| {
        let dialect = db.dialect().name();
        let refused = |error: String, operation: &str| {
            assert!(
                error.contains(dialect)
                    && error.contains("schema-qualified table name `reporting.users`")
                    && error.contains(operation)
                    && error.contains(r#"`"\"reporting.users\""`"#),
                "{error}"
            );
        };
        refused(
            schema_error(&mut db, |s| {
                s.create("reporting.users", |t| {
                    t.id();
                })
            }),
            "(create)",
        );
        assert!(tables(&mut db).is_empty(), "nothing was created");
        schema(&mut db, |s| {
            s.create("users", |t| {
                t.id();
            })
        });
        refused(
            schema_error(&mut db, |s| {
                s.table("reporting.users", |t| {
                    t.string("name", 10).nullable();
                })
            }),
            "(alter)",
        );
        refused(
            schema_error(&mut db, |s| s.drop("reporting.users")),
            "(drop)",
        );
        refused(
            schema_error(&mut db, |s| s.drop_if_exists("reporting.users")),
            "(drop)",
        );
        refused(
            schema_error(&mut db, |s| s.rename("users", "reporting.users")),
            "(rename)",
        );
        refused(
            schema_error(&mut db, |s| s.has_table("reporting.users").map(drop)),
            "(has_table)",
        );
        refused(
            schema_error(&mut db, |s| {
                s.create("posts", |t| {
                    t.id();
                    t.foreign_id("user_id").constrained_on("reporting.users");
                })
            }),
            "referenced table",
        );
        assert_eq!(tables(&mut db), ["users"]);

        // The explicit form: a table literally named `reporting.users`.
        schema(&mut db, |s| {
            s.create(r#""reporting.users""#, |t| {
                t.id();
                t.string("email", 50).unique();
            })?;
            assert!(s.has_table(r#""reporting.users""#)?);
            s.table(r#""reporting.users""#, |t| {
                t.string("name", 10).nullable().index();
            })?;
            s.create("audits", |t| {
                t.id();
                t.foreign_id("user_id")
                    .constrained_on(r#""reporting.users""#);
            })
        });
        let mut names = tables(&mut db);
        names.sort();
        assert_eq!(names, ["audits", "reporting.users", "users"]);
        let table = crate::introspect::describe(&mut db, "reporting.users");
        assert_eq!(table.column_names(), ["id", "email", "name"]);
        schema(&mut db, |s| {
            s.drop("audits")?;
            s.drop(r#""reporting.users""#)
        });
        assert_eq!(tables(&mut db), ["users"]);
    }
);
