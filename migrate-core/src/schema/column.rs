//! Column definitions: the type of a column and its modifiers.

use super::command::ForeignKeyDefinition;
use super::generated::Generation;

/// The abstract type of a column; each grammar maps it to its dialect's SQL type.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ColumnType {
    /// Fixed-length text, `CHAR(n)`.
    Char(u32),
    /// Variable-length text, `VARCHAR(n)`.
    String(u32),
    /// Unbounded text.
    Text,
    /// Text up to 16 MiB (MySQL `MEDIUMTEXT`; plain text elsewhere).
    MediumText,
    /// Text up to 4 GiB (MySQL `LONGTEXT`; plain text elsewhere).
    LongText,
    /// 1-byte integer.
    TinyInteger,
    /// 2-byte integer.
    SmallInteger,
    /// 3-byte integer (MySQL `MEDIUMINT`; a 4-byte integer elsewhere).
    MediumInteger,
    /// 4-byte integer.
    Integer,
    /// 8-byte integer.
    BigInteger,
    /// Floating point with at least `precision` binary digits of mantissa, as Laravel 11's
    /// `float($column, $precision = 53)` and SQL's `FLOAT(p)`: 1 to 24 is single precision
    /// (4 bytes), 25 to 53 double precision (8 bytes; SQLite always stores 8).
    Float {
        /// Binary digits of the mantissa, 1 to 53.
        precision: u32,
    },
    /// Double-precision floating point; MySQL alone also takes a display precision and scale
    /// (`DOUBLE(15, 8)`, which rounds stored values to `scale` decimals).
    Double {
        /// Total and fractional decimal digits (MySQL only; refused elsewhere).
        precision_scale: Option<(u32, u32)>,
    },
    /// Exact decimal.
    Decimal {
        /// Total digits.
        precision: u32,
        /// Digits after the point.
        scale: u32,
    },
    /// True or false.
    Boolean,
    /// One of a fixed set of strings.
    Enum(Vec<String>),
    /// JSON document.
    Json,
    /// Binary JSON (PostgreSQL `JSONB`; JSON elsewhere).
    Jsonb,
    /// Calendar date.
    Date,
    /// Date and time without time zone.
    DateTime {
        /// Digits of fractional seconds kept, 0 to 6.
        precision: u32,
    },
    /// Date and time with time zone.
    DateTimeTz {
        /// Digits of fractional seconds kept, 0 to 6.
        precision: u32,
    },
    /// Time of day.
    Time {
        /// Digits of fractional seconds kept, 0 to 6.
        precision: u32,
    },
    /// Time of day with time zone (PostgreSQL `time with time zone`; a plain time elsewhere).
    TimeTz {
        /// Digits of fractional seconds kept, 0 to 6.
        precision: u32,
    },
    /// Timestamp without time zone.
    Timestamp {
        /// Digits of fractional seconds kept, 0 to 6.
        precision: u32,
    },
    /// Timestamp with time zone.
    TimestampTz {
        /// Digits of fractional seconds kept, 0 to 6.
        precision: u32,
    },
    /// Binary data.
    Binary,
    /// A UUID.
    Uuid,
    /// An IPv4 or IPv6 address.
    IpAddress,
    /// A year.
    Year,
    /// Zero or more of a fixed set of strings: MySQL's `SET` (refused elsewhere, as Laravel
    /// does).
    Set(Vec<String>),
    /// A MAC address: PostgreSQL's `macaddr`, `VARCHAR(17)` elsewhere.
    MacAddress,
    /// A full-text search document: PostgreSQL's `tsvector` (refused elsewhere).
    TsVector,
    /// A UUID in the server's own type: `uuid` on PostgreSQL and on MariaDB 10.7 or newer
    /// (refused there by MySQL and older MariaDB), text on SQLite.
    NativeUuid,
    /// Shapes on a plane: PostGIS's `geometry(subtype, srid)`, MySQL's `point srid n`, ...
    Geometry {
        /// The kind of shape (`Geometry`: any).
        subtype: super::spatial::GeometryType,
        /// The spatial reference system (0: none).
        srid: u32,
    },
    /// Shapes on the earth's sphere: PostGIS's `geography(subtype, srid)` (a geometry on
    /// MySQL and MariaDB).
    Geography {
        /// The kind of shape (`Geometry`: any).
        subtype: super::spatial::GeometryType,
        /// The spatial reference system (4326, WGS 84, for PostGIS's default).
        srid: u32,
    },
    /// An embedding of `dimensions` numbers: pgvector's `vector(n)` on PostgreSQL (refused
    /// elsewhere).
    Vector {
        /// How many numbers, 1 to 16000.
        dimensions: u32,
    },
    /// A type written verbatim in the dialect's own SQL: an explicit escape hatch.
    Custom(String),
}

impl ColumnType {
    /// The digits of fractional seconds of a date-time or time type.
    pub fn time_precision(&self) -> Option<u32> {
        match self {
            ColumnType::DateTime { precision }
            | ColumnType::DateTimeTz { precision }
            | ColumnType::Time { precision }
            | ColumnType::TimeTz { precision }
            | ColumnType::Timestamp { precision }
            | ColumnType::TimestampTz { precision } => Some(*precision),
            _ => None,
        }
    }

    /// Whether the type is one of the integer types (those that may auto-increment).
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            ColumnType::TinyInteger
                | ColumnType::SmallInteger
                | ColumnType::MediumInteger
                | ColumnType::Integer
                | ColumnType::BigInteger
        )
    }
}

/// A literal value, always escaped by the grammar before it reaches SQL.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// SQL `NULL`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A finite floating point number.
    Float(f64),
    /// A string.
    Text(String),
}

macro_rules! value_from {
    ($variant:ident: $($ty:ty),*) => {$(
        impl From<$ty> for Value {
            fn from(v: $ty) -> Self {
                Value::$variant(v.into())
            }
        }
    )*};
}
value_from!(Bool: bool);
value_from!(Int: i8, i16, i32, i64, u8, u16, u32);
value_from!(Float: f32, f64);
value_from!(Text: &str, String, &String);

/// The default of a column: an escaped literal, or a raw SQL expression the user chose explicitly.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// A literal, escaped by the grammar.
    Value(Value),
    /// A SQL expression written verbatim (`CURRENT_TIMESTAMP`): an explicit escape hatch.
    Raw(String),
}

/// One column of a table being created or altered, with its modifiers.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDefinition {
    pub(crate) name: String,
    pub(crate) ty: ColumnType,
    pub(crate) nullable: bool,
    pub(crate) default: Option<DefaultValue>,
    pub(crate) unsigned: bool,
    pub(crate) auto_increment: bool,
    pub(crate) primary: bool,
    pub(crate) unique: bool,
    pub(crate) index: bool,
    /// A full-text index on this column alone (see `indexes.rs`).
    pub(crate) fulltext: bool,
    /// A spatial index on this column alone (see `indexes.rs`).
    pub(crate) spatial_index: bool,
    pub(crate) use_current: bool,
    pub(crate) use_current_on_update: bool,
    pub(crate) comment: Option<String>,
    pub(crate) after: Option<String>,
    pub(crate) first: bool,
    pub(crate) charset: Option<String>,
    pub(crate) collation: Option<String>,
    pub(crate) change: bool,
    pub(crate) foreign: Option<ForeignKeyDefinition>,
    /// Left out of `SELECT *` (MySQL 8 and MariaDB `INVISIBLE`).
    pub(crate) invisible: bool,
    pub(crate) generation: Option<Generation>,
    pub(crate) starting_value: Option<u64>,
}

impl ColumnDefinition {
    /// A new, `NOT NULL` column without modifiers.
    pub fn new(name: impl Into<String>, ty: ColumnType) -> Self {
        ColumnDefinition {
            name: name.into(),
            ty,
            nullable: false,
            default: None,
            unsigned: false,
            auto_increment: false,
            primary: false,
            unique: false,
            index: false,
            fulltext: false,
            spatial_index: false,
            use_current: false,
            use_current_on_update: false,
            comment: None,
            after: None,
            first: false,
            charset: None,
            collation: None,
            change: false,
            foreign: None,
            invisible: false,
            generation: None,
            starting_value: None,
        }
    }

    /// The column's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The column's type.
    pub fn column_type(&self) -> &ColumnType {
        &self.ty
    }

    /// Allows `NULL` (columns are `NOT NULL` unless this is called).
    pub fn nullable(&mut self) -> &mut Self {
        self.nullable = true;
        self
    }

    /// A literal default, escaped by the grammar: `.default(0)`, `.default("draft")`, `.default(true)`.
    pub fn default(&mut self, value: impl Into<Value>) -> &mut Self {
        self.default = Some(DefaultValue::Value(value.into()));
        self
    }

    /// A default written as raw SQL, e.g. `.default_raw("CURRENT_TIMESTAMP")`.
    ///
    /// The expression is not escaped: never pass user input here.
    pub fn default_raw(&mut self, expression: impl Into<String>) -> &mut Self {
        self.default = Some(DefaultValue::Raw(expression.into()));
        self
    }

    /// Defaults a date/time column to the current time.
    pub fn use_current(&mut self) -> &mut Self {
        self.use_current = true;
        self
    }

    /// Updates a timestamp column to the current time on every update (MySQL only).
    pub fn use_current_on_update(&mut self) -> &mut Self {
        self.use_current_on_update = true;
        self
    }

    /// Makes an integer column unsigned (MySQL; ignored by dialects without unsigned types).
    pub fn unsigned(&mut self) -> &mut Self {
        self.unsigned = true;
        self
    }

    /// Makes an integer column auto-incrementing (and the table's primary key).
    pub fn auto_increment(&mut self) -> &mut Self {
        self.auto_increment = true;
        self
    }

    /// Makes this column the table's primary key.
    pub fn primary(&mut self) -> &mut Self {
        self.primary = true;
        self
    }

    /// Adds a unique index on this column, named `<table>_<column>_unique`.
    pub fn unique(&mut self) -> &mut Self {
        self.unique = true;
        self
    }

    /// Adds an index on this column, named `<table>_<column>_index`.
    pub fn index(&mut self) -> &mut Self {
        self.index = true;
        self
    }

    /// A comment on the column (PostgreSQL and MySQL).
    pub fn comment(&mut self, text: impl Into<String>) -> &mut Self {
        self.comment = Some(text.into());
        self
    }

    /// Places the column after another one (MySQL only).
    pub fn after(&mut self, column: impl Into<String>) -> &mut Self {
        self.after = Some(column.into());
        self
    }

    /// Places the column first in the table (MySQL only).
    pub fn first(&mut self) -> &mut Self {
        self.first = true;
        self
    }

    /// The column's character set (MySQL).
    pub fn charset(&mut self, charset: impl Into<String>) -> &mut Self {
        self.charset = Some(charset.into());
        self
    }

    /// The column's collation.
    pub fn collation(&mut self, collation: impl Into<String>) -> &mut Self {
        self.collation = Some(collation.into());
        self
    }

    /// Marks this definition as a change of an existing column rather than a new one.
    pub fn change(&mut self) -> &mut Self {
        self.change = true;
        self
    }

    /// Adds a foreign key from this column to the table its name implies, as Laravel does:
    /// `user_id` references `users.id`, `category_id` references `categories.id`.
    ///
    /// Returns the foreign key, for `.cascade_on_delete()` and friends.
    pub fn constrained(&mut self) -> &mut ForeignKeyDefinition {
        let table = implied_table(&self.name);
        self.constrained_on(table)
    }

    /// Adds a foreign key from this column to `table.id`.
    pub fn constrained_on(&mut self, table: impl Into<String>) -> &mut ForeignKeyDefinition {
        let foreign =
            ForeignKeyDefinition::new(String::new(), vec![self.name.clone()], table.into());
        self.foreign.insert(foreign)
    }
}

/// The table a `<singular>_id` column refers to: `user_id` → `users`, `category_id` →
/// `categories`, `address_id` → `addresses`.
pub(crate) fn implied_table(column: &str) -> String {
    let singular = column.strip_suffix("_id").unwrap_or(column);
    let consonant_y = singular.len() > 1
        && singular.ends_with('y')
        && !singular[..singular.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if consonant_y {
        format!("{}ies", &singular[..singular.len() - 1])
    } else if singular.ends_with(['s', 'x', 'z'])
        || singular.ends_with("ch")
        || singular.ends_with("sh")
    {
        format!("{singular}es")
    } else {
        format!("{singular}s")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn foreign_id_columns_imply_their_table() {
        use super::implied_table;
        assert_eq!(implied_table("user_id"), "users");
        assert_eq!(implied_table("category_id"), "categories");
        assert_eq!(implied_table("day_id"), "days");
        assert_eq!(implied_table("address_id"), "addresses");
        assert_eq!(implied_table("branch_id"), "branches");
    }
}
