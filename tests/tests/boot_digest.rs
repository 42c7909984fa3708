//! PostgreSQL sums the repository's rows for the boot check itself: its `hashtextextended`
//! and `migrate`'s copy of it must agree byte for byte, or every boot falls through to the
//! full (slower, still correct) check.

use migrate_core::schema::grammar::postgres_hash;
use migrate_core::{MigrationConnection, Migrator};

use crate::fixtures;
use crate::support::postgres;

/// Texts of every length up to 300 bytes, ASCII and multi-byte, deterministic.
fn texts() -> Vec<String> {
    let alphabet: Vec<char> = "abcXYZ019_ .-é😀ü'\"\\\t".chars().collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..300)
        .map(|length| {
            let mut text = String::new();
            while text.len() < length {
                text.push(alphabet[next() as usize % alphabet.len()]);
            }
            text
        })
        .collect()
}

#[test]
fn the_servers_text_hash_and_ours_agree() {
    let mut db = postgres();
    for text in texts() {
        let rows = db
            .conn
            .load_text("select cast(hashtextextended($1, 0) as text)", &[&text])
            .unwrap();
        let server: i64 = rows[0].0[0].as_deref().unwrap().parse().unwrap();
        assert_eq!(postgres_hash(text.as_bytes(), 0) as i64, server, "{text:?}");
    }
}

#[test]
fn the_servers_seeded_text_hash_and_ours_agree() {
    let mut db = postgres();
    let seeds = [
        1,
        -1,
        i64::MIN,
        i64::MAX,
        0x1234_5678,
        -0x1234_5678_9abc_def0,
    ];
    for (n, text) in texts().into_iter().enumerate() {
        let seed = seeds[n % seeds.len()];
        let rows = db
            .conn
            .load_text(
                "select cast(hashtextextended($1, cast($2 as bigint)) as text)",
                &[&text, &seed.to_string()],
            )
            .unwrap();
        let server: i64 = rows[0].0[0].as_deref().unwrap().parse().unwrap();
        let ours = postgres_hash(text.as_bytes(), seed as u64) as i64;
        assert_eq!(ours, server, "{text:?} seeded {seed}");
    }
}

#[test]
fn the_server_sums_the_repository_rows_as_the_registry_does() {
    let mut db = postgres();
    let blog = Migrator::new().module(fixtures::module("blog"));
    blog.run(&mut db.conn).unwrap();
    let rows = db
        .conn
        .load_text(
            "select cast(sum(hashtextextended(state, hashtextextended(checksum, \
             hashtextextended(id, 0)))) as text) from migrations",
            &[],
        )
        .unwrap();
    let server: i128 = rows[0].0[0].as_deref().unwrap().parse().unwrap();
    let ours: i128 = blog
        .migrations()
        .unwrap()
        .iter()
        .map(|m| {
            let id = postgres_hash(m.id().as_bytes(), 0);
            let checksum = postgres_hash(m.checksum().as_bytes(), id);
            i128::from(postgres_hash(b"applied", checksum) as i64)
        })
        .sum();
    assert_eq!(server, ours);
    assert!(blog.is_current(&mut db.conn).unwrap());
}
