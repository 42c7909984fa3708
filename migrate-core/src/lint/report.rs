//! What the linter found: one [`Finding`] per risky operation, gathered in a [`LintReport`].

use std::fmt;

use super::Rule;

/// One risky operation of a migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule it breaks.
    pub rule: Rule,
    /// The migration's id.
    pub migration: String,
    /// `file:line` of the call in the migration (`s.table(...)`, `s.raw(...)`).
    pub location: String,
    /// The table it works on, when there is one.
    pub table: Option<String>,
    /// What the operation does, in a sentence.
    pub message: String,
    /// What it locks, and what waits for it.
    pub locks: String,
    /// For how long it may hold that.
    pub duration: String,
    /// The safe sequence, in the builder's syntax.
    pub instead: String,
    /// Why it is allowed, if it is: then it does not fail `lint`.
    pub allowed: Option<Allowance>,
}

/// A finding's suppression, with the reason the user gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowance {
    /// The reason given.
    pub reason: String,
    /// Who allowed it.
    pub by: AllowedBy,
}

/// Where a rule was allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllowedBy {
    /// `#[migration(allow(rule), reason = "...")]` on the migration's `up`.
    Migration,
    /// The project: [`crate::Migrator::allow_lint`] (`[package.metadata.migrate.lint.allow]`,
    /// `--allow`).
    Project,
}

impl AllowedBy {
    /// `migration` or `project`.
    pub fn name(self) -> &'static str {
        match self {
            AllowedBy::Migration => "migration",
            AllowedBy::Project => "project",
        }
    }
}

/// What [`crate::Migrator::lint`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintReport {
    /// The ids of the migrations linted, in order.
    pub linted: Vec<String>,
    /// Every finding, allowed ones included, in migration order.
    pub findings: Vec<Finding>,
    /// What the linter could not see, one line each (a migration that stopped at a data step
    /// while replayed without a database).
    pub notes: Vec<String>,
}

impl LintReport {
    /// The findings nobody allowed: `lint` fails while there is one.
    pub fn unsuppressed(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.allowed.is_none())
    }

    /// Whether no finding is left unallowed.
    pub fn is_clean(&self) -> bool {
        self.unsuppressed().next().is_none()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = if self.allowed.is_some() {
            "allowed"
        } else {
            "warning"
        };
        writeln!(
            f,
            "{label}[{}]: {} ({}): {}",
            self.rule, self.migration, self.location, self.message
        )?;
        writeln!(f, "  locks:   {}", self.locks)?;
        writeln!(f, "  for:     {}", self.duration)?;
        writeln!(f, "  instead:")?;
        for line in self.instead.lines() {
            writeln!(f, "      {line}")?;
        }
        if let Some(allowance) = &self.allowed {
            writeln!(
                f,
                "  allowed by the {}: {}",
                allowance.by.name(),
                allowance.reason
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for LintReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.findings {
            writeln!(f, "{finding}")?;
        }
        for note in &self.notes {
            writeln!(f, "note: {note}")?;
        }
        let open = self.unsuppressed().count();
        let allowed = self.findings.len() - open;
        let migrations = self.linted.len();
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        write!(
            f,
            "{} in {} ({} allowed)",
            plural(open, "finding"),
            plural(migrations, "migration"),
            allowed
        )?;
        writeln!(f)
    }
}
