//! The production guard: where the environment says production, commands that change the
//! schema ask first (or take `--force`), as Laravel's `migrate` does.
//!
//! The environment is `MIGRATE_ENV`, else `APP_ENV` (Laravel's), from the process environment
//! or the package's `.env`; `production` or `prod` is production.

use super::output::capitalized;
use super::{database, fresh, CliError};

/// The variables that name the environment, in order.
const ENVIRONMENT: [&str; 2] = ["MIGRATE_ENV", "APP_ENV"];

/// `Some("APP_ENV=production")` when the environment is production.
fn production() -> Result<Option<String>, CliError> {
    for name in ENVIRONMENT {
        if let Some(value) = database::setting(name)? {
            let production = matches!(value.to_ascii_lowercase().as_str(), "production" | "prod");
            return Ok(production.then(|| format!("{name}={value}")));
        }
    }
    Ok(None)
}

/// In production, asks before `action` (`run migrations`, `roll back migrations`) on
/// `database`, unless `force`; elsewhere, goes on.
pub(crate) fn guard(force: bool, action: &str, database: &str) -> Result<(), CliError> {
    if force {
        return Ok(());
    }
    let Some(environment) = production()? else {
        return Ok(());
    };
    fresh::confirm(
        false,
        &format!("{action} in production ({environment})"),
        &format!(
            "The environment is production ({environment}). {action} on {database}?",
            action = capitalized(action)
        ),
    )
}
