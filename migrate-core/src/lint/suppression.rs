//! Which findings are allowed, and why: per migration (`#[migration(allow(rule), reason =
//! "...")]`) and per project ([`crate::Migrator::allow_lint`]). A rule name that is not a
//! rule is an error, never ignored: a misspelt allowance would otherwise silently allow
//! nothing.

use super::{Allowance, AllowedBy, Rule};
use crate::migration::Registration;

/// The allowances of the project, checked.
#[derive(Debug, Clone, Default)]
pub(crate) struct Suppressions {
    project: Vec<(Rule, String)>,
}

impl Suppressions {
    /// The project's allowances, `(rule name, reason)`; an error names an unknown rule.
    pub(crate) fn new(project: &[(String, String)]) -> Result<Self, String> {
        let project = project
            .iter()
            .map(|(name, reason)| {
                let rule = rule(name).map_err(|e| format!("lint allowance of the project: {e}"))?;
                Ok((rule, reason.clone()))
            })
            .collect::<Result<_, String>>()?;
        Ok(Suppressions { project })
    }

    /// Why `rule` is allowed in the migration of `up`, if it is: the migration's own reason
    /// first, else the project's.
    pub(crate) fn allowance(&self, rule: Rule, up: &Registration) -> Option<Allowance> {
        if up.lint_allow.contains(&rule.name()) {
            return Some(Allowance {
                reason: up.lint_reason.unwrap_or_default().to_owned(),
                by: AllowedBy::Migration,
            });
        }
        self.project
            .iter()
            .find(|(allowed, _)| *allowed == rule)
            .map(|(_, reason)| Allowance {
                reason: reason.clone(),
                by: AllowedBy::Project,
            })
    }
}

/// The rules a migration's `#[migration(allow(...))]` names; an error names an unknown one.
pub(crate) fn check_migration(up: &Registration) -> Result<(), String> {
    for name in up.lint_allow {
        rule(name).map_err(|e| format!("#[migration(allow({name}))]: {e}"))?;
    }
    Ok(())
}

fn rule(name: &str) -> Result<Rule, String> {
    Rule::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
        format!(
            "there is no lint rule `{name}`; the rules are: {}",
            names.join(", ")
        )
    })
}
