//! Database URLs: which backend a URL names, and how to show it, or a driver's message about
//! it, without its password.
//!
//! A password can sit in a URL's user info (`postgres://user:secret@host`), in its query
//! (`?password=secret`, `?sslpassword=secret`) or in a libpq `key=value` string
//! (`password='secret'`). Each is found as a span of the text, masked in what is shown, and
//! every spelling of it (as written, decoded) is cut out of the driver's messages, which may
//! quote it (libpq's "invalid percent-encoded token").

use std::ops::Range;

use crate::schema::Dialect;
use crate::{Error, Result};

/// What every accepted form looks like, for the error on anything else.
const ACCEPTED: &str = "expected sqlite://FILE, a SQLite file path (ending in .db, .db3, \
                        .sqlite or .sqlite3, or containing a path separator), file:FILE, \
                        :memory:, postgres://..., a PostgreSQL key=value string \
                        (host=... dbname=...), or mysql://...";

/// The backend a URL names, and the string to hand to diesel (for MySQL, what follows
/// `scheme://`).
///
/// SQLite is only what says so: `sqlite:`, `file:`, `:memory:`, or a path that looks like a
/// file (a known extension or a path separator), so that a mistyped URL of another database
/// is an error, never a new file named after it.
pub(crate) fn parse_url(url: &str) -> Result<(Dialect, &str)> {
    let bad = |reason: &str| Error::Url {
        url: mask_password(url),
        reason: reason.to_owned(),
    };
    if url.trim().is_empty() {
        return Err(bad("it is empty"));
    }
    if let Some((scheme, rest)) = url.split_once("://").filter(|(s, _)| is_scheme(s)) {
        return match scheme {
            "sqlite" if rest.is_empty() => Err(bad("it names no SQLite file")),
            "sqlite" => Ok((Dialect::Sqlite, rest)),
            "postgres" | "postgresql" => {
                check_user_info(rest).map_err(|reason| bad(&reason))?;
                Ok((Dialect::Postgres, url))
            }
            "mysql" | "mariadb" => {
                check_user_info(rest).map_err(|reason| bad(&reason))?;
                Ok((Dialect::Mysql, rest))
            }
            _ => Err(bad(&format!("unknown scheme `{scheme}` ({ACCEPTED})"))),
        };
    }
    if is_key_value(url) {
        return Ok((Dialect::Postgres, url));
    }
    if let Some(path) = url.strip_prefix("sqlite:") {
        return match path {
            "" => Err(bad("it names no SQLite file")),
            _ => Ok((Dialect::Sqlite, path)),
        };
    }
    if url == ":memory:" || url.starts_with("file:") || looks_like_a_file(url) {
        return Ok((Dialect::Sqlite, url));
    }
    Err(bad(&format!("it is not a database URL ({ACCEPTED})")))
}

/// `url` with every password replaced by `***`, for messages.
pub(crate) fn mask_password(url: &str) -> String {
    let mut masked = String::with_capacity(url.len());
    let mut end = 0;
    for span in secret_spans(url) {
        masked.push_str(&url[end..span.start]);
        masked.push_str("***");
        end = span.end;
    }
    masked.push_str(&url[end..]);
    masked
}

/// A driver's `error` about connecting to `url`, with every spelling of the URL's passwords
/// cut out. Its text may quote them (libpq quotes a badly percent-encoded one), and its
/// `Debug` may hold them (a NUL byte's error keeps every byte of the URL): what is returned
/// holds only the redacted text.
pub(crate) fn redact_error(url: &str, error: diesel::ConnectionError) -> diesel::ConnectionError {
    use diesel::ConnectionError as E;
    match error {
        E::BadConnection(message) => E::BadConnection(redact(url, &message)),
        E::InvalidConnectionUrl(message) => E::InvalidConnectionUrl(redact(url, &message)),
        E::InvalidCString(nul) => E::InvalidConnectionUrl(format!(
            "it contains a NUL character (at byte {} of what was given to the driver)",
            nul.nul_position()
        )),
        other => E::BadConnection(redact(url, &other.to_string())),
    }
}

/// `message` with every spelling of `url`'s passwords replaced by `***`.
fn redact(url: &str, message: &str) -> String {
    let mut secrets: Vec<String> = Vec::new();
    for span in secret_spans(url) {
        let raw = &url[span];
        secrets.push(raw.to_owned());
        secrets.push(percent_decode(raw));
        secrets.push(unquote(raw));
    }
    secrets.retain(|s| !s.is_empty());
    // Longest first, so that a spelling inside another does not leave the rest of it.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    let mut redacted = message.to_owned();
    for secret in &secrets {
        redacted = redacted.replace(secret.as_str(), "***");
    }
    redacted
}

/// Whether `s` is a URL scheme (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`).
fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Whether `s` is a libpq connection string, `key=value ...`: it starts with a keyword
/// followed by `=`, as libpq's own test (an `=` anywhere) would also take it.
fn is_key_value(s: &str) -> bool {
    let s = s.trim_start();
    let key_end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    key_end > 0 && s[key_end..].trim_start().starts_with('=')
}

/// Whether a bare string names a SQLite file: a known extension, or a path separator.
fn looks_like_a_file(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    [".db", ".db3", ".sqlite", ".sqlite3"]
        .iter()
        .any(|extension| lower.ends_with(extension) && lower.len() > extension.len())
        || s.chars().any(std::path::is_separator)
}

/// Where the user info of `rest` (what follows `scheme://`) ends: at the last `@` before the
/// query, which starts at the first `?` after the first `/` (a password may hold a `?`).
fn user_info_end(rest: &str) -> Option<usize> {
    let region_end = rest
        .find('/')
        .and_then(|slash| rest[slash..].find('?').map(|q| slash + q))
        .unwrap_or(rest.len());
    rest[..region_end].rfind('@')
}

/// Refuses user info that libpq and MySQL's URL parser would each split differently (so
/// that a password is taken for a host or a database name, and printed as one): `@`, `/`,
/// `?` and `#` in a user name or password must be percent-encoded.
fn check_user_info(rest: &str) -> std::result::Result<(), String> {
    let Some(at) = user_info_end(rest) else {
        return Ok(());
    };
    let user_info = &rest[..at];
    if user_info.contains(['@', '/', '?', '#']) {
        return Err(
            "its user name, password or database name holds a character that must be \
             percent-encoded there (`@` as %40, `/` as %2F, `?` as %3F, `#` as %23)"
                .into(),
        );
    }
    Ok(())
}

/// The spans of `url` that hold a password, in order and apart.
fn secret_spans(url: &str) -> Vec<Range<usize>> {
    let mut spans = match url.split_once("://").filter(|(s, _)| is_scheme(s)) {
        Some((scheme, rest)) => url_secrets(rest, scheme.len() + 3),
        None if is_key_value(url) => key_value_secrets(url),
        None => Vec::new(),
    };
    spans.sort_by_key(|span| span.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// The password of a URL's user info, and the values of query parameters whose name says
/// password (`password`, `sslpassword`, percent-encoded or not), wherever a `?` or `&`
/// starts one: `offset` is where `rest` starts in the URL.
fn url_secrets(rest: &str, offset: usize) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    if let Some(at) = user_info_end(rest) {
        if let Some(colon) = rest[..at].find(':') {
            spans.push(offset + colon + 1..offset + at);
        }
    }
    for (start, _) in rest.match_indices(['?', '&']) {
        let parameter = &rest[start + 1..];
        let end = parameter.find('&').unwrap_or(parameter.len());
        if let Some((key, _)) = parameter[..end].split_once('=') {
            if names_a_password(&percent_decode(key)) {
                let value = start + 1 + key.len() + 1;
                spans.push(offset + value..offset + start + 1 + end);
            }
        }
    }
    spans
}

/// The values of `password` and `sslpassword` in a libpq `key=value` string, read as libpq
/// reads them (quoted with `'`, backslash escapes); an unterminated value runs to the end.
fn key_value_secrets(s: &str) -> Vec<Range<usize>> {
    let bytes = s.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let key_start = i;
        while i < bytes.len() && bytes[i] != b'=' && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let key = &s[key_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b'=' {
            // Not `key=value`: libpq refuses it, naming the key only.
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let value_start = i;
        let quoted = bytes.get(i) == Some(&b'\'');
        if quoted {
            i += 1;
        }
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'\'' if quoted => {
                    i += 1;
                    break;
                }
                c if !quoted && c.is_ascii_whitespace() => break,
                _ => i += 1,
            }
        }
        i = i.min(bytes.len());
        if names_a_password(key) && i > value_start {
            spans.push(value_start..i);
        }
    }
    spans
}

/// Whether a connection parameter's name says it holds a password (`password`,
/// `sslpassword`, in any case).
fn names_a_password(key: &str) -> bool {
    key.to_ascii_lowercase().contains("password")
}

/// `%XX` sequences decoded (others kept), the bytes read as UTF-8, lossily.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                i += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// A libpq value as libpq reads it: outer quotes dropped, backslash escapes resolved.
fn unquote(s: &str) -> String {
    let inner = s.strip_prefix('\'').unwrap_or(s);
    let inner = inner.strip_suffix('\'').unwrap_or(inner);
    let mut value = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => value.extend(chars.next()),
            c => value.push(c),
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_pick_the_backend() {
        assert_eq!(
            parse_url("sqlite://app.db").unwrap(),
            (Dialect::Sqlite, "app.db")
        );
        assert_eq!(
            parse_url("sqlite:app.db").unwrap(),
            (Dialect::Sqlite, "app.db")
        );
        assert_eq!(
            parse_url("data/app.db").unwrap(),
            (Dialect::Sqlite, "data/app.db")
        );
        assert_eq!(parse_url("app.sqlite3").unwrap().0, Dialect::Sqlite);
        assert_eq!(parse_url(":memory:").unwrap().0, Dialect::Sqlite);
        assert_eq!(
            parse_url("file:app?mode=memory").unwrap().0,
            Dialect::Sqlite
        );
        assert_eq!(parse_url("postgres://u@h/db").unwrap().0, Dialect::Postgres);
        assert_eq!(
            parse_url("postgresql://u@h/db").unwrap().0,
            Dialect::Postgres
        );
        assert_eq!(parse_url("mysql://u@h/db").unwrap().0, Dialect::Mysql);
        assert_eq!(
            parse_url("host=/run/postgresql dbname=app").unwrap().0,
            Dialect::Postgres
        );
    }

    #[test]
    fn anything_else_is_not_a_database_url() {
        for url in ["app", "localhost:5432", "app.db.bak"] {
            let error = parse_url(url).unwrap_err().to_string();
            assert!(error.contains("it is not a database URL"), "{error}");
            assert!(error.contains("sqlite://FILE"), "{error}");
        }
    }

    #[test]
    fn bad_urls_say_why_and_hide_passwords() {
        let err = parse_url("oracle://scott:tiger@h/db")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "invalid database URL `oracle://scott:***@h/db`: unknown scheme `oracle` \
                 (expected sqlite://FILE"
            ),
            "{err}"
        );
        assert_eq!(
            parse_url("").unwrap_err().to_string(),
            "invalid database URL ``: it is empty"
        );
        let err = parse_url("postgres://u:p@ss@h/db").unwrap_err().to_string();
        assert!(!err.contains("p@ss"), "{err}");
        assert!(err.contains("%40"), "{err}");
    }

    #[test]
    fn every_password_is_masked() {
        let cases = [
            ("postgres://u:pw@h/db", "postgres://u:***@h/db"),
            ("postgres://:pw@h", "postgres://:***@h"),
            ("postgres://u:p?w@h/db", "postgres://u:***@h/db"),
            (
                "postgres://u@h/db?password=pw",
                "postgres://u@h/db?password=***",
            ),
            (
                "postgres://u@h/db?sslmode=x&%70assword=pw&a=b",
                "postgres://u@h/db?sslmode=x&%70assword=***&a=b",
            ),
            ("postgres://h?password=p@w", "postgres://h?password=***"),
            ("mysql://u:p%zz@h/db", "mysql://u:***@h/db"),
            (
                "host=h password='p w\\' x' dbname=d",
                "host=h password=*** dbname=d",
            ),
            ("host=h sslpassword = pw", "host=h sslpassword = ***"),
            ("password='unterminated", "password=***"),
            ("sqlite://a.db", "sqlite://a.db"),
        ];
        for (url, masked) in cases {
            assert_eq!(mask_password(url), masked, "{url}");
        }
    }

    #[test]
    fn driver_messages_lose_every_spelling_of_the_password() {
        let url = "host=h password='p\\'w%41' dbname=d";
        assert_eq!(
            redact(url, "bad: p'w%41 and 'p\\'w%41'"),
            "bad: *** and ***"
        );
        let url = "postgres://u:se%63ret@h/db";
        assert_eq!(
            redact(url, "token \"se%63ret\", decoded secret"),
            "token \"***\", decoded ***"
        );
    }
}
