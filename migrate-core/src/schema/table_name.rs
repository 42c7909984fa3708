//! Table names as the builder takes them. A dot is never read silently: `reporting.users` is
//! neither a table of the schema `reporting` (not supported yet) nor a table named
//! `reporting.users` (which a porter from Laravel, where it means the former, would not
//! expect), but an error. A table whose name really has a dot is written in double quotes,
//! as in SQL: `"\"reporting.users\""`.

use super::Dialect;
use crate::Error;

/// The table `name` means: the name itself, or the text inside its double quotes (a doubled
/// quote standing for one); `Err` for a dotted name without quotes.
pub(crate) fn literal(name: &str) -> std::result::Result<String, String> {
    if let Some(inner) = name
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    {
        return Ok(inner.replace("\"\"", "\""));
    }
    if name.contains('.') {
        return Err(name.to_owned());
    }
    Ok(name.to_owned())
}

/// The error for a dotted table name given to `operation` on `dialect`.
pub(crate) fn refused(dialect: Dialect, name: &str, operation: &str) -> Error {
    Error::Unsupported {
        dialect: dialect.name(),
        operation: format!(
            "the schema-qualified table name `{name}` ({operation}): `schema.table` names are \
             not supported, and a dot is not taken as part of the name either; for a table \
             whose name has a dot, quote it: `\"\\\"{name}\\\"\"`"
        ),
    }
}

/// [`literal`], or the error for `operation` on `dialect`.
pub(crate) fn resolve(dialect: Dialect, name: &str, operation: &str) -> crate::Result<String> {
    literal(name).map_err(|name| refused(dialect, &name, operation))
}

#[cfg(test)]
mod tests {
    use super::literal;

    #[test]
    fn dots_are_refused_unless_quoted() {
        assert_eq!(literal("users"), Ok("users".into()));
        assert_eq!(literal("reporting.users"), Err("reporting.users".into()));
        assert_eq!(literal("\"reporting.users\""), Ok("reporting.users".into()));
        assert_eq!(literal("\"a\"\"b\""), Ok("a\"b".into()));
    }
}
