//! Reads a table's real shape back from the database, the same way on every backend:
//! `pragma` on SQLite, `pg_catalog` on PostgreSQL, `information_schema` on MySQL.

use migrate_core::Dialect;

use crate::support::TestDb;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// The type as the database reports it, lowercase.
    pub ty: String,
    pub nullable: bool,
    pub default: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
    pub primary: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub table: String,
    pub references: Vec<String>,
    /// `cascade`, `set null`, `restrict`, `no action` or `set default`.
    pub on_delete: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub indexes: Vec<Index>,
    pub foreign_keys: Vec<ForeignKey>,
}

impl Table {
    pub fn column(&self, name: &str) -> &Column {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no column `{name}` in {:#?}", self.columns))
    }

    pub fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// The non-primary indexes as (name, columns, unique), sorted by name.
    pub fn index_summary(&self) -> Vec<(String, Vec<String>, bool)> {
        let mut out: Vec<_> = self
            .indexes
            .iter()
            .filter(|i| !i.primary)
            .map(|i| (i.name.clone(), i.columns.clone(), i.unique))
            .collect();
        out.sort();
        out
    }

    pub fn primary_key(&self) -> Vec<String> {
        self.indexes
            .iter()
            .find(|i| i.primary)
            .map(|i| i.columns.clone())
            .unwrap_or_default()
    }
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// Every table of the test database (without the repository table), sorted.
pub fn tables(db: &mut TestDb) -> Vec<String> {
    let sql = db.dialect().grammar().list_tables_sql();
    let mut names: Vec<String> = db
        .rows(&sql, &[])
        .iter()
        .map(|r| text(&r[0]))
        .filter(|n| n != "migrations")
        .collect();
    names.sort();
    names
}

pub fn describe(db: &mut TestDb, table: &str) -> Table {
    match db.dialect() {
        Dialect::Sqlite => describe_sqlite(db, table),
        Dialect::Postgres => describe_postgres(db, table),
        Dialect::Mysql => describe_mysql(db, table),
    }
}

fn describe_sqlite(db: &mut TestDb, table: &str) -> Table {
    let columns = db
        .rows(
            r#"select name, lower(type), "notnull", dflt_value, pk from pragma_table_info(?) order by cid"#,
            &[table],
        )
        .iter()
        .map(|r| Column {
            name: text(&r[0]),
            ty: text(&r[1]),
            nullable: text(&r[2]) == "0" && text(&r[4]) == "0",
            default: r[3].clone(),
        })
        .collect::<Vec<_>>();
    let mut indexes = Vec::new();
    let pk: Vec<String> = db
        .rows(
            "select name from pragma_table_info(?) where pk > 0 order by pk",
            &[table],
        )
        .iter()
        .map(|r| text(&r[0]))
        .collect();
    if !pk.is_empty() {
        indexes.push(Index {
            name: "primary".into(),
            columns: pk,
            unique: true,
            primary: true,
        });
    }
    for r in db.rows(
        r#"select name, "unique" from pragma_index_list(?) where origin <> 'pk'"#,
        &[table],
    ) {
        let name = text(&r[0]);
        let columns = db
            .rows(
                "select name from pragma_index_info(?) order by seqno",
                &[&name],
            )
            .iter()
            .map(|c| text(&c[0]))
            .collect();
        indexes.push(Index {
            name,
            columns,
            unique: text(&r[1]) == "1",
            primary: false,
        });
    }
    let mut foreign_keys: Vec<ForeignKey> = Vec::new();
    let mut last_id = None;
    for r in db.rows(
        r#"select "id", "table", "from", "to", lower(on_delete) from pragma_foreign_key_list(?) order by "id", seq"#,
        &[table],
    ) {
        let id = text(&r[0]);
        if last_id.as_ref() != Some(&id) {
            foreign_keys.push(ForeignKey {
                columns: vec![],
                table: text(&r[1]),
                references: vec![],
                on_delete: text(&r[4]),
            });
            last_id = Some(id);
        }
        let fk = foreign_keys.last_mut().unwrap();
        fk.columns.push(text(&r[2]));
        fk.references.push(text(&r[3]));
    }
    Table {
        columns,
        indexes,
        foreign_keys,
    }
}

const PG_TABLE: &str =
    "(select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace \
     where n.nspname = current_schema() and c.relname = $1)";

fn describe_postgres(db: &mut TestDb, table: &str) -> Table {
    let columns = db
        .rows(
            &format!(
                "select a.attname::text, format_type(a.atttypid, a.atttypmod), (not a.attnotnull)::text, \
                 pg_get_expr(d.adbin, d.adrelid) from pg_attribute a \
                 left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum \
                 where a.attrelid = {PG_TABLE} and a.attnum > 0 and not a.attisdropped order by a.attnum"
            ),
            &[table],
        )
        .iter()
        .map(|r| Column {
            name: text(&r[0]),
            ty: text(&r[1]),
            nullable: text(&r[2]) == "true",
            default: r[3].clone(),
        })
        .collect();
    let indexes = db
        .rows(
            &format!(
                "select i.relname::text, ix.indisunique::text, ix.indisprimary::text, \
                 array_to_string(array(select a.attname from unnest(ix.indkey) with ordinality k(num, ord) \
                 join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.num order by k.ord), ',') \
                 from pg_index ix join pg_class i on i.oid = ix.indexrelid where ix.indrelid = {PG_TABLE}"
            ),
            &[table],
        )
        .iter()
        .map(|r| Index {
            name: text(&r[0]),
            columns: text(&r[3]).split(',').map(str::to_owned).collect(),
            unique: text(&r[1]) == "true",
            primary: text(&r[2]) == "true",
        })
        .collect();
    let foreign_keys = db
        .rows(
            &format!(
                "select f.relname::text, \
                 array_to_string(array(select a.attname from unnest(con.conkey) with ordinality k(num, ord) \
                 join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.num order by k.ord), ','), \
                 array_to_string(array(select a.attname from unnest(con.confkey) with ordinality k(num, ord) \
                 join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.num order by k.ord), ','), \
                 con.confdeltype::text \
                 from pg_constraint con join pg_class f on f.oid = con.confrelid \
                 where con.contype = 'f' and con.conrelid = {PG_TABLE} order by con.conname"
            ),
            &[table],
        )
        .iter()
        .map(|r| ForeignKey {
            table: text(&r[0]),
            columns: text(&r[1]).split(',').map(str::to_owned).collect(),
            references: text(&r[2]).split(',').map(str::to_owned).collect(),
            on_delete: match text(&r[3]).as_str() {
                "c" => "cascade",
                "n" => "set null",
                "d" => "set default",
                "r" => "restrict",
                _ => "no action",
            }
            .into(),
        })
        .collect();
    Table {
        columns,
        indexes,
        foreign_keys,
    }
}

fn describe_mysql(db: &mut TestDb, table: &str) -> Table {
    let columns = db
        .rows(
            "select column_name, column_type, is_nullable, column_default from information_schema.columns \
             where table_schema = database() and table_name = ? order by ordinal_position",
            &[table],
        )
        .iter()
        .map(|r| Column {
            name: text(&r[0]),
            ty: text(&r[1]).to_lowercase(),
            nullable: text(&r[2]) == "YES",
            // MariaDB reports a missing default of a nullable column as the text NULL.
            default: r[3].clone().filter(|d| d != "NULL"),
        })
        .collect();
    let mut indexes: Vec<Index> = Vec::new();
    for r in db.rows(
        "select index_name, cast(non_unique as char), column_name from information_schema.statistics \
         where table_schema = database() and table_name = ? order by index_name, seq_in_index",
        &[table],
    ) {
        let name = text(&r[0]);
        match indexes.iter_mut().find(|i| i.name == name) {
            Some(index) => index.columns.push(text(&r[2])),
            None => indexes.push(Index {
                primary: name == "PRIMARY",
                name,
                columns: vec![text(&r[2])],
                unique: text(&r[1]) == "0",
            }),
        }
    }
    let mut foreign_keys: Vec<(String, ForeignKey)> = Vec::new();
    for r in db.rows(
        "select k.constraint_name, k.column_name, k.referenced_table_name, k.referenced_column_name, \
         lower(c.delete_rule) from information_schema.key_column_usage k \
         join information_schema.referential_constraints c \
         on c.constraint_schema = k.constraint_schema and c.constraint_name = k.constraint_name \
         where k.table_schema = database() and k.table_name = ? \
         order by k.constraint_name, k.ordinal_position",
        &[table],
    ) {
        let name = text(&r[0]);
        if foreign_keys.last().map(|(n, _)| n) != Some(&name) {
            foreign_keys.push((
                name,
                ForeignKey {
                    columns: vec![],
                    table: text(&r[2]),
                    references: vec![],
                    on_delete: text(&r[4]),
                },
            ));
        }
        let (_, fk) = foreign_keys.last_mut().unwrap();
        fk.columns.push(text(&r[1]));
        fk.references.push(text(&r[3]));
    }
    Table {
        columns,
        indexes,
        foreign_keys: foreign_keys.into_iter().map(|(_, fk)| fk).collect(),
    }
}
