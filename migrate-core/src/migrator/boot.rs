//! The boot-time check: whether the repository records exactly the registered migrations,
//! each applied with its current checksum, decided without gathering the registry.
//!
//! An application checks once per process, at start. Gathering the registry (walking the
//! registrations, validating every id, sorting, pairing `up` with `down`) costs more than the
//! query itself, so the check compares digests instead: the number of `up` functions and a
//! wrapping sum of a hash of each one's `id checksum`, against the same of the rows read
//! back. Equal, the rows are the migrations (the repository's primary key makes each id
//! appear once); not equal, or any row not `applied`, and the caller falls through to the
//! full check, which finds and names what differs. The rows are read every time, so a hand
//! edit of the table is seen; the hashes live only in the process (nothing is stored).

use std::hash::BuildHasher;

use foldhash::fast::FixedState;

use crate::connection::MigrationConnection;
use crate::migration::{Kind, Library, Registration};
use crate::registry::{in_module, library_of};
use crate::repository::Repository;
use crate::{Error, Result};

/// A count and a wrapping sum of row hashes: equal for equal multisets of rows (up to a
/// 2⁻⁶⁴ chance, which only an accident can hit: it is no security boundary, since whoever
/// can write the table can write anything).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Digest {
    count: usize,
    sum: u64,
}

impl Digest {
    fn add(&mut self, id: &str, checksum: &str) {
        self.count += 1;
        self.sum = self
            .sum
            .wrapping_add(FixedState::with_seed(0).hash_one((id, checksum)));
    }

    /// The `up` functions registered under `module`, with their ids as the repository
    /// records them (a library's namespaced).
    fn of_registry(module: Option<&str>) -> Digest {
        let libraries: Vec<&str> = inventory::iter::<Library>
            .into_iter()
            .map(|l| l.crate_name)
            .collect();
        let mut digest = Digest::default();
        for registration in inventory::iter::<Registration> {
            if registration.kind != Kind::Up || module.is_some_and(|m| !in_module(registration, m))
            {
                continue;
            }
            match library_of(registration, &libraries) {
                None => digest.add(registration.id(), registration.checksum),
                Some(krate) => digest.add(
                    &format!("{}.{krate}", registration.id()),
                    registration.checksum,
                ),
            }
        }
        digest
    }

    /// Adds one repository row: its id and its checksum when it is `applied`; `false` for a
    /// row that is not.
    fn add_row(&mut self, id: &str, applied_checksum: Option<&str>) -> bool {
        match applied_checksum {
            Some(checksum) => {
                self.add(id, checksum);
                true
            }
            None => false,
        }
    }
}

/// Whether the repository's rows are exactly the migrations registered under `module`, each
/// applied with its current checksum: one query ([`Repository::boot_sql`]), its rows hashed
/// as they are read. `Ok(false)` means "look closer", never "something is wrong": the full
/// check decides that. An error (the table does not exist yet, say) is the caller's to
/// read.
pub(crate) fn all_applied(
    module: Option<&str>,
    conn: &mut dyn MigrationConnection,
    repository: &Repository<'_>,
) -> Result<bool> {
    let sql = repository.boot_sql()?;
    let mut rows = Digest::default();
    let mut applied = true;
    conn.visit_pairs(&sql, &mut |id, checksum| {
        applied &= rows.add_row(id, checksum);
    })
    .map_err(|source| Error::Database { sql, source })?;
    Ok(applied && rows == Digest::of_registry(module))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(rows: &[(&str, &str)]) -> Digest {
        let mut digest = Digest::default();
        for (id, checksum) in rows {
            digest.add(id, checksum);
        }
        digest
    }

    #[test]
    fn rows_in_any_order_give_one_digest() {
        assert_eq!(
            digest(&[("m_b", "2"), ("m_a", "1")]),
            digest(&[("m_a", "1"), ("m_b", "2")])
        );
    }

    #[test]
    fn a_changed_checksum_a_swapped_value_or_a_row_more_or_less_changes_the_digest() {
        let expected = digest(&[("m_a", "1"), ("m_b", "2")]);
        let edits: [&[(&str, &str)]; 6] = [
            &[("m_a", "1"), ("m_b", "3")],
            &[("m_a", "2"), ("m_b", "1")],
            &[("m_a", "1")],
            &[("m_a", "1"), ("m_b", "2"), ("m_c", "3")],
            &[("m_a 1", ""), ("m_b", "2")],
            &[("m_a1", ""), ("m_b", "2")],
        ];
        for rows in edits {
            assert_ne!(digest(rows), expected, "{rows:?}");
        }
    }

    #[test]
    fn a_row_not_applied_is_told_apart() {
        let mut rows = Digest::default();
        assert!(rows.add_row("m_a", Some("1")));
        assert!(!rows.add_row("m_b", None));
    }
}
