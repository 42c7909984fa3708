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
        Err(error) => return Err(without_values(error).into()),
    };
    for entry in entries {
        let (key, value) = entry.map_err(without_values)?;
        if key == DATABASE_URL && !value.is_empty() {
            return Ok(value);
        }
    }
    Err(CliError::NoDatabase)
}

/// A `.env` error without the text of the line it quotes, which may hold a password (a
/// `DATABASE_URL` with an unmatched quote): only the line's key is kept.
fn without_values(error: dotenvy::Error) -> dotenvy::Error {
    match error {
        dotenvy::Error::LineParse(line, index) => {
            let shown = match line.split_once('=') {
                Some((key, _)) => format!("{}=<value not shown>", key.trim()),
                None => "<line not shown>".to_owned(),
            };
            dotenvy::Error::LineParse(shown, index)
        }
        other => other,
    }
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
    fn a_bad_dotenv_line_is_not_shown() {
        let error = without_values(dotenvy::Error::LineParse(
            "DATABASE_URL=\"postgres://u:secret@h/db".into(),
            13,
        ));
        assert_eq!(
            error.to_string(),
            "Error parsing line: 'DATABASE_URL=<value not shown>', error at line index: 13"
        );
    }

    #[test]
    fn passwords_are_masked() {
        assert_eq!(masked("postgres://u:pw@h/db"), "postgres://u:***@h/db");
        assert_eq!(masked("sqlite://a.db"), "sqlite://a.db");
    }
}
