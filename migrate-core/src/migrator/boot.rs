//! The boot-time check: whether the repository records exactly the registered migrations,
//! each applied with its current checksum, decided without gathering the registry.
//!
//! An application checks once per process, at start. Gathering the registry (walking the
//! registrations, validating every id, sorting, pairing `up` with `down`) costs more than the
//! query itself, so the check compares digests instead: the number of `up` functions and the
//! sum of a 64-bit hash of each one's `id checksum`, against the same of the repository's
//! rows. Equal, the rows are the migrations (the repository's primary key makes each id
//! appear once); not equal, or any row not `applied`, and the caller falls through to the
//! full check, which finds and names what differs. The rows are read every time, so a hand
//! edit of the table is seen; nothing is stored.
//!
//! Where the server can compute the same hash ([`Grammar::text_hash`]: PostgreSQL), it sums
//! the rows itself and sends one short row ([`Repository::boot_digest_sql`]); elsewhere the
//! rows are read one by one and hashed here ([`Repository::boot_sql`]).
//!
//! [`Grammar::text_hash`]: crate::schema::Grammar::text_hash

use std::hash::BuildHasher;

use foldhash::fast::FixedState;

use crate::connection::MigrationConnection;
use crate::migration::{Kind, Library, Registration};
use crate::registry::{in_module, library_of};
use crate::repository::{Repository, APPLIED};
use crate::schema::grammar::TextHash;
use crate::{Error, Result};

/// A hash of an applied row (its id and checksum), as 64 bits.
type RowHash<'h> = &'h dyn Fn(&str, &str) -> u64;

/// The hash of the rows read here: foldhash, fixed seed.
fn local_hash(id: &str, checksum: &str) -> u64 {
    FixedState::with_seed(0).hash_one((id, checksum))
}

/// A count and the sum of row hashes (each taken as a signed 64-bit value, as a server's
/// `bigint` is): equal for equal multisets of rows, up to a 2⁻⁶⁴ chance, which only an
/// accident can hit (it is no security boundary: whoever can write the table can write
/// anything).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Digest {
    count: u64,
    sum: i128,
}

impl Digest {
    fn add(&mut self, hash: RowHash<'_>, id: &str, checksum: &str) {
        self.count += 1;
        self.sum += i128::from(hash(id, checksum) as i64);
    }

    /// The `up` functions registered under `module`, with their ids as the repository
    /// records them (a library's namespaced).
    fn of_registry(module: Option<&str>, hash: RowHash<'_>) -> Digest {
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
                None => digest.add(hash, registration.id(), registration.checksum),
                Some(krate) => digest.add(
                    hash,
                    &format!("{}.{krate}", registration.id()),
                    registration.checksum,
                ),
            }
        }
        digest
    }
}

/// Whether the repository's rows are exactly the migrations registered under `module`, each
/// applied with its current checksum. `Ok(false)` means "look closer", never "something is
/// wrong": the full check decides that. An error (the table does not exist yet, say) is the
/// caller's to read.
pub(crate) fn all_applied(
    module: Option<&str>,
    conn: &mut dyn MigrationConnection,
    repository: &Repository<'_>,
) -> Result<bool> {
    match repository.boot_digest_sql()? {
        Some(query) => summed_by_server(module, conn, query),
        None => hashed_here(module, conn, repository),
    }
}

/// One query of the rows, each hashed as it is read.
fn hashed_here(
    module: Option<&str>,
    conn: &mut dyn MigrationConnection,
    repository: &Repository<'_>,
) -> Result<bool> {
    let sql = repository.boot_sql()?;
    let mut rows = Digest::default();
    let mut applied = true;
    conn.visit_pairs(&sql, &mut |id, checksum| match checksum {
        Some(checksum) => rows.add(&local_hash, id, checksum),
        None => applied = false,
    })
    .map_err(|source| Error::Database { sql, source })?;
    Ok(applied && rows == Digest::of_registry(module, &local_hash))
}

/// One query whose one row is the server's digest of the rows.
fn summed_by_server(
    module: Option<&str>,
    conn: &mut dyn MigrationConnection,
    (sql, hash): (String, TextHash),
) -> Result<bool> {
    let rows = conn
        .load_text(&sql, &[])
        .map_err(|source| Error::Database { sql, source })?;
    let mut row = rows
        .into_iter()
        .next()
        .map_or_else(Vec::new, |r| r.0)
        .into_iter();
    let mut number = || row.next().flatten().and_then(|t| t.parse::<i128>().ok());
    let Some(count) = number().and_then(|n| u64::try_from(n).ok()) else {
        return Ok(false);
    };
    // The sum is NULL over no rows.
    let sum = number().unwrap_or(0);
    let registry = Digest::of_registry(module, &|id, checksum| hash.row(&[id, checksum, APPLIED]));
    Ok(Digest { count, sum } == registry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(rows: &[(&str, &str)]) -> Digest {
        let mut digest = Digest::default();
        for (id, checksum) in rows {
            digest.add(&local_hash, id, checksum);
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
}
