//! Migration files whose set of migrations the build script proves valid, so that
//! `#[migration]` can leave out the items that make rustc check it.
//!
//! `#[migration]` sees one function at a time, so it makes rustc check each module's set
//! (at most one `up`, one `down`, a `down` only with its `up`, the function in the file's own
//! module and not in an `impl` block) with items next to each function; they cost about a
//! fifth of what the migrations cost rustc on every `cargo check` that recompiles them.
//! [`discover`](crate::discover) reads every migration file anyway, and most files can be
//! proven valid from their tokens alone: the top-level functions carrying `#[migration]`,
//! each once, with module-derived ids, no other `#[migration]` anywhere in the file, no
//! macro invoked at the top level (which could write more), and a valid set. For those it
//! records the file's fingerprint and its functions in `$OUT_DIR/`[`FILE`]; the attribute
//! emits the lean registration only for a function of a recorded file whose contents still
//! have that fingerprint. Anything else, and anything the scan is unsure of, keeps the
//! checked expansion: the proof can only make a valid set cheaper to compile, never let an
//! invalid one through.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The file, beside the `mod` declarations in `OUT_DIR`, that lists the proven files.
pub const FILE: &str = "migrations.proven";

/// The first line of [`FILE`]: proofs another version of the scan wrote are not trusted
/// (change it whenever [`prove`] changes what it accepts).
const HEADER: &str = "# migrate-build proofs, scan 2";

/// A migration function's kind, as the file spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `up`, or `#[migration(up)]`.
    Up,
    /// `down`, or `#[migration(down)]`.
    Down,
    /// `change`, or `#[migration(change)]`.
    Change,
}

impl Kind {
    /// The kind `name` stands for, as a function's name or an argument.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "up" => Some(Self::Up),
            "down" => Some(Self::Down),
            "change" => Some(Self::Change),
            _ => None,
        }
    }

    /// `up`, `down` or `change`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Up => "up",
            Self::Down => "down",
            Self::Change => "change",
        }
    }
}

/// The FNV-1a hash of a file's bytes: what ties a proof to the contents it was made from.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The migration functions of a file's source, by name, if the tokens alone prove the file's
/// set valid (see the module's documentation); `None` if they do not.
pub fn prove(source: &str) -> Option<Vec<(String, Kind)>> {
    let tokens: Vec<TokenTree> = TokenStream::from_str(source).ok()?.into_iter().collect();
    let mut functions = Vec::new();
    // Whether an attribute of the item being read is not one of [`PLAIN`]: `cfg` could
    // leave a migration's pair alone, an attribute macro could rewrite it.
    let mut conditional = false;
    let mut at = 0;
    while at < tokens.len() {
        match &tokens[at] {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                let (attribute, next) = attribute(&tokens, at)?;
                match attribute {
                    Attribute::Migration(_) if conditional => return None,
                    Attribute::Migration(kind) => {
                        let (name, next) = function_after(&tokens, next)?;
                        let kind = match (kind, Kind::from_name(&name)) {
                            (Some(given), Some(named)) if given != named => return None,
                            (Some(kind), _) | (None, Some(kind)) => kind,
                            (None, None) => return None,
                        };
                        functions.push((name, kind));
                        at = next;
                    }
                    Attribute::Other { foreign } => {
                        conditional |= foreign;
                        at = next;
                    }
                }
                continue;
            }
            // A macro invoked at the top level could write migration functions.
            TokenTree::Punct(p) if p.as_char() == '!' => {
                if at > 0 && matches!(tokens[at - 1], TokenTree::Ident(_)) {
                    return None;
                }
                at += 1;
            }
            TokenTree::Group(group) if mentions_migration(group.stream()) => return None,
            // `use migrate_core::migration as renamed;`: an attribute the scan would not see.
            TokenTree::Ident(ident)
                if is_migration(ident)
                    && matches!(tokens.get(at + 1), Some(TokenTree::Ident(next)) if next == "as") =>
            {
                return None
            }
            _ => at += 1,
        }
        // Past the attributes: the item they were on has started.
        conditional = false;
    }
    valid_set(&functions).then_some(functions)
}

/// The attributes a migration function may carry and be proven: the compiler's own that
/// change nothing of what it is (and tool attributes).
const PLAIN: &[&str] = &[
    "doc",
    "allow",
    "warn",
    "deny",
    "forbid",
    "expect",
    "must_use",
    "inline",
    "cold",
    "track_caller",
    "rustfmt",
    "clippy",
];

/// What an attribute at the top level is.
enum Attribute {
    /// `#[migration]` or `#[path::migration(...)]`, with the kind its arguments give.
    Migration(Option<Kind>),
    /// Any attribute that does not name `migration`; `foreign` unless it is one of the
    /// compiler's that leave an item as it is ([`PLAIN`]): `cfg` can remove a function, an
    /// attribute macro rewrite it.
    Other { foreign: bool },
}

/// The attribute starting at `tokens[at]` (a `#`) and the index after it; `None` for an
/// attribute that names `migration` in any form but the plain one, or with an explicit id.
fn attribute(tokens: &[TokenTree], at: usize) -> Option<(Attribute, usize)> {
    let mut next = at + 1;
    if matches!(tokens.get(next), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
        next += 1;
    }
    let Some(TokenTree::Group(group)) = tokens.get(next) else {
        return Some((Attribute::Other { foreign: true }, next));
    };
    if group.delimiter() != Delimiter::Bracket || !mentions_migration(group.stream()) {
        let foreign = !matches!(
            group.stream().into_iter().next(),
            Some(TokenTree::Ident(ident)) if PLAIN.contains(&ident.to_string().as_str())
        );
        return Some((Attribute::Other { foreign }, next + 1));
    }
    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
    // The path: identifiers separated by `::`, the last one `migration`.
    let mut end = 0;
    while let Some(token) = inner.get(end) {
        match token {
            TokenTree::Ident(_) => end += 1,
            TokenTree::Punct(p) if p.as_char() == ':' => end += 1,
            _ => break,
        }
    }
    if !matches!(end.checked_sub(1).and_then(|last| inner.get(last)), Some(TokenTree::Ident(i)) if is_migration(i))
        || next == at + 2
    {
        return None;
    }
    let kind = match &inner[end..] {
        [] => None,
        [TokenTree::Group(args)] if args.delimiter() == Delimiter::Parenthesis => {
            kind_argument(args.stream())?
        }
        _ => return None,
    };
    Some((Attribute::Migration(kind), next + 1))
}

/// The kind among `#[migration(...)]`'s arguments, if one is given; `None` (no proof) for an
/// explicit id, a kind given twice or anything that names `migration`.
fn kind_argument(args: TokenStream) -> Option<Option<Kind>> {
    let args: Vec<TokenTree> = args.into_iter().collect();
    let mut kind = None;
    for (index, token) in args.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) if ident == "id" || is_migration(ident) => return None,
            TokenTree::Ident(ident) => {
                let assigned =
                    matches!(args.get(index + 1), Some(TokenTree::Punct(p)) if p.as_char() == '=');
                if let (Some(given), false) = (Kind::from_name(&ident.to_string()), assigned) {
                    if kind.replace(given).is_some() {
                        return None;
                    }
                }
            }
            TokenTree::Group(group) if mentions_migration(group.stream()) => return None,
            _ => {}
        }
    }
    Some(kind)
}

/// The name of the function whose header starts at `tokens[at]`, after any other attributes,
/// its visibility and qualifiers, and the index after the name; `None` if the item is not a
/// function or carries a second `#[migration]`.
fn function_after(tokens: &[TokenTree], mut at: usize) -> Option<(String, usize)> {
    loop {
        match tokens.get(at)? {
            TokenTree::Punct(p) if p.as_char() == '#' => match attribute(tokens, at)? {
                (Attribute::Other { foreign: false }, next) => at = next,
                (Attribute::Other { foreign: true } | Attribute::Migration(_), _) => return None,
            },
            TokenTree::Ident(ident) if ident == "fn" => {
                return match tokens.get(at + 1)? {
                    TokenTree::Ident(name) => Some((name.to_string(), at + 2)),
                    _ => None,
                };
            }
            TokenTree::Ident(ident)
                if ["pub", "const", "async", "unsafe", "extern"]
                    .contains(&ident.to_string().as_str()) =>
            {
                at += 1
            }
            // `pub(crate)`, `extern "C"`.
            TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis => at += 1,
            TokenTree::Literal(_) => at += 1,
            _ => return None,
        }
    }
}

/// Whether `ident` is `migration` or `r#migration`.
fn is_migration(ident: &proc_macro2::Ident) -> bool {
    let name = ident.to_string();
    name.strip_prefix("r#").unwrap_or(&name) == "migration"
}

/// Whether `tokens` contain the identifier `migration` at any depth.
fn mentions_migration(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => is_migration(&ident),
        TokenTree::Group(group) => mentions_migration(group.stream()),
        _ => false,
    })
}

/// At most one `up` or `change`, at most one `down` and only beside an `up`, and no name
/// twice.
fn valid_set(functions: &[(String, Kind)]) -> bool {
    let count = |kind| functions.iter().filter(|(_, k)| *k == kind).count();
    let (ups, downs, changes) = (count(Kind::Up), count(Kind::Down), count(Kind::Change));
    let mut names: Vec<&str> = functions.iter().map(|(name, _)| name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names.len() == functions.len() && ups + changes <= 1 && downs <= usize::from(ups == 1)
}

/// The files scanned: each file's fingerprint and, if it is proven, its migration functions
/// (none for a file that is not: kept so that the next scan of the same contents is skipped).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Proofs {
    files: HashMap<PathBuf, (u64, Vec<(String, Kind)>)>,
}

impl Proofs {
    /// Proves the file `path` with contents `source`, if it can be proven, reusing the
    /// scan in `previous` of the same contents: after an edit, only the edited file is read
    /// token by token.
    pub fn add(&mut self, path: &Path, source: &[u8], previous: &Proofs) {
        let now = fingerprint(source);
        let functions = match previous.files.get(path) {
            Some((before, functions)) if *before == now => functions.clone(),
            _ => std::str::from_utf8(source)
                .ok()
                .and_then(prove)
                .unwrap_or_default(),
        };
        self.files.insert(path.to_owned(), (now, functions));
    }

    /// Whether the file `path`, whose contents now have `fingerprint`, was proven with a
    /// migration function `name` of `kind`.
    pub fn proves(&self, path: &Path, fingerprint: u64, name: &str, kind: Kind) -> bool {
        self.functions(path, fingerprint)
            .is_some_and(|functions| functions.iter().any(|f| f.0 == name && f.1 == kind))
    }

    /// The migration functions of the file `path`, if it was proven with contents that now
    /// have `fingerprint`.
    pub fn functions(&self, path: &Path, fingerprint: u64) -> Option<&[(String, Kind)]> {
        let (proven, functions) = self.files.get(path)?;
        (*proven == fingerprint && !functions.is_empty()).then_some(functions.as_slice())
    }

    /// The text of [`FILE`]: [`HEADER`], then a line per file, `<fingerprint> <name>:<kind>,...
    /// <path>`, or `<fingerprint> - <path>` for a file that is not proven.
    pub fn to_text(&self) -> String {
        let mut files: Vec<_> = self.files.iter().collect();
        files.sort_by(|a, b| a.0.cmp(b.0));
        let mut text = format!("{HEADER}\n");
        for (path, (fingerprint, functions)) in files {
            let Some(path) = path.to_str().filter(|path| !path.contains('\n')) else {
                continue;
            };
            let functions: Vec<String> = functions
                .iter()
                .map(|(name, kind)| format!("{name}:{}", kind.name()))
                .collect();
            let functions = if functions.is_empty() {
                "-".to_owned()
            } else {
                functions.join(",")
            };
            let _ = writeln!(text, "{fingerprint:016x} {functions} {path}");
        }
        text
    }

    /// Reads [`to_text`](Self::to_text)'s output; a line it cannot read proves nothing, and
    /// nor does a text another version of the scan wrote.
    pub fn from_text(text: &str) -> Self {
        let mut files = HashMap::new();
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Self { files };
        }
        for line in lines {
            let mut parts = line.splitn(3, ' ');
            let (Some(fingerprint), Some(functions), Some(path)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let Ok(fingerprint) = u64::from_str_radix(fingerprint, 16) else {
                continue;
            };
            let functions: Option<Vec<(String, Kind)>> = functions
                .split(',')
                .filter(|function| *function != "-")
                .map(|function| {
                    let (name, kind) = function.split_once(':')?;
                    Some((name.to_owned(), Kind::from_name(kind)?))
                })
                .collect();
            if let Some(functions) = functions {
                files.insert(PathBuf::from(path), (fingerprint, functions));
            }
        }
        Self { files }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(source: &str) -> Option<Vec<(String, Kind)>> {
        prove(source)
    }

    const PAIR: &str = "use migrate_core::prelude::*;\n\n\
        /// Creates the table.\n\
        #[migration]\n\
        pub fn up(s: &mut Schema) -> Result<()> {\n    s.create(\"users\", |t| { t.id(); })\n}\n\n\
        #[migration]\n\
        fn down(s: &mut Schema) -> Result<()> {\n    s.drop(\"users\")\n}\n";

    #[test]
    fn proves_a_plain_pair_and_names_its_functions() {
        assert_eq!(
            names(PAIR),
            Some(vec![("up".into(), Kind::Up), ("down".into(), Kind::Down)])
        );
        let given = "#[migrate::migration(up, transaction = false)]\n\
                     #[allow(unused)]\npub(crate) fn create(s: &mut Schema) -> Result<()> { Ok(()) }\n\
                     #[migration(down, reason = \"the down of `migration(up)`\")]\n\
                     fn revert(s: &mut Schema) -> Result<()> { Ok(()) }";
        assert_eq!(
            names(given),
            Some(vec![
                ("create".into(), Kind::Up),
                ("revert".into(), Kind::Down)
            ])
        );
        assert_eq!(
            names("#[migration] fn change(s: &mut Schema) {}")
                .unwrap()
                .len(),
            1
        );
        // Comments and strings are not code.
        let commented = format!("{PAIR}// #[migration] fn up() {{}}\n/* #[migration] */ const S: &str = \"#[migration] fn up\";");
        assert_eq!(names(&commented).unwrap().len(), 2);
    }

    #[test]
    fn an_invalid_set_is_never_proven() {
        for source in [
            // Two ups, two downs, a down alone, a change beside a down, a name and a kind
            // that disagree, no kind.
            "#[migration] fn up() {} #[migration(up)] fn other() {}",
            "#[migration] fn up() {} #[migration] fn down() {} #[migration(down)] fn d() {}",
            "#[migration] fn down() {}",
            "#[migration] fn change() {} #[migration] fn down() {}",
            "#[migration(down)] fn up() {}",
            "#[migration] fn create() {}",
            // The attribute twice, an explicit id.
            "#[migration] #[migration] fn up() {}",
            "#[migration(id = \"x\")] fn up() {}",
            "#[migration(up, up)] fn create() {}",
        ] {
            assert_eq!(names(source), None, "{source}");
        }
    }

    #[test]
    fn anything_the_scan_cannot_see_through_is_not_proven() {
        for source in [
            // In a module, an impl block or a function body; through `cfg_attr`; written by
            // a macro invoked at the top level; an inner attribute; tokens that do not lex.
            "mod inner { #[migration] fn up() {} }",
            "struct S; impl S { #[migration] fn up() {} }",
            "#[migration] fn up() { #[migration] fn down() {} }",
            "#[cfg_attr(all(), migration)] fn up() {}",
            "make_migration!(up);\n#[migration] fn up() {}",
            "macro_rules! m { () => {} }\n#[migration] fn up() {}",
            "#![migration]",
            "#[migration] struct Up;",
            "#[migration] fn up() { \"unclosed }",
            "use migrate_core::migration as m;\n#[migration] fn up() {}\n#[m(up)] fn again() {}",
            // Compiled in only sometimes: the `down` could be left alone.
            "#[cfg(feature = \"x\")]\n#[migration] fn up() {}\n#[migration] fn down() {}",
            "#[migration]\n#[cfg_attr(test, allow(unused))]\nfn up() {}",
            "#[tracing::instrument]\n#[migration] fn up() {}",
            // A raw `migration` is the same attribute.
            "#[migration] fn up() {}\n#[r#migration(up)] fn again() {}",
        ] {
            assert_eq!(names(source), None, "{source}");
        }
    }

    #[test]
    fn proofs_survive_their_text_and_hold_only_for_the_same_contents() {
        let mut proofs = Proofs::default();
        let path = Path::new("/app/src/migrations/m2026_11_25_140312_create users.rs");
        let none = Proofs::default();
        proofs.add(path, PAIR.as_bytes(), &none);
        proofs.add(Path::new("/app/none.rs"), b"fn helper() {}", &none);
        proofs.add(
            Path::new("/app/bad.rs"),
            b"#[migration] fn down() {}",
            &none,
        );
        let read = Proofs::from_text(&proofs.to_text());
        assert_eq!(read, proofs);
        let now = fingerprint(PAIR.as_bytes());
        assert!(read.proves(path, now, "up", Kind::Up));
        assert!(read.proves(path, now, "down", Kind::Down));
        assert!(!read.proves(path, now, "down", Kind::Up));
        assert!(!read.proves(path, now, "other", Kind::Up));
        assert!(!read.proves(path, now ^ 1, "up", Kind::Up));
        let bad = fingerprint(b"#[migration] fn down() {}");
        assert!(!read.proves(Path::new("/app/bad.rs"), bad, "down", Kind::Down));
        assert_eq!(read.to_text().lines().count(), 4);
        // Another version's text proves nothing.
        let other = read.to_text().replacen("scan 2", "scan 1", 1);
        assert_eq!(Proofs::from_text(&other), Proofs::default());
    }

    #[test]
    fn a_scan_of_the_same_contents_is_reused_and_of_new_contents_redone() {
        let path = Path::new("/app/m2026_11_25_140312_create_users.rs");
        // A previous scan that says otherwise than the contents would: proof that it is
        // reused for the same fingerprint, and ignored for another.
        let mut previous = Proofs::default();
        previous.files.insert(
            path.to_owned(),
            (fingerprint(PAIR.as_bytes()), vec![("up".into(), Kind::Up)]),
        );
        let mut reused = Proofs::default();
        reused.add(path, PAIR.as_bytes(), &previous);
        let now = fingerprint(PAIR.as_bytes());
        assert!(reused.proves(path, now, "up", Kind::Up));
        assert!(!reused.proves(path, now, "down", Kind::Down));

        let edited = format!("{PAIR}\n#[migration(up)] fn again() {{}}");
        let mut redone = Proofs::default();
        redone.add(path, edited.as_bytes(), &previous);
        let now = fingerprint(edited.as_bytes());
        assert!(!redone.proves(path, now, "up", Kind::Up));
    }
}
