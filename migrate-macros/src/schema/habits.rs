//! SQL habits: spellings that come from writing SQL, recognized where they are written so
//! that the error names the DSL's form instead of a generic "unexpected token".
//!
//! Each check looks ahead on a fork and consumes nothing; the caller returns the error, and
//! the parser's recovery skips the item or statement as for any other mistake.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::token::{Brace, Paren};
use syn::{Ident, Lit, LitStr, Token};

use super::keywords as kw;

/// Table clauses that are never a column modifier.
const CLAUSES: &[&str] = &[
    "timestamps",
    "timestamps_tz",
    "soft_deletes",
    "soft_deletes_tz",
];
/// Table clauses whose name is also a modifier's, told apart by their `(...)`.
const CLAUSES_WITH_COLUMNS: &[&str] = &[
    "index",
    "unique",
    "fulltext",
    "spatial_index",
    "vector_index",
    "primary",
    "foreign",
];

/// An error spanning `tokens`.
fn error(tokens: impl ToTokens, message: impl std::fmt::Display) -> syn::Error {
    syn::Error::new_spanned(tokens.into_token_stream(), message)
}

/// `schema!({ ... })`: the statements without the schema they apply to.
pub(super) fn missing_target(input: ParseStream) -> Option<syn::Error> {
    input.peek(Brace).then(|| {
        input.error(
            "expected the schema first: `schema!(s => { ... })`, where `s` is the migration's \
             `&mut Schema` parameter",
        )
    })
}

/// `create table if not exists t`: a migration runs once, on the schema its predecessors
/// built.
pub(super) fn if_not_exists(input: ParseStream) -> Option<syn::Error> {
    let fork = input.fork();
    let if_token = fork.parse::<Token![if]>().ok()?;
    let mut tokens = if_token.into_token_stream();
    for _ in 0..2 {
        if fork.peek(Ident::peek_any) {
            tokens.extend(fork.call(Ident::parse_any).ok()?.into_token_stream());
        }
    }
    Some(error(
        tokens,
        "`create table` has no `if not exists`: a migration runs once, on the schema the \
         migrations before it built, so the table is known not to exist; remove `if not exists`",
    ))
}

/// `drop table a, b`: one table per statement.
pub(super) fn several_tables(input: ParseStream) -> Option<syn::Error> {
    let fork = input.fork();
    let comma = fork.parse::<Token![,]>().ok()?;
    let next = fork.parse::<TokenStream>().ok()?.into_iter().next();
    let next = next.map(|t| t.to_string()).unwrap_or_else(|| "b".into());
    Some(error(
        comma,
        format!(
            "`drop table` drops one table: write `drop table {next};` as a statement of its own"
        ),
    ))
}

/// `add`/`change NAME: TYPE` inside `create table`.
pub(super) fn alter_item_in_create(input: ParseStream) -> Option<syn::Error> {
    let fork = input.fork();
    let keyword = fork.call(Ident::parse_any).ok()?;
    if !(keyword == "add" || keyword == "change") {
        return None;
    }
    if !((fork.peek(Ident::peek_any) || fork.peek(LitStr)) && fork.peek2(Token![:])) {
        return None;
    }
    Some(error(
        &keyword,
        format!(
            "`{keyword}` belongs in `alter table`: in `create table` a column is just \
             `name: type`; remove `{keyword}`"
        ),
    ))
}

/// `add column x: ...`, `change column x: ...`, `drop column x`: the DSL has no `column`.
pub(super) fn column_keyword(input: ParseStream, action: &str) -> Option<syn::Error> {
    let fork = input.fork();
    let column = fork.call(Ident::parse_any).ok()?;
    // `add column: integer` adds a column named `column`.
    if column != "column" || !(fork.peek(Ident::peek_any) || fork.peek(LitStr)) {
        return None;
    }
    let name = fork.parse::<TokenStream>().ok()?.into_iter().next()?;
    Some(error(
        &column,
        format!("write `{action} {name}`: `{action}` takes the column's name, without `column`"),
    ))
}

/// A modifier that is really SQL or a table clause: `not null`, `null`, `default 0`,
/// `timestamps` after a column without a `,`. `item` is where the column (or clause) being
/// parsed starts, to show it in the message.
pub(super) fn in_modifiers(input: ParseStream, item: ParseStream) -> Option<syn::Error> {
    let fork = input.fork();
    let word = fork.call(Ident::parse_any).ok()?;
    let name = word.to_string();
    if name == "not" && fork.peek(Ident::peek_any) {
        let null = fork.call(Ident::parse_any).ok()?;
        if null == "null" {
            return Some(error(
                quote::quote!(#word #null),
                "columns are NOT NULL unless marked `nullable`: remove `not null`",
            ));
        }
    }
    if name == "null" {
        return Some(error(
            &word,
            "a column that may be NULL is marked `nullable`: write `nullable`",
        ));
    }
    if name == "default" && (fork.peek(Lit) || fork.peek(Token![-])) {
        let neg = fork.parse::<Option<Token![-]>>().ok()?;
        let value = fork.parse::<Lit>().ok()?;
        let sign = if neg.is_some() { "-" } else { "" };
        let shown = format!("default({sign}{})", value.to_token_stream());
        return Some(error(
            quote::quote!(#word #neg #value),
            format!("the default goes in parentheses: `{shown}`"),
        ));
    }
    let clause = CLAUSES.contains(&name.as_str())
        || (CLAUSES_WITH_COLUMNS.contains(&name.as_str()) && fork.peek(Paren));
    if clause && !input.peek(kw::references) {
        let written = if fork.peek(Paren) {
            format!("{name}(...)")
        } else {
            name.clone()
        };
        let before = written_until(item, input);
        return Some(error(
            &word,
            format!(
                "expected `,` before `{written}`: it is a table clause, an item of its own \
                 (`{before}, {written}`), not a modifier of the column before it"
            ),
        ));
    }
    None
}

/// The tokens from `start` up to `end` (a later position of the same stream), as the user
/// would write them: `name: string(100) nullable`.
fn written_until(start: ParseStream, end: ParseStream) -> String {
    let start = start.fork();
    let mut tokens = TokenStream::new();
    while start.cursor() != end.cursor() {
        match start.parse::<TokenTree>() {
            Ok(token) => tokens.extend([token]),
            Err(_) => break,
        }
    }
    let mut written = String::new();
    write_compact(tokens, &mut written);
    written
}

/// Writes `tokens` with a space only where Rust code would have one: between words, after
/// `,` and `:`.
fn write_compact(tokens: TokenStream, out: &mut String) {
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_compact(group.stream(), out);
                out.push_str(close);
            }
            TokenTree::Punct(punct) => {
                out.push(punct.as_char());
                if matches!(punct.as_char(), ',' | ':') && punct.spacing() == Spacing::Alone {
                    out.push(' ');
                }
            }
            word @ (TokenTree::Ident(_) | TokenTree::Literal(_)) => {
                if out.ends_with(|c: char| c.is_alphanumeric() || matches!(c, '_' | ')' | '"')) {
                    out.push(' ');
                }
                out.push_str(&word.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::ast::SchemaInput;

    fn errors(tokens: proc_macro2::TokenStream) -> Vec<String> {
        match syn::parse2::<SchemaInput>(tokens) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn a_missing_comma_before_a_clause_shows_the_column_as_written() {
        let errors = errors(quote::quote!(s => {
            create table prices {
                amount: decimal(8, 2) unsigned default(-1)
                timestamps,
            }
        }));
        assert_eq!(
            errors,
            [
                "expected `,` before `timestamps`: it is a table clause, an item of its own \
              (`amount: decimal(8, 2) unsigned default(-1), timestamps`), not a modifier of \
              the column before it"
            ]
        );
    }

    #[test]
    fn sql_habits_name_the_dsl_form_and_the_rest_still_parses() {
        let errors = errors(quote::quote!(s => {
            create table users {
                id: increments,
                email: string(255) not null,
                votes: integer default -1,
                bio: text null,
                name: string(100) index,
                column: integer,
            }
            alter table users {
                add column: integer,
                drop column,
                drop column bio,
            }
            drop table a, b;
        }));
        assert_eq!(
            errors,
            [
                "columns are NOT NULL unless marked `nullable`: remove `not null`",
                "the default goes in parentheses: `default(-1)`",
                "a column that may be NULL is marked `nullable`: write `nullable`",
                "write `drop bio`: `drop` takes the column's name, without `column`",
                "`drop table` drops one table: write `drop table b;` as a statement of its own",
            ]
        );
    }
}
