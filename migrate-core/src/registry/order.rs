//! The order migrations run in: by id (so by timestamp), except that a migration declared
//! with `#[migration(after = "<id>")]` runs after the one it names, even when its own id
//! sorts first (a library's table another crate's migration needs).
//!
//! The order is a stable topological one: of the migrations whose `after` has already run,
//! the one with the smallest id is next. Without any `after`, that is id order, and nothing
//! is allocated.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::Migration;

/// Orders `migrations`, which are sorted by id, honouring each one's `after`. An `after`
/// naming no registered migration, or a cycle of them, is added to `problems`.
pub(super) fn order(migrations: Vec<Migration>, problems: &mut Vec<String>) -> Vec<Migration> {
    if migrations.iter().all(|m| m.after().is_none()) {
        return migrations;
    }
    // What each migration runs after, by index (the slice is sorted by id).
    let mut before: Vec<Option<usize>> = vec![None; migrations.len()];
    for (index, migration) in migrations.iter().enumerate() {
        let Some(after) = migration.after() else {
            continue;
        };
        match migrations.binary_search_by(|m| m.id().cmp(after)) {
            Ok(target) => before[index] = Some(target),
            Err(_) => problems.push(unknown(migration, after, &migrations)),
        }
    }
    let mut after_of: Vec<Vec<usize>> = vec![Vec::new(); migrations.len()];
    let mut ready = BinaryHeap::new();
    for (index, target) in before.iter().enumerate() {
        match target {
            Some(target) => after_of[*target].push(index),
            None => ready.push(Reverse(index)),
        }
    }
    let mut placed = vec![false; migrations.len()];
    let mut ordered = Vec::with_capacity(migrations.len());
    while let Some(Reverse(index)) = ready.pop() {
        placed[index] = true;
        ordered.push(migrations[index]);
        ready.extend(after_of[index].iter().map(|&next| Reverse(next)));
    }
    if ordered.len() < migrations.len() {
        problems.extend(cycles(&migrations, &before, &placed));
    }
    ordered
}

/// "runs after `x`, which is not registered", with the namespaced ids it may have meant.
fn unknown(migration: &Migration, after: &str, migrations: &[Migration]) -> String {
    let close: Vec<String> = migrations
        .iter()
        .map(Migration::id)
        .filter(|id| {
            id.strip_prefix(after)
                .is_some_and(|rest| rest.starts_with('.'))
                || after
                    .strip_prefix(*id)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
        .map(|id| format!("`{id}`"))
        .collect();
    let hint = if close.is_empty() {
        String::from(
            "; a library's migration is named with its crate after a `.` \
             (`m2026_01_01_000000_create_users.auth`)",
        )
    } else {
        format!("; did you mean {}?", close.join(" or "))
    };
    format!(
        "migration `{}` ({}) is to run after `{after}`, which is not registered{hint}",
        migration.id(),
        migration.location()
    )
}

/// One message per cycle among the migrations left unplaced, naming every migration in it
/// and where it is. A migration waiting on a cycle without being in it is not named.
fn cycles(migrations: &[Migration], before: &[Option<usize>], placed: &[bool]) -> Vec<String> {
    let mut reported = vec![false; migrations.len()];
    let mut messages = Vec::new();
    for start in 0..migrations.len() {
        if placed[start] || reported[start] {
            continue;
        }
        // Follow `after` until a migration repeats: it is on the cycle.
        let mut seen = vec![false; migrations.len()];
        let mut at = start;
        while !seen[at] {
            seen[at] = true;
            match before[at] {
                Some(next) => at = next,
                None => break,
            }
        }
        if reported[at] || before[at].is_none() {
            continue;
        }
        let mut cycle = vec![at];
        let mut next = before[at];
        while let Some(n) = next.filter(|&n| n != at) {
            cycle.push(n);
            next = before[n];
        }
        for &index in &cycle {
            reported[index] = true;
        }
        let described: Vec<String> = cycle
            .iter()
            .map(|&i| format!("`{}` ({})", migrations[i].id(), migrations[i].location()))
            .collect();
        messages.push(match described.as_slice() {
            [one] => format!("migration {one} is to run after itself"),
            _ => format!(
                "migrations are to run after each other in a cycle: {} after {}; remove one \
                 `after`",
                described.join(" after "),
                described[0]
            ),
        });
    }
    messages
}
