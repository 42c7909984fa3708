//! Gathers what `#[migration]` registered, pairs `up` with `down`, orders and validates.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::migration::{Kind, Library, MigrationFn, Registration};
use crate::{Error, Result};

/// The longest id the repository table can hold (a MySQL utf8mb4 key of 191 characters).
pub const MAX_ID_LENGTH: usize = 191;

/// One migration: an `up` function and, usually, the `down` that reverses it.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    id: &'static str,
    up: &'static Registration,
    down: Option<&'static Registration>,
}

impl Migration {
    /// The id, which orders migrations and names them in the repository: a library's
    /// migration has its crate's name after a `.` (`m2026_01_01_000000_create_jobs.queue`).
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The checksum of the `up` function's tokens.
    pub fn checksum(&self) -> &'static str {
        self.up.checksum
    }

    /// `file:line` of the `up` function.
    pub fn location(&self) -> String {
        self.up.location()
    }

    /// The file of the `up` function, relative to its package (see [`Registration::file`]).
    pub fn file(&self) -> &'static str {
        self.up.file()
    }

    /// The line of the `up` function's name.
    pub fn line(&self) -> u32 {
        self.up.line
    }

    /// The module the migration is defined in.
    pub fn module_path(&self) -> &'static str {
        self.up.module_path
    }

    /// Whether the migration has a `down` function.
    pub fn is_reversible(&self) -> bool {
        self.down.is_some()
    }

    pub(crate) fn function(&self, kind: Kind) -> Option<(MigrationFn, &'static Registration)> {
        match kind {
            Kind::Up => Some((self.up.function, self.up)),
            Kind::Down => self.down.map(|d| (d.function, d)),
        }
    }
}

/// Whether `id` can name a migration: 1 to 191 ASCII letters, digits, `_`, `-` or `.`.
pub fn validate_id(id: &str) -> std::result::Result<(), String> {
    // Every boot validates every id: bytes first, the messages only for a bad one.
    if (1..=MAX_ID_LENGTH).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        return Ok(());
    }
    if id.is_empty() {
        return Err("a migration id cannot be empty".into());
    }
    if id.len() > MAX_ID_LENGTH {
        return Err(format!(
            "migration id `{id}` is {} characters long; at most {MAX_ID_LENGTH} are allowed",
            id.len()
        ));
    }
    if let Some(bad) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        return Err(format!(
            "migration id `{id}` contains {bad:?}; only ASCII letters, digits, `_`, `-` and `.` are allowed"
        ));
    }
    Ok(())
}

/// Whether a registration lives in `module` or below it.
fn in_module(registration: &Registration, module: &str) -> bool {
    let path = registration.module_path;
    path == module
        || path
            .strip_prefix(module)
            .is_some_and(|rest| rest.starts_with("::"))
}

/// Every registered migration (under `module`, if given), sorted by id.
///
/// All problems are reported together: malformed ids, two `up` or two `down` functions for
/// one id (naming both places), and a `down` without an `up`.
///
/// The registrations never change while the program runs, so a valid set is gathered once
/// per module and kept: the boot-time check of a long-lived application costs nothing here.
pub fn collect(module: Option<&str>) -> Result<Vec<Migration>> {
    Ok(registered(module)?.migrations.clone())
}

/// The migrations of one module, gathered once: what the boot-time check compares the
/// repository's fingerprint with.
#[derive(Debug)]
pub(crate) struct Registered {
    pub(crate) migrations: Vec<Migration>,
}

impl Registered {
    fn new(migrations: Vec<Migration>) -> Self {
        Registered { migrations }
    }

    /// Whether a repository fingerprint (`<row count>:<rows>`, see
    /// `Repository::fingerprint`) says that every migration is recorded as applied with its
    /// current checksum, and nothing else is recorded: whether its rows are exactly the
    /// migrations' `id checksum applied`, joined with `,`, in any order.
    ///
    /// Compared piece by piece with the migrations themselves, so a boot builds no string
    /// of its own. Ids, checksums and states never contain a space or a comma, so the rows
    /// split back unambiguously: a recorded value that does contain one either adds a `,`
    /// (then there are more pieces than rows) or a space (then its piece matches no
    /// migration's).
    pub(crate) fn is_fingerprint_of_all_applied(&self, fingerprint: &str) -> bool {
        let Some((count, rows)) = fingerprint.split_once(':') else {
            return false;
        };
        if count.parse() != Ok(self.migrations.len()) {
            return false;
        }
        // Rows usually come back in the order they were inserted, which is id order.
        if self.spell_in_order(rows) {
            return true;
        }
        let mut pieces: Vec<&str> = rows.split(',').collect();
        if pieces.len() != self.migrations.len() {
            return false;
        }
        // `id checksum state` sorts by id, since a space sorts before every id character.
        pieces.sort_unstable();
        pieces
            .into_iter()
            .zip(&self.migrations)
            .all(|(piece, migration)| row_rest(piece, migration) == Some(""))
    }

    /// Whether `rows` is every migration's row, in id order, joined with `,`.
    fn spell_in_order(&self, rows: &str) -> bool {
        let mut rest = rows;
        for (n, migration) in self.migrations.iter().enumerate() {
            let row = if n == 0 {
                Some(rest)
            } else {
                rest.strip_prefix(',')
            };
            match row.and_then(|row| row_rest(row, migration)) {
                Some(after) => rest = after,
                None => return false,
            }
        }
        rest.is_empty()
    }
}

/// What follows `migration`'s row (`id checksum applied`) at the start of `text`, if it
/// starts with it.
fn row_rest<'a>(text: &'a str, migration: &Migration) -> Option<&'a str> {
    text.strip_prefix(migration.id())?
        .strip_prefix(' ')?
        .strip_prefix(migration.checksum())?
        .strip_prefix(' ')?
        .strip_prefix(crate::repository::APPLIED)
}

/// The cached [`Registered`] set of `module`.
pub(crate) fn registered(module: Option<&str>) -> Result<Arc<Registered>> {
    static GATHERED: OnceLock<Mutex<HashMap<Option<String>, Arc<Registered>>>> = OnceLock::new();
    let cache = GATHERED.get_or_init(Mutex::default);
    let key = module.map(str::to_owned);
    if let Some(registered) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(registered);
    }
    let registrations = inventory::iter::<Registration>
        .into_iter()
        .filter(|r| module.is_none_or(|m| in_module(r, m)));
    let libraries: Vec<&str> = inventory::iter::<Library>
        .into_iter()
        .map(|l| l.crate_name)
        .collect();
    let registered = Arc::new(Registered::new(gather_namespaced(
        registrations,
        &libraries,
    )?));
    if let Ok(mut cache) = cache.lock() {
        cache.insert(key, Arc::clone(&registered));
    }
    Ok(registered)
}

/// Pairs, orders and checks registrations, all of the application.
#[cfg(test)]
pub(crate) fn gather(
    registrations: impl IntoIterator<Item = &'static Registration>,
) -> Result<Vec<Migration>> {
    gather_namespaced(registrations, &[])
}

/// The id of a registration: a library's has the crate's name after a `.`.
///
/// Such ids are made once per process (the registry keeps what it gathered), so leaking
/// them is bounded by the number of library migrations.
fn namespaced_id(registration: &Registration, libraries: &[&str]) -> &'static str {
    let id = registration.id();
    if libraries.is_empty() {
        return id;
    }
    let krate = registration
        .module_path
        .split("::")
        .next()
        .unwrap_or_default();
    if libraries.contains(&krate) {
        Box::leak(format!("{id}.{krate}").into_boxed_str())
    } else {
        id
    }
}

/// Pairs, orders and checks registrations; those of `libraries` (crate names) get
/// namespaced ids. Within a crate `#[migration]` already rejects an invalid set at compile
/// time; what remains are sets spread over several crates.
pub(crate) fn gather_namespaced(
    registrations: impl IntoIterator<Item = &'static Registration>,
    libraries: &[&str],
) -> Result<Vec<Migration>> {
    let mut problems = Vec::new();
    // One vector, sorted: this runs once per process at boot, where a map of vectors per id
    // cost most of the registry's time.
    let mut entries: Vec<(&'static str, &'static Registration)> = Vec::new();
    for registration in registrations {
        let id = namespaced_id(registration, libraries);
        if let Err(problem) = validate_id(id) {
            problems.push(format!("{problem} ({})", registration.location()));
            continue;
        }
        entries.push((id, registration));
    }
    // By id, `up` before `down`, then by location: each migration's functions side by side.
    let key = |(id, r): &(&'static str, &'static Registration)| {
        (*id, r.kind == Kind::Down, r.file, r.line)
    };
    entries.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
    let mut migrations = Vec::with_capacity(entries.len() / 2 + 1);
    for group in entries.chunk_by(|a, b| a.0 == b.0) {
        let id = group[0].0;
        let (ups, downs) = group.split_at(group.partition_point(|(_, r)| r.kind == Kind::Up));
        for (kind, half) in [(Kind::Up, ups), (Kind::Down, downs)] {
            // Each location once: one function registered twice is still one place to fix.
            // (Sorted by location, so the same one is adjacent.)
            let place = |(_, r): &(&str, &'static Registration)| (r.file, r.line);
            if half.windows(2).any(|w| place(&w[0]) != place(&w[1])) {
                let mut located: Vec<&Registration> = half.iter().map(|&(_, r)| r).collect();
                located.dedup_by_key(|r| (r.file, r.line));
                let listed: Vec<String> = located.iter().map(|r| r.location()).collect();
                problems.push(format!(
                    "migration `{id}` has more than one `{}` function: {}",
                    kind_name(kind),
                    listed.join(", ")
                ));
            }
        }
        match (ups.first(), downs.first()) {
            (Some(&(_, up)), down) => migrations.push(Migration {
                id,
                up,
                down: down.map(|&(_, r)| r),
            }),
            (None, Some((_, down))) => problems.push(format!(
                "migration `{id}` has a `down` function ({}) but no `up`",
                down.location()
            )),
            (None, None) => {}
        }
    }
    if problems.is_empty() {
        Ok(migrations)
    } else {
        problems.sort();
        Err(Error::Registry(problems.join("\n  ")))
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Up => "up",
        Kind::Down => "down",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nothing(_: &mut crate::Schema<'_>) -> Result<()> {
        Ok(())
    }

    static A: Registration = Registration {
        id: Some("a"),
        module_path: "app::migrations",
        kind: Kind::Up,
        function: nothing,
        checksum: "c1",
        file: "src/migrations.rs",
        package_root: "",
        line: 1,
        transaction: true,
        lint_allow: &[],
        lint_reason: None,
    };
    static B: Registration = Registration {
        id: Some("b"),
        checksum: "c2",
        line: 2,
        ..A
    };

    #[test]
    fn a_fingerprint_matches_exactly_the_applied_rows() {
        let registered = Registered::new(gather([&A, &B]).unwrap());
        let matches = |fingerprint| registered.is_fingerprint_of_all_applied(fingerprint);
        assert!(matches("2:a c1 applied,b c2 applied"));
        assert!(matches("2:b c2 applied,a c1 applied"), "in any order");

        assert!(!matches("1:a c1 applied"), "b is pending");
        assert!(!matches("2:a c1 applied,b c9 applied"), "b was edited");
        assert!(!matches("2:a c1 applied,b c2 dirty"), "b is dirty");
        assert!(
            !matches("3:a c1 applied,b c2 applied,c c3 applied"),
            "c is missing"
        );
        assert!(
            !matches("2:a c1 applied,a c1 applied"),
            "a twice, b not at all"
        );
        // One row whose id holds the separators, spelling both rows: one row, two pieces.
        assert!(!matches("1:a c1 applied,b c2 applied"));
        // Two rows, one of which spells both: three pieces.
        assert!(!matches("2:a c1 applied,b c2 applied,x y z"));
        assert!(
            !matches("2:a  c1 applied,b c2 applied"),
            "a space inside a value"
        );
        assert!(!matches("garbage"));
        assert!(
            !matches("2:a c1 applied,b c2 appliedx"),
            "more after the last row"
        );
        assert!(
            !matches("2:a c1 applied,b c2 applied,"),
            "an empty third row"
        );
        assert!(
            !matches("2:a c1 applied,,b c2 applied"),
            "an empty row between"
        );
        assert!(!matches("2:a c1 applied b c2 applied"), "no separator");
        assert!(
            !matches("2:ax c1 applied,b c2 applied"),
            "an id that extends a's"
        );
        assert!(!matches("2:a c1 applied,b c2"), "no state");

        let none = Registered::new(Vec::new());
        assert!(none.is_fingerprint_of_all_applied("0:"));
        assert!(!none.is_fingerprint_of_all_applied("1:a c1 applied"));
    }

    #[test]
    fn a_file_compiled_in_by_absolute_path_is_shown_relative_to_its_package() {
        static FOUND: Registration = Registration {
            file: "/home/me/shop/src/migrations/m2026_01_01_000000_x.rs",
            package_root: "/home/me/shop",
            ..A
        };
        static ELSEWHERE: Registration = Registration {
            file: "/home/me/shopping/src/m.rs",
            package_root: "/home/me/shop",
            ..A
        };
        assert_eq!(FOUND.file(), "src/migrations/m2026_01_01_000000_x.rs");
        assert_eq!(FOUND.location(), "src/migrations/m2026_01_01_000000_x.rs:1");
        assert_eq!(ELSEWHERE.file(), "/home/me/shopping/src/m.rs");
        assert_eq!(A.file(), "src/migrations.rs");
    }

    #[test]
    fn a_library_s_ids_are_namespaced_and_ordered_by_timestamp() {
        static JOBS: Registration = Registration {
            id: None,
            module_path: "queue::migrations::m2026_01_01_000000_create_jobs",
            ..A
        };
        static APP_JOBS: Registration = Registration {
            id: None,
            module_path: "app::migrations::m2026_01_01_000000_create_jobs",
            ..A
        };
        static EARLIER: Registration = Registration {
            id: Some("m2025_01_01_000000_x"),
            ..A
        };
        let migrations = gather_namespaced([&JOBS, &APP_JOBS, &EARLIER], &["queue"]).unwrap();
        let ids: Vec<&str> = migrations.iter().map(|m| m.id()).collect();
        assert_eq!(
            ids,
            [
                "m2025_01_01_000000_x",
                "m2026_01_01_000000_create_jobs",
                "m2026_01_01_000000_create_jobs.queue"
            ]
        );
    }

    #[test]
    fn ids_are_checked() {
        assert!(validate_id("m2026_11_25_140312_create_users").is_ok());
        assert!(validate_id("0001.init-schema").is_ok());
        assert_eq!(
            validate_id("bad id").unwrap_err(),
            "migration id `bad id` contains ' '; only ASCII letters, digits, `_`, `-` and `.` are allowed"
        );
        assert!(validate_id("").is_err());
        assert!(validate_id(&"a".repeat(192)).is_err());
    }
}
