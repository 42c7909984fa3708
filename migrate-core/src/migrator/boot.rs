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

use crate::connection::Entry;
use crate::migration::{Kind, Library, Registration};
use crate::registry::{in_module, library_of};
use crate::repository::APPLIED;

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

    /// The rows, or `None` when one of them is not `applied`.
    fn of_entries(entries: &[Entry]) -> Option<Digest> {
        let mut digest = Digest::default();
        for entry in entries {
            if entry.state != APPLIED {
                return None;
            }
            digest.add(&entry.id, &entry.checksum);
        }
        Some(digest)
    }
}

/// Whether `entries` (every row of the repository) are exactly the migrations registered
/// under `module`, each applied with its current checksum. `false` means "look closer",
/// never "something is wrong": the full check decides that.
pub(crate) fn all_applied(module: Option<&str>, entries: &[Entry]) -> bool {
    Digest::of_entries(entries).is_some_and(|rows| rows == Digest::of_registry(module))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, checksum: &str, state: &str) -> Entry {
        Entry {
            id: id.into(),
            batch: 1,
            checksum: checksum.into(),
            state: state.into(),
        }
    }

    fn digest(rows: &[(&str, &str)]) -> Digest {
        let mut digest = Digest::default();
        for (id, checksum) in rows {
            digest.add(id, checksum);
        }
        digest
    }

    #[test]
    fn rows_in_any_order_give_one_digest() {
        let entries = [entry("m_b", "2", APPLIED), entry("m_a", "1", APPLIED)];
        assert_eq!(
            Digest::of_entries(&entries),
            Some(digest(&[("m_a", "1"), ("m_b", "2")]))
        );
    }

    #[test]
    fn a_changed_checksum_a_swapped_value_or_a_row_not_applied_changes_the_answer() {
        let expected = digest(&[("m_a", "1"), ("m_b", "2")]);
        let edits: [&[(&str, &str)]; 5] = [
            &[("m_a", "1"), ("m_b", "3")],
            &[("m_a", "2"), ("m_b", "1")],
            &[("m_a", "1")],
            &[("m_a", "1"), ("m_b", "2"), ("m_c", "3")],
            &[("m_a 1", ""), ("m_b", "2")],
        ];
        for rows in edits {
            let entries: Vec<Entry> = rows
                .iter()
                .map(|(id, sum)| entry(id, sum, APPLIED))
                .collect();
            assert_ne!(Digest::of_entries(&entries), Some(expected), "{rows:?}");
        }
        let dirty = [entry("m_a", "1", APPLIED), entry("m_b", "2", "dirty")];
        assert_eq!(Digest::of_entries(&dirty), None);
    }
}
