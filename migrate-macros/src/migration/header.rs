//! Reading a migration function without parsing its body.
//!
//! `#[migration]` needs the function's attributes, visibility and signature; its body only
//! for the checksum, which reads tokens, and for a `change` function, whose `schema!`
//! invocations are checked. Parsing a body into syn's syntax tree costs about half of the
//! macro's time, and a project with hundreds of migrations pays it on every `cargo check`
//! that recompiles the crate; so the body is kept as the tokens the compiler gave.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::quote;
use syn::ItemFn;

/// A function read without its body: the header parsed (with an empty block), the body as
/// written.
pub(super) struct Header {
    /// The attributes, visibility and signature; its `block` is empty.
    pub function: ItemFn,
    /// The body, braces included, exactly as written.
    pub body: TokenStream,
}

/// Splits `item` into its parsed header and its body's tokens, or `None` where the full
/// parse must decide: the item is not a function with a body, or its body holds an
/// invisible group (from a `macro_rules!` fragment), which syn's syntax tree may write back
/// differently, so that only the full parse gives the checksum it always gave.
pub(super) fn split(item: &TokenStream) -> Option<Header> {
    let mut tokens: Vec<TokenTree> = item.clone().into_iter().collect();
    let body = match tokens.pop()? {
        TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => group,
        _ => return None,
    };
    if holds_invisible_group(body.stream()) {
        return None;
    }
    let header: TokenStream = tokens.into_iter().collect();
    let function = syn::parse2::<ItemFn>(quote!(#header {})).ok()?;
    Some(Header {
        function,
        body: TokenTree::Group(body).into(),
    })
}

/// Whether `tokens` hold a group without delimiters, at any depth.
fn holds_invisible_group(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Group(group) => is_invisible(&group) || holds_invisible_group(group.stream()),
        _ => false,
    })
}

fn is_invisible(group: &Group) -> bool {
    group.delimiter() == Delimiter::None
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;
    use std::str::FromStr;

    #[test]
    fn keeps_the_body_as_written_and_parses_the_header() -> syn::Result<()> {
        let item = TokenStream::from_str(
            "/// Creates users.\npub fn up(s: &mut Schema) -> Result<()> { s.drop(\"users\") }",
        )?;
        let header = split(&item).ok_or_else(|| syn::Error::new_spanned(&item, "not split"))?;
        assert_eq!(header.function.sig.ident, "up");
        assert_eq!(header.function.attrs.len(), 1);
        assert!(header.function.block.stmts.is_empty());
        assert_eq!(
            header.body.to_string(),
            TokenStream::from_str("{ s.drop(\"users\") }")?.to_string()
        );
        Ok(())
    }

    #[test]
    fn leaves_anything_else_to_the_full_parse() -> syn::Result<()> {
        for source in [
            "struct Up { a: i32 }",
            "impl Up { fn up() {} }",
            "fn up();",
            "const UP: () = {};",
        ] {
            assert!(split(&TokenStream::from_str(source)?).is_none(), "{source}");
        }
        let invisible = Group::new(Delimiter::None, quote!(1));
        let body = Group::new(Delimiter::Brace, invisible.into_token_stream());
        assert!(split(&quote!(fn up() #body)).is_none());
        Ok(())
    }
}
