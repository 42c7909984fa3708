//! What `#[migration]` works with: its arguments as written, and the validated migration.

use proc_macro2::{Span, TokenStream};
use syn::{Ident, ItemFn, LitBool, LitStr, Path};

/// The arguments of `#[migration(...)]`, each `None` when not given.
#[derive(Default)]
pub(super) struct Args {
    /// `id = "..."`.
    pub id: Option<LitStr>,
    /// `up`, `down` or `change`, with the span of the keyword.
    pub kind: Option<(Kind, Span)>,
    /// `transaction = true|false`.
    pub transaction: Option<LitBool>,
    /// `crate = path`.
    pub krate: Option<Path>,
    /// `after = "..."`.
    pub after: Option<LitStr>,
    /// `replaces = ["...", ...]`: the migrations a squash stands for, with the span of
    /// `replaces`.
    pub replaces: Option<(Vec<LitStr>, Span)>,
    /// `allow(rule, ...)`: lint rules allowed in this migration, with the span of `allow`.
    pub allow: Option<(Vec<Ident>, Span)>,
    /// `reason = "..."`: why the `allow`ed rules are allowed.
    pub reason: Option<LitStr>,
    /// Whether an unknown argument was given (and reported): it may have been a misspelt
    /// `up` or `down`.
    pub unknown: bool,
}

/// Which half of a migration a function is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Up,
    Down,
    /// Registered as the `up`; its `down` is derived by inverting it.
    Change,
}

impl Kind {
    /// The kind a function of this name is, if its name says.
    pub fn from_name(name: &Ident) -> Option<Self> {
        if name == "up" {
            Some(Self::Up)
        } else if name == "down" {
            Some(Self::Down)
        } else if name == "change" {
            Some(Self::Change)
        } else {
            None
        }
    }

    /// `up` or `down`, as the user writes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Up => "up",
            Self::Down => "down",
            Self::Change => "change",
        }
    }

    /// The variant's name in `migrate_core::__private::Kind`.
    pub fn variant(self) -> Ident {
        let name = match self {
            Self::Up | Self::Change => "Up",
            Self::Down => "Down",
        };
        Ident::new(name, Span::call_site())
    }
}

/// A function `#[migration]` accepted, with everything its registration needs.
pub(super) struct Migration {
    /// The explicit id, already validated.
    pub id: Option<LitStr>,
    pub kind: Kind,
    pub transaction: bool,
    /// The path to `migrate_core`.
    pub krate: Path,
    /// The lint rules allowed, and why (validated: both or neither).
    pub allow: Vec<Ident>,
    pub reason: Option<LitStr>,
    /// The function's attributes, visibility and signature, emitted unchanged; its block
    /// is empty unless the body had to be parsed.
    pub function: ItemFn,
    /// The function's body, braces included, emitted unchanged.
    pub body: TokenStream,
    /// The id of the migration this one runs after, already validated.
    pub after: Option<LitStr>,
    /// The ids of the migrations this one (a squash) replaces, already validated.
    pub replaces: Vec<LitStr>,
}
