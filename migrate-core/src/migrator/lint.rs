//! The Migrator's linter: each migration's `up` replayed into a schema model, its steps
//! written down and checked (see [`crate::lint`]).

use std::collections::HashSet;
use std::panic::{self, AssertUnwindSafe};

use super::{origin, Migrator};
use crate::connection::MigrationConnection;
use crate::error::Action;
use crate::lint::journal::{Journal, Step};
use crate::lint::rules::{self, Context};
use crate::lint::suppression::{self, Suppressions};
use crate::lint::{Finding, LintReport};
use crate::migration::{Kind, Registration};
use crate::model::SchemaModel;
use crate::registry::Migration;
use crate::schema::{Dialect, Schema};
use crate::{Error, Result};

impl Migrator {
    /// Allows a lint rule in every migration, for `reason` (shown with each finding it
    /// allows): a project's `[package.metadata.migrate.lint.allow]`. Unknown rule names are
    /// an error when linting.
    ///
    /// ```
    /// # fn main() -> migrate_core::Result<()> {
    /// use migrate_core::{Dialect, Migrator};
    ///
    /// let migrator = Migrator::new()
    ///     .module("no::such::module")
    ///     .allow_lint("prefer_jsonb", "we keep documents as they were sent");
    /// assert!(migrator.lint_all(Dialect::Postgres)?.is_clean());
    /// # Ok(())
    /// # }
    /// ```
    pub fn allow_lint(mut self, rule: impl Into<String>, reason: impl Into<String>) -> Self {
        self.lint_allow.push((rule.into(), reason.into()));
        self
    }

    /// Lints the migrations `conn`'s database has not applied, for its dialect: each
    /// operation that locks or rewrites a table in use, with what to write instead. Nothing
    /// is changed; only the repository is read.
    ///
    /// ```
    /// # fn main() -> migrate_core::Result<()> {
    /// use migrate_core::{AnyConnection, Migrator};
    ///
    /// let mut conn = AnyConnection::establish("sqlite://:memory:")?;
    /// let report = Migrator::new().module("no::such::module").lint(&mut conn)?;
    /// assert!(report.is_clean(), "{report}");
    /// # Ok(())
    /// # }
    /// ```
    pub fn lint(&self, conn: &mut dyn MigrationConnection) -> Result<LintReport> {
        let applied: HashSet<String> = self
            .status(conn)?
            .into_iter()
            .filter(|s| s.is_applied())
            .map(|s| s.id)
            .collect();
        self.lint_where(conn.dialect(), |m| !applied.contains(m.id()))
    }

    /// Lints every migration, applied or not, for `dialect`, without a database.
    pub fn lint_all(&self, dialect: Dialect) -> Result<LintReport> {
        self.lint_where(dialect, |_| true)
    }

    /// Replays every migration in order (so that each finds the tables the earlier ones
    /// left) and lints the `selected` ones.
    fn lint_where(
        &self,
        dialect: Dialect,
        selected: impl Fn(&Migration) -> bool,
    ) -> Result<LintReport> {
        let suppressions = Suppressions::new(&self.lint_allow).map_err(Error::Registry)?;
        let mut model = SchemaModel::default();
        let mut report = LintReport::default();
        let migrations = self.migrations()?;
        let left_out = super::squash::left_out_of_replays(&migrations);
        for migration in migrations
            .into_iter()
            .filter(|m| !left_out.contains(m.id()))
        {
            let Some((function, up)) = migration.function(Kind::Up) else {
                continue;
            };
            let mut journal = Journal::default();
            // A data step written for a real connection may panic without one (an
            // `unwrap()` of `connection()`): linting must not take the caller (`run`) down.
            let ran = panic::catch_unwind(AssertUnwindSafe(|| {
                function(&mut Schema::journaling(&mut model, dialect, &mut journal))
            }));
            let Ok(ran) = ran else {
                return Err(Error::Migration {
                    action: Action::Applying,
                    origin: origin(&migration),
                    source: Box::new(Error::Schema(
                        "it panicked while replayed without a database (for the linter): a \
                         data step should return an error when `connection()` is `None`"
                            .into(),
                    )),
                });
            };
            if let Err(source) = ran {
                // A data step cannot run without a database: what follows it is not seen.
                if !journal.steps.iter().any(|s| matches!(s, Step::Data { .. })) {
                    return Err(Error::Migration {
                        action: Action::Applying,
                        origin: origin(&migration),
                        source: Box::new(source),
                    });
                }
                report.notes.push(format!(
                    "{}: what follows its data step is not linted (there is no database to \
                     run it on)",
                    origin(&migration)
                ));
            }
            if !selected(&migration) {
                continue;
            }
            suppression::check_migration(up)
                .map_err(|e| Error::Registry(format!("{}: {e}", origin(&migration))))?;
            let context = Context {
                dialect,
                transaction: up.transaction,
            };
            for hit in rules::check(&journal.steps, context) {
                report
                    .findings
                    .push(finding(&migration, up, &suppressions, hit));
            }
            report.linted.push(migration.id().to_owned());
        }
        Ok(report)
    }
}

fn finding(
    migration: &Migration,
    up: &Registration,
    suppressions: &Suppressions,
    hit: rules::Hit,
) -> Finding {
    Finding {
        rule: hit.rule,
        migration: migration.id().to_owned(),
        location: format!("{}:{}", up.shown(hit.site.file()), hit.site.line()),
        table: hit.table,
        message: hit.message,
        locks: hit.locks,
        duration: hit.duration,
        instead: hit.instead,
        allowed: suppressions.allowance(hit.rule, up),
    }
}
