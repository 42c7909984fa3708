//! Golden SQL: the exact statements each grammar writes for every Blueprint operation.

mod sqlite;

use migrate_core::{Blueprint, Dialect};

/// Compiles a Blueprint built by `f` on `table` (created when `create` is true).
pub fn sql(
    dialect: Dialect,
    create: bool,
    table: &str,
    f: impl FnOnce(&mut Blueprint),
) -> Vec<String> {
    let mut blueprint = if create {
        Blueprint::create(table)
    } else {
        Blueprint::alter(table)
    };
    f(&mut blueprint);
    blueprint.to_sql(dialect).unwrap_or_else(|e| panic!("{e}"))
}

/// The error a Blueprint built by `f` gives.
pub fn error(
    dialect: Dialect,
    create: bool,
    table: &str,
    f: impl FnOnce(&mut Blueprint),
) -> String {
    let mut blueprint = if create {
        Blueprint::create(table)
    } else {
        Blueprint::alter(table)
    };
    f(&mut blueprint);
    blueprint.to_sql(dialect).unwrap_err().to_string()
}
