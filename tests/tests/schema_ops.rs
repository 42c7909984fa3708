//! Every Blueprint operation executed on a real database and read back by introspection.

use migrate_core::{Dialect, Schema};

use crate::introspect::{describe, tables, ForeignKey};
use crate::support::{backend_test, TestDb};

/// Runs `f` on a Schema over the test database, inside nothing but autocommit.
fn schema(db: &mut TestDb, f: impl FnOnce(&mut Schema) -> migrate_core::Result<()>) {
    let mut schema = Schema::new(&mut db.conn);
    f(&mut schema).unwrap_or_else(|e| panic!("{e}"));
}

/// The type each dialect reports for a column, by dialect.
fn expect(db: &TestDb, sqlite: &str, postgres: &str, mysql: &str) -> String {
    match db.dialect() {
        Dialect::Sqlite => sqlite,
        Dialect::Postgres => postgres,
        Dialect::Mysql => mysql,
    }
    .to_owned()
}

backend_test!(
    column_types_and_modifiers_are_what_the_database_reports,
    |db| {
        schema(&mut db, |s| {
            s.create("things", |t| {
                t.id();
                t.string("name", 100);
                t.char("code", 3).nullable();
                t.text("body").nullable();
                t.integer("count").default(5);
                t.unsigned_big_integer("big").default(0);
                t.small_integer("small").nullable();
                t.boolean("flag").default(true);
                t.decimal("price", 10, 2).default(1.5);
                t.double("ratio").nullable();
                t.date("day").nullable();
                t.datetime("at").nullable();
                t.timestamp("stamp").nullable().use_current();
                t.json("data").nullable();
                t.uuid("uuid").nullable();
                t.enumeration("status", ["draft", "live"]).default("draft");
                t.binary("blob").nullable();
            })
        });
        let table = describe(&mut db, "things");
        let types: Vec<(&str, &str)> = table
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.ty.as_str()))
            .collect();
        let expected: Vec<(&str, String)> = vec![
            (
                "id",
                expect(&db, "integer", "bigint", "bigint(20) unsigned"),
            ),
            (
                "name",
                expect(&db, "varchar", "character varying(100)", "varchar(100)"),
            ),
            ("code", expect(&db, "varchar", "character(3)", "char(3)")),
            ("body", expect(&db, "text", "text", "text")),
            ("count", expect(&db, "integer", "integer", "int(11)")),
            (
                "big",
                expect(&db, "integer", "bigint", "bigint(20) unsigned"),
            ),
            ("small", expect(&db, "integer", "smallint", "smallint(6)")),
            ("flag", expect(&db, "tinyint(1)", "boolean", "tinyint(1)")),
            (
                "price",
                expect(&db, "numeric", "numeric(10,2)", "decimal(10,2)"),
            ),
            ("ratio", expect(&db, "double", "double precision", "double")),
            ("day", expect(&db, "date", "date", "date")),
            (
                "at",
                expect(
                    &db,
                    "datetime",
                    "timestamp(0) without time zone",
                    "datetime",
                ),
            ),
            (
                "stamp",
                expect(
                    &db,
                    "datetime",
                    "timestamp(0) without time zone",
                    "timestamp",
                ),
            ),
            ("data", expect(&db, "text", "json", "longtext")),
            ("uuid", expect(&db, "varchar", "uuid", "char(36)")),
            (
                "status",
                expect(
                    &db,
                    "varchar",
                    "character varying(255)",
                    "enum('draft','live')",
                ),
            ),
            ("blob", expect(&db, "blob", "bytea", "blob")),
        ];
        let expected: Vec<(&str, &str)> = expected.iter().map(|(n, t)| (*n, t.as_str())).collect();
        assert_eq!(types, expected);

        let nullable: Vec<&str> = table
            .columns
            .iter()
            .filter(|c| c.nullable)
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(
            nullable,
            ["code", "body", "small", "ratio", "day", "at", "stamp", "data", "uuid", "blob"]
        );
        assert_eq!(table.primary_key(), ["id"]);

        // Defaults take effect: insert a row naming only the required column without a default.
        let (t, name) = (db.quote("things"), db.quote("name"));
        db.execute(&format!("insert into {t} ({name}) values ('a')"));
        let cols = ["count", "big", "status"]
            .map(|c| db.text(&db.quote(c)))
            .join(", ");
        let row = db.rows(&format!("select {cols} from {t}"), &[]);
        assert_eq!(
            row,
            [[Some("5".into()), Some("0".into()), Some("draft".into())]]
        );
        let flag = db.rows(
            &format!("select {} from {t}", db.text(&db.quote("flag"))),
            &[],
        );
        assert!(
            matches!(flag[0][0].as_deref(), Some("1" | "true")),
            "{flag:?}"
        );
        let stamp = db.rows(
            &format!("select {} from {t}", db.text(&db.quote("stamp"))),
            &[],
        );
        assert!(stamp[0][0].is_some(), "use_current fills the timestamp");

        // The enumeration is enforced by the database.
        let status = db.quote("status");
        let bad = format!("insert into {t} ({name}, {status}) values ('b', 'nope')");
        assert!(migrate_core::MigrationConnection::batch_execute(&mut db.conn, &bad).is_err());
    }
);

backend_test!(auto_increment_keys_count_up, |db| {
    schema(&mut db, |s| {
        s.create("items", |t| {
            t.increments("id");
            t.string("name", 10);
        })
    });
    let (t, name) = (db.quote("items"), db.quote("name"));
    db.execute(&format!("insert into {t} ({name}) values ('a')"));
    db.execute(&format!("insert into {t} ({name}) values ('b')"));
    let ids = db.rows(
        &format!("select {} from {t} order by 1", db.text(&db.quote("id"))),
        &[],
    );
    assert_eq!(ids, [[Some("1".into())], [Some("2".into())]]);
});

backend_test!(alter_adds_drops_and_renames_columns_and_tables, |db| {
    schema(&mut db, |s| {
        s.create("people", |t| {
            t.increments("id");
            t.string("name", 100);
            t.string("legacy", 10).nullable();
            t.timestamps();
            t.soft_deletes();
        })?;
        s.table("people", |t| {
            t.integer("age").default(0);
            t.text("bio").nullable();
        })?;
        s.table("people", |t| {
            t.drop_column("legacy");
            t.rename_column("name", "full_name");
        })?;
        s.table("people", |t| {
            t.drop_timestamps();
            t.drop_soft_deletes();
        })?;
        s.rename("people", "persons")
    });
    assert_eq!(tables(&mut db), ["persons"]);
    assert_eq!(
        describe(&mut db, "persons").column_names(),
        ["id", "full_name", "age", "bio"]
    );
    schema(&mut db, |s| {
        assert!(s.has_table("persons")?);
        assert!(!s.has_table("people")?);
        assert!(s.has_column("persons", "full_name")?);
        assert!(!s.has_column("persons", "name")?);
        s.drop_if_exists("nothing_here")?;
        s.drop("persons")
    });
    assert!(tables(&mut db).is_empty());
});

backend_test!(indexes_are_added_dropped_and_checked, |db| {
    schema(&mut db, |s| {
        s.create("accounts", |t| {
            t.increments("id");
            t.string("email", 100);
            t.string("name", 100);
            t.string("region", 10);
        })?;
        s.table("accounts", |t| {
            t.unique("email");
            t.index(["region", "name"]);
            t.index("name").name("by_name");
        })
    });
    assert_eq!(
        describe(&mut db, "accounts").index_summary(),
        [
            ("accounts_email_unique".into(), vec!["email".into()], true),
            (
                "accounts_region_name_index".into(),
                vec!["region".into(), "name".into()],
                false
            ),
            ("by_name".into(), vec!["name".into()], false),
        ]
    );
    schema(&mut db, |s| {
        assert!(s.has_index("accounts", "by_name")?);
        assert!(!s.has_index("accounts", "nope")?);
        s.table("accounts", |t| {
            t.drop_unique("accounts_email_unique");
            t.drop_index("by_name");
        })
    });
    assert_eq!(
        describe(&mut db, "accounts").index_summary(),
        [(
            "accounts_region_name_index".into(),
            vec!["region".into(), "name".into()],
            false
        )]
    );
});

backend_test!(foreign_ids_are_constrained_to_the_implied_table, |db| {
    schema(&mut db, |s| {
        s.create("categories", |t| {
            t.id();
        })?;
        s.create("products", |t| {
            t.id();
            t.foreign_id("category_id")
                .constrained()
                .cascade_on_delete();
            t.nullable_morphs("owner");
        })
    });
    let products = describe(&mut db, "products");
    assert_eq!(
        products.foreign_keys,
        [ForeignKey {
            columns: vec!["category_id".into()],
            table: "categories".into(),
            references: vec!["id".into()],
            on_delete: "cascade".into(),
        }]
    );
    assert!(products.index_summary().iter().any(|(name, cols, _)| name
        == "products_owner_type_owner_id_index"
        && cols == &["owner_type", "owner_id"]));

    // The cascade is real.
    if db.dialect() == Dialect::Sqlite {
        db.execute("pragma foreign_keys = on");
    }
    let (c, p) = (db.quote("categories"), db.quote("products"));
    db.execute(&format!("insert into {c} ({}) values (1)", db.quote("id")));
    db.execute(&format!(
        "insert into {p} ({}) values (1)",
        db.quote("category_id")
    ));
    db.execute(&format!("delete from {c}"));
    assert!(db.rows(&format!("select * from {p}"), &[]).is_empty());
});

backend_test!(
    drop_all_tables_drops_every_table_whatever_references_it,
    |db| {
        if db.dialect() == Dialect::Sqlite {
            db.execute("pragma foreign_keys = on");
        }
        schema(&mut db, |s| {
            s.create("parents", |t| {
                t.id();
            })?;
            s.create("children", |t| {
                t.id();
                t.foreign_id("parent_id").constrained();
            })?;
            s.create("grandchildren", |t| {
                t.id();
                t.foreign_id("child_id").constrained_on("children");
            })
        });
        let (p, c) = (db.quote("parents"), db.quote("children"));
        db.execute(&format!("insert into {p} ({}) values (1)", db.quote("id")));
        db.execute(&format!(
            "insert into {c} ({}, {}) values (1, 1)",
            db.quote("id"),
            db.quote("parent_id")
        ));
        schema(&mut db, |s| s.drop_all_tables());
        assert!(tables(&mut db).is_empty());
    }
);

backend_test!(
    keys_and_foreign_keys_are_added_and_dropped_on_existing_tables,
    |db| {
        schema(&mut db, |s| {
            s.create("teams", |t| {
                t.id();
            })?;
            s.create("players", |t| {
                t.string("code", 10);
                t.unsigned_big_integer("team_id");
                t.string("name", 50);
                t.index("name");
            })?;
            s.table("players", |t| {
                t.primary("code");
                t.foreign("team_id").on("teams").cascade_on_delete();
            })
        });
        let players = describe(&mut db, "players");
        assert_eq!(players.primary_key(), ["code"]);
        assert_eq!(players.foreign_keys.len(), 1);
        assert_eq!(players.foreign_keys[0].on_delete, "cascade");
        assert!(players
            .index_summary()
            .iter()
            .any(|(n, _, _)| n == "players_name_index"));

        schema(&mut db, |s| {
            s.table("players", |t| {
                t.drop_foreign("players_team_id_foreign");
                t.drop_primary();
                t.rename_index("players_name_index", "players_by_name");
            })
        });
        let players = describe(&mut db, "players");
        assert!(players.foreign_keys.is_empty());
        assert!(players.primary_key().is_empty());
        assert_eq!(players.column_names(), ["code", "team_id", "name"]);
        assert!(players
            .index_summary()
            .iter()
            .any(|(n, c, _)| n == "players_by_name" && c == &["name"]));
    }
);

backend_test!(
    change_alters_type_nullability_and_default_keeping_rows,
    |db| {
        schema(&mut db, |s| {
            s.create("notes", |t| {
                t.increments("id");
                t.string("title", 50);
                t.integer("rank").nullable();
            })
        });
        let (n, title, rank) = (db.quote("notes"), db.quote("title"), db.quote("rank"));
        db.execute(&format!(
            "insert into {n} ({title}, {rank}) values ('kept', 3)"
        ));
        schema(&mut db, |s| {
            s.table("notes", |t| {
                t.string("title", 200)
                    .nullable()
                    .default("untitled")
                    .change();
                t.big_integer("rank").default(0).change();
            })
        });
        let notes = describe(&mut db, "notes");
        let title_col = notes.column("title");
        assert!(title_col.nullable);
        assert!(
            title_col
                .default
                .as_deref()
                .unwrap_or("")
                .contains("untitled"),
            "{title_col:?}"
        );
        assert_eq!(
            title_col.ty,
            expect(&db, "varchar", "character varying(200)", "varchar(200)")
        );
        let rank_col = notes.column("rank");
        assert!(!rank_col.nullable);
        assert_eq!(rank_col.ty, expect(&db, "integer", "bigint", "bigint(20)"));
        assert_eq!(notes.column_names(), ["id", "title", "rank"]);
        assert_eq!(
            db.rows(&format!("select {title}, {} from {n}", db.text(&rank)), &[]),
            [[Some("kept".to_owned()), Some("3".to_owned())]]
        );
    }
);
