//! A hash of text that the server and this process compute alike, so that the boot check can
//! have the server fold the repository's rows into one short row ([`Grammar::text_hash`]).
//!
//! PostgreSQL's `hashtextextended(text, seed)` hashes the text's bytes (for a deterministic
//! collation, as the repository's columns have) with `hash_bytes_extended` of
//! `src/common/hashfn.c`: Bob Jenkins' lookup3, reading the bytes as little-endian words on a
//! little-endian server, its state perturbed by a non-zero seed. [`postgres_hash`] is that
//! function. A row's columns are hashed in a chain, each hash the seed of the next, which
//! needs no operator: a new server session resolves `||` or `=` (and loads their catalog
//! entries) at a cost several times that of the query itself. A server that hashes otherwise
//! (a big-endian one, a future version) only makes the digests differ, which sends the boot
//! check to the full comparison: a mismatch costs time, never a wrong answer.
//!
//! [`Grammar::text_hash`]: super::Grammar::text_hash

/// How a dialect's server hashes text to 64 bits, and the same hash computed here.
#[derive(Debug, Clone, Copy)]
pub struct TextHash {
    /// The SQL expression of the chained hash of the text expressions given: the first
    /// hashed with seed 0, each next one with the hash before it as its seed.
    pub sql: fn(&[&str]) -> String,
    /// The hash of the bytes given with a seed, as the server computes it for text with
    /// those bytes.
    pub hash: fn(&[u8], u64) -> u64,
}

impl TextHash {
    /// The chained hash of `parts`, as [`TextHash::sql`] has the server compute it.
    pub fn row(&self, parts: &[&str]) -> u64 {
        parts
            .iter()
            .fold(0, |seed, part| (self.hash)(part.as_bytes(), seed))
    }
}

/// `hashtextextended(c, hashtextextended(b, hashtextextended(a, 0)))`.
pub(super) fn postgres_sql(parts: &[&str]) -> String {
    parts.iter().fold("0".to_owned(), |seed, part| {
        format!("hashtextextended({part}, {seed})")
    })
}

/// PostgreSQL's `hash_bytes_extended(bytes, len, seed)` on a little-endian server: what
/// `hashtextextended(text, seed)` returns (as a signed `bigint`) for text of these bytes.
pub fn postgres_hash(bytes: &[u8], seed: u64) -> u64 {
    // The length is a C `int` cast to uint32; a repository row is far below 2 GiB.
    let initial = 0x9e37_79b9_u32
        .wrapping_add(bytes.len() as u32)
        .wrapping_add(3_923_095);
    let (mut a, mut b, mut c) = (initial, initial, initial);
    if seed != 0 {
        // The seed is hashed as if it were padding before the bytes.
        a = a.wrapping_add((seed >> 32) as u32);
        b = b.wrapping_add(seed as u32);
        mix(&mut a, &mut b, &mut c);
    }
    let mut chunks = bytes.chunks_exact(12);
    for chunk in &mut chunks {
        a = a.wrapping_add(word(&chunk[0..4]));
        b = b.wrapping_add(word(&chunk[4..8]));
        c = c.wrapping_add(word(&chunk[8..12]));
        mix(&mut a, &mut b, &mut c);
    }
    let tail = chunks.remainder();
    a = a.wrapping_add(word(&tail[..tail.len().min(4)]));
    if tail.len() > 4 {
        b = b.wrapping_add(word(&tail[4..tail.len().min(8)]));
    }
    if tail.len() > 8 {
        // The lowest byte of c is reserved for the length (which lookup3 does not add).
        c = c.wrapping_add(word(&tail[8..]) << 8);
    }
    finish(&mut a, &mut b, &mut c);
    (u64::from(b) << 32) | u64::from(c)
}

/// Up to four bytes as a little-endian word, the missing high bytes zero.
fn word(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .rev()
        .fold(0, |word, &byte| (word << 8) | u32::from(byte))
}

/// lookup3's `mix`.
fn mix(a: &mut u32, b: &mut u32, c: &mut u32) {
    *a = a.wrapping_sub(*c);
    *a ^= c.rotate_left(4);
    *c = c.wrapping_add(*b);
    *b = b.wrapping_sub(*a);
    *b ^= a.rotate_left(6);
    *a = a.wrapping_add(*c);
    *c = c.wrapping_sub(*b);
    *c ^= b.rotate_left(8);
    *b = b.wrapping_add(*a);
    *a = a.wrapping_sub(*c);
    *a ^= c.rotate_left(16);
    *c = c.wrapping_add(*b);
    *b = b.wrapping_sub(*a);
    *b ^= a.rotate_left(19);
    *a = a.wrapping_add(*c);
    *c = c.wrapping_sub(*b);
    *c ^= b.rotate_left(4);
    *b = b.wrapping_add(*a);
}

/// lookup3's `final`.
fn finish(a: &mut u32, b: &mut u32, c: &mut u32) {
    *c ^= *b;
    *c = c.wrapping_sub(b.rotate_left(14));
    *a ^= *c;
    *a = a.wrapping_sub(c.rotate_left(11));
    *b ^= *a;
    *b = b.wrapping_sub(a.rotate_left(25));
    *c ^= *b;
    *c = c.wrapping_sub(b.rotate_left(16));
    *a ^= *c;
    *a = a.wrapping_sub(c.rotate_left(4));
    *b ^= *a;
    *b = b.wrapping_sub(a.rotate_left(14));
    *c ^= *b;
    *c = c.wrapping_sub(b.rotate_left(24));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values read off PostgreSQL 15 (`select hashtextextended(t, 0)`); the integration
    /// suite compares many more with the server it runs against.
    #[test]
    fn agrees_with_postgres_on_known_values() {
        for (text, expected) in KNOWN {
            assert_eq!(
                postgres_hash(text.as_bytes(), 0) as i64,
                *expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn chains_the_parts_of_a_row_in_sql_as_here() {
        assert_eq!(
            postgres_sql(&["id", "checksum"]),
            "hashtextextended(checksum, hashtextextended(id, 0))"
        );
        let hash = TextHash {
            sql: postgres_sql,
            hash: postgres_hash,
        };
        let first = postgres_hash(b"m1", 0);
        assert_eq!(hash.row(&["m1", "ab"]), postgres_hash(b"ab", first));
        assert_ne!(hash.row(&["m1", "ab"]), hash.row(&["ab", "m1"]));
    }

    const KNOWN: &[(&str, i64)] = &[
        ("", -6939563903564495251),
        ("a", 3591986179850072241),
        ("abcd", -1038429303365892052),
        ("abcde", 3076356108696143428),
        ("abcdefgh", -8882191227074733005),
        ("abcdefghi", -3278210106038014113),
        ("abcdefghijk", 3112909444737856467),
        ("abcdefghijkl", -7556637188122330412),
        ("abcdefghijklm", 8871624171452417744),
        (
            "m2024_01_01_000001_create_users 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            -1795458761294754745,
        ),
        ("é😀ü", -7588883132458712397),
    ];
}
