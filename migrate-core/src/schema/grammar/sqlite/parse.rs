//! Just enough of SQLite's SQL to take apart the `CREATE TABLE` / `CREATE INDEX` text that
//! `sqlite_master` keeps: a tokenizer, the items of a table's body (column definitions and
//! table constraints) and the constraints of one column definition.
//!
//! Untouched columns and constraints are copied into a rebuilt table verbatim, so their types,
//! `CHECK`s, collations, defaults and generated expressions survive exactly as written.

use crate::{Error, Result};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A keyword, bare identifier or number.
    Word,
    /// A quoted identifier: `"x"`, `` `x` `` or `[x]`.
    Quoted,
    /// A string literal, `'x'`.
    String,
    /// One punctuation character.
    Punct,
}

/// A token of SQL text, as a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// The token's text.
    pub fn text<'s>(&self, sql: &'s str) -> &'s str {
        &sql[self.start..self.end]
    }

    /// Whether the token is the bare keyword `keyword` (any case).
    pub fn is(&self, sql: &str, keyword: &str) -> bool {
        self.kind == Kind::Word && self.text(sql).eq_ignore_ascii_case(keyword)
    }

    /// Whether the token is the punctuation `c`.
    pub fn is_punct(&self, sql: &str, c: &str) -> bool {
        self.kind == Kind::Punct && self.text(sql) == c
    }

    /// The name the token denotes, unquoted.
    pub fn name(&self, sql: &str) -> String {
        let text = self.text(sql);
        let inner = |q: char| {
            let doubled: String = [q, q].iter().collect();
            text[1..text.len().saturating_sub(1).max(1)].replace(&doubled, &q.to_string())
        };
        match (self.kind, text.chars().next()) {
            (Kind::Quoted, Some('[')) => text[1..text.len().saturating_sub(1).max(1)].to_owned(),
            (Kind::Quoted, Some(q)) | (Kind::String, Some(q)) => inner(q),
            _ => text.to_owned(),
        }
    }

    /// Whether the token names `name` (SQLite compares identifiers ignoring ASCII case).
    pub fn names(&self, sql: &str, name: &str) -> bool {
        matches!(self.kind, Kind::Word | Kind::Quoted | Kind::String)
            && self.name(sql).eq_ignore_ascii_case(name)
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

fn skip_quoted(bytes: &[u8], start: usize, close: u8, doubling: bool) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == close {
            if doubling && bytes.get(i + 1) == Some(&close) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

/// Splits SQL text into tokens, skipping whitespace and comments.
pub(super) fn tokenize(sql: &str) -> Vec<Token> {
    let bytes = sql.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let kind = match bytes[i] {
            b if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = sql[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |end| i + 2 + end + 2);
                continue;
            }
            b'\'' => {
                i = skip_quoted(bytes, i, b'\'', true);
                Kind::String
            }
            q @ (b'"' | b'`') => {
                i = skip_quoted(bytes, i, q, true);
                Kind::Quoted
            }
            b'[' => {
                i = skip_quoted(bytes, i, b']', false);
                Kind::Quoted
            }
            b if is_word_byte(b) => {
                while i < bytes.len() && is_word_byte(bytes[i]) {
                    i += 1;
                }
                Kind::Word
            }
            _ => {
                i += 1;
                Kind::Punct
            }
        };
        tokens.push(Token {
            kind,
            start,
            end: i,
        });
    }
    tokens
}

/// One item of a `CREATE TABLE` body: a column definition or a table constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Item {
    /// The item's text, verbatim.
    pub sql: String,
    /// The column's name, or `None` for a table constraint.
    pub column: Option<String>,
}

/// A `CREATE TABLE` statement taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CreateTable {
    /// The byte range of the table's name (with its schema, if written).
    pub name: (usize, usize),
    /// Column definitions and table constraints, in order.
    pub items: Vec<Item>,
    /// What follows the closing parenthesis (`WITHOUT ROWID`, `STRICT`), verbatim.
    pub options: String,
}

fn malformed(what: &str, sql: &str) -> Error {
    Error::Schema(format!(
        "cannot rebuild the table: its {what} could not be read from `{sql}`"
    ))
}

/// Splits the tokens between `open` (an opening parenthesis) and its closing one at the
/// commas of that level. Returns the groups and the index of the closing parenthesis.
pub(super) fn split_group(
    sql: &str,
    tokens: &[Token],
    open: usize,
) -> Option<(Vec<(usize, usize)>, usize)> {
    let mut depth = 0usize;
    let mut groups = Vec::new();
    let mut start = open + 1;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        if token.is_punct(sql, "(") {
            depth += 1;
        } else if token.is_punct(sql, ")") {
            depth -= 1;
            if depth == 0 {
                if start < i {
                    groups.push((start, i));
                }
                return Some((groups, i));
            }
        } else if depth == 1 && token.is_punct(sql, ",") {
            groups.push((start, i));
            start = i + 1;
        }
    }
    None
}

/// Takes apart the `CREATE TABLE` text of `sqlite_master`.
pub(super) fn create_table(sql: &str) -> Result<CreateTable> {
    let tokens = tokenize(sql);
    let table = tokens
        .iter()
        .position(|t| t.is(sql, "table"))
        .filter(|_| tokens.first().is_some_and(|t| t.is(sql, "create")))
        .ok_or_else(|| malformed("definition", sql))?;
    let mut name = table + 1;
    if tokens.get(name).is_some_and(|t| t.is(sql, "if")) {
        name += 3;
    }
    let mut name_end = name;
    if tokens.get(name + 1).is_some_and(|t| t.is_punct(sql, ".")) {
        name_end = name + 2;
    }
    let open = name_end + 1;
    if !tokens.get(open).is_some_and(|t| t.is_punct(sql, "(")) {
        return Err(malformed("column list", sql));
    }
    let (groups, close) =
        split_group(sql, &tokens, open).ok_or_else(|| malformed("column list", sql))?;
    let items = groups
        .into_iter()
        .map(|(first, end)| {
            let head = &tokens[first];
            let constraint = ["constraint", "primary", "unique", "check", "foreign"]
                .iter()
                .any(|k| head.is(sql, k));
            Item {
                sql: sql[head.start..tokens[end - 1].end].to_owned(),
                column: (!constraint).then(|| head.name(sql)),
            }
        })
        .collect();
    Ok(CreateTable {
        name: (tokens[name].start, tokens[name_end].end),
        items,
        options: sql[tokens[close].end..].trim_end().to_owned(),
    })
}

/// The keyword that a constraint (table or column) starts with, after `CONSTRAINT name`,
/// lowercase; and the constraint's name, if it has one.
pub(super) fn constraint_head(sql: &str) -> (String, Option<String>) {
    let tokens = tokenize(sql);
    match tokens.first() {
        Some(t) if t.is(sql, "constraint") => (
            tokens
                .get(2)
                .map(|k| k.text(sql).to_ascii_lowercase())
                .unwrap_or_default(),
            tokens.get(1).map(|n| n.name(sql)),
        ),
        Some(t) => (t.text(sql).to_ascii_lowercase(), None),
        None => (String::new(), None),
    }
}

/// The names in the first parenthesized list of a table constraint: the columns of
/// `PRIMARY KEY (a, b)`, `UNIQUE (a)` or `FOREIGN KEY (a) REFERENCES ...`.
pub(super) fn constraint_columns(sql: &str) -> Vec<String> {
    let tokens = tokenize(sql);
    let Some(open) = tokens.iter().position(|t| t.is_punct(sql, "(")) else {
        return Vec::new();
    };
    split_group(sql, &tokens, open)
        .map(|(groups, _)| groups.iter().map(|&(s, _)| tokens[s].name(sql)).collect())
        .unwrap_or_default()
}

/// Whether a `CREATE INDEX` names the column `name` after `ON table`: in its columns,
/// expressions or `WHERE` clause. A string literal (`where kind = 'name'`) is not a mention.
pub(super) fn index_mentions(sql: &str, name: &str) -> bool {
    let tokens = tokenize(sql);
    let on = tokens.iter().position(|t| t.is(sql, "on")).unwrap_or(0);
    mentions(sql, &tokens[(on + 2).min(tokens.len())..], name)
}

/// Whether any of `tokens` is the identifier `name` (bare or quoted, not a string literal).
pub(super) fn mentions(sql: &str, tokens: &[Token], name: &str) -> bool {
    tokens
        .iter()
        .any(|t| t.kind != Kind::String && t.names(sql, name))
}

/// Whether `sql` (a column definition or table constraint) has `REFERENCES table`.
pub(super) fn references_table(sql: &str, table: &str) -> bool {
    tokenize(sql)
        .windows(2)
        .any(|w| w[0].is(sql, "references") && w[1].kind != Kind::String && w[1].names(sql, table))
}

/// Whether `sql` has the bare keyword `keyword`.
pub(super) fn has_keyword(sql: &str, keyword: &str) -> bool {
    tokenize(sql).iter().any(|t| t.is(sql, keyword))
}

/// The constraints of one column definition, as (keyword, start byte, end byte), the keyword
/// lowercase and the range starting at `CONSTRAINT name` when the constraint is named.
pub(super) fn column_constraints(sql: &str) -> Vec<(String, usize, usize)> {
    const STARTS: [&str; 11] = [
        "constraint",
        "primary",
        "not",
        "null",
        "unique",
        "check",
        "default",
        "collate",
        "references",
        "generated",
        "as",
    ];
    let tokens = tokenize(sql);
    let mut starts: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut pending: Option<usize> = None;
    let mut i = 1;
    while i < tokens.len() {
        let token = tokens[i];
        if token.is_punct(sql, "(") {
            depth += 1;
        } else if token.is_punct(sql, ")") {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && STARTS.iter().any(|k| token.is(sql, k)) {
            let previous = tokens[i - 1];
            let next = tokens.get(i + 1);
            let keyword = token.text(sql).to_ascii_lowercase();
            let starts_one = match keyword.as_str() {
                "not" => next.is_some_and(|n| n.is(sql, "null")),
                "null" => !previous.is(sql, "not") && !previous.is(sql, "set"),
                "default" => !previous.is(sql, "set"),
                "as" => !previous.is(sql, "always"),
                _ => true,
            };
            if starts_one {
                if keyword == "constraint" {
                    pending = Some(token.start);
                    i += 2;
                    continue;
                }
                starts.push((keyword, pending.take().unwrap_or(token.start)));
            }
        }
        i += 1;
    }
    let mut out = Vec::with_capacity(starts.len());
    for (n, (keyword, start)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(sql.len(), |next| next.1);
        out.push((keyword.clone(), *start, end));
    }
    out
}

/// `sql` without the column constraints starting with `keyword`.
pub(super) fn strip_column_constraint(sql: &str, keyword: &str) -> String {
    let mut out = String::new();
    let mut from = 0;
    for (kw, start, end) in column_constraints(sql) {
        if kw == keyword {
            out.push_str(sql[from..start].trim_end());
            out.push(' ');
            from = end;
        }
    }
    out.push_str(&sql[from..]);
    out.trim().to_owned()
}

/// The byte range of the index name in `CREATE [UNIQUE] INDEX [IF NOT EXISTS] [schema.]name`.
pub(super) fn index_name_range(sql: &str) -> Result<(usize, usize)> {
    let tokens = tokenize(sql);
    let index = tokens
        .iter()
        .position(|t| t.is(sql, "index"))
        .ok_or_else(|| malformed("index definition", sql))?;
    let mut name = index + 1;
    if tokens.get(name).is_some_and(|t| t.is(sql, "if")) {
        name += 3;
    }
    let mut end = name;
    if tokens.get(name + 1).is_some_and(|t| t.is_punct(sql, ".")) {
        end = name + 2;
    }
    match (tokens.get(name), tokens.get(end)) {
        (Some(first), Some(last)) => Ok((first.start, last.end)),
        _ => Err(malformed("index name", sql)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_a_create_table_apart() {
        let sql = "CREATE TABLE \"a \"\"b\" (\"id\" integer primary key autoincrement not null, \
                   [c,d] varchar check ([c,d] in ('x,y', 'z')) collate nocase, \
                   constraint \"fk\" foreign key (\"e\") references \"p\" (\"id\") on delete cascade, \
                   primary key (`x`, y)) without rowid";
        let table = create_table(sql).unwrap();
        assert_eq!(&sql[table.name.0..table.name.1], "\"a \"\"b\"");
        let columns: Vec<_> = table.items.iter().map(|i| i.column.clone()).collect();
        assert_eq!(columns, [Some("id".into()), Some("c,d".into()), None, None]);
        assert_eq!(
            table.items[1].sql,
            "[c,d] varchar check ([c,d] in ('x,y', 'z')) collate nocase"
        );
        assert_eq!(table.options, " without rowid");
        assert_eq!(
            constraint_head(&table.items[2].sql),
            ("foreign".into(), Some("fk".into()))
        );
        assert_eq!(constraint_columns(&table.items[3].sql), ["x", "y"]);
    }

    #[test]
    fn strips_one_column_constraint() {
        let sql = "\"id\" integer constraint pk primary key autoincrement not null default 1";
        assert_eq!(
            strip_column_constraint(sql, "primary"),
            "\"id\" integer not null default 1"
        );
        let sql = "p integer references t (id) on delete set null not deferrable not null";
        assert_eq!(
            strip_column_constraint(sql, "references"),
            "p integer not null"
        );
    }
}
