//! PostgreSQL: serial types, native booleans, JSONB, `ALTER COLUMN` and `COMMENT ON`.

use std::time::Duration;

use super::{Dialect, Grammar, LockSql, LockTimeoutSql, Modifier};
use crate::schema::blueprint::Blueprint;
use crate::schema::column::{ColumnDefinition, ColumnType};
use crate::schema::command::{IndexDefinition, IndexKind};
use crate::schema::generated::{Generation, Identity};
use crate::schema::IndexAlgorithm;
use crate::Result;

/// The PostgreSQL grammar.
#[derive(Debug, Clone, Copy, Default)]
pub struct PostgresGrammar;

impl Grammar for PostgresGrammar {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn max_identifier_length(&self) -> usize {
        63
    }

    fn bool_literal(&self, value: bool) -> &'static str {
        if value {
            "true"
        } else {
            "false"
        }
    }

    fn placeholder(&self, n: usize) -> String {
        format!("${n}")
    }

    fn database_catalog(&self) -> Option<(&'static str, String)> {
        Some((
            "postgres",
            "select cast(datname as text) from pg_database where datname = $1".into(),
        ))
    }

    /// A literal with a backslash is written as an escape string (`E'a\\b'` for `a\b`),
    /// which means the same whatever the session's `standard_conforming_strings`: with it off,
    /// a backslash in a plain literal escapes the next character, so `\'` would end it early.
    fn quote_string(&self, value: &str) -> Result<String> {
        super::reject_nul(value)?;
        let quoted = value.replace('\'', "''");
        if value.contains('\\') {
            Ok(format!("E'{}'", quoted.replace('\\', "\\\\")))
        } else {
            Ok(format!("'{quoted}'"))
        }
    }

    fn type_sql(&self, column: &ColumnDefinition) -> Result<String> {
        // An identity column is a plain integer type.
        let serial =
            column.auto_increment && !matches!(column.generation, Some(Generation::Identity(_)));
        Ok(match &column.ty {
            ColumnType::Char(n) => format!("char({n})"),
            ColumnType::String(n) => format!("varchar({n})"),
            ColumnType::Text | ColumnType::MediumText | ColumnType::LongText => "text".into(),
            ColumnType::TinyInteger | ColumnType::SmallInteger if serial => "smallserial".into(),
            ColumnType::TinyInteger | ColumnType::SmallInteger => "smallint".into(),
            ColumnType::MediumInteger | ColumnType::Integer if serial => "serial".into(),
            ColumnType::MediumInteger | ColumnType::Integer | ColumnType::Year => "integer".into(),
            ColumnType::BigInteger if serial => "bigserial".into(),
            ColumnType::BigInteger => "bigint".into(),
            // Binary digits, as PostgreSQL reads them: 1 to 24 is `real`, 25 to 53 `double`.
            ColumnType::Float { precision } => format!("float({precision})"),
            ColumnType::Double {
                precision_scale: None,
            } => "double precision".into(),
            ColumnType::Double {
                precision_scale: Some((p, s)),
            } => {
                return Err(self.unsupported(format!(
                    "double({p}, {s}) (column `{}`): PostgreSQL's double has no precision or \
                     scale; use double() or decimal({p}, {s})",
                    column.name
                )))
            }
            ColumnType::Decimal { precision, scale } => format!("decimal({precision}, {scale})"),
            ColumnType::Boolean => "boolean".into(),
            ColumnType::Enum(values) => {
                let quoted: Result<Vec<String>> =
                    values.iter().map(|v| self.quote_string(v)).collect();
                format!(
                    "varchar(255) check ({} in ({}))",
                    self.wrap(&column.name)?,
                    quoted?.join(", ")
                )
            }
            ColumnType::Json => "json".into(),
            ColumnType::Jsonb => "jsonb".into(),
            ColumnType::Date => "date".into(),
            ColumnType::DateTime { precision } | ColumnType::Timestamp { precision } => {
                format!("timestamp({precision}) without time zone")
            }
            ColumnType::DateTimeTz { precision } | ColumnType::TimestampTz { precision } => {
                format!("timestamp({precision}) with time zone")
            }
            ColumnType::Time { precision } => format!("time({precision}) without time zone"),
            ColumnType::TimeTz { precision } => format!("time({precision}) with time zone"),
            ColumnType::Binary => "bytea".into(),
            ColumnType::Uuid => "uuid".into(),
            ColumnType::IpAddress => "inet".into(),
            ColumnType::MacAddress => "macaddr".into(),
            ColumnType::TsVector => "tsvector".into(),
            ColumnType::NativeUuid => "uuid".into(),
            ColumnType::Set(_) => return Err(super::types_extra::refused(self, column)),
            ColumnType::Vector { dimensions } => format!("vector({dimensions})"),
            ty @ (ColumnType::Geometry { .. } | ColumnType::Geography { .. }) => {
                super::types_extra::postgis_type(ty).unwrap_or_default()
            }
            ColumnType::Custom(sql) => sql.clone(),
        })
    }

    fn modifiers(&self) -> &'static [Modifier] {
        &[
            Modifier::Collate,
            Modifier::Increment,
            Modifier::Nullable,
            Modifier::Default,
            Modifier::Generated,
        ]
    }

    /// PostgreSQL before 18 has only stored generated columns.
    fn generated_as_sql(
        &self,
        column: &ColumnDefinition,
        stored: bool,
        expression: &str,
    ) -> Result<String> {
        if !stored {
            return Err(self.unsupported(format!(
                "virtual generated columns (column `{}`): PostgreSQL before 18 computes every \
                 generated column when the row is written; use stored_as",
                column.name
            )));
        }
        Ok(format!("generated always as ({expression}) stored"))
    }

    fn identity_sql(
        &self,
        _column: &ColumnDefinition,
        identity: &Identity,
    ) -> Result<Option<String>> {
        let kind = if identity.always {
            "always"
        } else {
            "by default"
        };
        let mut options = Vec::new();
        if let Some(start) = identity.start_with {
            options.push(format!("start with {start}"));
        }
        if let Some(step) = identity.increment_by {
            options.push(format!("increment by {step}"));
        }
        let options = if options.is_empty() {
            String::new()
        } else {
            format!(" ({})", options.join(" "))
        };
        Ok(Some(format!("generated {kind} as identity{options}")))
    }

    /// Laravel's `setval` of the serial's sequence, found by `pg_get_serial_sequence` (which
    /// reads its first argument as SQL, its second as a name).
    fn starting_value_sql(
        &self,
        table: &str,
        column: &ColumnDefinition,
        value: u64,
    ) -> Result<String> {
        Ok(format!(
            "select setval(pg_get_serial_sequence({}, {}), {value}, false)",
            self.quote_string(&self.wrap(table)?)?,
            self.quote_string(&column.name)?
        ))
    }

    fn renders_separately(&self, modifier: Modifier) -> bool {
        modifier == Modifier::Comment
    }

    fn column_comments(&self, blueprint: &Blueprint) -> Result<Vec<String>> {
        let table = self.wrap(blueprint.table_name())?;
        let mut statements = Vec::new();
        for column in blueprint.columns() {
            if let Some(comment) = &column.comment {
                statements.push(format!(
                    "comment on column {table}.{} is {}",
                    self.wrap(&column.name)?,
                    self.quote_comment(comment)?
                ));
            }
        }
        Ok(statements)
    }

    fn compile_change_columns(&self, blueprint: &Blueprint) -> Result<Vec<String>> {
        let table = self.wrap(blueprint.table_name())?;
        let mut actions = Vec::new();
        for column in blueprint.columns().iter().filter(|c| c.change) {
            super::check_type(column)?;
            crate::schema::generated::check(column)?;
            self.check_modifiers(column)?;
            if column.generation.is_some() {
                return Err(self.unsupported(format!(
                    "changing column `{}` into a generated or identity column",
                    column.name
                )));
            }
            if column.auto_increment {
                return Err(self.unsupported(format!(
                    "changing column `{}` into an auto-increment column",
                    column.name
                )));
            }
            let name = self.wrap(&column.name)?;
            let ty = self.type_sql(column)?;
            actions.push(format!("alter column {name} type {ty} using {name}::{ty}"));
            let null = if column.nullable {
                "drop not null"
            } else {
                "set not null"
            };
            actions.push(format!("alter column {name} {null}"));
            match self.default_sql(column)? {
                Some(default) => actions.push(format!("alter column {name} set default {default}")),
                None => actions.push(format!("alter column {name} drop default")),
            }
        }
        let mut statements = vec![format!("alter table {table} {}", actions.join(", "))];
        statements.extend(self.column_comments(blueprint)?.into_iter().filter(|_| {
            blueprint
                .columns()
                .iter()
                .any(|c| c.change && c.comment.is_some())
        }));
        Ok(statements)
    }

    /// A unique *constraint*, as Laravel and Orator create it (and as `pg_dump` and other
    /// tools expect), rather than a bare unique index: a database either of them created and
    /// one created here then hold the same thing, and drop it the same way.
    fn compile_index(&self, table: &str, index: &IndexDefinition) -> Result<Vec<String>> {
        match index.kind {
            IndexKind::Unique if index.concurrently => {
                super::online::unique_concurrently(self, table, index)
            }
            // An access method makes it a unique index, as Laravel does: a constraint has none.
            IndexKind::Unique if index.options.algorithm.is_some() => {
                Ok(vec![self.create_index_sql(table, index)?])
            }
            IndexKind::Unique => {
                super::indexes::check(index)?;
                let nulls = if index.options.nulls_not_distinct {
                    self.nulls_not_distinct_keyword(&index.name)?
                } else {
                    ""
                };
                Ok(vec![format!(
                    "alter table {} add constraint {} unique{nulls} ({})",
                    self.wrap(table)?,
                    self.wrap(&index.name)?,
                    self.columnize(&index.columns)?
                )])
            }
            IndexKind::Primary => {
                super::indexes::check(index)?;
                Ok(vec![format!(
                    "alter table {} add primary key ({})",
                    self.wrap(table)?,
                    self.columnize(&index.columns)?
                )])
            }
            IndexKind::Index | IndexKind::Fulltext | IndexKind::Spatial | IndexKind::Vector => {
                Ok(vec![self.create_index_sql(table, index)?])
            }
        }
    }

    fn compile_drop_index(&self, table: &str, kind: IndexKind, name: &str) -> Result<Vec<String>> {
        match kind {
            IndexKind::Primary => self.drop_primary_sql(table).map(|sql| vec![sql]),
            // A unique key may be a constraint (Laravel's, Orator's, ours) or a bare unique
            // index (earlier versions of migrate, or by hand): the server looks which, in the
            // statement itself, so that what is compiled (and pretended) does not depend on
            // reading the database first.
            IndexKind::Unique => {
                let (wrapped_table, wrapped_name) = (self.wrap(table)?, self.wrap(name)?);
                let body = format!(
                    "begin if exists (select 1 from pg_constraint where conrelid = {}::regclass \
                     and conname = {}) then alter table {wrapped_table} drop constraint \
                     {wrapped_name}; else drop index {wrapped_name}; end if; end",
                    self.quote_string(&wrapped_table)?,
                    self.quote_string(name)?,
                );
                Ok(vec![do_block(&body)])
            }
            IndexKind::Index | IndexKind::Fulltext | IndexKind::Spatial | IndexKind::Vector => {
                Ok(vec![format!("drop index {}", self.wrap(name)?)])
            }
        }
    }

    /// PostGIS's types for geometry and geography columns: refused, naming PostGIS, when
    /// they are not installed (or not on the search path) rather than failing on the first
    /// statement that names them.
    fn prerequisites(&self, blueprint: &Blueprint) -> Vec<super::Prerequisite> {
        super::types_extra::extension_prerequisites(self, blueprint)
    }

    fn concurrently_keyword(&self) -> Result<&'static str> {
        Ok("concurrently ")
    }

    /// Full-text and spatial indexes are plain indexes of an access method of their own.
    fn index_keyword(&self, index: &IndexDefinition) -> Result<&'static str> {
        match index.kind {
            IndexKind::Fulltext | IndexKind::Spatial | IndexKind::Vector => Ok("index"),
            _ => super::indexes::keyword(self, index),
        }
    }

    /// Any access method; GIN for a full-text index, GiST (unless chosen) for a spatial one.
    fn index_method(&self, index: &IndexDefinition) -> Result<Option<&'static str>> {
        let chosen = index.options.algorithm;
        Ok(match index.kind {
            IndexKind::Fulltext => match chosen {
                None | Some(IndexAlgorithm::Gin) => Some("gin"),
                Some(other) => {
                    return Err(super::indexes::method_refused(self, index, other.sql()))
                }
            },
            IndexKind::Spatial => Some(chosen.unwrap_or(IndexAlgorithm::Gist).sql()),
            // pgvector's graph index, by cosine distance, as Laravel writes it.
            IndexKind::Vector => match chosen {
                None => Some("hnsw"),
                Some(other) => {
                    return Err(super::indexes::method_refused(self, index, other.sql()))
                }
            },
            IndexKind::Unique => match chosen {
                None | Some(IndexAlgorithm::Btree) => chosen.map(IndexAlgorithm::sql),
                // PostgreSQL's B-tree alone enforces uniqueness.
                Some(other) => {
                    return Err(super::indexes::method_refused(self, index, other.sql()))
                }
            },
            IndexKind::Index | IndexKind::Primary => chosen.map(IndexAlgorithm::sql),
        })
    }

    /// A full-text index is over the columns' `to_tsvector`, joined with `||`, as Laravel
    /// writes it (and as a query must spell it for the index to serve).
    fn index_body(&self, index: &IndexDefinition) -> Result<String> {
        if index.kind == IndexKind::Vector {
            let columns: Result<Vec<String>> = index
                .columns
                .iter()
                .map(|c| Ok(format!("{} vector_cosine_ops", self.wrap(c)?)))
                .collect();
            return Ok(columns?.join(", "));
        }
        if index.kind != IndexKind::Fulltext {
            return super::indexes::body(self, index);
        }
        let language = self.quote_string(index.options.language.as_deref().unwrap_or("english"))?;
        let vectors: Result<Vec<String>> = index
            .columns
            .iter()
            .map(|c| Ok(format!("to_tsvector({language}, {})", self.wrap(c)?)))
            .collect();
        Ok(format!("({})", vectors?.join(" || ")))
    }

    fn nulls_not_distinct_keyword(&self, _index: &str) -> Result<&'static str> {
        Ok(" nulls not distinct")
    }

    fn not_valid_keyword(&self) -> Result<&'static str> {
        Ok(" not valid")
    }

    fn compile_validate_constraint(&self, table: &str, name: &str) -> Result<Vec<String>> {
        Ok(vec![format!(
            "alter table {} validate constraint {}",
            self.wrap(table)?,
            self.wrap(name)?
        )])
    }

    /// Inside a transaction, a transaction-scoped advisory lock: released by COMMIT or
    /// ROLLBACK whatever happens, so it cannot leak and works behind transaction-pooling
    /// proxies. A migration without a transaction takes a session lock, released explicitly
    /// (and by the server if the connection dies). The key is the schema and table name.
    fn migration_lock(&self, in_transaction: bool) -> Option<LockSql> {
        const KEY: &str = "hashtext(current_schema() || '.' || $1)";
        let try_acquire = if in_transaction {
            format!("select pg_try_advisory_xact_lock({KEY})::text")
        } else {
            format!("select pg_try_advisory_lock({KEY})::text")
        };
        Some(LockSql {
            try_acquire,
            release: (!in_transaction).then(|| format!("select pg_advisory_unlock({KEY})::text")),
            holder: Some(format!(
                "select 'pid ' || a.pid || ', application `' || coalesce(a.application_name, '') || \
                 '`, client ' || coalesce(a.client_addr::text, 'local') || ', since ' || \
                 a.backend_start::text from pg_locks l join pg_stat_activity a on a.pid = l.pid \
                 where l.locktype = 'advisory' and l.granted \
                 and l.objid = (({KEY})::bigint & 4294967295)::oid limit 1"
            )),
            before_transaction: !in_transaction,
        })
    }

    /// `SET LOCAL`, which the transaction's end undoes. Outside a transaction only a session
    /// setting would do, and behind a transaction-pooling proxy (PgBouncer) it would outlive
    /// the migration on a server connection that other clients get next: none is set.
    fn statement_lock_timeout_sql(
        &self,
        timeout: Duration,
        in_transaction: bool,
    ) -> Option<LockTimeoutSql> {
        set_local_timeout("lock_timeout", timeout, in_transaction)
    }

    fn is_lock_timeout(&self, message: &str) -> bool {
        message.contains("canceling statement due to lock timeout")
    }

    fn text_hash(&self) -> Option<super::TextHash> {
        Some(super::TextHash {
            sql: super::text_hash::postgres_sql,
            hash: super::postgres_hash,
        })
    }

    /// `SET LOCAL statement_timeout`, as the lock timeout: none outside a transaction.
    fn statement_timeout_sql(
        &self,
        timeout: Duration,
        in_transaction: bool,
    ) -> Option<LockTimeoutSql> {
        set_local_timeout("statement_timeout", timeout, in_transaction)
    }

    fn is_statement_timeout(&self, message: &str) -> bool {
        message.contains("canceling statement due to statement timeout")
    }

    /// Sessions holding a lock on a table the statement names (`quote_ident` is how the
    /// statement spells it). `pg_blocking_pids` cannot tell once the wait was cancelled.
    fn lock_holders_sql(&self) -> &'static [&'static str] {
        &["select distinct on (a.pid) 'pid ' || a.pid || ', application `' || \
           coalesce(a.application_name, '') || '`, ' || coalesce(a.state, 'state unknown') || \
           coalesce(', query started ' || a.query_start::text, '') || ', holding ' || l.mode || \
           ' on ' || c.relname || coalesce(', last query: ' || left(a.query, 200), '') \
           from pg_locks l join pg_class c on c.oid = l.relation join pg_stat_activity a on a.pid = l.pid \
           where l.locktype = 'relation' and l.granted and l.pid <> pg_backend_pid() \
           and l.database = (select oid from pg_database where datname = current_database()) \
           and c.relkind in ('r', 'p', 'm', 'v', 'f') and position(quote_ident(c.relname) in $1) > 0 \
           order by a.pid"]
    }

    fn elapsed_ms_sql(&self) -> Option<&'static str> {
        // `now()` is when the transaction began; `clock_timestamp()` moves on.
        Some("cast(extract(epoch from clock_timestamp() - now()) * 1000 as bigint)")
    }

    fn unflushed_commit_sql(&self) -> Option<&'static str> {
        // Asynchronous commit: the WAL is still written in order, and the WAL writer (or
        // any later synchronous commit) flushes it.
        Some("set local synchronous_commit = off")
    }

    fn flush_commits_sql(&self) -> Option<&'static str> {
        // A commit flushes the WAL only if its transaction wrote some: a transactional
        // logical-decoding message is the least there is (allowed to every role, at every
        // `wal_level`; decoders see a message with the prefix `migrate`).
        Some("select pg_logical_emit_message(true, 'migrate', 'flush')")
    }

    /// Read committed, whatever the session's `default_transaction_isolation`: the re-check
    /// after the lock must see what the lock's previous holder committed, which a snapshot
    /// taken before the lock was granted (repeatable read, serializable) does not.
    fn begin_sql(&self) -> &'static str {
        "begin isolation level read committed"
    }

    /// An unnamed statement is parsed, bound and run in the same round trip, so a named one
    /// would spare only the server's parse, and it breaks behind a transaction pooler
    /// (PgBouncer before 1.21 cannot follow a named statement from one server connection to
    /// the next: "prepared statement ... does not exist", or another client's of that name).
    fn keeps_statements_prepared(&self) -> bool {
        false
    }

    fn one_row_or_fail_sql(&self, dml: &str) -> Option<String> {
        // Division by zero when no row changed.
        Some(format!(
            "with changed as ({dml} returning 1) select 1 / count(*) from changed"
        ))
    }

    /// The same key as [`Grammar::migration_lock`]'s, with the table name as an escape-string
    /// literal (safe whatever `standard_conforming_strings` says). Division by zero is the
    /// failure when another migrator holds the lock.
    fn lock_at_once_sql(&self, table: &str) -> Result<Option<String>> {
        let literal = self.quote_string(table)?;
        Ok(Some(format!(
            "select 1 / pg_try_advisory_xact_lock(hashtext(current_schema() || '.' || {literal}))::int"
        )))
    }

    fn has_table_sql(&self) -> String {
        // pg_class rather than information_schema: a third of the time, and this query runs
        // at every boot.
        "select c.relname::text as c0 from pg_class c join pg_namespace n on n.oid = c.relnamespace \
         where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relname = $1"
            .into()
    }

    fn has_column_sql(&self) -> String {
        "select column_name::text as c0 from information_schema.columns \
         where table_schema = current_schema() and table_name = $1 and column_name = $2"
            .into()
    }

    fn has_index_sql(&self) -> String {
        "select indexname::text as c0 from pg_indexes \
         where schemaname = current_schema() and tablename = $1 and indexname = $2"
            .into()
    }

    /// `cascade` drops the foreign keys of other tables along, so the order does not matter.
    fn drop_tables_sql(&self, tables: &[String]) -> Result<Vec<String>> {
        Ok(vec![format!(
            "drop table {} cascade",
            self.columnize(tables)?
        )])
    }

    fn list_tables_sql(&self) -> String {
        "select tablename::text as c0 from pg_tables where schemaname = current_schema()".into()
    }
}

impl PostgresGrammar {
    /// Drops the primary key by the name the database knows it by, read when the statement
    /// runs: `<table>_pkey` is only the name at creation, kept through a rename of the table
    /// and cut to 63 bytes for a long one. One statement, so it batches and pretends as any.
    fn drop_primary_sql(&self, table: &str) -> Result<String> {
        // The table's name as SQL (`"t"`), as the literal `regclass` reads it; resolved
        // through the search path as `alter table` would.
        let relation = self.quote_string(&self.wrap(table)?)?;
        let body = format!(
            "declare t regclass := {relation}; k name; begin \
             select conname into k from pg_constraint where conrelid = t and contype = 'p'; \
             if k is null then raise exception 'table % has no primary key', t; end if; \
             execute format('alter table %s drop constraint %I', t, k); end"
        );
        Ok(do_block(&body))
    }
}

/// `body` as an anonymous PL/pgSQL block, in a dollar quote whose tag the body does not hold
/// (so no name in it can end the quote).
fn do_block(body: &str) -> String {
    let tag = (0..)
        .map(|n| format!("$migrate{n}$"))
        .find(|tag| !body.contains(tag.as_str()))
        .unwrap_or_default();
    format!("do {tag} {body} {tag}")
}

/// `set local <setting> = <ms>` in a transaction; `None` outside one (see
/// [`Grammar::statement_lock_timeout_sql`]).
fn set_local_timeout(
    setting: &str,
    timeout: Duration,
    in_transaction: bool,
) -> Option<LockTimeoutSql> {
    // `0` turns a timeout off: the shortest is 1 ms.
    let ms = timeout.as_millis().max(1);
    in_transaction.then(|| LockTimeoutSql {
        set: format!("set local {setting} = {ms}"),
        restore: None,
    })
}
