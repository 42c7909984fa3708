//! The checks: each step of a migration, against the table it finds, for one dialect.
//!
//! Operations on a table the same migration created are exempt from the rules about locks
//! and running code: nobody else can be using it yet. The design rules ([`Rule::PreferJsonb`],
//! [`Rule::WideIndex`]) look at every table. A table the model does not know counts as an
//! existing one.

use std::collections::HashSet;

use super::journal::{Site, Step};
use super::texts;
use super::Rule;
use crate::model::TableModel;
use crate::schema::{Blueprint, ColumnDefinition, ColumnType, Command, DefaultValue, Dialect};
use crate::schema::{IndexDefinition, IndexKind};

/// What a migration's steps are checked in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context {
    pub(crate) dialect: Dialect,
    /// Whether the migration runs in a transaction.
    pub(crate) transaction: bool,
}

/// A finding before it is tied to its migration and its suppressions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) rule: Rule,
    pub(crate) site: Site,
    pub(crate) table: Option<String>,
    pub(crate) message: String,
    pub(crate) locks: String,
    pub(crate) duration: String,
    pub(crate) instead: String,
}

/// Collects the hits of one migration.
struct Checker {
    context: Context,
    hits: Vec<Hit>,
    /// Tables this migration created (and the names they were renamed to).
    created: HashSet<String>,
    /// Whether the migration changed a table it did not create (DDL that locks).
    locking_ddl: bool,
    /// Where the migration first ran a data step (a connection hand-out, raw DML).
    data_step: Option<Site>,
    raw_seen: bool,
}

/// Every rule broken by the steps of one migration, in order, for `context`'s dialect.
pub(crate) fn check(steps: &[Step], context: Context) -> Vec<Hit> {
    let mut checker = Checker {
        context,
        hits: Vec::new(),
        created: HashSet::new(),
        locking_ddl: false,
        data_step: None,
        raw_seen: false,
    };
    for step in steps {
        checker.step(step);
    }
    if let (true, true, Some(site)) = (context.transaction, checker.locking_ddl, checker.data_step)
    {
        checker.push(
            site,
            None,
            Rule::BackfillWithDdl,
            texts::backfill_with_ddl(),
        );
    }
    let dialect = context.dialect;
    checker.hits.retain(|hit| hit.rule.applies_to(dialect));
    checker.hits
}

impl Checker {
    fn push(&mut self, site: Site, table: Option<&str>, rule: Rule, text: texts::Text) {
        self.hits.push(Hit {
            rule,
            site,
            table: table.map(str::to_owned),
            message: text.message,
            locks: text.locks,
            duration: text.duration,
            instead: text.instead,
        });
    }

    fn step(&mut self, step: &Step) {
        match step {
            Step::Build {
                blueprint,
                before,
                site,
            } => self.build(blueprint, before.as_ref(), site),
            Step::Raw { sql, site } => {
                if !self.raw_seen {
                    self.raw_seen = true;
                    self.push(site, None, Rule::RawSql, texts::raw_sql(sql));
                }
                if is_dml(sql) {
                    self.data_step.get_or_insert(site);
                } else {
                    self.locking_ddl = true;
                }
            }
            Step::Data { site } => {
                self.data_step.get_or_insert(site);
            }
        }
    }

    fn build(&mut self, blueprint: &Blueprint, before: Option<&TableModel>, site: Site) {
        let table = blueprint.table_name();
        let commands = blueprint.commands();
        self.design(blueprint, &commands, site);
        if blueprint.creating() {
            self.created.insert(table.to_owned());
            return;
        }
        if self.created.contains(table) {
            for command in &commands {
                if let Command::Rename(to) = command {
                    self.created.insert(to.clone());
                }
            }
            return;
        }
        self.locking_ddl = true;
        for command in &commands {
            self.command(blueprint, before, command, site);
        }
    }

    /// The rules about the schema's design, on every table.
    fn design(&mut self, blueprint: &Blueprint, commands: &[Command], site: Site) {
        let table = blueprint.table_name();
        for column in blueprint.columns() {
            if *column.column_type() == ColumnType::Json {
                let text = texts::prefer_jsonb(table, column.name());
                self.push(site, Some(table), Rule::PreferJsonb, text);
            }
        }
        for command in commands {
            if let Command::Index(index) = command {
                if index.kind == IndexKind::Index && index.columns.len() > 3 {
                    let text = texts::wide_index(table, index);
                    self.push(site, Some(table), Rule::WideIndex, text);
                }
            }
        }
    }

    /// The rules about locks and running code, for a command on an existing table.
    fn command(
        &mut self,
        blueprint: &Blueprint,
        before: Option<&TableModel>,
        command: &Command,
        site: Site,
    ) {
        let table = blueprint.table_name();
        let (rule, text) = match command {
            Command::AddColumns => {
                for column in blueprint.columns().iter().filter(|c| !c.change) {
                    self.added_column(table, column, site);
                }
                return;
            }
            Command::ChangeColumns => {
                let online = self.keeps_writes_going(blueprint);
                for column in blueprint.columns().iter().filter(|c| c.change) {
                    let old = before.and_then(|t| t.column(column.name()));
                    let old = old.map(|c| (&c.ty, c.nullable));
                    self.changed_column(table, old, column, online, site);
                }
                return;
            }
            Command::Drop | Command::DropIfExists => (Rule::DropTable, texts::drop_table(table)),
            Command::Rename(to) => (Rule::RenameTable, texts::rename_table(table, to)),
            Command::DropColumns(columns) => (Rule::DropColumn, texts::drop_column(table, columns)),
            Command::RenameColumn { from, to } => {
                (Rule::RenameColumn, texts::rename_column(table, from, to))
            }
            Command::Index(index) => match self.index(table, index) {
                Some(found) => found,
                None => return,
            },
            Command::Foreign(foreign) => {
                if foreign.not_valid || self.keeps_writes_going(blueprint) {
                    return;
                }
                let text = texts::add_foreign_key(self.context.dialect, table, foreign);
                (Rule::AddForeignKey, text)
            }
            _ => return,
        };
        self.push(site, Some(table), rule, text);
    }

    fn index(&self, table: &str, index: &IndexDefinition) -> Option<(Rule, texts::Text)> {
        if index.concurrently {
            return None;
        }
        match index.kind {
            IndexKind::Index | IndexKind::Fulltext | IndexKind::Spatial | IndexKind::Vector => {
                Some((Rule::AddIndex, texts::add_index(table, index)))
            }
            IndexKind::Unique => Some((
                Rule::AddUniqueConstraint,
                texts::add_unique_constraint(table, index),
            )),
            IndexKind::Primary => None,
        }
    }

    fn added_column(&mut self, table: &str, column: &ColumnDefinition, site: Site) {
        if column.auto_increment || is_volatile(column.default.as_ref()) {
            let text = texts::add_volatile_default(table, column);
            self.push(site, Some(table), Rule::AddVolatileDefault, text);
        } else if !column.nullable
            && column.default.is_none()
            && !column.use_current
            && column.generation().is_none()
        {
            let text = texts::add_not_null_column(self.context.dialect, table, column);
            self.push(site, Some(table), Rule::AddNotNullColumn, text);
        }
    }

    /// Whether the alter's online DDL options (MySQL's `LOCK=NONE`, `ALGORITHM=INSTANT`)
    /// make the server either let writes go on or refuse the statement, so that it cannot
    /// copy the table behind a lock.
    fn keeps_writes_going(&self, blueprint: &Blueprint) -> bool {
        let online = blueprint.online_ddl();
        let grammar = self.context.dialect.grammar();
        online.keeps_writes_going() && grammar.with_online_ddl(Vec::new(), &online).is_ok()
    }

    /// `old` is the column's type and nullability before, when the model knows them;
    /// `online`: the alter cannot block writes (see [`Checker::keeps_writes_going`]).
    fn changed_column(
        &mut self,
        table: &str,
        old: Option<(&ColumnType, bool)>,
        column: &ColumnDefinition,
        online: bool,
        site: Site,
    ) {
        let dialect = self.context.dialect;
        let new = column.column_type();
        let rewrites = !online && old.is_none_or(|(old, _)| rewrites(dialect, old, new));
        if rewrites {
            let text = texts::change_column_type(dialect, table, column, old.map(|(t, _)| t));
            self.push(site, Some(table), Rule::ChangeColumnType, text);
        }
        if old.is_some_and(|(_, nullable)| nullable) && !column.nullable {
            let text = texts::set_not_null(table, column.name());
            self.push(site, Some(table), Rule::SetNotNull, text);
        }
    }
}

/// Whether changing a column from `old` to `new` rewrites (PostgreSQL) or copies (MySQL)
/// the table. What does not: the same type, a `varchar` made longer (on MySQL within the
/// same length-byte range, 63 characters in `utf8mb4`), `varchar` to `text` (PostgreSQL), a
/// `decimal` given more digits at the same scale (PostgreSQL), values added at the end of an
/// enumeration (MySQL).
pub(crate) fn rewrites(dialect: Dialect, old: &ColumnType, new: &ColumnType) -> bool {
    if old == new {
        return false;
    }
    match (dialect, old, new) {
        (Dialect::Postgres, ColumnType::String(a), ColumnType::String(b)) => b < a,
        (Dialect::Postgres, ColumnType::String(_), ColumnType::Text) => false,
        (
            Dialect::Postgres,
            ColumnType::Decimal {
                precision: p1,
                scale: s1,
            },
            ColumnType::Decimal {
                precision: p2,
                scale: s2,
            },
        ) => !(p2 >= p1 && s1 == s2),
        (Dialect::Mysql, ColumnType::String(a), ColumnType::String(b)) => {
            // utf8mb4: four bytes a character; one length byte up to 255 bytes, then two.
            b < a || ((*a <= 63) != (*b <= 63))
        }
        (Dialect::Mysql, ColumnType::Enum(a), ColumnType::Enum(b)) => !b.starts_with(a),
        _ => true,
    }
}

/// Whether a default is evaluated per row, so that adding it rewrites the table (PostgreSQL
/// 11+ stores a constant default, even `now()`, without touching the rows).
fn is_volatile(default: Option<&DefaultValue>) -> bool {
    const VOLATILE: [&str; 7] = [
        "random(",
        "gen_random_uuid(",
        "uuid_generate_v",
        "clock_timestamp(",
        "timeofday(",
        "nextval(",
        "statement_timestamp(",
    ];
    match default {
        Some(DefaultValue::Raw(expression)) => {
            let expression = expression.to_lowercase();
            VOLATILE.iter().any(|f| expression.contains(f))
        }
        _ => false,
    }
}

/// Whether raw SQL changes rows rather than the schema.
fn is_dml(sql: &str) -> bool {
    let first = sql
        .trim_start()
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(
        first.as_str(),
        "insert" | "update" | "delete" | "merge" | "copy" | "with" | "replace"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widening_a_varchar_does_not_rewrite() {
        let (a, b) = (ColumnType::String(50), ColumnType::String(200));
        assert!(!rewrites(Dialect::Postgres, &a, &b));
        assert!(rewrites(Dialect::Postgres, &b, &a));
        assert!(rewrites(Dialect::Mysql, &a, &b), "crosses 255 bytes");
        assert!(!rewrites(Dialect::Mysql, &a, &ColumnType::String(60)));
        assert!(rewrites(
            Dialect::Postgres,
            &ColumnType::Integer,
            &ColumnType::BigInteger
        ));
    }

    #[test]
    fn dml_is_told_from_ddl() {
        assert!(is_dml("  UPDATE users set x = 1"));
        assert!(!is_dml("create view v as select 1"));
    }
}
