//! MySQL and MariaDB: backticks, `UNSIGNED`, `AUTO_INCREMENT`, `MODIFY`, InnoDB and utf8mb4.

use std::time::Duration;

use super::{Dialect, Grammar, LengthUnit, LockSql, LockTimeoutSql, Modifier};
use crate::schema::blueprint::Blueprint;
use crate::schema::column::{ColumnDefinition, ColumnType};
use crate::schema::command::{IndexDefinition, IndexKind};
use crate::schema::Deferrable;
use crate::schema::IndexAlgorithm;
use crate::schema::OnlineDdl;
use crate::{Error, Result};

/// The MySQL / MariaDB grammar.
///
/// String literals depend on the session's `sql_mode`: a backslash escapes the next character
/// unless `NO_BACKSLASH_ESCAPES` is set. [`Grammar::for_session`] picks the grammar that
/// matches the session whenever a literal holds a backslash, so the stored value is the
/// described one in either mode. (`ANSI_QUOTES` changes nothing here: identifiers are quoted
/// with backticks and literals with single quotes, which it leaves alone.)
#[derive(Debug, Clone, Copy)]
pub struct MysqlGrammar {
    /// Whether a backslash in a string literal is an escape character (MySQL's default).
    backslash_escapes: bool,
    /// Whether the server is MariaDB, which spells a few things its own way (an SRID is
    /// `ref_system_id=n`, not `srid n`); MySQL's spelling unless the session says otherwise.
    mariadb: bool,
}

impl Default for MysqlGrammar {
    fn default() -> Self {
        BACKSLASH_ESCAPES
    }
}

/// The grammar for sessions with MySQL's default `sql_mode`.
pub(super) const BACKSLASH_ESCAPES: MysqlGrammar = MysqlGrammar {
    backslash_escapes: true,
    mariadb: false,
};

/// The grammars for each session: `NO_BACKSLASH_ESCAPES` in its `sql_mode` or not, MySQL
/// or MariaDB.
const SESSIONS: [[MysqlGrammar; 2]; 2] = [
    [
        MysqlGrammar {
            backslash_escapes: false,
            mariadb: false,
        },
        MysqlGrammar {
            backslash_escapes: false,
            mariadb: true,
        },
    ],
    [
        BACKSLASH_ESCAPES,
        MysqlGrammar {
            backslash_escapes: true,
            mariadb: true,
        },
    ],
];

impl MysqlGrammar {
    /// The grammar of a MariaDB server with its default `sql_mode`: what a migration's
    /// statements become there (see [`Grammar::for_session`]).
    pub fn mariadb() -> &'static MysqlGrammar {
        &SESSIONS[1][1]
    }
}

/// Engine, charset and collation names are keywords, not identifiers: only these characters.
fn table_option(kind: &str, value: &str) -> Result<String> {
    if !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(value.to_owned())
    } else {
        Err(Error::Schema(format!(
            "{kind} `{value}` is not a valid name (letters, digits and `_` only)"
        )))
    }
}

/// `name(precision)`, or just `name` for whole seconds (MySQL's default).
fn with_precision(name: &str, precision: u32) -> String {
    if precision == 0 {
        name.to_owned()
    } else {
        format!("{name}({precision})")
    }
}

impl Grammar for MysqlGrammar {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }

    fn identifier_quote(&self) -> char {
        '`'
    }

    fn max_identifier_length(&self) -> usize {
        64
    }

    fn database_catalog(&self) -> Option<(&'static str, String)> {
        Some((
            "",
            "select cast(schema_name as char) from information_schema.schemata \
             where schema_name = ?"
                .into(),
        ))
    }

    /// MySQL and MariaDB count identifiers in characters.
    fn identifier_length_unit(&self) -> LengthUnit {
        LengthUnit::Characters
    }

    /// By default MySQL also treats the backslash as an escape character inside string
    /// literals, so it is doubled; under `NO_BACKSLASH_ESCAPES` it is not.
    fn quote_string(&self, value: &str) -> Result<String> {
        super::reject_nul(value)?;
        let quoted = value.replace('\'', "''");
        if self.backslash_escapes {
            Ok(format!("'{}'", quoted.replace('\\', "\\\\")))
        } else {
            Ok(format!("'{quoted}'"))
        }
    }

    /// MySQL and MariaDB keep comments in their data dictionary as `utf8mb3`, which turns a
    /// character beyond the Basic Multilingual Plane (an emoji, say) into `?`: refused here
    /// rather than stored otherwise than described.
    fn quote_comment(&self, comment: &str) -> Result<String> {
        if let Some(c) = comment.chars().find(|c| u32::from(*c) > 0xFFFF) {
            return Err(Error::Schema(format!(
                "the comment {comment:?} holds `{c}` (U+{:04X}), which MySQL cannot store in a \
                 comment (its comments are utf8mb3: characters up to U+FFFF)",
                u32::from(c)
            )));
        }
        self.quote_string(comment)
    }

    /// Reads the session's `sql_mode` only when a statement holds a backslash (the one
    /// character whose meaning it changes), and the server's version only when one gives a
    /// column an SRID (which MariaDB spells its own way), and so only then costs a round
    /// trip.
    fn for_session(
        &self,
        statements: &[String],
        connection: &mut dyn crate::MigrationConnection,
    ) -> Result<Option<&'static dyn Grammar>> {
        let escapes = self.backslash_escapes && statements.iter().any(|s| s.contains('\\'));
        let server = !self.mariadb && statements.iter().any(|s| s.contains(" srid "));
        if !escapes && !server {
            return Ok(None);
        }
        let sql = "select cast(@@session.sql_mode like '%NO_BACKSLASH_ESCAPES%' as char), \
                   cast(version() like '%MariaDB%' as char)";
        let rows = connection
            .load_text(sql, &[])
            .map_err(|source| Error::Database {
                sql: sql.to_owned(),
                source,
            })?;
        let flag = |column: usize| {
            rows.first()
                .and_then(|row| row.0.get(column))
                .cloned()
                .flatten()
                .as_deref()
                == Some("1")
        };
        let backslash_escapes = self.backslash_escapes && !flag(0);
        let mariadb = self.mariadb || flag(1);
        if (backslash_escapes, mariadb) == (self.backslash_escapes, self.mariadb) {
            return Ok(None);
        }
        Ok(Some(
            &SESSIONS[usize::from(backslash_escapes)][usize::from(mariadb)] as _,
        ))
    }

    fn type_sql(&self, column: &ColumnDefinition) -> Result<String> {
        let integer = |name: &str| {
            if column.unsigned {
                format!("{name} unsigned")
            } else {
                name.to_owned()
            }
        };
        Ok(match &column.ty {
            ColumnType::Char(n) => format!("char({n})"),
            ColumnType::String(n) => format!("varchar({n})"),
            ColumnType::Text => "text".into(),
            ColumnType::MediumText => "mediumtext".into(),
            ColumnType::LongText => "longtext".into(),
            ColumnType::TinyInteger => integer("tinyint"),
            ColumnType::SmallInteger => integer("smallint"),
            ColumnType::MediumInteger => integer("mediumint"),
            ColumnType::Integer => integer("int"),
            ColumnType::BigInteger => integer("bigint"),
            // Binary digits: 1 to 24 is `float`, 25 to 53 `double`.
            ColumnType::Float { precision } => format!("float({precision})"),
            ColumnType::Double {
                precision_scale: None,
            } => "double".into(),
            ColumnType::Double {
                precision_scale: Some((p, s)),
            } => format!("double({p}, {s})"),
            ColumnType::Decimal { precision, scale } => {
                integer(&format!("decimal({precision}, {scale})"))
            }
            ColumnType::Boolean => "tinyint(1)".into(),
            ColumnType::Enum(values) => {
                let quoted: Result<Vec<String>> =
                    values.iter().map(|v| self.quote_string(v)).collect();
                format!("enum({})", quoted?.join(", "))
            }
            ColumnType::Json | ColumnType::Jsonb => "json".into(),
            ColumnType::Date => "date".into(),
            ColumnType::DateTime { precision } | ColumnType::DateTimeTz { precision } => {
                with_precision("datetime", *precision)
            }
            ColumnType::Time { precision } | ColumnType::TimeTz { precision } => {
                with_precision("time", *precision)
            }
            ColumnType::Timestamp { precision } | ColumnType::TimestampTz { precision } => {
                with_precision("timestamp", *precision)
            }
            ColumnType::Binary => "blob".into(),
            ColumnType::Uuid => "char(36)".into(),
            ColumnType::IpAddress => "varchar(45)".into(),
            ColumnType::MacAddress => "varchar(17)".into(),
            ColumnType::NativeUuid => "uuid".into(),
            ColumnType::Set(values) => {
                format!("set({})", super::types_extra::quoted(self, values)?)
            }
            ColumnType::TsVector | ColumnType::Vector { .. } => {
                return Err(super::types_extra::refused(self, column))
            }
            // No geography type: a geometry, as Laravel writes it.
            ColumnType::Geometry { subtype, srid } | ColumnType::Geography { subtype, srid } => {
                match (*srid, self.mariadb) {
                    (0, _) => subtype.sql().to_owned(),
                    (srid, true) => format!("{subtype} ref_system_id={srid}"),
                    (srid, false) => format!("{subtype} srid {srid}"),
                }
            }
            ColumnType::Year => "year".into(),
            ColumnType::Custom(sql) => sql.clone(),
        })
    }

    /// A column with fractional seconds must say so in its default too (MySQL refuses
    /// `timestamp(6) default CURRENT_TIMESTAMP`).
    fn current_timestamp_sql(&self, column: &ColumnDefinition) -> String {
        match column.ty.time_precision() {
            Some(precision) if precision > 0 => format!("CURRENT_TIMESTAMP({precision})"),
            _ => "CURRENT_TIMESTAMP".into(),
        }
    }

    fn modifiers(&self) -> &'static [Modifier] {
        &[
            Modifier::Charset,
            Modifier::Collate,
            Modifier::Generated,
            Modifier::Nullable,
            Modifier::Default,
            Modifier::OnUpdate,
            Modifier::Invisible,
            Modifier::Increment,
            Modifier::Comment,
            Modifier::After,
            Modifier::First,
        ]
    }

    fn increment_sql(&self) -> &'static str {
        "auto_increment primary key"
    }

    /// An expression default, in parentheses (MySQL 8.0.13, MariaDB 10.2).
    fn current_date_sql(&self) -> &'static str {
        "(CURDATE())"
    }

    fn current_year_sql(&self) -> &'static str {
        "(YEAR(CURDATE()))"
    }

    /// The value as text, on MySQL and MariaDB alike (Laravel's MySQL form).
    fn json_value_sql(
        &self,
        _column: &ColumnDefinition,
        json_column: &str,
        path: &str,
    ) -> Result<String> {
        Ok(format!(
            "json_unquote(json_extract({}, {}))",
            self.wrap(json_column)?,
            self.quote_string(path)?
        ))
    }

    /// The `auto_increment` table option, as Laravel sets it.
    fn starting_value_sql(
        &self,
        table: &str,
        _column: &ColumnDefinition,
        value: u64,
    ) -> Result<String> {
        Ok(format!(
            "alter table {} auto_increment = {value}",
            self.wrap(table)?
        ))
    }

    fn table_options(&self, blueprint: &Blueprint) -> Result<String> {
        let engine = table_option("engine", blueprint.engine.as_deref().unwrap_or("InnoDB"))?;
        let charset = table_option("charset", blueprint.charset.as_deref().unwrap_or("utf8mb4"))?;
        let mut options = format!(" engine = {engine} default character set {charset}");
        if let Some(collation) = &blueprint.collation {
            options.push_str(" collate ");
            options.push_str(&table_option("collation", collation)?);
        }
        Ok(options)
    }

    fn compile_change_columns(&self, blueprint: &Blueprint) -> Result<Vec<String>> {
        let mut changes = Vec::new();
        for column in blueprint.columns().iter().filter(|c| c.change) {
            changes.push(format!("modify column {}", self.column_sql(column)?));
        }
        Ok(vec![format!(
            "alter table {} {}",
            self.wrap(blueprint.table_name())?,
            changes.join(", ")
        )])
    }

    /// `, algorithm = x, lock = y` after each `alter table`; `create index` takes them
    /// without commas. The statements of an alter are only these two kinds.
    fn with_online_ddl(&self, statements: Vec<String>, online: &OnlineDdl) -> Result<Vec<String>> {
        let clauses = online.clauses();
        statements
            .into_iter()
            .map(|sql| {
                let separator = if sql.starts_with("alter table ") {
                    ", "
                } else if ["index", "unique index", "fulltext index", "spatial index"]
                    .iter()
                    .any(|kind| sql.starts_with(&format!("create {kind} ")))
                {
                    " "
                } else {
                    return Err(Error::Schema(format!(
                        "`{online}` applies to `alter table` and `create index`, not to `{sql}`"
                    )));
                };
                Ok(format!("{sql}{separator}{}", clauses.join(separator)))
            })
            .collect()
    }

    /// `FULLTEXT` and `SPATIAL` are kinds of index of their own.
    fn index_keyword(&self, index: &IndexDefinition) -> Result<&'static str> {
        match index.kind {
            IndexKind::Fulltext => Ok("fulltext index"),
            IndexKind::Spatial => Ok("spatial index"),
            _ => super::indexes::keyword(self, index),
        }
    }

    /// `using btree` or `using hash` on plain and unique indexes; the other methods, and any
    /// on full-text and spatial indexes (whose kind is their method), refused.
    fn index_method(&self, index: &IndexDefinition) -> Result<Option<&'static str>> {
        let Some(algorithm) = index.options.algorithm else {
            return Ok(None);
        };
        match (index.kind, algorithm) {
            (
                IndexKind::Index | IndexKind::Unique,
                IndexAlgorithm::Btree | IndexAlgorithm::Hash,
            ) => Ok(Some(algorithm.sql())),
            _ => Err(super::indexes::method_refused(self, index, algorithm.sql())),
        }
    }

    fn spatial_index_needs_not_null(&self) -> bool {
        true
    }

    /// `(columns) using btree`: the index option form, which MySQL and MariaDB both read.
    fn index_method_after_columns(&self) -> bool {
        true
    }

    fn compile_rename(&self, from: &str, to: &str) -> Result<Vec<String>> {
        Ok(vec![format!(
            "rename table {} to {}",
            self.wrap(from)?,
            self.wrap(to)?
        )])
    }

    fn compile_drop_index(&self, table: &str, kind: IndexKind, name: &str) -> Result<Vec<String>> {
        let table = self.wrap(table)?;
        if kind == IndexKind::Primary {
            return Ok(vec![format!("alter table {table} drop primary key")]);
        }
        Ok(vec![format!(
            "alter table {table} drop index {}",
            self.wrap(name)?
        )])
    }

    fn compile_rename_index(&self, table: &str, from: &str, to: &str) -> Result<Vec<String>> {
        Ok(vec![format!(
            "alter table {} rename index {} to {}",
            self.wrap(table)?,
            self.wrap(from)?,
            self.wrap(to)?
        )])
    }

    /// InnoDB checks every foreign key at once: a deferrable one is refused, and `not
    /// deferrable`, which MySQL cannot parse but always holds, is not written.
    fn deferrable_sql(&self, name: &str, deferrable: Deferrable) -> Result<&'static str> {
        match deferrable {
            Deferrable::NotDeferrable => Ok(""),
            _ => Err(self.unsupported(format!(
                "deferrable foreign keys (`{name}`: `deferrable()`, `initially_deferred()`); \
                 it checks every foreign key at once"
            ))),
        }
    }

    fn compile_drop_foreign(&self, table: &str, name: &str) -> Result<Vec<String>> {
        Ok(vec![format!(
            "alter table {} drop foreign key {}",
            self.wrap(table)?,
            self.wrap(name)?
        )])
    }

    /// `GET_LOCK` names are server-wide: the name hashes the database and table. A session
    /// lock (DDL commits implicitly anyway), released explicitly and by the server when the
    /// connection ends.
    fn migration_lock(&self, _in_transaction: bool) -> Option<LockSql> {
        const NAME: &str = "concat('migrate:', md5(concat(database(), '.', ?)))";
        Some(LockSql {
            try_acquire: format!("select cast(get_lock({NAME}, 0) as char)"),
            release: Some(format!("select cast(release_lock({NAME}) as char)")),
            holder: Some(format!(
                "select concat('connection ', p.id, ', user ', p.user, '@', p.host, ', for ', p.time, ' s') \
                 from information_schema.processlist p where p.id = is_used_lock({NAME})"
            )),
            before_transaction: true,
        })
    }

    /// `lock_wait_timeout` is a session variable in whole seconds (at least 1): the session's
    /// value is kept in a user variable and put back after the migration.
    fn statement_lock_timeout_sql(
        &self,
        timeout: Duration,
        _in_transaction: bool,
    ) -> Option<LockTimeoutSql> {
        let seconds = timeout.as_millis().div_ceil(1000).max(1);
        Some(LockTimeoutSql {
            set: format!(
                "set @migrate_lock_wait_timeout = @@session.lock_wait_timeout, \
                 session lock_wait_timeout = {seconds}"
            ),
            restore: Some("set session lock_wait_timeout = @migrate_lock_wait_timeout".into()),
        })
    }

    fn is_lock_timeout(&self, message: &str) -> bool {
        message.contains("Lock wait timeout exceeded")
    }

    /// MariaDB's `max_statement_time`, a session variable in seconds (to the microsecond),
    /// which bounds every statement, DDL included; kept and put back as `lock_wait_timeout`.
    /// MySQL has no such variable (its `max_execution_time` bounds only `SELECT`), and
    /// refuses the `set` with "Unknown system variable 'max_statement_time'" before the
    /// migration runs.
    fn statement_timeout_sql(
        &self,
        timeout: Duration,
        _in_transaction: bool,
    ) -> Option<LockTimeoutSql> {
        let micros = timeout.as_micros().max(1);
        let seconds = format!("{}.{:06}", micros / 1_000_000, micros % 1_000_000);
        Some(LockTimeoutSql {
            set: format!(
                "set @migrate_max_statement_time = @@session.max_statement_time, \
                 session max_statement_time = {seconds}"
            ),
            restore: Some("set session max_statement_time = @migrate_max_statement_time".into()),
        })
    }

    fn is_statement_timeout(&self, message: &str) -> bool {
        message.contains("max_statement_time exceeded")
    }

    /// Metadata locks on a table the statement names (in backticks): MySQL's
    /// `performance_schema` (on by default in MySQL 8), else MariaDB's `metadata_lock_info`
    /// plugin.
    fn lock_holders_sql(&self) -> &'static [&'static str] {
        &[
            "select concat('connection ', t.processlist_id, ', user ', \
             coalesce(t.processlist_user, ''), ', ', coalesce(t.processlist_command, ''), ' for ', \
             coalesce(t.processlist_time, 0), ' s, holding ', m.lock_type, ' on ', m.object_name, \
             coalesce(concat(', query: ', left(t.processlist_info, 200)), '')) \
             from performance_schema.metadata_locks m \
             join performance_schema.threads t on t.thread_id = m.owner_thread_id \
             where m.object_type = 'TABLE' and m.object_schema = database() \
             and m.lock_status = 'GRANTED' and t.processlist_id <> connection_id() \
             and locate(concat('`', m.object_name, '`'), ?) > 0",
            "select concat('connection ', p.id, ', user ', p.user, ', ', p.command, ' for ', \
             p.time, ' s, holding ', m.lock_mode, ' on ', m.table_name, \
             coalesce(concat(', query: ', left(p.info, 200)), '')) \
             from information_schema.metadata_lock_info m \
             join information_schema.processlist p on p.id = m.thread_id \
             where m.table_schema = database() and m.thread_id <> connection_id() \
             and locate(concat('`', m.table_name, '`'), ?) > 0",
        ]
    }

    fn lock_holders_hint(&self) -> Option<&'static str> {
        Some(
            "the server does not show metadata locks: turn on performance_schema, or install \
             MariaDB's metadata_lock_info plugin",
        )
    }

    fn has_table_sql(&self) -> String {
        "select table_name as c0 from information_schema.tables \
         where table_schema = database() and table_type = 'BASE TABLE' and table_name = ?"
            .into()
    }

    fn has_column_sql(&self) -> String {
        "select column_name as c0 from information_schema.columns \
         where table_schema = database() and table_name = ? and column_name = ?"
            .into()
    }

    fn has_index_sql(&self) -> String {
        "select distinct index_name as c0 from information_schema.statistics \
         where table_schema = database() and table_name = ? and index_name = ?"
            .into()
    }

    /// Foreign key checks are off while dropping, so the order of the tables does not matter.
    fn drop_tables_sql(&self, tables: &[String]) -> Result<Vec<String>> {
        Ok(vec![
            "set foreign_key_checks = 0".into(),
            format!("drop table {}", self.columnize(tables)?),
            "set foreign_key_checks = 1".into(),
        ])
    }

    /// MySQL casts to `char`, not `text`.
    fn text_cast(&self, expr: &str) -> String {
        format!("cast({expr} as char)")
    }

    /// MariaDB lists a table `with system versioning` under a type of its own.
    fn list_tables_sql(&self) -> String {
        "select table_name as c0 from information_schema.tables \
         where table_schema = database() and table_type in ('BASE TABLE', 'SYSTEM VERSIONED')"
            .into()
    }
}
