//! What each finding says: the operation, what it locks and for how long, and the safe
//! sequence in the builder's syntax (names written as Rust string literals, as a migration
//! would write them).

use crate::schema::IndexDefinition;
use crate::schema::{ColumnDefinition, ColumnType, Dialect, ForeignKeyDefinition};

/// The words of one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Text {
    pub(crate) message: String,
    pub(crate) locks: String,
    pub(crate) duration: String,
    pub(crate) instead: String,
}

fn text(message: String, locks: &str, duration: &str, instead: String) -> Text {
    Text {
        message,
        locks: locks.to_owned(),
        duration: duration.to_owned(),
        instead,
    }
}

/// `["a", "b"]`, as the builder takes columns.
fn list(columns: &[String]) -> String {
    let quoted: Vec<String> = columns.iter().map(|c| format!("{c:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

const EXPAND_CONTRACT: &str = "running instances of the previous release still use it";

pub(crate) fn add_index(table: &str, index: &IndexDefinition) -> Text {
    text(
        format!(
            "index `{}` on `{table}` is built without CONCURRENTLY",
            index.name
        ),
        &format!("SHARE on `{table}`: inserts, updates and deletes wait; reads go on"),
        "the whole build of the index: a full read of the table",
        format!(
            "#[migration(transaction = false)]\nfn up(s: &mut Schema) -> Result<()> {{\n    \
             s.table({table:?}, |t| {{\n        t.{}.concurrently();\n    }})\n}}",
            index_call(index)
        ),
    )
}

/// The Blueprint call that adds `index` under its name: `index(["a"]).name("n")`,
/// `fulltext(...)`, `raw_index("expr", "n")`.
fn index_call(index: &IndexDefinition) -> String {
    use crate::schema::IndexKind;
    if let Some(expression) = &index.options().expression {
        return format!("raw_index({expression:?}, {:?})", index.name);
    }
    let method = match index.kind {
        IndexKind::Fulltext => "fulltext",
        IndexKind::Spatial => "spatial_index",
        IndexKind::Vector => "vector_index",
        _ => "index",
    };
    format!("{method}({}).name({:?})", list(&index.columns), index.name)
}

pub(crate) fn add_unique_constraint(table: &str, index: &IndexDefinition) -> Text {
    text(
        format!(
            "unique constraint `{}` on `{table}` builds its index while it holds the table",
            index.name
        ),
        &format!("SHARE on `{table}`: inserts, updates and deletes wait; reads go on"),
        "the whole build of the unique index: a full read of the table",
        format!(
            "// builds the unique index concurrently, then adds the constraint `using index`\n\
             #[migration(transaction = false)]\nfn up(s: &mut Schema) -> Result<()> {{\n    \
             s.table({table:?}, |t| {{\n        t.unique({}).name({:?}).concurrently();\n    }})\n}}",
            list(&index.columns),
            index.name
        ),
    )
}

pub(crate) fn add_foreign_key(
    dialect: Dialect,
    table: &str,
    foreign: &ForeignKeyDefinition,
) -> Text {
    let message = format!(
        "foreign key `{}` on `{table}` checks every existing row when it is added",
        foreign.name
    );
    if dialect == Dialect::Mysql {
        return text(
            message,
            &format!(
                "`{table}` is copied (ALGORITHM=COPY while foreign_key_checks is on): writes wait"
            ),
            "the copy of the whole table",
            format!(
                "MySQL has no NOT VALID: add the foreign key when `{table}` is created, or with an \
                 online schema change tool (gh-ost, pt-online-schema-change). With `t.online()` \
                 (LOCK=NONE) on the alter, the server refuses to copy the table rather than \
                 block writes"
            ),
        );
    }
    text(
        message,
        &format!(
            "SHARE ROW EXCLUSIVE on `{table}` and on `{}`: writes to both wait",
            foreign.on
        ),
        "a full read of the table, each row checked against the referenced one",
        format!(
            "s.table({table:?}, |t| {{\n    t.foreign({}).references({}).on({:?}).name({:?}).not_valid();\n}})?;\n\
             // then, in a later migration (validating takes no lock that stops writes):\n\
             s.validate_foreign({table:?}, {:?})",
            list(&foreign.columns),
            list(&foreign.references),
            foreign.on,
            foreign.name,
            foreign.name
        ),
    )
}

pub(crate) fn add_not_null_column(
    dialect: Dialect,
    table: &str,
    column: &ColumnDefinition,
) -> Text {
    let name = column.name();
    let (locks, duration) = match dialect {
        Dialect::Mysql => (
            "a metadata lock on the table, briefly",
            "short, but every existing row silently gets the type's implicit default (0, '')",
        ),
        _ => (
            "ACCESS EXCLUSIVE on the table: reads and writes wait",
            "until it fails: a table with rows has no value for the column",
        ),
    };
    text(
        format!("column `{table}.{name}` is added NOT NULL without a default"),
        locks,
        duration,
        format!(
            "// a default (kept in the catalog, no rewrite):\nt.<type>({name:?}).default(...);\n\
             // or: add it .nullable(), backfill it in batches, then make it NOT NULL as the \
             `set_not_null` rule says"
        ),
    )
}

pub(crate) fn add_volatile_default(table: &str, column: &ColumnDefinition) -> Text {
    let name = column.name();
    text(
        format!("column `{table}.{name}` is added with a default computed for each row"),
        &format!("ACCESS EXCLUSIVE on `{table}`: reads and writes wait"),
        "the rewrite of the whole table, every row given its own value",
        format!(
            "s.table({table:?}, |t| {{ t.<type>({name:?}).nullable(); }})?;\n\
             // backfill the existing rows in batches (a migration with transaction = false), \
             then set the default for new rows only:\n\
             s.table({table:?}, |t| {{ t.<type>({name:?}).nullable().default_raw(\"...\").change(); }})"
        ),
    )
}

pub(crate) fn change_column_type(
    dialect: Dialect,
    table: &str,
    column: &ColumnDefinition,
    old: Option<&ColumnType>,
) -> Text {
    let name = column.name();
    let message = match old {
        Some(old) => format!(
            "column `{table}.{name}` changes from {old:?} to {:?}",
            column.column_type()
        ),
        None => format!(
            "column `{table}.{name}` is changed, and the linter does not know its current type"
        ),
    };
    let (locks, duration, cheap) = match dialect {
        Dialect::Mysql => (
            format!("`{table}` is copied (ALGORITHM=COPY): writes wait"),
            "the copy of the whole table",
            "a longer varchar within the same length-byte range (up to 63 or from 64 \
             characters in utf8mb4), values added at the end of an enum; `t.online()` \
             (LOCK=NONE) on the alter makes the server refuse a change it cannot make while \
             writes go on",
        ),
        _ => (
            format!("ACCESS EXCLUSIVE on `{table}`: reads and writes wait"),
            "the rewrite of the whole table and of its indexes",
            "a longer varchar, varchar to text, a decimal with more digits at the same scale",
        ),
    };
    text(
        message,
        &locks,
        duration,
        format!(
            "// changes that do not rewrite: {cheap}. Otherwise expand and contract:\n\
             s.table({table:?}, |t| {{ t.<new type>(\"{name}_new\").nullable(); }})?;\n\
             // write both columns from the code, backfill in batches, read the new one, then \
             in a later migration:\n\
             s.table({table:?}, |t| {{ t.drop_column({name:?}); t.rename_column(\"{name}_new\", {name:?}); }})"
        ),
    )
}

pub(crate) fn set_not_null(table: &str, column: &str) -> Text {
    let check = format!("{table}_{column}_not_null");
    text(
        format!("column `{table}.{column}` becomes NOT NULL"),
        &format!("ACCESS EXCLUSIVE on `{table}`: reads and writes wait"),
        "a full read of the table, looking for nulls",
        format!(
            "s.table({table:?}, |t| {{ t.check({check:?}, \"{column} is not null\").not_valid(); }})?;\n\
             // in a later migration (validating lets writes go on):\n\
             s.validate_check({table:?}, {check:?})?;\n\
             // the same change() without .nullable(): PostgreSQL 12+ trusts the valid check, no scan\n\
             s.table({table:?}, |t| {{ t.drop_check({check:?}); }})"
        ),
    )
}

pub(crate) fn drop_column(table: &str, columns: &[String]) -> Text {
    text(
        format!(
            "columns {} of `{table}` are dropped: {EXPAND_CONTRACT}",
            list(columns)
        ),
        &format!("ACCESS EXCLUSIVE on `{table}` (PostgreSQL), a metadata lock (MySQL), briefly"),
        "short on PostgreSQL; on MySQL before 8.0.29 a rebuild of the table",
        format!(
            "// 1. release code that no longer reads or writes them (remove them from diesel's \
             table!) and deploy it everywhere;\n\
             // 2. then drop them, saying so:\n\
             #[migration(allow(drop_column), reason = \"no release reads {} any more\")]",
            columns.join(", ")
        ),
    )
}

pub(crate) fn rename_column(table: &str, from: &str, to: &str) -> Text {
    text(
        format!("column `{table}.{from}` is renamed to `{to}`: {EXPAND_CONTRACT} by its old name"),
        &format!("ACCESS EXCLUSIVE on `{table}` (PostgreSQL), a metadata lock (MySQL), briefly"),
        "short, but every query of the previous release that names it fails from then on",
        format!(
            "s.table({table:?}, |t| {{ t.<type>({to:?}).nullable(); }})?;\n\
             // write both columns from the code, backfill {to:?} in batches, read it, deploy; \
             then in a later migration:\n\
             s.table({table:?}, |t| {{ t.drop_column({from:?}); }})"
        ),
    )
}

pub(crate) fn drop_table(table: &str) -> Text {
    text(
        format!("table `{table}` is dropped: {EXPAND_CONTRACT}"),
        &format!("ACCESS EXCLUSIVE on `{table}`, briefly"),
        "short, but every query of the previous release that names it fails from then on",
        "// 1. release code that no longer uses the table and deploy it everywhere;\n\
         // 2. then drop it, saying so:\n\
         #[migration(allow(drop_table), reason = \"no release uses it any more\")]"
            .to_owned(),
    )
}

pub(crate) fn rename_table(table: &str, to: &str) -> Text {
    text(
        format!("table `{table}` is renamed to `{to}`: {EXPAND_CONTRACT} by its old name"),
        &format!("ACCESS EXCLUSIVE on `{table}`, briefly"),
        "short, but every query of the previous release that names it fails from then on",
        format!(
            "s.create({to:?}, |t| {{ /* the same columns */ }})?;\n\
             // write to both tables from the code, copy the rows in batches, read {to:?}, \
             deploy; then in a later migration:\n\
             s.drop({table:?})"
        ),
    )
}

pub(crate) fn prefer_jsonb(table: &str, column: &str) -> Text {
    text(
        format!(
            "column `{table}.{column}` is `json`: text kept as written, with no equality (no \
             DISTINCT, GROUP BY or unique index) and no GIN index"
        ),
        "nothing beyond the operation that adds the column",
        "-",
        format!("t.jsonb({column:?});"),
    )
}

pub(crate) fn wide_index(table: &str, index: &IndexDefinition) -> Text {
    text(
        format!(
            "index `{}` on `{table}` has {} columns: queries rarely use more than its first \
             ones, and every write pays for all of them",
            index.name,
            index.columns.len()
        ),
        "nothing beyond building the index",
        "-",
        format!(
            "t.index({}); // the columns queries filter on, most selective first, at most three",
            list(&index.columns[..3])
        ),
    )
}

pub(crate) fn backfill_with_ddl() -> Text {
    text(
        "a data step runs in the same transaction as DDL on an existing table".to_owned(),
        "the DDL's locks (ACCESS EXCLUSIVE for most ALTER TABLE) stay held until it commits",
        "the whole data step: it grows with the rows it changes",
        "// the DDL in one migration, the backfill in the next one, committing in batches:\n\
         #[migration(transaction = false)]\nfn up(s: &mut Schema) -> Result<()> { /* update ... in batches */ }"
            .to_owned(),
    )
}

pub(crate) fn raw_sql(sql: &str) -> Text {
    let excerpt: String = sql.trim().chars().take(60).collect();
    text(
        format!("raw SQL `{excerpt}` cannot be checked: read it as the rules would"),
        "unknown",
        "unknown",
        "the builder's form of the operation, which the linter can check, where there is one"
            .to_owned(),
    )
}
