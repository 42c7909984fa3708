//! Collects several user errors so they are reported together.

/// An accumulator of `syn::Error`s, combined into one as they come.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    /// Adds an error to the ones already collected.
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }

    /// Adds a last error and returns them all.
    pub(crate) fn with(self, error: syn::Error) -> syn::Error {
        match self.0 {
            Some(mut errors) => {
                errors.combine(error);
                errors
            }
            None => error,
        }
    }

    /// Adds the error of `result`, if any, and returns its value otherwise.
    pub(crate) fn take<T>(&mut self, result: syn::Result<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(error);
                None
            }
        }
    }

    /// `Err` with every collected error, or `Ok` if there is none.
    pub(crate) fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

/// Records an attribute argument's value in `slot`, or an error at its name if the argument
/// was given already: `duplicate #[<attribute>] argument `name``.
pub(crate) fn set_once<T>(
    slot: &mut Option<T>,
    value: T,
    name: &syn::Ident,
    attribute: &str,
    errors: &mut Errors,
) {
    if slot.is_some() {
        errors.push(syn::Error::new(
            name.span(),
            format!("duplicate #[{attribute}] argument `{name}`"),
        ));
    } else {
        *slot = Some(value);
    }
}
