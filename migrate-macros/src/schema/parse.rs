//! Parsing of `schema!`'s input into the AST.
//!
//! A syntax error inside one item of a `create` or `alter` body, or in one statement, is
//! collected and the parser skips to the next `,` or `;`, so that several mistakes are
//! reported together; only a malformed `target => { ... }` frame stops it.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::token::{Brace, Paren};
use syn::{braced, parenthesized, Expr, Ident, Lit, LitStr, Token};

use super::ast::{
    AlterItem, Arg, ArgList, Clause, ColumnDef, CreateItem, DropKind, Modifier, Name, SchemaInput,
    Statement,
};
use super::habits;
use super::keywords::{self as kw, STATEMENTS};
use super::types::did_you_mean;
use crate::errors::Errors;

/// What the "unknown statement" error lists.
const EXPECTED_STATEMENT: &str =
    "expected `create table`, `alter table`, `drop table`, `rename table` or `raw \"...\"`";

impl SchemaInput {
    /// Parses `target => { statements }`, adding errors inside statements to `errors`.
    pub(crate) fn parse_collecting(input: ParseStream, errors: &mut Errors) -> syn::Result<Self> {
        if let Some(error) = habits::missing_target(input) {
            return Err(error);
        }
        let target = Expr::parse_without_eager_brace(input)?;
        // A malformed frame is reported, and the target kept, so that it is still used.
        let frame_error = |input: ParseStream, errors: &mut Errors, message: &str| {
            errors.push(input.error(message));
            input.parse::<TokenStream>().map(|_| SchemaInput {
                target: target.clone(),
                statements: Vec::new(),
            })
        };
        if !input.peek(Token![=>]) {
            return frame_error(
                input,
                errors,
                "expected `=>` after the schema: `schema!(s => { create table ... })`",
            );
        }
        input.parse::<Token![=>]>()?;
        if !input.peek(Brace) {
            return frame_error(
                input,
                errors,
                "expected `{` and the statements: `schema!(s => { create table ... })`",
            );
        }
        let content;
        braced!(content in input);
        if !input.is_empty() {
            return frame_error(
                input,
                errors,
                "unexpected tokens after the statements' closing `}`",
            );
        }
        let mut statements = Vec::new();
        while !content.is_empty() {
            if content.peek(Token![;]) {
                content.parse::<Token![;]>()?;
                continue;
            }
            match parse_statement(&content, errors) {
                Ok(statement) => {
                    let braced = matches!(
                        statement,
                        Statement::Create { .. } | Statement::Alter { .. }
                    );
                    statements.push(statement);
                    if !braced && !content.is_empty() && !content.peek(Token![;]) {
                        errors.push(content.error("expected `;` after the statement"));
                    }
                }
                Err(error) => {
                    errors.push(error);
                    skip_statement(&content)?;
                }
            }
        }
        Ok(SchemaInput { target, statements })
    }
}

impl Parse for SchemaInput {
    /// Parses the whole input, failing on any error.
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut errors = Errors::default();
        let parsed = Self::parse_collecting(input, &mut errors)?;
        errors.finish()?;
        Ok(parsed)
    }
}

fn parse_statement(input: ParseStream, errors: &mut Errors) -> syn::Result<Statement> {
    if input.peek(kw::create) {
        input.parse::<kw::create>()?;
        keyword_table(input, "create")?;
        if let Some(error) = habits::if_not_exists(input) {
            return Err(error);
        }
        let table = input.parse()?;
        let (body, content) = body(input, "create table")?;
        let (items, broken) = parse_items(&content, errors, parse_create_item)?;
        Ok(Statement::Create {
            table,
            body,
            items,
            broken,
        })
    } else if input.peek(kw::alter) {
        input.parse::<kw::alter>()?;
        keyword_table(input, "alter")?;
        let table = input.parse()?;
        let (body, content) = body(input, "alter table")?;
        let (items, broken) = parse_items(&content, errors, parse_alter_item)?;
        Ok(Statement::Alter {
            table,
            body,
            items,
            broken,
        })
    } else if input.peek(kw::drop) {
        input.parse::<kw::drop>()?;
        keyword_table(input, "drop")?;
        let if_exists = if input.peek(Token![if]) {
            input.parse::<Token![if]>()?;
            if !input.peek(kw::exists) {
                return Err(input.error("expected `exists` after `if`: `drop table if exists t`"));
            }
            input.parse::<kw::exists>()?;
            true
        } else {
            false
        };
        let table = input.parse()?;
        if let Some(error) = habits::several_tables(input) {
            return Err(error);
        }
        Ok(Statement::Drop { table, if_exists })
    } else if input.peek(kw::rename) {
        input.parse::<kw::rename>()?;
        keyword_table(input, "rename")?;
        let from = input.parse()?;
        keyword_to(input, "`rename table old to new`")?;
        let to = input.parse()?;
        Ok(Statement::Rename { from, to })
    } else if input.peek(kw::raw) {
        input.parse::<kw::raw>()?;
        if !input.peek(LitStr) {
            return Err(input.error("expected the SQL as a string literal: `raw \"...\"`"));
        }
        Ok(Statement::Raw(input.parse()?))
    } else if input.peek(Ident::peek_any) {
        let word = input.call(Ident::parse_any)?;
        let suggestion = did_you_mean(&word.to_string(), STATEMENTS.iter().copied());
        Err(syn::Error::new(
            word.span(),
            format!("unknown statement `{word}`; {EXPECTED_STATEMENT}{suggestion}"),
        ))
    } else {
        Err(input.error(format!("expected a statement: {EXPECTED_STATEMENT}")))
    }
}

/// Parses the `table` after `create`, `alter`, `drop` or `rename`.
fn keyword_table(input: ParseStream, statement: &str) -> syn::Result<()> {
    if !input.peek(kw::table) {
        return Err(input.error(format!("expected `table` after `{statement}`")));
    }
    input.parse::<kw::table>()?;
    Ok(())
}

/// Parses the `to` of a rename.
fn keyword_to(input: ParseStream, usage: &str) -> syn::Result<()> {
    if !input.peek(kw::to) {
        return Err(input.error(format!("expected `to`: {usage}")));
    }
    input.parse::<kw::to>()?;
    Ok(())
}

/// Parses the `{ ... }` of a `create` or `alter`, returning its span and content.
fn body<'a>(
    input: ParseStream<'a>,
    statement: &str,
) -> syn::Result<(proc_macro2::Span, syn::parse::ParseBuffer<'a>)> {
    if !input.peek(Brace) {
        return Err(input.error(format!(
            "expected `{{` and the table's items after `{statement} NAME`"
        )));
    }
    let content;
    let brace = braced!(content in input);
    Ok((brace.span.join(), content))
}

/// Parses comma-separated items, collecting the errors of each and skipping to the next.
fn parse_items<T>(
    input: ParseStream,
    errors: &mut Errors,
    item: fn(ParseStream) -> syn::Result<T>,
) -> syn::Result<(Vec<T>, bool)> {
    let mut items = Vec::new();
    let mut broken = false;
    while !input.is_empty() {
        match item(input) {
            Ok(parsed) => items.push(parsed),
            Err(error) => {
                errors.push(error);
                broken = true;
                skip_item(input)?;
                continue;
            }
        }
        if input.is_empty() {
            break;
        }
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
        } else {
            errors.push(input.error("expected `,` between the table's items"));
            // Go on with what follows if it can start an item, skip it otherwise.
            if !(input.peek(Ident::peek_any) || input.peek(LitStr)) {
                skip_item(input)?;
            }
        }
    }
    Ok((items, broken))
}

/// Skips to the token after the next `,`, or to the end.
fn skip_item(input: ParseStream) -> syn::Result<()> {
    while !input.is_empty() {
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
            break;
        }
        input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// Skips to the token after the next `;` or `{ ... }`, or to the end.
fn skip_statement(input: ParseStream) -> syn::Result<()> {
    while !input.is_empty() {
        match input.parse::<TokenTree>()? {
            TokenTree::Punct(punct) if punct.as_char() == ';' => break,
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => break,
            _ => {}
        }
    }
    Ok(())
}

/// Whether a column definition starts here: `NAME :`.
fn at_column(input: ParseStream) -> bool {
    (input.peek(Ident::peek_any) || input.peek(LitStr)) && input.peek2(Token![:])
}

fn parse_create_item(input: ParseStream) -> syn::Result<CreateItem> {
    if let Some(error) = habits::alter_item_in_create(input) {
        return Err(error);
    }
    // `name type` without its colon is a column too, so that the error says so.
    if at_column(input) || (input.peek(Ident::peek_any) && input.peek2(Ident)) {
        Ok(CreateItem::Column(input.parse()?))
    } else if input.peek(Ident) {
        Ok(CreateItem::Clause(input.parse()?))
    } else {
        Err(input.error(
            "expected a column (`name: type modifiers`) or a table clause \
             (`timestamps`, `index(...)`, `unique(...)`, `primary(...)`, `foreign(...)`)",
        ))
    }
}

fn parse_alter_item(input: ParseStream) -> syn::Result<AlterItem> {
    if input.peek(kw::add) && !input.peek2(Token![:]) {
        input.parse::<kw::add>()?;
        if let Some(error) = habits::column_keyword(input, "add") {
            return Err(error);
        }
        Ok(AlterItem::Add(input.parse()?))
    } else if input.peek(kw::change) && !input.peek2(Token![:]) {
        input.parse::<kw::change>()?;
        if let Some(error) = habits::column_keyword(input, "change") {
            return Err(error);
        }
        Ok(AlterItem::Change(input.parse()?))
    } else if input.peek(kw::rename) && !input.peek2(Token![:]) {
        input.parse::<kw::rename>()?;
        if input.peek(kw::index) && !input.peek2(kw::to) {
            input.parse::<kw::index>()?;
            let from = input.parse()?;
            keyword_to(input, "`rename index old_name to new_name`")?;
            let to = input.parse()?;
            Ok(AlterItem::RenameIndex { from, to })
        } else {
            let from = input.parse()?;
            keyword_to(input, "`rename old to new`")?;
            let to = input.parse()?;
            Ok(AlterItem::RenameColumn { from, to })
        }
    } else if input.peek(kw::drop) && !input.peek2(Token![:]) {
        input.parse::<kw::drop>()?;
        if let Some(error) = habits::column_keyword(input, "drop") {
            return Err(error);
        }
        parse_drop(input)
    } else if at_column(input) {
        let name: Name = input.parse()?;
        Err(syn::Error::new(
            name.span(),
            format!(
                "expected `add` or `change` before a column in `alter table`: `add {}: ...`",
                name.value()
            ),
        ))
    } else if at_after_group(input) {
        parse_after_group(input)
    } else if input.peek(Ident) {
        Ok(AlterItem::Clause(input.parse()?))
    } else {
        Err(input.error(
            "expected `add`, `change`, `rename`, `drop` or a table clause \
             (`index(...)`, `unique(...)`, `primary(...)`, `foreign(...)`, `timestamps`)",
        ))
    }
}

/// Whether an `after(column) { add ..., add ... }` group starts here.
fn at_after_group(input: ParseStream) -> bool {
    let fork = input.fork();
    fork.parse::<Ident>().is_ok_and(|ident| ident == "after")
        && fork.parse::<ArgList>().is_ok()
        && fork.peek(Brace)
}

/// Parses `after(column) { add a: type, add b: type }`: columns added after `column`, each
/// after the one before (Laravel's `$table->after('column', fn)`).
fn parse_after_group(input: ParseStream) -> syn::Result<AlterItem> {
    let keyword: Ident = input.parse()?;
    let list: ArgList = input.parse()?;
    let usage = "`after(email) { add line1: string(100), add city: string(100) },`";
    let column = match list.args.as_slice() {
        [arg] => arg.name(),
        _ => None,
    }
    .ok_or_else(|| syn::Error::new(list.span, format!("expected one column: {usage}")))?;
    let content;
    let brace = braced!(content in input);
    let mut columns = Vec::new();
    while !content.is_empty() {
        if !content.peek(kw::add) || content.peek2(Token![:]) {
            let error = content.error(format!(
                "an `after(...)` group adds columns: each starts with `add`, as in {usage}"
            ));
            // The rest of the group is skipped, so that the error is this one.
            content.parse::<TokenStream>()?;
            return Err(error);
        }
        content.parse::<kw::add>()?;
        columns.push(content.parse()?);
        if !content.is_empty() {
            content.parse::<Token![,]>()?;
        }
    }
    if columns.is_empty() {
        return Err(syn::Error::new(
            brace.span.join(),
            format!("this `after(...)` group adds no column: {usage}"),
        ));
    }
    Ok(AlterItem::After {
        keyword,
        column,
        columns,
    })
}

/// Parses what follows `drop` in an `alter table`.
fn parse_drop(input: ParseStream) -> syn::Result<AlterItem> {
    if input.peek(Paren) {
        let list: ArgList = input.parse()?;
        let mut names = Vec::new();
        for arg in &list.args {
            match arg.name() {
                Some(name) => names.push(name),
                None => return Err(syn::Error::new(arg.span(), "expected a column name")),
            }
        }
        if names.is_empty() {
            return Err(syn::Error::new(list.span, "expected the columns to drop"));
        }
        return Ok(AlterItem::DropColumns(names));
    }
    let named = |input: ParseStream| input.peek2(Ident::peek_any) || input.peek2(LitStr);
    let kind = if input.peek(kw::index) && named(input) {
        input.parse::<kw::index>()?;
        Some(DropKind::Index)
    } else if input.peek(kw::unique) && named(input) {
        input.parse::<kw::unique>()?;
        Some(DropKind::Unique)
    } else if input.peek(kw::foreign) && named(input) {
        input.parse::<kw::foreign>()?;
        Some(DropKind::Foreign)
    } else if input.peek(kw::fulltext) && named(input) {
        input.parse::<kw::fulltext>()?;
        Some(DropKind::Fulltext)
    } else if input.peek(kw::spatial_index) && named(input) {
        input.parse::<kw::spatial_index>()?;
        Some(DropKind::Spatial)
    } else if input.peek(kw::vector_index) && named(input) {
        input.parse::<kw::vector_index>()?;
        Some(DropKind::Vector)
    } else {
        None
    };
    if let Some(kind) = kind {
        return Ok(AlterItem::DropIndex {
            kind,
            name: input.parse()?,
        });
    }
    let name: Name = input.parse()?;
    if let Name::Ident(ident) = &name {
        if ident == "morphs" && input.peek(Paren) {
            let list: ArgList = input.parse()?;
            let relation = match list.args.as_slice() {
                [arg] => arg.name(),
                _ => None,
            };
            let relation = relation.ok_or_else(|| {
                syn::Error::new(
                    list.span,
                    "expected the relation's name: `drop morphs(owner)`",
                )
            })?;
            return Ok(AlterItem::DropHelper {
                keyword: ident.clone(),
                relation: Some(relation),
            });
        }
        if ident == "timestamps_tz" || ident == "remember_token" {
            return Ok(AlterItem::DropHelper {
                keyword: ident.clone(),
                relation: None,
            });
        }
    }
    Ok(match &name {
        Name::Ident(ident) if ident == "primary" => AlterItem::DropPrimary,
        Name::Ident(ident) if ident == "timestamps" => AlterItem::DropTimestamps,
        Name::Ident(ident) if ident == "soft_deletes" => AlterItem::DropSoftDeletes,
        _ => AlterItem::DropColumns(vec![name]),
    })
}

impl Parse for Name {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(LitStr) {
            Ok(Name::Str(input.parse()?))
        } else if input.peek(Ident::peek_any) {
            Ok(Name::Ident(input.call(Ident::parse_any)?))
        } else {
            Err(input.error("expected a name: an identifier or a string literal"))
        }
    }
}

impl Parse for ArgList {
    /// Parses `(a, b)`. On a mistake inside, the rest of the parentheses is skipped before
    /// the error is returned: tokens left in them would make syn fail the whole `schema!`
    /// with "unexpected token", hiding every other error.
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let content;
        let paren = parenthesized!(content in input);
        let skip_rest = |error: syn::Error| -> syn::Result<Self> {
            content.parse::<TokenStream>()?;
            Err(error)
        };
        let mut args = Vec::new();
        while !content.is_empty() {
            match content.parse::<Arg>() {
                Ok(arg) => args.push(arg),
                Err(error) => return skip_rest(error),
            }
            if content.is_empty() {
                break;
            }
            if !content.peek(Token![,]) {
                return skip_rest(content.error("expected `,` between the arguments"));
            }
            content.parse::<Token![,]>()?;
        }
        Ok(ArgList {
            span: paren.span.join(),
            args,
        })
    }
}

impl Parse for Arg {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(Token![-]) {
            let neg = input.parse()?;
            Ok(Arg::Lit {
                neg: Some(neg),
                lit: input.parse()?,
            })
        } else if input.peek(Lit) {
            Ok(Arg::Lit {
                neg: None,
                lit: input.parse()?,
            })
        } else if input.peek(Ident::peek_any) {
            Ok(Arg::Ident(input.call(Ident::parse_any)?))
        } else {
            Err(input.error("expected a literal or a name"))
        }
    }
}

impl Parse for ColumnDef {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let start = input.fork();
        let name = input.parse()?;
        if !input.peek(Token![:]) {
            return Err(input.error("expected `:` and the column's type: `name: string(255)`"));
        }
        input.parse::<Token![:]>()?;
        if !input.peek(Ident) {
            return Err(input.error("expected the column's type: `name: string(255)`"));
        }
        let ty = input.parse()?;
        let args = optional_args(input)?;
        let modifiers = parse_modifiers(input, &start)?;
        Ok(ColumnDef {
            name,
            ty,
            args,
            modifiers,
        })
    }
}

impl Parse for Clause {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let start = input.fork();
        let keyword = input.parse()?;
        let args = optional_args(input)?;
        let modifiers = parse_modifiers(input, &start)?;
        Ok(Clause {
            keyword,
            args,
            modifiers,
        })
    }
}

fn optional_args(input: ParseStream) -> syn::Result<Option<ArgList>> {
    if input.peek(Paren) {
        Ok(Some(input.parse()?))
    } else {
        Ok(None)
    }
}

/// Parses modifiers up to the next `,`, the end, or the start of another column. `item` is
/// where the column or clause starts, for messages.
fn parse_modifiers(input: ParseStream, item: ParseStream) -> syn::Result<Vec<Modifier>> {
    let mut modifiers = Vec::new();
    while input.peek(Ident) && !input.peek2(Token![:]) {
        if let Some(error) = habits::in_modifiers(input, item) {
            return Err(error);
        }
        if input.peek(kw::references) {
            let keyword: Ident = input.parse()?;
            let table = input.parse()?;
            let columns = optional_args(input)?;
            modifiers.push(Modifier::References {
                keyword,
                table,
                columns,
            });
        } else {
            let name = input.parse()?;
            let args = optional_args(input)?;
            modifiers.push(Modifier::Plain { name, args });
        }
    }
    Ok(modifiers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn errors(tokens: proc_macro2::TokenStream) -> Vec<String> {
        match syn::parse2::<SchemaInput>(tokens) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn parses_every_statement() {
        let input: SchemaInput = parse_quote!(s => {
            create table users {
                id: increments,
                email: string(255) unique,
                team_id: big_integer unsigned nullable references teams(id) on_delete(cascade),
                "select": boolean default(false),
                type: integer default(-1),
                timestamps,
                index(email, team_id) name("by_email"),
            }
            alter table "posts" {
                add views: integer default(0),
                change title: string(300) nullable,
                rename title to headline,
                rename index a to b,
                drop legacy,
                drop (a, b),
                drop index posts_x_index,
                drop unique posts_y_unique,
                drop foreign posts_user_id_foreign,
                drop primary,
                drop timestamps,
                drop soft_deletes,
                index(views),
            }
            drop table sessions;
            drop table if exists sessions;
            rename table a to b;
            raw "select 1"
        });
        assert_eq!(input.statements.len(), 6);
        let Some(Statement::Create { table, items, .. }) = input.statements.first() else {
            panic!("not a create");
        };
        assert_eq!(table.value(), "users");
        assert_eq!(items.len(), 7);
        let CreateItem::Column(team) = &items[2] else {
            panic!("not a column");
        };
        assert_eq!(team.ty, "big_integer");
        assert_eq!(team.modifiers.len(), 4);
        assert!(matches!(team.modifiers[2], Modifier::References { .. }));
        let CreateItem::Column(ty) = &items[4] else {
            panic!("not a column");
        };
        assert_eq!(ty.name.value(), "type");
        let Some(Statement::Alter { table, items, .. }) = input.statements.get(1) else {
            panic!("not an alter");
        };
        assert_eq!(table.value(), "posts");
        assert!(matches!(items[0], AlterItem::Add(_)));
        assert!(matches!(items[1], AlterItem::Change(_)));
        assert!(matches!(items[2], AlterItem::RenameColumn { .. }));
        assert!(matches!(items[3], AlterItem::RenameIndex { .. }));
        assert!(matches!(&items[4], AlterItem::DropColumns(c) if c.len() == 1));
        assert!(matches!(&items[5], AlterItem::DropColumns(c) if c.len() == 2));
        let kinds = [DropKind::Index, DropKind::Unique, DropKind::Foreign];
        for (item, expected) in items[6..9].iter().zip(kinds) {
            assert!(matches!(item, AlterItem::DropIndex { kind, .. } if *kind == expected));
        }
        assert!(matches!(items[9], AlterItem::DropPrimary));
        assert!(matches!(items[10], AlterItem::DropTimestamps));
        assert!(matches!(items[11], AlterItem::DropSoftDeletes));
        assert!(matches!(items[12], AlterItem::Clause(_)));
        assert!(matches!(
            input.statements[3],
            Statement::Drop {
                if_exists: true,
                ..
            }
        ));
        assert!(matches!(input.statements[4], Statement::Rename { .. }));
        assert!(matches!(input.statements[5], Statement::Raw(_)));
    }

    #[test]
    fn keywords_are_names_where_a_name_is_expected() {
        let input: SchemaInput = parse_quote!(s => {
            alter table t { drop index, drop "primary", rename index to idx, add index: integer }
        });
        let Some(Statement::Alter { items, .. }) = input.statements.first() else {
            panic!("not an alter");
        };
        assert!(matches!(&items[0], AlterItem::DropColumns(c) if c[0].value() == "index"));
        assert!(matches!(&items[1], AlterItem::DropColumns(c) if c[0].value() == "primary"));
        assert!(
            matches!(&items[2], AlterItem::RenameColumn { from, .. } if from.value() == "index")
        );
        assert!(matches!(&items[3], AlterItem::Add(c) if c.name.value() == "index"));
    }

    #[test]
    fn collects_errors_of_several_items_and_statements() {
        let messages = errors(quote::quote!(s => {
            create table a { id increments, name: string(1) }
            crate table b { id: increments }
            drop table c drop table d;
            alter table e { views: integer }
        }));
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].starts_with("expected `:`"), "{}", messages[0]);
        assert!(messages[1].starts_with("unknown statement `crate`; expected"));
        assert!(messages[1].ends_with("; did you mean `create`?"));
        assert_eq!(messages[2], "expected `;` after the statement");
        assert!(
            messages[3].starts_with("expected `add` or `change`"),
            "{}",
            messages[3]
        );
    }

    #[test]
    fn reports_missing_commas_between_columns() {
        let messages = errors(quote::quote!(s => {
            create table a { id: increments email: string(255) }
        }));
        assert_eq!(messages, ["expected `,` between the table's items"]);
    }

    #[test]
    fn requires_the_frame() {
        let messages = errors(quote::quote!(s { create table a { id: increments } }));
        assert!(messages[0].starts_with("expected `=>`"), "{messages:?}");
    }
}
