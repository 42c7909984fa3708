//! Splitting an SQL file into statements, for one `s.raw(...)` each: at `;` outside string
//! literals (`'...'` with `''` inside, `E'...'` with `\'`), quoted identifiers (`"..."`,
//! `` `...` ``), comments (`-- ...`, `# ...` is not taken as one, `/* ... */`, nested as
//! PostgreSQL nests them) and PostgreSQL's dollar-quoted bodies (`$$ ... $$`, `$tag$ ... $tag$`).

/// The statements of `sql`, each trimmed, without its `;`; comments stay with the statement
/// they precede, and a piece holding only comments and whitespace is dropped. A trigger's
/// `BEGIN ... END` body (SQLite, MySQL) stays in its `CREATE TRIGGER` statement.
pub(crate) fn statements(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut words: Vec<String> = Vec::new();
    let mut depth = 0usize;
    let mut lexer = Lexer { sql, at: 0 };
    while let Some(token) = lexer.next_token() {
        match token {
            Token::Semicolon(at) if depth == 0 => {
                push(&mut out, &sql[start..at], !words.is_empty());
                start = at + 1;
                words.clear();
            }
            Token::Semicolon(_) | Token::Comment => {}
            Token::Code(word) => {
                let word = word.to_ascii_uppercase();
                if is_trigger(&words) {
                    match word.as_str() {
                        "BEGIN" | "CASE" => depth += 1,
                        "END" => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                }
                if words.len() < 4 {
                    words.push(word);
                }
            }
        }
    }
    push(&mut out, &sql[start..], !words.is_empty());
    out
}

/// Whether a statement's first words are `CREATE [TEMP|TEMPORARY] TRIGGER` (or MySQL's
/// `CREATE DEFINER=... TRIGGER`, whose definer is one word here).
fn is_trigger(words: &[String]) -> bool {
    words.first().is_some_and(|w| w == "CREATE")
        && words.iter().skip(1).take(2).any(|w| w == "TRIGGER")
}

fn push(out: &mut Vec<String>, piece: &str, code: bool) {
    let piece = piece.trim();
    if code && !piece.is_empty() {
        out.push(piece.to_owned());
    }
}

enum Token<'a> {
    /// A `;` at this byte offset, outside anything quoted.
    Semicolon(usize),
    /// A comment.
    Comment,
    /// Anything else that is not whitespace: a word (its text) or a quoted or other piece.
    Code(&'a str),
}

struct Lexer<'a> {
    sql: &'a str,
    at: usize,
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        &self.sql[self.at..]
    }

    /// Moves past the first `end` found after `from` bytes, or to the end of the text.
    fn skip_past(&mut self, from: usize, end: &str) {
        self.at = match self.sql[self.at + from..].find(end) {
            Some(found) => self.at + from + found + end.len(),
            None => self.sql.len(),
        };
    }

    fn next_token(&mut self) -> Option<Token<'a>> {
        let rest = self.rest();
        let c = rest.chars().next()?;
        if c.is_whitespace() {
            self.at += c.len_utf8();
            return self.next_token();
        }
        if rest.starts_with("--") {
            self.skip_past(2, "\n");
            return Some(Token::Comment);
        }
        if rest.starts_with("/*") {
            self.block_comment();
            return Some(Token::Comment);
        }
        match c {
            ';' => {
                self.at += 1;
                Some(Token::Semicolon(self.at - 1))
            }
            '\'' => {
                let escapes = self.at > 0 && self.sql[..self.at].ends_with(['E', 'e']);
                self.quoted('\'', escapes);
                Some(Token::Code(""))
            }
            '"' | '`' => {
                self.quoted(c, false);
                Some(Token::Code(""))
            }
            '$' => {
                match dollar_tag(rest) {
                    Some(tag) => {
                        let tag = tag.to_owned();
                        self.skip_past(tag.len(), &tag);
                    }
                    None => self.at += 1,
                }
                Some(Token::Code(""))
            }
            _ => {
                // A word (or a `$1` parameter, `E` of `E'...'`) up to the next special character.
                let end = rest
                    .find(|ch: char| ch.is_whitespace() || "';\"`$-/".contains(ch))
                    .unwrap_or(rest.len());
                let end = end.max(c.len_utf8());
                self.at += end;
                Some(Token::Code(&rest[..end]))
            }
        }
    }

    /// A quoted string or identifier; the quote doubled inside is part of it, and so is a
    /// backslash-escaped character where `escapes` (`E'...'`).
    fn quoted(&mut self, quote: char, escapes: bool) {
        let bytes = self.sql.as_bytes();
        let mut i = self.at + 1;
        while i < bytes.len() {
            let b = bytes[i];
            if escapes && b == b'\\' {
                i += 2;
            } else if b == quote as u8 {
                if bytes.get(i + 1) == Some(&(quote as u8)) {
                    i += 2;
                } else {
                    self.at = i + 1;
                    return;
                }
            } else {
                i += 1;
            }
        }
        self.at = self.sql.len();
    }

    /// A `/* ... */` comment, nested ones included.
    fn block_comment(&mut self) {
        let mut depth = 0;
        while self.at < self.sql.len() {
            let rest = self.rest();
            if rest.starts_with("/*") {
                depth += 1;
                self.at += 2;
            } else if rest.starts_with("*/") {
                depth -= 1;
                self.at += 2;
                if depth == 0 {
                    return;
                }
            } else {
                self.at += rest.chars().next().map_or(1, char::len_utf8);
            }
        }
    }
}

/// The opening tag of a dollar-quoted string at the start of `text`: `$$` or `$name$`, where
/// the name is a letter or `_` then letters, digits and `_` (not a parameter like `$1`).
fn dollar_tag(text: &str) -> Option<&str> {
    let inner = &text[1..];
    let end = inner.find('$')?;
    let name = &inner[..end];
    let valid = name.is_empty()
        || (name.starts_with(|c: char| c.is_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_alphanumeric() || c == '_'));
    valid.then(|| &text[..end + 2])
}

#[cfg(test)]
mod tests {
    use super::statements;

    #[test]
    fn splits_at_semicolons_outside_strings_identifiers_and_comments() {
        let sql = "-- a comment; not a statement\n\
                   CREATE TABLE \"a;b\" (x TEXT DEFAULT 'it''s; fine');\n\
                   /* block; /* nested; */ still; */ INSERT INTO `c;d` VALUES ('\\');\n\
                   INSERT INTO t VALUES (E'a\\';b');\n\
                   ;;\n-- trailing comment\n";
        assert_eq!(
            statements(sql),
            [
                "-- a comment; not a statement\nCREATE TABLE \"a;b\" (x TEXT DEFAULT 'it''s; fine')",
                "/* block; /* nested; */ still; */ INSERT INTO `c;d` VALUES ('\\')",
                "INSERT INTO t VALUES (E'a\\';b')",
            ]
        );
    }

    #[test]
    fn keeps_dollar_quoted_bodies_whole() {
        let sql = "CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  NEW.x := 1;\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n\
                   CREATE FUNCTION g() RETURNS text AS $body$ SELECT '$$;' $body$ LANGUAGE sql;\n\
                   SELECT $1;";
        let split = statements(sql);
        assert_eq!(split.len(), 3, "{split:#?}");
        assert!(split[0].ends_with("END;\n$$ LANGUAGE plpgsql"));
        assert_eq!(
            split[1],
            "CREATE FUNCTION g() RETURNS text AS $body$ SELECT '$$;' $body$ LANGUAGE sql"
        );
        assert_eq!(split[2], "SELECT $1");
    }

    #[test]
    fn keeps_a_trigger_body_whole() {
        let sql = "CREATE TRIGGER touch AFTER UPDATE ON t FOR EACH ROW BEGIN\n  \
                   UPDATE t SET n = CASE WHEN n > 1 THEN 0 ELSE 1 END;\n  SELECT 1;\nEND;\n\
                   CREATE TABLE u (id INT);";
        let split = statements(sql);
        assert_eq!(split.len(), 2, "{split:#?}");
        assert!(split[0].ends_with("SELECT 1;\nEND"));
        assert_eq!(split[1], "CREATE TABLE u (id INT)");
    }

    #[test]
    fn a_file_of_comments_has_no_statement() {
        assert!(statements("-- nothing here\n/* at all; */\n").is_empty());
        assert_eq!(statements("SELECT 1"), ["SELECT 1"]);
    }
}
