//! `--to ID` and `--batch N`: which migrations a target names, composed from the Migrator's
//! `status` (rolling back the last N in the repository's order, as `rollback --step N` does).
//!
//! Each gives the count to pass to [`Migrator::rollback`](crate::Migrator::rollback), which
//! is what `rollback --to ID` and `rollback --batch N` do:
//!
//! ```
//! # fn main() -> Result<(), migrate_core::cli::CliError> {
//! use migrate_core::cli::target;
//! use migrate_core::{AnyConnection, Migrator};
//!
//! let mut conn = AnyConnection::establish("sqlite://:memory:")?;
//! let migrator = Migrator::new();
//! let steps = target::steps_from_batch(&migrator.status(&mut conn)?, 1);
//! let report = migrator.rollback(&mut conn, Some(steps))?;
//! assert!(report.is_empty());
//! # Ok(())
//! # }
//! ```

use super::CliError;
use crate::MigrationStatus;

/// The id `given` names among `ids`: itself, or the one id whose name (after the timestamp)
/// it is, as `new` took it (`create_users` for `m2026_11_25_140312_create_users`).
pub(crate) fn find<'a>(ids: &'a [String], given: &str) -> Result<&'a str, CliError> {
    if let Some(id) = ids.iter().find(|id| *id == given) {
        return Ok(id);
    }
    let named: Vec<&String> = ids.iter().filter(|id| name(id) == given).collect();
    match named.as_slice() {
        [id] => Ok(id),
        [] => Err(CliError::NoSuchMigration(given.to_owned())),
        several => Err(CliError::AmbiguousMigration {
            given: given.to_owned(),
            ids: several.iter().map(|id| id.to_string()).collect(),
        }),
    }
}

/// `create_users` in `m2026_11_25_140312_create_users`: what follows the timestamp.
fn name(id: &str) -> &str {
    let timestamp = |part: &str| {
        let digits = part.strip_prefix('m').unwrap_or(part);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    };
    let mut rest = id;
    while let Some((part, after)) = rest.split_once('_') {
        if !timestamp(part) {
            break;
        }
        rest = after;
    }
    rest
}

/// The applied migrations in the order the repository lists them (by batch, then id): the
/// order `rollback --step N` takes the last N from. A migration replaced by a recorded squash
/// is left out: it rolls back with the squash, counted as one with it.
fn applied_in_order(status: &[MigrationStatus]) -> Vec<(i32, &str)> {
    let mut applied: Vec<(i32, &str)> = status
        .iter()
        .filter(|s| s.replaced_by.is_none())
        .filter_map(|s| s.applied.as_ref().map(|a| (a.batch, s.id.as_str())))
        .collect();
    applied.sort();
    applied
}

/// `rollback --to ID`: how many of the last applied migrations are newer than `ID`, which
/// must be applied. Refused when one older than `ID` was applied after it (a merged branch
/// run out of order): the last N would include it; and when `ID` is inside a recorded squash
/// (replaced by it, or older than it and newer than one it replaces): rolling back the squash
/// takes every migration it replaces.
pub fn steps_to(status: &[MigrationStatus], given: &str) -> Result<usize, CliError> {
    let recorded: Vec<String> = status
        .iter()
        .filter(|s| s.is_applied())
        .map(|s| s.id.clone())
        .collect();
    let target = find(&recorded, given)?;
    let own = status
        .iter()
        .find(|s| s.id == target)
        .and_then(|s| s.replaced_by.as_deref());
    let around = status
        .iter()
        .filter(|s| s.is_applied() && s.id.as_str() < target)
        .find_map(|s| s.replaced_by.as_deref().filter(|squash| *squash > target));
    if let Some(squash) = own.or(around) {
        return Err(CliError::TargetInSquash {
            target: target.to_owned(),
            squash: squash.to_owned(),
            replaced: own.is_some(),
        });
    }
    let applied = applied_in_order(status);
    let newer = applied.iter().filter(|(_, id)| *id > target).count();
    let last = &applied[applied.len() - newer..];
    if let Some((_, older)) = last.iter().find(|(_, id)| *id <= target) {
        return Err(CliError::TargetInterleaved {
            target: target.to_owned(),
            older: older.to_string(),
        });
    }
    Ok(newer)
}

/// `rollback --batch N`: how many migrations batch `N` and the batches after it hold (a
/// squash counted as one with the migrations it replaces, in the squash's batch).
pub fn steps_from_batch(status: &[MigrationStatus], batch: u32) -> usize {
    applied_in_order(status)
        .iter()
        .filter(|(b, _)| i64::from(*b) >= i64::from(batch))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applied(id: &str, batch: i32) -> MigrationStatus {
        MigrationStatus {
            id: id.into(),
            location: Some("src/m.rs:1".into()),
            applied: Some(crate::Applied {
                batch,
                applied_at: chrono::NaiveDateTime::default(),
                execution_ms: 0,
                checksum: String::new(),
                dirty: false,
            }),
            changed: false,
            replaced_by: None,
            replaces: Vec::new(),
        }
    }

    fn replaced(id: &str, batch: i32, squash: &str) -> MigrationStatus {
        MigrationStatus {
            replaced_by: Some(squash.into()),
            ..applied(id, batch)
        }
    }

    #[test]
    fn an_id_or_a_name() {
        let ids = ["m1_create_users".to_owned(), "m2_create_posts".to_owned()];
        assert_eq!(find(&ids, "m1_create_users").unwrap(), "m1_create_users");
        assert_eq!(find(&ids, "create_posts").unwrap(), "m2_create_posts");
        assert_eq!(
            find(&ids, "users").unwrap_err().to_string(),
            "no migration `users` (give an id as `status` lists it, or the name after its timestamp)"
        );
        assert_eq!(name("m2026_11_25_140312_create_users"), "create_users");
        let twice = ["m1_x".to_owned(), "m2_x".to_owned()];
        assert!(matches!(
            find(&twice, "x"),
            Err(CliError::AmbiguousMigration { .. })
        ));
    }

    #[test]
    fn targets_count_back_from_the_newest() {
        let status = [applied("m1_a", 1), applied("m2_b", 1), applied("m3_c", 2)];
        assert_eq!(steps_to(&status, "m1_a").unwrap(), 2);
        assert_eq!(steps_to(&status, "c").unwrap(), 0);
        assert_eq!(steps_from_batch(&status, 2), 1);
        assert_eq!(steps_from_batch(&status, 1), 3);
        assert_eq!(steps_from_batch(&status, 3), 0);
        assert!(matches!(
            steps_to(&status, "m0"),
            Err(CliError::NoSuchMigration(_))
        ));
        // m1 ran after m2 (out of order): rolling back to m2 would undo m1 too.
        let interleaved = [applied("m2_b", 1), applied("m3_c", 1), applied("m1_a", 2)];
        assert!(matches!(
            steps_to(&interleaved, "m2_b"),
            Err(CliError::TargetInterleaved { .. })
        ));
    }

    #[test]
    fn a_recorded_squash_counts_as_one_with_what_it_replaces() {
        // m2 and m4 ran in batch 1, then the squash was recorded: m3 was merged in between.
        let status = [
            applied("m1_a", 1),
            replaced("m2_b", 1, "m4_d_squashed"),
            applied("m3_c", 1),
            replaced("m4_d", 1, "m4_d_squashed"),
            applied("m4_d_squashed", 2),
            applied("m5_e", 2),
        ];
        assert_eq!(steps_from_batch(&status, 2), 2);
        assert_eq!(steps_from_batch(&status, 1), 4);
        assert_eq!(steps_to(&status, "m4_d_squashed").unwrap(), 1);
        assert_eq!(steps_to(&status, "m1_a").unwrap(), 3);
        let error = steps_to(&status, "d").unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot roll back to m4_d: squash m4_d_squashed, which is applied, replaces it, and \
             rolls back only as one migration with every migration it replaces; roll back --to \
             m4_d_squashed to keep it, or --to a migration before those it replaces to undo it"
        );
        assert_eq!(error.exit_code(), crate::cli::exit_code::USER_ERROR);
        let error = steps_to(&status, "m3_c").unwrap_err().to_string();
        assert!(
            error.starts_with(
                "cannot roll back to m3_c: squash m4_d_squashed, which is applied, replaces \
                 migrations older than it, "
            ),
            "{error}"
        );
    }
}
