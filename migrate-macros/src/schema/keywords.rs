//! The keywords of `schema!`'s grammar, in one place.
//!
//! They are contextual: a column may still be named `index` or `table` (`index: integer`),
//! and any name can be written as a string literal (`"drop": boolean`).

syn::custom_keyword!(create);
syn::custom_keyword!(alter);
syn::custom_keyword!(table);
syn::custom_keyword!(drop);
syn::custom_keyword!(rename);
syn::custom_keyword!(raw);
syn::custom_keyword!(exists);
syn::custom_keyword!(to);
syn::custom_keyword!(add);
syn::custom_keyword!(change);
syn::custom_keyword!(index);
syn::custom_keyword!(unique);
syn::custom_keyword!(foreign);
syn::custom_keyword!(primary);
syn::custom_keyword!(fulltext);
syn::custom_keyword!(spatial_index);
syn::custom_keyword!(vector_index);
syn::custom_keyword!(references);

/// The statements, as the "unknown statement" error lists them.
pub(super) const STATEMENTS: &[&str] = &["create", "alter", "drop", "rename", "raw"];
