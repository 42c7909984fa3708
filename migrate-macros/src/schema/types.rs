//! The table of known column types: their name in the DSL, the Blueprint method they call,
//! the arguments they take and the modifiers that apply to them.

/// The arguments a column type takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Params {
    /// None: `text`.
    None,
    /// A length: `string(255)`.
    Length,
    /// A precision and a scale: `decimal(8, 2)`.
    PrecisionScale,
    /// Nothing, or a precision and a scale: `double`, `double(15, 8)`.
    OptionalPrecisionScale,
    /// Nothing, or binary digits from 1 to 53: `float`, `float(24)`.
    OptionalBinaryPrecision,
    /// Nothing, or digits of fractional seconds from 0 to 6: `timestamp`, `timestamp(6)`.
    OptionalFraction,
    /// One or more string values: `enumeration("draft", "published")`.
    Values,
    /// One string, the SQL type: `custom("tsvector")`.
    SqlType,
    /// Nothing, a shape, or a shape and an SRID: `geometry`, `geometry(point, 4326)`.
    Spatial,
    /// How many numbers: `vector(1536)`.
    Dimensions,
}

impl Params {
    /// How to write the arguments, for error messages.
    pub(super) fn usage(self, ty: &str) -> String {
        match self {
            Params::None => format!("`{ty}` takes no arguments"),
            Params::Length => format!("`{ty}` takes a length: `{ty}(255)`"),
            Params::PrecisionScale => {
                format!("`{ty}` takes a precision and a scale: `{ty}(8, 2)`")
            }
            Params::OptionalPrecisionScale => {
                format!("`{ty}` takes no arguments, or a precision and a scale: `{ty}(15, 8)`")
            }
            Params::OptionalBinaryPrecision => format!(
                "`{ty}` takes no arguments (double precision), or a precision in binary digits \
                 from 1 to 53: `{ty}(24)`; for decimal digits use `decimal(8, 2)`"
            ),
            Params::OptionalFraction => format!(
                "`{ty}` takes no arguments (whole seconds), or digits of fractional seconds \
                 from 0 to 6: `{ty}(6)`"
            ),
            Params::Values => {
                format!("`{ty}` takes one or more string values: `{ty}(\"draft\", \"published\")`")
            }
            Params::SqlType => {
                format!("`{ty}` takes the SQL type as a string: `{ty}(\"tsvector\")`")
            }
            Params::Dimensions => format!("`{ty}` takes its dimensions: `{ty}(1536)`"),
            Params::Spatial => format!(
                "`{ty}` takes no arguments (any shape), a shape (`{ty}(point)`), or a shape \
                 and an SRID: `{ty}(point, 4326)`; the shapes are {}",
                SHAPES.join(", ")
            ),
        }
    }
}

/// What kind of literal a `default(...)` of the type accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DefaultKind {
    /// An integer, negative or not.
    Int,
    /// A non-negative integer.
    Unsigned,
    /// An integer or a float.
    Number,
    /// `true` or `false`.
    Bool,
    /// A string.
    Text,
    /// Any literal (`custom` types).
    Any,
    /// None: an auto-increment column takes its values from a sequence.
    Never,
}

impl DefaultKind {
    /// What the literal must be, for error messages.
    pub(super) fn expected(self) -> &'static str {
        match self {
            DefaultKind::Int => "an integer",
            DefaultKind::Unsigned => "a non-negative integer",
            DefaultKind::Number => "a number",
            DefaultKind::Bool => "`true` or `false`",
            DefaultKind::Text => "a string",
            DefaultKind::Any => "a literal",
            DefaultKind::Never => "nothing",
        }
    }
}

/// The family of a type, which decides the modifiers that apply to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    /// A plain integer: may be made `unsigned` or `auto_increment`.
    Integer,
    /// An unsigned integer: may be made `auto_increment`.
    UnsignedInteger,
    /// An auto-incrementing primary key (`increments`, ...).
    Increments,
    /// A floating point or decimal number.
    Number,
    /// Text: may take a `charset` and a `collation`.
    Text,
    /// A date and time: may default to the current time (`use_current`).
    Moment,
    /// Anything else.
    Other,
}

/// One known column type.
#[derive(Debug, Clone, Copy)]
pub(super) struct ColumnType {
    /// The name in the DSL.
    pub name: &'static str,
    /// The Blueprint method; with arguments, `<method>_with` (`float(24)` calls `float_with`).
    pub method: &'static str,
    pub params: Params,
    pub family: Family,
    pub default: DefaultKind,
}

const fn ty(
    name: &'static str,
    method: &'static str,
    params: Params,
    family: Family,
    default: DefaultKind,
) -> ColumnType {
    ColumnType {
        name,
        method,
        params,
        family,
        default,
    }
}

use DefaultKind as D;
use Family as F;
use Params as P;

/// Every column type of the Blueprint, in the order its documentation lists them.
pub(super) const TYPES: &[ColumnType] = &[
    ty("increments", "increments", P::None, F::Increments, D::Never),
    ty(
        "big_increments",
        "big_increments",
        P::None,
        F::Increments,
        D::Never,
    ),
    ty(
        "medium_increments",
        "medium_increments",
        P::None,
        F::Increments,
        D::Never,
    ),
    ty(
        "small_increments",
        "small_increments",
        P::None,
        F::Increments,
        D::Never,
    ),
    ty("char", "char", P::Length, F::Text, D::Text),
    ty("string", "string", P::Length, F::Text, D::Text),
    ty("text", "text", P::None, F::Text, D::Text),
    ty("medium_text", "medium_text", P::None, F::Text, D::Text),
    ty("long_text", "long_text", P::None, F::Text, D::Text),
    ty("tiny_integer", "tiny_integer", P::None, F::Integer, D::Int),
    ty(
        "small_integer",
        "small_integer",
        P::None,
        F::Integer,
        D::Int,
    ),
    ty(
        "medium_integer",
        "medium_integer",
        P::None,
        F::Integer,
        D::Int,
    ),
    ty("integer", "integer", P::None, F::Integer, D::Int),
    ty("big_integer", "big_integer", P::None, F::Integer, D::Int),
    ty(
        "unsigned_tiny_integer",
        "unsigned_tiny_integer",
        P::None,
        F::UnsignedInteger,
        D::Unsigned,
    ),
    ty(
        "unsigned_small_integer",
        "unsigned_small_integer",
        P::None,
        F::UnsignedInteger,
        D::Unsigned,
    ),
    ty(
        "unsigned_medium_integer",
        "unsigned_medium_integer",
        P::None,
        F::UnsignedInteger,
        D::Unsigned,
    ),
    ty(
        "unsigned_integer",
        "unsigned_integer",
        P::None,
        F::UnsignedInteger,
        D::Unsigned,
    ),
    ty(
        "unsigned_big_integer",
        "unsigned_big_integer",
        P::None,
        F::UnsignedInteger,
        D::Unsigned,
    ),
    ty(
        "float",
        "float",
        P::OptionalBinaryPrecision,
        F::Number,
        D::Number,
    ),
    ty(
        "double",
        "double",
        P::OptionalPrecisionScale,
        F::Number,
        D::Number,
    ),
    ty(
        "decimal",
        "decimal",
        P::PrecisionScale,
        F::Number,
        D::Number,
    ),
    ty("boolean", "boolean", P::None, F::Other, D::Bool),
    ty("enumeration", "enumeration", P::Values, F::Text, D::Text),
    ty("set", "set", P::Values, F::Text, D::Text),
    ty("json", "json", P::None, F::Other, D::Text),
    ty("jsonb", "jsonb", P::None, F::Other, D::Text),
    ty("date", "date", P::None, F::Other, D::Text),
    ty(
        "datetime",
        "datetime",
        P::OptionalFraction,
        F::Moment,
        D::Text,
    ),
    ty(
        "datetime_tz",
        "datetime_tz",
        P::OptionalFraction,
        F::Moment,
        D::Text,
    ),
    ty("time", "time", P::OptionalFraction, F::Other, D::Text),
    ty("time_tz", "time_tz", P::OptionalFraction, F::Other, D::Text),
    ty(
        "timestamp",
        "timestamp",
        P::OptionalFraction,
        F::Moment,
        D::Text,
    ),
    ty(
        "timestamp_tz",
        "timestamp_tz",
        P::OptionalFraction,
        F::Moment,
        D::Text,
    ),
    ty("binary", "binary", P::None, F::Other, D::Text),
    ty("uuid", "uuid", P::None, F::Other, D::Text),
    ty("ulid", "ulid", P::None, F::Other, D::Text),
    ty(
        "foreign_id",
        "foreign_id",
        P::None,
        F::UnsignedInteger,
        D::Unsigned,
    ),
    ty("foreign_uuid", "foreign_uuid", P::None, F::Other, D::Text),
    ty("foreign_ulid", "foreign_ulid", P::None, F::Other, D::Text),
    ty("ip_address", "ip_address", P::None, F::Other, D::Text),
    ty("mac_address", "mac_address", P::None, F::Other, D::Text),
    ty("native_uuid", "native_uuid", P::None, F::Other, D::Text),
    ty("tsvector", "tsvector", P::None, F::Other, D::Text),
    ty("year", "year", P::None, F::Other, D::Unsigned),
    ty("custom", "custom", P::SqlType, F::Other, D::Any),
    ty("geometry", "geometry", P::Spatial, F::Other, D::Text),
    ty("geography", "geography", P::Spatial, F::Other, D::Text),
    ty("vector", "vector", P::Dimensions, F::Other, D::Text),
];

/// The shapes of `geometry(...)` and `geography(...)`, with their variant in `GeometryType`.
pub(super) const SHAPES: &[&str] = &[
    "geometry",
    "point",
    "linestring",
    "polygon",
    "multipoint",
    "multilinestring",
    "multipolygon",
    "geometrycollection",
];

/// The Blueprint method of a type given its optional arguments: `float(24)` → `float_with`.
pub(super) fn with_method(method: &str) -> Option<&'static str> {
    Some(match method {
        "float" => "float_with",
        "double" => "double_with",
        "datetime" => "datetime_with",
        "datetime_tz" => "datetime_tz_with",
        "time" => "time_with",
        "time_tz" => "time_tz_with",
        "timestamp" => "timestamp_with",
        "timestamp_tz" => "timestamp_tz_with",
        "timestamps" => "timestamps_with",
        "timestamps_tz" => "timestamps_tz_with",
        "soft_deletes" => "soft_deletes_with",
        "soft_deletes_tz" => "soft_deletes_tz_with",
        _ => return None,
    })
}

/// The known type named `name`.
pub(super) fn lookup(name: &str) -> Option<&'static ColumnType> {
    TYPES.iter().find(|ty| ty.name == name)
}

/// The modifiers of a column, as the "unknown modifier" error lists them. `references`,
/// `on_delete` and `on_update` declare a foreign key on the column.
pub(super) const MODIFIERS: &[&str] = &[
    "nullable",
    "default",
    "default_raw",
    "use_current",
    "use_current_on_update",
    "unsigned",
    "auto_increment",
    "primary",
    "unique",
    "index",
    "fulltext",
    "spatial_index",
    "comment",
    "after",
    "first",
    "invisible",
    "charset",
    "collation",
    "references",
    "on_delete",
    "on_update",
    "virtual_as",
    "stored_as",
    "virtual_as_json",
    "stored_as_json",
    "generated_as",
    "always",
    "starting_value",
    "from",
    "deferrable",
    "initially_deferred",
    "initially_immediate",
    "not_deferrable",
];

/// The modifiers saying when a foreign key is checked; a key takes at most one.
pub(super) const DEFERRABILITY: &[&str] = &[
    "deferrable",
    "initially_deferred",
    "initially_immediate",
    "not_deferrable",
];

/// The referential actions of `on_delete(...)` / `on_update(...)`, with their variant in
/// `ReferentialAction`.
pub(super) const ACTIONS: &[(&str, &str)] = &[
    ("cascade", "Cascade"),
    ("set_null", "SetNull"),
    ("set_default", "SetDefault"),
    ("restrict", "Restrict"),
    ("no_action", "NoAction"),
];

/// The closest of `candidates` to `word`, if one is close enough to be a likely typo.
pub(super) fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (distance(word, candidate), candidate))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, candidate)| candidate)
}

/// `; did you mean `x`?`, or nothing.
pub(super) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    suggest(word, candidates).map_or_else(String::new, |s| format!("; did you mean `{s}`?"))
}

/// The Levenshtein distance between two words.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            let deletion = previous[j + 1] + 1;
            let insertion = current[j] + 1;
            current.push(substitution.min(deletion).min(insertion));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = TYPES.iter().map(|t| t.name);
        assert_eq!(suggest("strng", names.clone()), Some("string"));
        assert_eq!(suggest("bigint", names.clone()), None);
        assert_eq!(suggest("big_integr", names.clone()), Some("big_integer"));
        assert_eq!(suggest("xyz", names), None);
    }

    #[test]
    fn every_type_has_a_unique_name() {
        for (i, a) in TYPES.iter().enumerate() {
            assert!(
                TYPES[i + 1..].iter().all(|b| b.name != a.name),
                "{}",
                a.name
            );
        }
    }
}
