//! The registered seeders, in the order they run; two with one name are an error.

use super::registration::{SeederFn, SeederRegistration};
use crate::{Error, Result};

/// A registered seeder, as [`crate::Migrator::seeders`] lists them.
#[derive(Debug, Clone)]
pub struct Seeder {
    name: &'static str,
    order: i32,
    run: SeederFn,
    location: String,
}

impl Seeder {
    /// Its name: `#[seeder(name = "...")]`, else the function's.
    pub fn name(&self) -> &str {
        self.name
    }

    /// Its order: seeders run by order, then by name.
    pub fn order(&self) -> i32 {
        self.order
    }

    /// `file:line` of the function.
    pub fn location(&self) -> &str {
        &self.location
    }

    pub(crate) fn run(&self) -> SeederFn {
        self.run
    }

    fn from_registration(registration: &SeederRegistration) -> Self {
        let root = registration.package_root.trim_end_matches(['/', '\\']);
        let file = match registration.file.strip_prefix(root) {
            Some(rest) if !root.is_empty() && rest.starts_with(['/', '\\']) => &rest[1..],
            _ => registration.file,
        };
        Seeder {
            name: registration.name,
            order: registration.order,
            run: registration.run,
            location: format!("{}:{}", normalized(file), registration.line),
        }
    }
}

/// `path` without `dir/..` pairs: the runner includes `src/seeders/mod.rs` as
/// `#[path = "../seeders/mod.rs"]`, so `file!()` says `src/bin/../seeders/users.rs`.
fn normalized(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            ".." if parts.last().is_some_and(|p| *p != ".." && !p.is_empty()) => {
                parts.pop();
            }
            "." => {}
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// Whether `module_path` is `module` or below it.
fn within(module_path: &str, module: &str) -> bool {
    module_path == module
        || module_path
            .strip_prefix(module)
            .is_some_and(|rest| rest.starts_with("::"))
}

/// The seeders defined in `module` (or everywhere), sorted by order then name.
pub(crate) fn collect(module: Option<&str>) -> Result<Vec<Seeder>> {
    let mut seeders: Vec<Seeder> = inventory::iter::<SeederRegistration>()
        .filter(|r| module.is_none_or(|module| within(r.module_path, module)))
        .map(Seeder::from_registration)
        .collect();
    seeders.sort_by(|a, b| (a.order, a.name).cmp(&(b.order, b.name)));
    let mut by_name: Vec<&Seeder> = seeders.iter().collect();
    by_name.sort_by_key(|s| s.name);
    if let Some(pair) = by_name.windows(2).find(|pair| pair[0].name == pair[1].name) {
        return Err(Error::Registry(format!(
            "two seeders are named `{}` ({} and {}): give one another name with \
             #[seeder(name = \"...\")]",
            pair[0].name, pair[0].location, pair[1].location
        )));
    }
    Ok(seeders)
}

#[cfg(test)]
mod tests {
    #[test]
    fn normalizes_parent_directories() {
        assert_eq!(
            super::normalized("src/bin/../seeders/users.rs"),
            "src/seeders/users.rs"
        );
        assert_eq!(super::normalized("/app/src/./a.rs"), "/app/src/a.rs");
        assert_eq!(super::normalized("../a.rs"), "../a.rs");
    }
}
