//! What `schema!` works with: its input as written. The grammar is plain data; the parser
//! (`parse.rs`) builds it, `validate.rs` resolves it against the known types and modifiers.

use proc_macro2::Span;
use syn::{Expr, Ident, Lit, LitStr, Token};

/// `schema!(target => { statements })`.
pub(crate) struct SchemaInput {
    /// The `&mut Schema` the statements run on.
    pub target: Expr,
    pub statements: Vec<Statement>,
}

/// One statement.
pub(crate) enum Statement {
    /// `create table NAME { items }`.
    Create {
        table: Name,
        /// The span of the braces, for "empty create".
        body: Span,
        items: Vec<CreateItem>,
        /// Whether an item failed to parse (and was reported).
        broken: bool,
    },
    /// `alter table NAME { items }`.
    Alter {
        table: Name,
        body: Span,
        items: Vec<AlterItem>,
        broken: bool,
    },
    /// `drop table [if exists] NAME`.
    Drop { table: Name, if_exists: bool },
    /// `rename table FROM to TO`.
    Rename { from: Name, to: Name },
    /// `raw "SQL"`.
    Raw(LitStr),
}

/// A table, column or index name: an identifier, or a string literal for names that are not.
#[derive(Clone)]
pub(crate) enum Name {
    Ident(Ident),
    Str(LitStr),
}

impl Name {
    /// The name as it reaches SQL (an identifier without its `r#`).
    pub fn value(&self) -> String {
        match self {
            Name::Ident(ident) => {
                let name = ident.to_string();
                name.strip_prefix("r#").map(str::to_owned).unwrap_or(name)
            }
            Name::Str(lit) => lit.value(),
        }
    }

    pub fn span(&self) -> Span {
        match self {
            Name::Ident(ident) => ident.span(),
            Name::Str(lit) => lit.span(),
        }
    }

    /// The name as a string literal spanned at the name.
    pub fn lit(&self) -> LitStr {
        LitStr::new(&self.value(), self.span())
    }
}

/// A parenthesized argument list: `(255)`, `(8, 2)`, `(a, b)`, `("x")`.
pub(crate) struct ArgList {
    /// The span of the parentheses and what is between them.
    pub span: Span,
    pub args: Vec<Arg>,
}

/// One argument: a literal (maybe negated) or an identifier.
pub(crate) enum Arg {
    Lit { neg: Option<Token![-]>, lit: Lit },
    Ident(Ident),
}

impl Arg {
    pub fn span(&self) -> Span {
        match self {
            Arg::Lit {
                neg: Some(neg),
                lit,
            } => neg.span.join(lit.span()).unwrap_or(neg.span),
            Arg::Lit { neg: None, lit } => lit.span(),
            Arg::Ident(ident) => ident.span(),
        }
    }

    /// The argument as a name, if it is an identifier or a string.
    pub fn name(&self) -> Option<Name> {
        match self {
            Arg::Ident(ident) => Some(Name::Ident(ident.clone())),
            Arg::Lit {
                neg: None,
                lit: Lit::Str(lit),
            } => Some(Name::Str(lit.clone())),
            _ => None,
        }
    }
}

/// A modifier after a column's type, or after a table-level clause.
pub(crate) enum Modifier {
    /// `nullable`, `default(0)`, `name("x")`, `on_delete(cascade)`...
    Plain { name: Ident, args: Option<ArgList> },
    /// `references TABLE` or `references TABLE(COLUMNS)`.
    References {
        keyword: Ident,
        table: Name,
        columns: Option<ArgList>,
    },
}

impl Modifier {
    pub fn keyword(&self) -> &Ident {
        match self {
            Modifier::Plain { name, .. } => name,
            Modifier::References { keyword, .. } => keyword,
        }
    }
}

/// `NAME: TYPE[(ARGS)] MODIFIERS*`.
pub(crate) struct ColumnDef {
    pub name: Name,
    pub ty: Ident,
    pub args: Option<ArgList>,
    pub modifiers: Vec<Modifier>,
}

/// A table-level clause: `timestamps`, `index(a, b) name("x")`, `foreign(a) references t(id)`,
/// `engine("InnoDB")`...
pub(crate) struct Clause {
    pub keyword: Ident,
    pub args: Option<ArgList>,
    pub modifiers: Vec<Modifier>,
}

/// One item of `create table`.
pub(crate) enum CreateItem {
    Column(ColumnDef),
    Clause(Clause),
}

/// What `drop KIND NAME` drops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DropKind {
    Index,
    Unique,
    Foreign,
    Fulltext,
    Spatial,
    Vector,
}

/// One item of `alter table`.
pub(crate) enum AlterItem {
    /// `add COLUMN`.
    Add(ColumnDef),
    /// `change COLUMN`.
    Change(ColumnDef),
    /// `rename FROM to TO`.
    RenameColumn { from: Name, to: Name },
    /// `rename index FROM to TO`.
    RenameIndex { from: Name, to: Name },
    /// `drop NAME` or `drop (A, B)`.
    DropColumns(Vec<Name>),
    /// `drop index|unique|foreign NAME`.
    DropIndex { kind: DropKind, name: Name },
    /// `drop primary`.
    DropPrimary,
    /// `drop timestamps`.
    DropTimestamps,
    /// `drop soft_deletes`.
    DropSoftDeletes,
    /// `drop timestamps_tz`, `drop remember_token`, `drop morphs(NAME)`: calls
    /// `drop_<keyword>`.
    DropHelper {
        keyword: Ident,
        relation: Option<Name>,
    },
    /// `after(COLUMN) { add A, add B }`: each added column after the one before.
    After {
        keyword: Ident,
        column: Name,
        columns: Vec<ColumnDef>,
    },
    /// A table-level clause, as in `create table`.
    Clause(Clause),
}

/// The validated input: what `expand.rs` turns into Schema and Blueprint calls.
pub(crate) struct Plan {
    pub target: Expr,
    pub operations: Vec<Operation>,
}

/// One Schema call.
pub(crate) enum Operation {
    /// `s.create(table, |t| { calls })?;`
    Create { table: LitStr, calls: Vec<Call> },
    /// `s.table(table, |t| { calls })?;`
    Alter { table: LitStr, calls: Vec<Call> },
    /// `s.drop(table)?;` or `s.drop_if_exists(table)?;`
    Drop { table: LitStr, if_exists: bool },
    /// `s.rename(from, to)?;`
    Rename { from: LitStr, to: LitStr },
    /// `s.raw(sql)?;`
    Raw(LitStr),
}

/// One Blueprint call and its chained modifiers: `t.method(args).chain(args)...;`.
pub(crate) struct Call {
    pub method: Ident,
    pub args: Vec<proc_macro2::TokenStream>,
    pub chain: Vec<(Ident, Vec<proc_macro2::TokenStream>)>,
}
