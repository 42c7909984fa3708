//! Gathers what `#[migration]` registered, pairs `up` with `down`, orders and validates.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::migration::{Kind, Library, MigrationFn, Registration};
use crate::{Error, Result};

mod order;
mod squashes;

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

    /// The id of the migration this one runs after (`#[migration(after = "...")]`), if any.
    pub fn after(&self) -> Option<&'static str> {
        self.up.after
    }

    /// The ids of the migrations this one replaces (`#[migration(replaces = [...])]`):
    /// empty unless it is a squash.
    pub fn replaces(&self) -> &'static [&'static str] {
        self.up.replaces
    }

    /// Whether the migration can be rolled back: it has a `down` function, or it is a
    /// `change` whose `down` is derived.
    pub fn is_reversible(&self) -> bool {
        self.down.is_some() || self.up.change
    }

    /// Whether the migration is a `change` function, whose `down` is derived.
    pub fn is_change(&self) -> bool {
        self.up.change
    }

    /// The registration whose settings (`transaction`) apply to `kind`: a `change`'s derived
    /// down runs under its `change`'s.
    pub(crate) fn registration(&self, kind: Kind) -> Option<&'static Registration> {
        match kind {
            Kind::Up => Some(self.up),
            Kind::Down => self.down.or(self.up.change.then_some(self.up)),
        }
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
pub(crate) fn in_module(registration: &Registration, module: &str) -> bool {
    let path = registration.module_path;
    path == module
        || path
            .strip_prefix(module)
            .is_some_and(|rest| rest.starts_with("::"))
}

/// Every registered migration (under `module`, if given), in the order they run: by id,
/// each one with an `after` placed behind the migration it names.
///
/// All problems are reported together: malformed ids, two `up` or two `down` functions for
/// one id (naming both places), and a `down` without an `up`.
///
/// The registrations never change while the program runs, so a valid set is gathered once
/// per module and kept: the boot-time check of a long-lived application costs nothing here.
pub fn collect(module: Option<&str>) -> Result<Vec<Migration>> {
    Ok(registered(module)?.migrations.clone())
}

/// The migrations of one module, gathered, ordered and validated once per process.
#[derive(Debug)]
pub(crate) struct Registered {
    /// In the order they run.
    pub(crate) migrations: Vec<Migration>,
}

impl Registered {
    fn new(migrations: Vec<Migration>) -> Self {
        Registered { migrations }
    }
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

/// The crate of a registration that belongs to one of `libraries` (crate names), whose ids
/// are namespaced.
pub(crate) fn library_of(registration: &Registration, libraries: &[&str]) -> Option<&'static str> {
    if libraries.is_empty() {
        return None;
    }
    let krate = registration
        .module_path
        .split("::")
        .next()
        .unwrap_or_default();
    libraries.contains(&krate).then_some(krate)
}

/// The id of a registration: a library's has the crate's name after a `.`.
///
/// Such ids are made once per process (the registry keeps what it gathered), so leaking
/// them is bounded by the number of library migrations.
fn namespaced_id(registration: &Registration, libraries: &[&str]) -> &'static str {
    match library_of(registration, libraries) {
        Some(krate) => Box::leak(format!("{}.{krate}", registration.id()).into_boxed_str()),
        None => registration.id(),
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
    let migrations = order::order(migrations, &mut problems);
    squashes::check(&migrations, &mut problems);
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
        after: None,
        replaces: &[],
        change: false,
        lint_allow: &[],
        lint_reason: None,
    };

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

    /// The ids of `registrations` in the order they run, or the registry's error.
    fn run_order(
        registrations: &[&'static Registration],
    ) -> std::result::Result<Vec<&'static str>, String> {
        gather_namespaced(registrations.iter().copied(), &["auth"])
            .map(|migrations| migrations.iter().map(|m| m.id()).collect())
            .map_err(|error| error.to_string())
    }

    static USERS: Registration = Registration {
        id: None,
        module_path: "auth::migrations::m2026_03_01_000000_create_users",
        file: "auth/src/migrations/m2026_03_01_000000_create_users.rs",
        ..A
    };
    static POSTS: Registration = Registration {
        id: Some("m2026_01_01_000000_create_posts"),
        after: Some("m2026_03_01_000000_create_users.auth"),
        file: "src/migrations/m2026_01_01_000000_create_posts.rs",
        line: 4,
        ..A
    };
    static EARLY: Registration = Registration {
        id: Some("m2025_01_01_000000_early"),
        ..A
    };
    static MIDDLE: Registration = Registration {
        id: Some("m2026_02_01_000000_middle"),
        ..A
    };
    static LATE: Registration = Registration {
        id: Some("m2027_01_01_000000_late"),
        ..A
    };

    #[test]
    fn a_migration_runs_after_the_one_it_names_and_the_rest_by_id() {
        assert_eq!(
            run_order(&[&LATE, &POSTS, &MIDDLE, &USERS, &EARLY]).unwrap(),
            [
                "m2025_01_01_000000_early",
                "m2026_02_01_000000_middle",
                "m2026_03_01_000000_create_users.auth",
                "m2026_01_01_000000_create_posts",
                "m2027_01_01_000000_late",
            ]
        );
        // Whatever order the linker registered them in.
        assert_eq!(
            run_order(&[&USERS, &EARLY, &POSTS, &LATE, &MIDDLE]).unwrap(),
            run_order(&[&LATE, &POSTS, &MIDDLE, &USERS, &EARLY]).unwrap(),
        );
        // A chain: the `down` of a migration does not move it, only its `up`'s `after`.
        static COMMENTS: Registration = Registration {
            id: Some("m2025_06_01_000000_create_comments"),
            after: Some("m2026_01_01_000000_create_posts"),
            ..A
        };
        assert_eq!(
            run_order(&[&COMMENTS, &POSTS, &USERS, &LATE]).unwrap(),
            [
                "m2026_03_01_000000_create_users.auth",
                "m2026_01_01_000000_create_posts",
                "m2025_06_01_000000_create_comments",
                "m2027_01_01_000000_late",
            ]
        );
    }

    #[test]
    fn an_after_naming_no_registered_migration_is_an_error_with_a_hint() {
        static TYPO: Registration = Registration {
            after: Some("m2026_03_01_000000_create_users"),
            ..POSTS
        };
        assert_eq!(
            run_order(&[&TYPO, &USERS]).unwrap_err(),
            "invalid migration set: migration `m2026_01_01_000000_create_posts` \
             (src/migrations/m2026_01_01_000000_create_posts.rs:4) is to run after \
             `m2026_03_01_000000_create_users`, which is not registered; did you mean \
             `m2026_03_01_000000_create_users.auth`?"
        );
    }

    #[test]
    fn a_cycle_of_after_is_an_error_naming_every_location() {
        static FIRST: Registration = Registration {
            id: Some("m1"),
            after: Some("m2"),
            file: "src/first.rs",
            ..A
        };
        static SECOND: Registration = Registration {
            id: Some("m2"),
            after: Some("m1"),
            file: "src/second.rs",
            line: 7,
            ..A
        };
        static ITSELF: Registration = Registration {
            id: Some("m3"),
            after: Some("m3"),
            file: "src/third.rs",
            ..A
        };
        static WAITING: Registration = Registration {
            id: Some("m4"),
            after: Some("m1"),
            ..A
        };
        assert_eq!(
            run_order(&[&FIRST, &SECOND, &ITSELF, &WAITING]).unwrap_err(),
            "invalid migration set: migration `m3` (src/third.rs:1) is to run after \
             itself\n  migrations are to run after each other in a cycle: `m1` (src/first.rs:1) \
             after `m2` (src/second.rs:7) after `m1` (src/first.rs:1); remove one `after`"
        );
    }

    #[test]
    fn a_migration_replaced_by_two_squashes_or_a_squash_replacing_itself_is_an_error() {
        static FIRST: Registration = Registration {
            id: Some("m2026_01_02_000000_squash"),
            replaces: &["m2026_01_01_000000_a", "m2026_01_01_000001_b"],
            file: "src/migrations/m2026_01_02_000000_squash.rs",
            line: 3,
            ..A
        };
        static SECOND: Registration = Registration {
            id: Some("m2026_01_03_000000_squash_again"),
            replaces: &["m2026_01_01_000001_b", "m2026_01_03_000000_squash_again"],
            file: "src/migrations/m2026_01_03_000000_squash_again.rs",
            line: 5,
            ..A
        };
        assert_eq!(
            run_order(&[&FIRST, &SECOND]).unwrap_err(),
            "invalid migration set: migration `m2026_01_01_000001_b` is replaced by two \
             squashes: `m2026_01_02_000000_squash` (src/migrations/m2026_01_02_000000_squash.rs:3) \
             and `m2026_01_03_000000_squash_again` \
             (src/migrations/m2026_01_03_000000_squash_again.rs:5); a migration belongs to one \
             squash\n  squash `m2026_01_03_000000_squash_again` \
             (src/migrations/m2026_01_03_000000_squash_again.rs:5) replaces itself: list the \
             migrations it stands for"
        );
    }

    #[test]
    fn a_squash_runs_after_what_it_replaces_and_replaces_no_squash() {
        static OLD: Registration = Registration {
            id: Some("m2026_01_01_000000_a"),
            ..A
        };
        static SQUASH: Registration = Registration {
            id: Some("m2026_01_02_000000_squash"),
            replaces: &["m2026_01_01_000000_a", "m2025_01_01_000000_deleted"],
            ..A
        };
        assert_eq!(
            run_order(&[&SQUASH, &OLD]).unwrap(),
            ["m2026_01_01_000000_a", "m2026_01_02_000000_squash"]
        );
        static EARLY: Registration = Registration {
            id: Some("m2025_12_01_000000_squash"),
            replaces: &["m2026_01_01_000000_a", "bad id"],
            ..A
        };
        static NESTED: Registration = Registration {
            id: Some("m2026_02_01_000000_squash"),
            replaces: &["m2026_01_02_000000_squash"],
            ..A
        };
        let error = run_order(&[&EARLY, &OLD]).unwrap_err();
        assert!(
            error.contains("replaces an invalid id: migration id `bad id`"),
            "{error}"
        );
        assert!(error.contains("which runs after it"), "{error}");
        let error = run_order(&[&OLD, &SQUASH, &NESTED]).unwrap_err();
        assert!(error.contains("which is itself a squash"), "{error}");
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
