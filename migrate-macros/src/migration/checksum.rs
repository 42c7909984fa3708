//! The checksum of a migration function: SHA-256 over a canonical form of its tokens.
//!
//! The canonical form writes each token as a kind tag and its text, separated by single
//! spaces, and each group as its delimiters around its contents. Whitespace, line breaks
//! and comments are not tokens, and a punctuation character's spacing only records whether
//! whitespace follows it, so none of them change the checksum; any real token change does.
//! The function's attributes (doc comments included) are not part of it.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use sha2::{Digest, Sha256};
use syn::Signature;

/// The lowercase hex SHA-256 (64 characters) of a function's signature and body (its
/// block's tokens, braces included).
pub(super) fn checksum(signature: &Signature, body: &TokenStream) -> String {
    let mut canonical = String::new();
    write_tokens(&mut canonical, signature.to_token_stream());
    write_tokens(&mut canonical, body.clone());
    hex(&Sha256::digest(canonical.as_bytes()))
}

/// Appends the canonical form of `tokens` to `out`.
fn write_tokens(out: &mut String, tokens: TokenStream) {
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    // Invisible groups come only from macro expansion; tag them anyway.
                    Delimiter::None => ("<", ">"),
                };
                write_token(out, "g", open);
                write_tokens(out, group.stream());
                write_token(out, "g", close);
            }
            TokenTree::Ident(ident) => write_token(out, "i", &ident.to_string()),
            TokenTree::Punct(punct) => write_token(out, "p", &punct.as_char().to_string()),
            TokenTree::Literal(literal) => write_token(out, "l", &literal.to_string()),
        }
    }
}

/// Appends one `tag text` pair, space-separated from what precedes it.
fn write_token(out: &mut String, tag: &str, text: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(tag);
    out.push(' ');
    out.push_str(text);
}

/// Lowercase hexadecimal.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;
    use syn::ItemFn;

    /// The checksum of a function written as source text, as the compiler would pass it.
    fn of_source(source: &str) -> syn::Result<String> {
        of(TokenStream::from_str(source)?)
    }

    /// The checksum of a fully parsed function, its body written back from syn's tree.
    fn of(tokens: TokenStream) -> syn::Result<String> {
        let function: ItemFn = syn::parse2(tokens)?;
        Ok(checksum(&function.sig, &function.block.to_token_stream()))
    }

    #[test]
    fn is_64_lowercase_hex_digits() -> syn::Result<()> {
        let sum = of(quote::quote!(
            fn up(s: &mut Schema) -> Result<()> {
                s.drop("users")
            }
        ))?;
        assert_eq!(sum.len(), 64);
        assert!(sum
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        Ok(())
    }

    #[test]
    fn ignores_spacing_line_breaks_and_comments() -> syn::Result<()> {
        let compact = of_source(
            r#"fn up(s:&mut Schema)->Result<()>{s.create("users",|t|{t.increments("id");})}"#,
        )?;
        let spaced = of_source(
            r#"
            fn up ( s : & mut Schema ) -> Result < () >
            {
                // Users sign in with their email.
                s.create("users", |t| {
                    t.increments("id"); /* the primary key */
                })
            }
            "#,
        )?;
        assert_eq!(compact, spaced);
        Ok(())
    }

    #[test]
    fn ignores_attributes_and_doc_comments() -> syn::Result<()> {
        let plain = of(quote::quote!(
            fn down(s: &mut Schema) -> Result<()> {
                s.drop("users")
            }
        ))?;
        let documented = of_source(
            "/// Drops the users.\n#[allow(unused)]\npub fn down(s: &mut Schema) -> Result<()> { s.drop(\"users\") }",
        )?;
        assert_eq!(plain, documented);
        Ok(())
    }

    #[test]
    fn changes_with_any_token() -> syn::Result<()> {
        let base = of(quote::quote!(
            fn up(s: &mut Schema) -> Result<()> {
                s.string("email", 255)
            }
        ))?;
        let semicolon = of(quote::quote!(
            fn up(s: &mut Schema) -> Result<()> {
                s.string("email", 255);
            }
        ))?;
        let literal = of(quote::quote!(
            fn up(s: &mut Schema) -> Result<()> {
                s.string("email", 256)
            }
        ))?;
        let ident = of(quote::quote!(
            fn up(s: &mut Schema) -> Result<()> {
                s.text("email", 255)
            }
        ))?;
        let name = of(quote::quote!(
            fn down(s: &mut Schema) -> Result<()> {
                s.string("email", 255)
            }
        ))?;
        for other in [&semicolon, &literal, &ident, &name] {
            assert_ne!(&base, other);
        }
        // Only the delimiters differ.
        let parens = of(quote::quote!(
            fn up() {
                m!(1)
            }
        ))?;
        let brackets = of(quote::quote!(
            fn up() {
                m![1]
            }
        ))?;
        assert_ne!(parens, brackets);
        Ok(())
    }

    #[test]
    fn is_stable() -> syn::Result<()> {
        // Applied migrations store this value: changing the canonical form is a breaking change.
        let sum = of(quote::quote!(
            fn up() {}
        ))?;
        let expected = hex(&Sha256::digest(b"i fn i up g ( g ) g { g }"));
        assert_eq!(sum, expected);
        Ok(())
    }

    #[test]
    fn is_the_same_whether_the_body_is_parsed_or_not() -> syn::Result<()> {
        // Applied migrations store the checksum of the fully parsed function: the body kept
        // as written must give the same, or upgrading would report every migration changed.
        let corpus = [
            "fn up(s: &mut Schema) -> Result<()> { s.create(\"users\", |t| { t.increments(\"id\"); t.string(\"email\", 255).unique(); }) }",
            "pub(crate) fn down<'a>(s: &'a mut Schema) -> migrate_core::Result<()> { s.drop_if_exists(\"users\")?; Ok(()) }",
            "fn up(s: &mut Schema) -> Result<()> { ;; let x = -1i64; let _ = x; s.raw(r#\"insert into t values ('a;b', \"q\")\"#) }",
            "fn up(s: &mut Schema) -> Result<()> { 'outer: loop { for i in 0..3u8 { if i == 2 { break 'outer; } } } Ok(()) }",
            "fn up(s: &mut Schema) -> Result<()> { #[allow(unused)] let v = vec![1, 2]; /// doc\n let w = [b'a', 0x1F]; let Some(z) = v.first() else { return Ok(()) }; let _ = (w, z); Ok(()) }",
            "fn up(s: &mut Schema) -> Result<()> { schema!(s => { create users { id: increments, name: string(50) default(\"x\") } }); Ok(()) }",
            "fn up(s: &mut Schema) -> Result<()> { let f = move |a: &str| -> String { format!(\"{a}{}\", 1) }; let _ = async { 1 }; unsafe { core::hint::unreachable_unchecked() } }",
            "fn up(s: &mut Schema) -> Result<()> { match s.dialect() { Dialect::Sqlite | Dialect::Postgres if true => {}, _ => () } s.table(\"t\", |t| t.drop_column(\"c\")) }",
            "fn up(s:&mut Schema)->Result<()>{struct A<T: ?Sized + 'static>(T); impl<T> A<T> { fn f(&self) -> &Self { self } } Ok(())}",
            "fn up(s: &mut Schema) -> Result<()> { s.raw(b\"\\xff\".len().to_string().as_str())?; s.raw(c\"x\".to_str().unwrap_or_default()) }",
        ];
        for source in corpus {
            let tokens = TokenStream::from_str(source)?;
            let split = super::super::header::split(&tokens)
                .ok_or_else(|| syn::Error::new_spanned(&tokens, "not split"))?;
            let lean = checksum(&split.function.sig, &split.body);
            assert_eq!(lean, of(tokens)?, "{source}");
        }
        Ok(())
    }
}
