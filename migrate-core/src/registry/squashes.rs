//! The rules of squashes (`#[migration(replaces = [...])]`): each replaced id well-formed,
//! replaced by one squash only, not the squash itself nor another squash, and run before
//! the squash when its file is still compiled in.

use std::collections::HashMap;

use super::{validate_id, Migration};

/// Adds to `problems` what is wrong with the squashes among `migrations` (in run order).
pub(super) fn check(migrations: &[Migration], problems: &mut Vec<String>) {
    if migrations.iter().all(|m| m.replaces().is_empty()) {
        return;
    }
    let position: HashMap<&str, usize> = migrations
        .iter()
        .enumerate()
        .map(|(index, m)| (m.id(), index))
        .collect();
    let mut replaced_by: HashMap<&str, &Migration> = HashMap::new();
    for (index, squash) in migrations.iter().enumerate() {
        for &replaced in squash.replaces() {
            let at = || format!("`{}` ({})", squash.id(), squash.location());
            if let Err(problem) = validate_id(replaced) {
                problems.push(format!("squash {} replaces an invalid id: {problem}", at()));
                continue;
            }
            if replaced == squash.id() {
                problems.push(format!(
                    "squash {} replaces itself: list the migrations it stands for",
                    at()
                ));
                continue;
            }
            if let Some(other) = replaced_by.insert(replaced, squash) {
                problems.push(format!(
                    "migration `{replaced}` is replaced by two squashes: `{}` ({}) and {}; \
                     a migration belongs to one squash",
                    other.id(),
                    other.location(),
                    at()
                ));
            }
            let Some(&replaced_at) = position.get(replaced) else {
                // Its file was deleted: the squash accounts for its row.
                continue;
            };
            let compiled = &migrations[replaced_at];
            if !compiled.replaces().is_empty() {
                problems.push(format!(
                    "squash {} replaces `{replaced}` ({}), which is itself a squash: squash \
                     the migrations it replaces instead, or delete their files first",
                    at(),
                    compiled.location()
                ));
            } else if replaced_at > index {
                problems.push(format!(
                    "squash {} replaces `{replaced}` ({}), which runs after it: a squash runs \
                     where the last migration it replaces did, so its id must sort after theirs",
                    at(),
                    compiled.location()
                ));
            }
        }
    }
}
