//! A `change` function's body, when it is made of `schema!` invocations, is checked at
//! compile time for statements that cannot be undone (its `down` is derived by inverting
//! them). Builder calls are checked when the migration set is (`check`, `run`, `rollback`).

use syn::visit::Visit;
use syn::{Error, ItemFn, Macro};

use crate::errors::Errors;

/// Reports every statement of the `schema!` invocations in `function` that a `change`
/// migration cannot undo.
pub(super) fn check(function: &ItemFn, errors: &mut Errors) {
    let mut finder = SchemaMacros::default();
    finder.visit_block(&function.block);
    for invocation in finder.found {
        for (span, what) in crate::schema::irreversible(invocation.tokens.clone()) {
            errors.push(Error::new(
                span,
                format!(
                    "{what} cannot be undone, so this `change` migration has no derivable \
                     `down`: write `up` and `down` functions instead of `change`"
                ),
            ));
        }
    }
}

/// The `schema!` invocations of a function body.
#[derive(Default)]
struct SchemaMacros {
    found: Vec<Macro>,
}

impl<'ast> Visit<'ast> for SchemaMacros {
    fn visit_macro(&mut self, invocation: &'ast Macro) {
        if invocation
            .path
            .segments
            .last()
            .is_some_and(|segment| segment.ident == "schema")
        {
            self.found.push(invocation.clone());
        }
    }
}
