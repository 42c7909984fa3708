//! `lint`: the findings of the pending migrations (or of all, `--all`), for people or as
//! JSON, failing while one is not allowed; and the warnings `run` prints before it applies.
//!
//! The JSON shape is stable (documented in the book's chapter on zero-downtime migrations):
//!
//! ```json
//! {
//!   "dialect": "postgres",
//!   "linted": ["m2026_11_25_140312_index_users_email"],
//!   "counts": { "findings": 1, "allowed": 0 },
//!   "findings": [
//!     { "rule": "add_index", "migration": "m2026_11_25_140312_index_users_email",
//!       "location": "src/migrations/m2026_11_25_140312_index_users_email.rs:6",
//!       "table": "users", "message": "...", "locks": "...", "duration": "...",
//!       "instead": "...", "allowed": null }
//!   ],
//!   "notes": []
//! }
//! ```

use std::process::ExitCode;

use clap::Args;
use serde_json::{json, Value};

use super::args::{DatabaseOptions, DialectArg, StatusFormat};
use super::database::{self, Missing};
use super::output::{Color, Painter};
use super::CliError;
use crate::lint::{Finding, LintReport};
use crate::{Dialect, Migrator, DEFAULT_TABLE};

/// Options of `lint`.
#[derive(Debug, Clone, Default, Args)]
pub struct LintArgs {
    /// Lint every migration, applied or not (without a database when --dialect or the URL's
    /// scheme says the dialect)
    #[arg(long)]
    pub all: bool,
    /// The dialect to lint for, with --all [default: the database URL's]
    #[arg(long, value_enum, requires = "all")]
    pub dialect: Option<DialectArg>,
    /// How to print the findings: text for people, or JSON for scripts
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t)]
    pub format: StatusFormat,
    /// Which rules the project allows.
    #[command(flatten)]
    pub allow: AllowOptions,
    /// The database (whose pending migrations are linted) and the repository table.
    #[command(flatten)]
    pub db: DatabaseOptions,
}

/// Lint rules the project allows (`cargo migrate` adds those of
/// `[package.metadata.migrate.lint.allow]`).
#[derive(Debug, Clone, Default, Args)]
pub struct AllowOptions {
    /// Allow a lint rule in every migration, saying why: `--allow 'drop_table=we archive
    /// first'` (repeatable)
    #[arg(long = "allow", value_name = "RULE=REASON", value_parser = allowance)]
    pub allow: Vec<(String, String)>,
}

impl AllowOptions {
    /// `migrator`, allowing these rules.
    pub(crate) fn apply(&self, migrator: Migrator) -> Migrator {
        self.allow
            .iter()
            .fold(migrator, |m, (rule, reason)| m.allow_lint(rule, reason))
    }
}

/// `--allow`'s `RULE=REASON`; the reason is required.
fn allowance(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((rule, reason)) if !rule.trim().is_empty() && !reason.trim().is_empty() => {
            Ok((rule.trim().to_owned(), reason.trim().to_owned()))
        }
        _ => Err("expected RULE=REASON, the reason saying why the rule is safe to allow".into()),
    }
}

/// `lint`: prints the report; fails with [`CliError::LintFindings`] while a finding is not
/// allowed.
pub(crate) fn lint(
    args: &LintArgs,
    painter: &mut Painter<std::io::Stdout>,
) -> Result<ExitCode, CliError> {
    let table = args.db.table.as_deref().unwrap_or(DEFAULT_TABLE);
    let migrator = args.allow.apply(Migrator::new().table(table));
    let explicit = args.db.url.database.as_deref();
    let named = match args.dialect {
        Some(dialect) => Some(dialect.into()),
        None if args.all => database::named_dialect(explicit)?,
        None => None,
    };
    let (dialect, report) = match named {
        Some(dialect) => (dialect, migrator.lint_all(dialect)?),
        None => {
            let url = database::resolve_url(explicit, Missing::Refuse)?;
            let mut conn = database::connect(&url, args.db.url.wait)?;
            let dialect = crate::MigrationConnection::dialect(&conn);
            (dialect, migrator.lint(&mut conn)?)
        }
    };
    match args.format {
        StatusFormat::Text => print(painter, &report)?,
        StatusFormat::Json => println!("{:#}", to_json(dialect, &report)),
    }
    let open = report.unsuppressed().count();
    if open > 0 {
        return Err(CliError::LintFindings(open));
    }
    Ok(ExitCode::SUCCESS)
}

/// The report for people: each finding, its label colored, then a summary line.
pub(crate) fn print<W: std::io::Write>(
    painter: &mut Painter<W>,
    report: &LintReport,
) -> std::io::Result<()> {
    for finding in &report.findings {
        let text = finding.to_string();
        let (label, rest) = text.split_once('[').unwrap_or(("", &text));
        let color = if finding.allowed.is_some() {
            Color::Green
        } else {
            Color::Yellow
        };
        let colored = painter.paint(color, label);
        painter.line(&format!("{colored}[{}", rest.trim_end()))?;
        painter.line("")?;
    }
    for note in &report.notes {
        painter.line(&format!("note: {note}"))?;
    }
    let summary = report.to_string();
    painter.line(summary.lines().last().unwrap_or_default())
}

/// What `run` prints before it applies: the findings of the pending migrations, as
/// warnings that do not stop it. A lint that cannot run is a note, never a failure.
pub(crate) fn warn_before_run<W: std::io::Write>(
    painter: &mut Painter<W>,
    migrator: &Migrator,
    conn: &mut crate::AnyConnection,
) -> std::io::Result<()> {
    match migrator.lint(conn) {
        Ok(report) if report.findings.is_empty() && report.notes.is_empty() => Ok(()),
        Ok(report) => print(painter, &report),
        Err(error) => painter.line(&format!(
            "note: the pending migrations were not linted: {error}"
        )),
    }
}

/// The `--format json` document.
fn to_json(dialect: Dialect, report: &LintReport) -> Value {
    let findings: Vec<Value> = report.findings.iter().map(finding_json).collect();
    json!({
        "dialect": DialectArg::flag(dialect),
        "linted": report.linted,
        "counts": {
            "findings": report.unsuppressed().count(),
            "allowed": report.findings.len() - report.unsuppressed().count(),
        },
        "findings": findings,
        "notes": report.notes,
    })
}

fn finding_json(finding: &Finding) -> Value {
    let allowed = finding
        .allowed
        .as_ref()
        .map(|a| json!({ "by": a.by.name(), "reason": a.reason }));
    json!({
        "rule": finding.rule.name(),
        "migration": finding.migration,
        "location": finding.location,
        "table": finding.table,
        "message": finding.message,
        "locks": finding.locks,
        "duration": finding.duration,
        "instead": finding.instead,
        "allowed": allowed,
    })
}
