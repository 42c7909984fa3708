//! Which database the runner works on: `--database`, else `DATABASE_URL`, else a `.env` file.

use super::CliError;

/// The variable that names the database, in the environment or in `.env`.
const DATABASE_URL: &str = "DATABASE_URL";

/// The database URL: `explicit` (from `--database`), else the environment, else `.env`.
///
/// The `.env` file (looked up in the current directory and its parents) is only read, never
/// loaded into the environment, so it cannot change anything else about the process.
pub(crate) fn resolve_url(explicit: Option<&str>) -> Result<String, CliError> {
    if let Some(url) = explicit {
        return Ok(url.to_owned());
    }
    if let Some(url) = std::env::var(DATABASE_URL)
        .ok()
        .filter(|url| !url.is_empty())
    {
        return Ok(url);
    }
    let entries = match dotenvy::dotenv_iter() {
        Ok(entries) => entries,
        Err(error) if error.not_found() => return Err(CliError::NoDatabase),
        Err(error) => return Err(error.into()),
    };
    for entry in entries {
        let (key, value) = entry?;
        if key == DATABASE_URL && !value.is_empty() {
            return Ok(value);
        }
    }
    Err(CliError::NoDatabase)
}

/// `scheme://user:secret@host/db` → `scheme://user:***@host/db`, for prompts.
pub(crate) fn masked(url: &str) -> String {
    crate::connection::mask_password(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_url_wins() {
        assert_eq!(resolve_url(Some("sqlite://a.db")).unwrap(), "sqlite://a.db");
    }

    #[test]
    fn passwords_are_masked() {
        assert_eq!(masked("postgres://u:pw@h/db"), "postgres://u:***@h/db");
        assert_eq!(masked("sqlite://a.db"), "sqlite://a.db");
    }
}
