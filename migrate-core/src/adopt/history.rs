//! Reading another tool's history table, in its exact layout, on any dialect.

use chrono::{DateTime, NaiveDateTime};

use super::{OldEntry, Tool};
use crate::{Error, MigrationConnection, Result, Schema};

/// The columns read, in order: version, name, applied at, success, execution time (ns).
fn columns(tool: Tool) -> [Option<&'static str>; 5] {
    match tool {
        Tool::Diesel => [Some("version"), None, Some("run_on"), None, None],
        Tool::Sqlx => [
            Some("version"),
            Some("description"),
            Some("installed_on"),
            Some("success"),
            Some("execution_time"),
        ],
        Tool::Refinery => [
            Some("version"),
            Some("name"),
            Some("applied_on"),
            None,
            None,
        ],
    }
}

/// The history `tool` recorded in this database, oldest version first. No table is an error.
pub(crate) fn read(conn: &mut dyn MigrationConnection, tool: Tool) -> Result<Vec<OldEntry>> {
    let table = tool.table();
    if !Schema::new(conn).has_table(table)? {
        return Err(Error::CannotAdopt {
            tool: tool.to_string(),
            problems: vec![format!("this database has no `{table}` table")],
        });
    }
    let grammar = conn.dialect().grammar();
    let mut select = Vec::new();
    for column in columns(tool).iter().flatten() {
        select.push(grammar.text_cast(&grammar.wrap(column)?));
    }
    let sql = format!(
        "select {} from {} order by {}",
        select.join(", "),
        grammar.wrap(table)?,
        grammar.wrap("version")?
    );
    let rows = conn
        .load_text(&sql, &[])
        .map_err(|source| Error::Database {
            sql: sql.clone(),
            source,
        })?;
    let mut entries = Vec::new();
    for row in rows {
        let mut values = row.0.into_iter();
        let mut next = |wanted: bool| {
            if wanted {
                values.next().flatten()
            } else {
                None
            }
        };
        let [_, name, _, success, execution] = columns(tool).map(|c| c.is_some());
        let version = next(true).unwrap_or_default();
        let name = next(name);
        let applied = next(true).unwrap_or_default();
        let success = next(success);
        let execution_ns = next(execution);
        let applied_at = parse_time(&applied).ok_or_else(|| Error::CannotAdopt {
            tool: tool.to_string(),
            problems: vec![format!(
                "version {version}: cannot read its time `{applied}` in `{table}`"
            )],
        })?;
        entries.push(OldEntry {
            version,
            name,
            applied_at,
            success: success.is_none_or(|s| matches!(s.as_str(), "1" | "t" | "true" | "TRUE")),
            execution_ms: execution_ns
                .and_then(|ns| ns.parse::<i64>().ok())
                .map_or(0, |ns| ns / 1_000_000),
        });
    }
    // Numerically: refinery's versions are numbers, not padded.
    entries.sort_by_key(|e| (e.version.len(), e.version.clone()));
    Ok(entries)
}

/// A time as the tools write it, in UTC: with an offset (PostgreSQL's `timestamptz` as text,
/// refinery's RFC 3339) or without (`TIMESTAMP` columns, taken as UTC, as the tools write them).
pub(crate) fn parse_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.naive_utc());
    }
    for format in ["%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M:%S%.f%#z"] {
        if let Ok(at) = DateTime::parse_from_str(text, format) {
            return Some(at.naive_utc());
        }
    }
    for format in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"] {
        if let Ok(at) = NaiveDateTime::parse_from_str(text, format) {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::parse_time;

    #[test]
    fn reads_the_times_each_tool_writes() {
        let at = |s: &str| parse_time(s).map(|t| t.to_string());
        let noon = Some("2026-01-02 12:00:00".to_owned());
        assert_eq!(at("2026-01-02 12:00:00"), noon);
        assert_eq!(at("2026-01-02 14:00:00+02"), noon);
        assert_eq!(at("2026-01-02T12:00:00Z"), noon);
        assert_eq!(
            at("2026-01-02 12:00:00.250").as_deref(),
            Some("2026-01-02 12:00:00.250")
        );
        assert_eq!(at("yesterday"), None);
    }
}
