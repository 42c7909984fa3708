//! Enumeration values from a Rust enum: the [`EnumValues`] trait, which
//! `#[derive(EnumValues)]` implements, and the Blueprint methods that take it.

use super::blueprint::Blueprint;
use super::column::ColumnDefinition;

/// A type whose values are those of an `enumeration` or `set` column, in order; usually a
/// fieldless enum with `#[derive(EnumValues)]` (see the derive for how variants are spelled),
/// or implemented by hand.
///
/// ```
/// use migrate_core::schema::{Blueprint, Dialect, EnumValues};
///
/// #[derive(EnumValues)]
/// #[enum_values(rename_all = "snake_case")]
/// enum Status {
///     Draft,
///     InReview,
/// }
///
/// assert_eq!(Status::VALUES, ["draft", "in_review"]);
/// let mut t = Blueprint::alter("posts");
/// t.enumeration_of::<Status>("status").default("draft");
/// assert_eq!(
///     t.to_sql(Dialect::Mysql).unwrap(),
///     ["alter table `posts` add column `status` enum('draft', 'in_review') not null default 'draft'"]
/// );
/// ```
pub trait EnumValues {
    /// The values, in the order the column lists them.
    const VALUES: &'static [&'static str];
}

impl Blueprint {
    /// An [`Blueprint::enumeration`] column whose values are `E`'s.
    pub fn enumeration_of<E: EnumValues>(
        &mut self,
        name: impl Into<String>,
    ) -> &mut ColumnDefinition {
        self.enumeration(name, E::VALUES)
    }

    /// A [`Blueprint::set`] column whose values are `E`'s (MySQL and MariaDB).
    pub fn set_of<E: EnumValues>(&mut self, name: impl Into<String>) -> &mut ColumnDefinition {
        self.set(name, E::VALUES)
    }
}

/// Whether `values` holds `value`, in a `const` context: what `schema!` checks a default of an
/// enumeration taken from a Rust enum with.
pub const fn has_value(values: &[&str], value: &str) -> bool {
    let mut i = 0;
    while i < values.len() {
        let (a, b) = (values[i].as_bytes(), value.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return true;
            }
        }
        i += 1;
    }
    false
}
