//! Squashes: a migration declared `#[migration(replaces = ["...", ...])]` stands for the
//! migrations it lists (Django's `squashmigrations`).
//!
//! - A database that applied none of them runs the squash alone; the replaced migrations
//!   still compiled in are skipped.
//! - One that applied all of them records the squash as applied, without running it, in
//!   the batch of the last of them.
//! - One that applied some runs the rest of them, in order, then records the squash.
//! - The replaced migrations' rows stay (they say when each ran); once the squash is
//!   recorded they are accounted for by it, so deleting the replaced files leaves no
//!   "missing" rows.
//! - Rolling back the squash runs its own `down`, and deletes the rows of the replaced
//!   migrations in the same transaction: afterwards the database is as if none of them had
//!   run. A replaced migration whose squash is recorded is not rolled back on its own.
//!
//! The replaced files can be deleted once every database has the squash recorded: `status`
//! says so per database.

use std::collections::{HashMap, HashSet};

use crate::connection::{Entry, Record};
use crate::registry::Migration;
use crate::repository::APPLIED;
use crate::{Error, Result};

/// What a run or a rollback does differently because of squashes: handed to the units of
/// work through the Migrator (see `reverse::body`).
#[derive(Debug, Default)]
pub(crate) struct Squashes {
    /// Squashes to record as applied without running them: their replaced migrations ran.
    pub(crate) recorded_only: HashSet<&'static str>,
    /// For each squash being rolled back, the replaced migrations whose rows go with it.
    pub(crate) forgotten: HashMap<&'static str, Vec<String>>,
}

impl Squashes {
    /// Whether there is nothing special to do.
    pub(crate) fn is_empty(&self) -> bool {
        self.recorded_only.is_empty() && self.forgotten.is_empty()
    }
}

/// Each replaced id of `migrations`, with the squash that replaces it.
pub(crate) fn replaced_by(migrations: &[Migration]) -> HashMap<&'static str, &Migration> {
    migrations
        .iter()
        .flat_map(|squash| squash.replaces().iter().map(move |&id| (id, squash)))
        .collect()
}

/// `pending` (in run order) as squashes make it, given the ids `applied`: the replaced
/// migrations a squash runs instead of are left out, and a squash whose replaced migrations
/// ran (some or all) is to be recorded only (once [`check_recordable`] found nothing
/// missing for it).
pub(crate) fn plan_run<'m>(
    migrations: &'m [Migration],
    applied: &HashSet<&str>,
    pending: Vec<&'m Migration>,
    squashes: &mut Squashes,
) -> Vec<&'m Migration> {
    let pending_ids: HashSet<&str> = pending.iter().map(|m| m.id()).collect();
    let mut skipped: HashSet<&str> = HashSet::new();
    for squash in migrations.iter().filter(|m| !m.replaces().is_empty()) {
        let replaced = squash.replaces();
        if applied.contains(squash.id()) {
            skipped.extend(replaced);
            continue;
        }
        if !pending_ids.contains(squash.id()) {
            // Not in this run (`--to` stops before it): its replaced migrations run alone.
            continue;
        }
        if !replaced.iter().any(|id| applied.contains(id)) {
            skipped.extend(replaced);
            continue;
        }
        squashes.recorded_only.insert(squash.id());
    }
    pending
        .into_iter()
        .filter(|m| !skipped.contains(m.id()))
        .collect()
}

/// The batch of `squash`, recorded without running: that of the last of the migrations it
/// replaces when all of them ran before this run, so that it rolls back where they did, not
/// as a newer batch under the migrations that ran after them; else `batch`, this run's.
pub(crate) fn recorded_batch(squash: &Migration, records: &[Entry], batch: i32) -> i32 {
    let batches: Option<Vec<i32>> = squash
        .replaces()
        .iter()
        .map(|id| records.iter().find(|r| r.id == *id).map(|r| r.batch))
        .collect();
    batches.and_then(|b| b.into_iter().max()).unwrap_or(batch)
}

/// Refuses a database that applied some of the migrations a squash replaces, but not the
/// squash, when the files of others of them were deleted: the squash cannot be recorded
/// without running them. Checked before the rows of the deleted ones are reported missing.
pub(crate) fn check_recordable(migrations: &[Migration], records: &[Entry]) -> Result<()> {
    let applied: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    let compiled: HashSet<&str> = migrations.iter().map(Migration::id).collect();
    for squash in migrations.iter().filter(|m| !m.replaces().is_empty()) {
        let replaced = squash.replaces();
        if applied.contains(squash.id()) || !replaced.iter().any(|id| applied.contains(id)) {
            continue;
        }
        let lost: Vec<&str> = replaced
            .iter()
            .copied()
            .filter(|id| !applied.contains(id) && !compiled.contains(id))
            .collect();
        if !lost.is_empty() {
            return Err(Error::Registry(format!(
                "squash `{}` ({}) cannot be recorded: this database applied some of the \
                 migrations it replaces but not {}, whose files were deleted; restore them \
                 and run again, then delete them once every database has the squash",
                squash.id(),
                squash.location(),
                quoted(&lost)
            )));
        }
    }
    Ok(())
}

/// Whether the row of `id`, whose migration this program lacks, is accounted for by a
/// squash recorded in `records`.
pub(crate) fn accounted_for(
    id: &str,
    replaced_by: &HashMap<&str, &Migration>,
    records: &[Entry],
) -> bool {
    replaced_by
        .get(id)
        .is_some_and(|squash| records.iter().any(|r| r.id == squash.id()))
}

/// The rows of the last `steps` migrations of `ours` (in the repository's order), newest
/// first, counting a recorded squash and the migrations it replaces as one: their rows are
/// left out here, and go with the squash (see [`plan_rollback`]).
pub(crate) fn last_steps(migrations: &[Migration], ours: &[Record], steps: usize) -> Vec<Record> {
    let replaced_by = replaced_by(migrations);
    let recorded: HashSet<&str> = ours.iter().map(|r| r.id.as_str()).collect();
    ours.iter()
        .rev()
        .filter(|r| !goes_with_its_squash(&r.id, &replaced_by, &recorded))
        .take(steps)
        .cloned()
        .collect()
}

/// `chosen` (rows to roll back, in order) as squashes make it: a replaced migration whose
/// squash is recorded is not rolled back on its own, and each squash rolled back takes the
/// rows of its replaced migrations (noted in `squashes`).
pub(crate) fn plan_rollback(
    migrations: &[Migration],
    records: &[Record],
    chosen: Vec<Record>,
    squashes: &mut Squashes,
) -> Vec<Record> {
    let replaced_by = replaced_by(migrations);
    if replaced_by.is_empty() {
        return chosen;
    }
    let recorded: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    for record in &chosen {
        let Some(squash) = migrations.iter().find(|m| m.id() == record.id) else {
            continue;
        };
        let rows: Vec<String> = squash
            .replaces()
            .iter()
            .filter(|id| recorded.contains(*id))
            .map(|id| (*id).to_owned())
            .collect();
        if !rows.is_empty() {
            squashes.forgotten.insert(squash.id(), rows);
        }
    }
    chosen
        .into_iter()
        .filter(|r| !goes_with_its_squash(&r.id, &replaced_by, &recorded))
        .collect()
}

/// Whether `id` is replaced by a squash among the ids `recorded`: it is not rolled back on
/// its own, but with the squash.
fn goes_with_its_squash(
    id: &str,
    replaced_by: &HashMap<&str, &Migration>,
    recorded: &HashSet<&str>,
) -> bool {
    replaced_by
        .get(id)
        .is_some_and(|squash| recorded.contains(squash.id()))
}

/// For `status`: each replaced id whose squash stands for it on the database of `records`,
/// with the squash's id. A squash stands for the migrations it replaces once it is
/// recorded, and before that when none of them is (it will run instead of them); not while
/// some of them are applied and it is not (the others still run on their own).
pub(crate) fn standing_for(
    migrations: &[Migration],
    records: &[Record],
) -> HashMap<&'static str, &'static str> {
    let recorded: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    let mut standing = HashMap::new();
    for squash in migrations.iter().filter(|m| !m.replaces().is_empty()) {
        let replaced = squash.replaces();
        if recorded.contains(squash.id()) || !replaced.iter().any(|id| recorded.contains(id)) {
            standing.extend(replaced.iter().map(|&id| (id, squash.id())));
        }
    }
    standing
}

/// Whether `records` are exactly what `migrations`, some of them squashes, leave on an
/// up-to-date database: every registered migration applied with its current checksum or
/// stood for by a recorded squash, and every other row accounted for by one. What the
/// boot-time check falls back on when its digests differ (they count every registered
/// migration, replaced ones too).
pub(crate) fn all_applied(migrations: &[Migration], records: &[Entry]) -> bool {
    let replaced_by = replaced_by(migrations);
    let by_id: HashMap<&str, &Entry> = records.iter().map(|r| (r.id.as_str(), r)).collect();
    let recorded = |id: &str| by_id.get(id).is_some_and(|r| r.state == APPLIED);
    let current = migrations.iter().all(|m| match by_id.get(m.id()) {
        Some(record) => record.state == APPLIED && record.checksum == m.checksum(),
        None => replaced_by
            .get(m.id())
            .is_some_and(|squash| recorded(squash.id())),
    });
    current
        && records.iter().all(|r| {
            migrations.iter().any(|m| m.id() == r.id) || accounted_for(&r.id, &replaced_by, records)
        })
}

/// The squashes a replay of `migrations` (the schema model, `check`, the linter, a `change`'s
/// derived down) leaves out: those whose replaced migrations are compiled in, which say the
/// same (the squash was made from them) and say it the way the databases that ran them saw
/// it. Once their files are deleted, the squash is replayed instead.
pub(crate) fn left_out_of_replays(migrations: &[Migration]) -> HashSet<&'static str> {
    let compiled: HashSet<&str> = migrations.iter().map(Migration::id).collect();
    migrations
        .iter()
        .filter(|m| m.replaces().iter().any(|id| compiled.contains(id)))
        .map(Migration::id)
        .collect()
}

/// `` `a`, `b` and `c` ``.
fn quoted(ids: &[&str]) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}
