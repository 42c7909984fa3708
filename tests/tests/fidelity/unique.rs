//! Unique keys: a constraint on PostgreSQL, as Laravel and Orator create them; `drop_unique`,
//! `rename_index` and introspection work whichever form the database holds (a constraint, or
//! a bare unique index made by hand or by earlier versions).

use migrate_core::{introspect, Dialect};

use super::schema;
use crate::support::{backend_test, TestDb};

/// The unique keys of `table` as the schema model reads them: (name, columns).
fn unique_keys(db: &mut TestDb, table: &str) -> Vec<(String, Vec<String>)> {
    let model = introspect(&mut db.conn).unwrap();
    model.tables[table]
        .indexes
        .iter()
        .filter(|(_, index)| index.is_unique())
        .map(|(name, index)| (name.clone(), index.columns.clone()))
        .collect()
}

/// PostgreSQL: the names of `table`'s unique constraints.
fn constraints(db: &mut TestDb, table: &str) -> Vec<String> {
    db.rows(
        "select conname::text from pg_constraint \
         where conrelid = $1::regclass and contype = 'u' order by 1",
        &[table],
    )
    .into_iter()
    .map(|r| r[0].clone().unwrap_or_default())
    .collect()
}

fn key(name: &str, column: &str) -> (String, Vec<String>) {
    (name.to_owned(), vec![column.to_owned()])
}

backend_test!(
    unique_keys_are_constraints_renamed_and_dropped_by_name,
    |db| {
        schema(&mut db, |s| {
            s.create("members", |t| {
                t.id();
                t.string("email", 100).unique();
            })
        });
        assert_eq!(
            unique_keys(&mut db, "members"),
            [key("members_email_unique", "email")]
        );
        if db.dialect() == Dialect::Postgres {
            assert_eq!(constraints(&mut db, "members"), ["members_email_unique"]);
        }
        schema(&mut db, |s| {
            s.table("members", |t| {
                t.rename_index("members_email_unique", "members_mail_unique")
            })
        });
        assert_eq!(
            unique_keys(&mut db, "members"),
            [key("members_mail_unique", "email")]
        );
        if db.dialect() == Dialect::Postgres {
            assert_eq!(constraints(&mut db, "members"), ["members_mail_unique"]);
        }
        schema(&mut db, |s| {
            s.table("members", |t| t.drop_unique("members_mail_unique"))
        });
        assert!(unique_keys(&mut db, "members").is_empty());
        db.execute("insert into members (email) values ('a'), ('a')");
    }
);

backend_test!(drop_unique_drops_a_unique_index_made_by_hand, |db| {
    schema(&mut db, |s| {
        s.create("people", |t| {
            t.id();
            t.string("email", 100);
            t.string("phone", 20);
        })
    });
    let (people, email, phone) = (db.quote("people"), db.quote("email"), db.quote("phone"));
    db.execute(&format!(
        "create unique index {} on {people} ({email})",
        db.quote("people_email_unique")
    ));
    // A constraint made by hand, as Laravel and Orator make it (SQLite has no named one).
    if db.dialect() != Dialect::Sqlite {
        db.execute(&format!(
            "alter table {people} add constraint {} unique ({phone})",
            db.quote("people_phone_unique")
        ));
    }
    let mut expected = vec![key("people_email_unique", "email")];
    if db.dialect() != Dialect::Sqlite {
        expected.push(key("people_phone_unique", "phone"));
    }
    assert_eq!(unique_keys(&mut db, "people"), expected);
    if db.dialect() == Dialect::Postgres {
        assert_eq!(constraints(&mut db, "people"), ["people_phone_unique"]);
        schema(&mut db, |s| {
            s.table("people", |t| {
                t.rename_index("people_phone_unique", "people_tel_unique");
                t.rename_index("people_email_unique", "people_mail_unique");
            })
        });
        assert_eq!(constraints(&mut db, "people"), ["people_tel_unique"]);
        schema(&mut db, |s| {
            s.table("people", |t| {
                t.drop_unique("people_tel_unique");
                t.drop_unique("people_mail_unique");
            })
        });
    } else {
        schema(&mut db, |s| {
            s.table("people", |t| t.drop_unique("people_email_unique"))
        });
        if db.dialect() == Dialect::Mysql {
            schema(&mut db, |s| {
                s.table("people", |t| t.drop_unique("people_phone_unique"))
            });
        }
    }
    assert!(unique_keys(&mut db, "people").is_empty());
});
