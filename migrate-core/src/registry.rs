//! Gathers what `#[migration]` registered, pairs `up` with `down`, orders and validates.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use crate::migration::{Kind, MigrationFn, Registration};
use crate::{Error, Result};

/// The longest id the repository table can hold (a MySQL utf8mb4 key of 191 characters).
pub const MAX_ID_LENGTH: usize = 191;

/// One migration: an `up` function and, usually, the `down` that reverses it.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    up: &'static Registration,
    down: Option<&'static Registration>,
}

impl Migration {
    /// The id, which orders migrations and names them in the repository.
    pub fn id(&self) -> &'static str {
        self.up.id()
    }

    /// The checksum of the `up` function's tokens.
    pub fn checksum(&self) -> &'static str {
        self.up.checksum
    }

    /// `file:line` of the `up` function.
    pub fn location(&self) -> String {
        self.up.location()
    }

    /// `file!()` of the `up` function.
    pub fn file(&self) -> &'static str {
        self.up.file
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
    let registered = Arc::new(Registered::new(gather(registrations)?));
    if let Ok(mut cache) = cache.lock() {
        cache.insert(key, Arc::clone(&registered));
    }
    Ok(registered)
}

pub(crate) fn gather(
    registrations: impl IntoIterator<Item = &'static Registration>,
) -> Result<Vec<Migration>> {
    let mut problems = Vec::new();
    let mut by_id: BTreeMap<
        &'static str,
        (Option<&'static Registration>, Option<&'static Registration>),
    > = BTreeMap::new();
    for registration in registrations {
        let id = registration.id();
        if let Err(problem) = validate_id(id) {
            problems.push(format!("{problem} ({})", registration.location()));
            continue;
        }
        let entry = by_id.entry(id).or_default();
        let slot = match registration.kind {
            Kind::Up => &mut entry.0,
            Kind::Down => &mut entry.1,
        };
        match slot {
            Some(first) => {
                let (a, b) = ordered(first, registration);
                problems.push(format!(
                    "two `{}` functions for migration `{id}`: {} and {}",
                    kind_name(registration.kind),
                    a.location(),
                    b.location()
                ));
            }
            None => *slot = Some(registration),
        }
    }
    let mut migrations = Vec::with_capacity(by_id.len());
    for (id, (up, down)) in by_id {
        match (up, down) {
            (Some(up), down) => migrations.push(Migration { up, down }),
            (None, Some(down)) => problems.push(format!(
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

/// Two registrations in a stable order (by location), so messages do not depend on link order.
fn ordered<'a>(a: &'a Registration, b: &'a Registration) -> (&'a Registration, &'a Registration) {
    if (a.file, a.line) <= (b.file, b.line) {
        (a, b)
    } else {
        (b, a)
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
        line: 1,
        transaction: true,
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
