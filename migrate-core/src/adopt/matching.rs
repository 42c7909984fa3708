//! Matching an old history's versions to this program's migrations.

use super::{OldEntry, Tool};
use crate::registry::Migration;

/// A migration id's timestamp as the old tools write versions (`m2026_01_02_120000_x` is
/// `20260102120000`) and its name (`x`); `None` for ids not of that form.
fn stamp_and_name(id: &str) -> Option<(String, &str)> {
    let rest = id.strip_prefix('m')?;
    let (stamp, name) = rest.get(..17).zip(rest.get(18..))?;
    let digits: String = stamp.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 14 && !name.contains('.')).then_some((digits, name))
}

/// How a name recorded by the old tool is written as a migration name: sqlx's description
/// `create users` is `create_users`.
fn as_name(recorded: &str) -> String {
    recorded.trim().to_lowercase().replace([' ', '-'], "_")
}

/// The migration each old entry is, or the problems that stop the adoption: a failed sqlx
/// migration, a version no migration matches, a name that differs.
pub(crate) fn plan<'m>(
    tool: Tool,
    entries: &[OldEntry],
    migrations: &'m [Migration],
) -> Result<Vec<(&'m Migration, OldEntry)>, Vec<String>> {
    let mut matched = Vec::new();
    let mut problems = Vec::new();
    for entry in entries {
        if !entry.success {
            problems.push(format!(
                "version {} failed when sqlx ran it (success = false): repair the database \
                 and its `_sqlx_migrations` row with sqlx first",
                entry.label()
            ));
            continue;
        }
        let wanted = entry.name.as_deref().map(as_name);
        let candidates: Vec<&Migration> = migrations
            .iter()
            .filter(|m| match (tool, stamp_and_name(m.id())) {
                (Tool::Refinery, Some((_, name))) => Some(name) == wanted.as_deref(),
                (_, Some((stamp, _))) => stamp == entry.version,
                (_, None) => false,
            })
            .collect();
        match candidates.as_slice() {
            [migration] => {
                let name = stamp_and_name(migration.id()).map(|(_, n)| n);
                match &wanted {
                    Some(wanted) if tool == Tool::Sqlx && name != Some(wanted.as_str()) => problems
                        .push(format!(
                            "version {} has the timestamp of {} but not its name (`{wanted}`)",
                            entry.label(),
                            migration.id()
                        )),
                    _ => matched.push((*migration, entry.clone())),
                }
            }
            [] => problems.push(format!(
                "version {} has no ported migration in this program (port it as \
                 `m<timestamp>_<name>` with its timestamp{})",
                entry.label(),
                if tool == Tool::Refinery {
                    " and refinery's name"
                } else {
                    ""
                }
            )),
            several => problems.push(format!(
                "version {} matches several migrations: {}",
                entry.label(),
                several
                    .iter()
                    .map(|m| m.id())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
    if problems.is_empty() {
        Ok(matched)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_give_the_tools_versions_and_names() {
        assert_eq!(
            stamp_and_name("m2026_01_02_120000_create_users"),
            Some(("20260102120000".to_owned(), "create_users"))
        );
        assert_eq!(stamp_and_name("create_users"), None);
        assert_eq!(stamp_and_name("m2026_01_02_120000_jobs.queue"), None);
        assert_eq!(as_name("Create users"), "create_users");
    }
}
