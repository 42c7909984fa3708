//! The rules a `#[migration]` function and its arguments must follow.
//!
//! Every broken rule is reported, each at the offending tokens. The signature's types are
//! not resolved here: the expansion has rustc check the parameter and return types as
//! written (`migration_signature::<P, R>()`, reported at the type that is wrong), then
//! coerces the function to `MigrationFn`.

use syn::{
    parse_quote, Attribute, Error, FnArg, GenericParam, Item, ItemFn, LitStr, ReturnType,
    Signature, Type,
};

use super::ast::{Args, Kind, Migration};
use crate::errors::Errors;

/// The longest id allowed: the longest `VARCHAR` MySQL can index in `utf8mb4` (767 bytes).
const MAX_ID_LEN: usize = 191;

/// Checks the arguments and `item` against every rule, reporting all that are broken
/// together with the `errors` found while parsing the arguments.
pub(super) fn validate(
    args: syn::Result<Args>,
    item: Item,
    body: proc_macro2::TokenStream,
    mut errors: Errors,
) -> syn::Result<Migration> {
    // Whether the function's name must say its kind: not when the arguments failed to
    // parse or hold an unknown one, which may have been a misspelt `up` or `down`.
    let (args, name_must_say) = match args {
        Ok(args) => {
            let name_must_say = !args.unknown;
            (args, name_must_say)
        }
        Err(error) => {
            errors.push(error);
            (Args::default(), false)
        }
    };
    if let Some(id) = &args.id {
        errors.take(check_id(id));
    }
    let function = match item {
        Item::Fn(function) => function,
        other => return Err(errors.with(Error::new_spanned(
            other,
            "#[migration] applies only to a free function: `fn up(s: &mut Schema) -> Result<()>`",
        ))),
    };
    check_applied_once(&function, &mut errors);
    check_signature(&function.sig, &mut errors);
    check_parameter_and_return(&function.sig, &mut errors);
    let kind = kind(&args, &function.sig, name_must_say, &mut errors);
    if let Some(after) = &args.after {
        check_after(after, args.id.as_ref(), kind, &mut errors);
    }
    let replaces = match &args.replaces {
        Some((ids, span)) => check_replaces(ids, *span, args.id.as_ref(), kind, &mut errors),
        None => Vec::new(),
    };
    if kind == Kind::Change {
        super::reversible::check(&function, &mut errors);
    }
    let allow = check_allow(&args, kind, &mut errors);
    errors.finish()?;
    Ok(Migration {
        id: args.id,
        kind,
        transaction: args.transaction.is_none_or(|transaction| transaction.value),
        krate: args.krate.unwrap_or_else(|| parse_quote!(::migrate_core)),
        allow,
        reason: args.reason,
        function,
        body,
        after: args.after,
        replaces,
    })
}

/// `replaces = [...]` lists the ids of the migrations a squash stands for: each a
/// well-formed id, once, not the squash's own, and on the `up` (it describes the whole
/// migration).
fn check_replaces(
    ids: &[LitStr],
    span: proc_macro2::Span,
    id: Option<&LitStr>,
    kind: Kind,
    errors: &mut Errors,
) -> Vec<LitStr> {
    if kind == Kind::Down {
        errors.push(Error::new(
            span,
            "`replaces` describes the whole migration: write it on the `up` function",
        ));
    }
    if ids.is_empty() {
        errors.push(Error::new(
            span,
            "`replaces` lists the ids of the migrations this squash replaces: it cannot be empty",
        ));
    }
    for (index, replaced) in ids.iter().enumerate() {
        let value = replaced.value();
        if id.is_some_and(|id| id.value() == value) {
            errors.push(Error::new(
                replaced.span(),
                "a squash cannot replace itself: list the migrations it stands for",
            ));
            continue;
        }
        if ids[..index].iter().any(|earlier| earlier.value() == value) {
            errors.push(Error::new(
                replaced.span(),
                format!("`{value}` is listed twice in `replaces`"),
            ));
            continue;
        }
        errors.take(check_id(replaced).map_err(|error| {
            Error::new(
                replaced.span(),
                format!("`replaces` lists migration ids: {error}"),
            )
        }));
    }
    ids.to_vec()
}

/// `after = "..."` names another migration's id (maybe a library's, `<id>.<crate>`), and
/// orders the migration as a whole: it goes on the `up`.
fn check_after(after: &LitStr, id: Option<&LitStr>, kind: Kind, errors: &mut Errors) {
    if kind == Kind::Down {
        errors.push(Error::new(
            after.span(),
            "`after` orders the whole migration: write it on the `up` function",
        ));
    }
    if id.is_some_and(|id| id.value() == after.value()) {
        errors.push(Error::new(
            after.span(),
            "a migration cannot run after itself: name the migration this one needs",
        ));
        return;
    }
    errors.take(check_id(after).map_err(|error| {
        Error::new(
            after.span(),
            format!("`after` names a migration id: {error}"),
        )
    }));
}

/// Whether `attr` is `#[migration]`, however its path is written (`migration`,
/// `migrate_core::migration`, a re-export's `mc::migration`).
pub(super) fn is_migration_attribute(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "migration")
}

/// Rejects a second `#[migration]` on the function: the attributes below the one expanding
/// are still on it.
fn check_applied_once(function: &ItemFn, errors: &mut Errors) {
    for attr in function.attrs.iter().filter(|a| is_migration_attribute(a)) {
        errors.push(Error::new_spanned(
            attr,
            "#[migration] is applied twice to this function: remove one (a function is one \
             half of a migration; write the other half as a second function)",
        ));
    }
}

/// Rejects what a plain `fn name(...) -> ...` cannot have.
fn check_signature(sig: &Signature, errors: &mut Errors) {
    if let Some(token) = &sig.constness {
        errors.push(Error::new_spanned(
            token,
            "migration function must not be `const`",
        ));
    }
    if let Some(token) = &sig.asyncness {
        errors.push(Error::new_spanned(
            token,
            "migration function must not be `async`: the migrator calls it synchronously",
        ));
    }
    if let Some(token) = &sig.unsafety {
        errors.push(Error::new_spanned(
            token,
            "migration function must not be `unsafe`",
        ));
    }
    if let Some(abi) = &sig.abi {
        errors.push(Error::new_spanned(
            abi,
            "migration function must not be `extern`",
        ));
    }
    // Lifetime parameters are fine: the function still coerces to the
    // higher-ranked `MigrationFn`, or rustc says why not.
    if sig
        .generics
        .params
        .iter()
        .any(|param| !matches!(param, GenericParam::Lifetime(_)))
    {
        errors.push(Error::new_spanned(
            &sig.generics,
            "migration function must not be generic",
        ));
    }
    if let Some(where_clause) = &sig.generics.where_clause {
        errors.push(Error::new_spanned(
            where_clause,
            "migration function must not have a `where` clause",
        ));
    }
    if let Some(receiver) = sig.receiver() {
        errors.push(Error::new_spanned(
            receiver,
            "migration function must be a free function, not a method: remove `self`",
        ));
    }
}

/// The signature, as the errors about it show it.
const EXPECTED_SIGNATURE: &str = "`fn up(s: &mut Schema) -> Result<()>`";

/// Primitive types, which cannot be the `Result` a migration function returns.
const PRIMITIVES: &[&str] = &[
    "bool", "char", "str", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64",
    "u128", "usize", "f32", "f64", "String",
];

/// Points at a parameter or return type that cannot be right, saying the signature.
///
/// Only shapes that are wrong whatever the names mean are reported here (a count, `impl
/// Trait`, a shared reference, a missing or primitive return type); rustc checks the rest
/// when the expansion coerces the function to `MigrationFn`.
fn check_parameter_and_return(sig: &Signature, errors: &mut Errors) {
    let parameters: Vec<&syn::PatType> = sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(typed) => Some(typed),
            // Reported by `check_signature`.
            FnArg::Receiver(_) => None,
        })
        .collect();
    match parameters.as_slice() {
        [] if sig.receiver().is_none() => errors.push(Error::new(
            sig.paren_token.span.join(),
            format!("a migration function takes the schema as its parameter: {EXPECTED_SIGNATURE}"),
        )),
        [_, extra @ ..] if !extra.is_empty() => {
            for parameter in extra {
                errors.push(Error::new_spanned(
                    parameter,
                    format!(
                        "a migration function takes one parameter, the schema: {EXPECTED_SIGNATURE}"
                    ),
                ));
            }
        }
        _ => {}
    }
    for parameter in &parameters {
        match &*parameter.ty {
            Type::ImplTrait(impl_trait) => errors.push(Error::new_spanned(
                impl_trait,
                format!(
                    "migration function must not be generic: its parameter is `&mut Schema`, \
                     not `impl ...`: {EXPECTED_SIGNATURE}"
                ),
            )),
            Type::Reference(reference) if reference.mutability.is_none() => {
                errors.push(Error::new_spanned(
                    reference,
                    format!("the schema is borrowed mutably, `&mut Schema`: {EXPECTED_SIGNATURE}"),
                ))
            }
            Type::Path(path)
                if path
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "Schema") =>
            {
                errors.push(Error::new_spanned(
                    path,
                    format!("the schema is borrowed mutably, `&mut Schema`: {EXPECTED_SIGNATURE}"),
                ))
            }
            _ => {}
        }
    }
    let wrong_return = |span: proc_macro2::Span| {
        Error::new(
            span,
            format!("a migration function returns `Result<()>`: {EXPECTED_SIGNATURE}"),
        )
    };
    match &sig.output {
        ReturnType::Default => errors.push(wrong_return(sig.paren_token.span.close())),
        ReturnType::Type(_, ty) => {
            let primitive = match &**ty {
                Type::Tuple(_) | Type::Never(_) => true,
                Type::Path(path) => path
                    .path
                    .get_ident()
                    .is_some_and(|ident| PRIMITIVES.iter().any(|p| ident == p)),
                _ => false,
            };
            if primitive {
                errors.push(Error::new_spanned(
                    ty,
                    format!("a migration function returns `Result<()>`: {EXPECTED_SIGNATURE}"),
                ));
            }
        }
    }
}

/// An id is 1 to 191 ASCII letters, digits, `_`, `-` or `.`: safe in a file name, a
/// database key and a command line.
fn check_id(id: &LitStr) -> syn::Result<()> {
    let value = id.value();
    if value.is_empty() {
        return Err(Error::new(id.span(), "migration id must not be empty"));
    }
    if let Some(c) = value
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        return Err(Error::new(
            id.span(),
            format!(
                "migration id may contain only ASCII letters, digits, `_`, `-` and `.`, not {c:?}"
            ),
        ));
    }
    if value.len() > MAX_ID_LEN {
        return Err(Error::new(
            id.span(),
            format!(
                "migration id is {} characters long; the limit is {MAX_ID_LEN}, the longest key MySQL can index",
                value.len()
            ),
        ));
    }
    Ok(())
}

/// The kind: given explicitly, else said by the function's name.
///
/// On an error the returned kind is a placeholder; `errors` is then not empty.
fn kind(args: &Args, sig: &Signature, name_must_say: bool, errors: &mut Errors) -> Kind {
    let name = &sig.ident;
    match (args.kind, Kind::from_name(name)) {
        (Some((kind, span)), Some(named)) if kind != named => {
            errors.push(Error::new(
                span,
                format!(
                    "`{}` contradicts the function's name `{name}`: rename the function or drop `{}`",
                    kind.name(),
                    kind.name()
                ),
            ));
            kind
        }
        (Some((kind, _)), _) | (None, Some(kind)) => kind,
        (None, None) => {
            if name_must_say {
                errors.push(Error::new(
                    name.span(),
                    "migration function must be named `up`, `down` or `change`, or say which with #[migration(up)] / #[migration(down)] / #[migration(change)]",
                ));
            }
            Kind::Up
        }
    }
}

/// The lint rules of `allow(...)`, which needs a non-empty `reason` (recorded and shown with
/// every finding it allows), and only on an `up`: the linter reads what `up` does. Whether
/// each name is a rule is checked when linting, where the rules are known.
fn check_allow(args: &Args, kind: Kind, errors: &mut Errors) -> Vec<syn::Ident> {
    let Some((rules, span)) = &args.allow else {
        if let Some(reason) = &args.reason {
            errors.push(Error::new_spanned(
                reason,
                "`reason` says why lint rules are allowed: add `allow(rule, ...)` naming them",
            ));
        }
        return Vec::new();
    };
    if rules.is_empty() {
        errors.push(Error::new(
            *span,
            "`allow()` names no lint rule: name the rules, as `lint` prints them \
             (`allow(add_index)`), or remove it",
        ));
    }
    for (i, rule) in rules.iter().enumerate() {
        if rules[..i].contains(rule) {
            errors.push(Error::new(
                rule.span(),
                format!("lint rule `{rule}` is allowed twice"),
            ));
        }
    }
    match &args.reason {
        None => errors.push(Error::new(
            *span,
            "`allow(...)` needs a `reason = \"...\"`: it is recorded, and shown with every \
             finding it allows",
        )),
        Some(reason) if reason.value().trim().is_empty() => errors.push(Error::new_spanned(
            reason,
            "the reason is empty: say why the rules are safe to allow here",
        )),
        Some(_) => {}
    }
    if kind == Kind::Down {
        errors.push(Error::new(
            *span,
            "lint rules are allowed on the `up` function: the linter checks what `up` does",
        ));
    }
    rules.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(id: &str) -> Result<(), String> {
        check_id(&LitStr::new(id, proc_macro2::Span::call_site())).map_err(|e| e.to_string())
    }

    #[test]
    fn accepts_well_formed_ids() {
        assert_eq!(check("m2026_11_25_140312_create_users"), Ok(()));
        assert_eq!(check("v1.2-hotfix"), Ok(()));
        assert_eq!(check(&"a".repeat(MAX_ID_LEN)), Ok(()));
    }

    #[test]
    fn rejects_malformed_ids() {
        assert_eq!(check(""), Err("migration id must not be empty".into()));
        assert!(check("create users").is_err_and(|e| e.ends_with("not ' '")));
        assert!(check("créer").is_err_and(|e| e.ends_with("not 'é'")));
        assert!(check("a/b").is_err());
        assert!(check(&"a".repeat(MAX_ID_LEN + 1)).is_err_and(|e| e.contains("192 characters")));
    }

    fn validate_fn(args: Args, item: Item) -> Result<Migration, Vec<String>> {
        validate(
            Ok(args),
            item,
            proc_macro2::TokenStream::new(),
            Errors::default(),
        )
        .map_err(|e| e.into_iter().map(|e| e.to_string()).collect())
    }

    #[test]
    fn reports_every_broken_rule() {
        let item = parse_quote! {
            const async unsafe extern "C" fn create<T>(&self) where T: Copy {}
        };
        let errors = validate_fn(Args::default(), item).err().unwrap_or_default();
        assert_eq!(errors.len(), 9, "{errors:?}");
        assert!(errors[7].starts_with("a migration function returns `Result<()>`"));
        assert!(errors[8].starts_with("migration function must be named `up`, `down` or `change`"));
    }

    #[test]
    fn takes_the_kind_from_the_name_or_the_argument() {
        let up = validate_fn(
            Args::default(),
            parse_quote!(
                fn up(s: &mut Schema) -> Result<()> {}
            ),
        );
        assert_eq!(up.map(|m| m.kind), Ok(Kind::Up));
        let args = Args {
            kind: Some((Kind::Down, proc_macro2::Span::call_site())),
            ..Args::default()
        };
        let down = validate_fn(
            args,
            parse_quote!(
                fn drop_users(s: &mut Schema) -> Result<()> {}
            ),
        );
        assert_eq!(
            down.map(|m| (m.kind, m.transaction)),
            Ok((Kind::Down, true))
        );
    }

    #[test]
    fn points_at_parameters_and_return_types_that_cannot_be_right() {
        let errors = |item| validate_fn(Args::default(), item).err().unwrap_or_default();
        let expected = "`fn up(s: &mut Schema) -> Result<()>`";
        for item in [
            parse_quote!(
                fn up() -> Result<()> {}
            ),
            parse_quote!(
                fn up(s: &mut Schema, extra: i32) -> Result<()> {}
            ),
            parse_quote!(
                fn up(s: impl Builder) -> Result<()> {}
            ),
            parse_quote!(
                fn up(s: &Schema) -> Result<()> {}
            ),
            parse_quote!(
                fn up(s: Schema) -> Result<()> {}
            ),
            parse_quote!(
                fn up(s: &mut Schema) {}
            ),
            parse_quote!(
                fn up(s: &mut Schema) -> () {}
            ),
            parse_quote!(
                fn up(s: &mut Schema) -> bool {}
            ),
        ] {
            let errors = errors(item);
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(errors[0].ends_with(expected), "{errors:?}");
        }
        // An alias may name the result: rustc checks it, through the coercion.
        assert!(validate_fn(
            Args::default(),
            parse_quote!(
                fn up(s: &mut Schema) -> MyResult {}
            )
        )
        .is_ok());
    }

    #[test]
    fn accepts_lifetime_parameters() {
        let up = validate_fn(
            Args::default(),
            parse_quote!(
                fn up<'a>(s: &'a mut Schema<'_>) -> migrate_core::Result<()> {}
            ),
        );
        assert!(up.is_ok());
    }
}
