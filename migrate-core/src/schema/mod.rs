//! Describing tables: the [`Schema`] builder, [`Blueprint`]s and the per-dialect grammars.

mod batch;
mod blueprint;
mod builder;
mod column;
mod command;
mod enum_values;
mod generated;
pub mod grammar;
mod indexes;
mod keys;
mod online_ddl;
pub(crate) mod spatial;
pub(crate) mod table_name;
mod temporal;
mod types_extra;

pub(crate) use batch::{Ending, Opening, SEPARATOR};
pub use blueprint::{Blueprint, Columns};
pub use builder::Schema;
pub use column::{ColumnDefinition, ColumnType, DefaultValue, Value};
pub use command::{
    CheckDefinition, Command, ForeignKeyDefinition, IndexDefinition, IndexKind, ReferentialAction,
};
#[doc(hidden)]
pub use enum_values::has_value as enum_values_has_value;
pub use enum_values::EnumValues;
pub use generated::{GeneratedExpression, Generation, Identity};
pub use grammar::{Dialect, Grammar, LockSql, LockTimeoutSql, Prerequisite};
pub use indexes::{IndexAlgorithm, IndexOptions};
pub use keys::Deferrable;
/// Derives [`EnumValues`] for a fieldless enum (see the trait).
pub use migrate_macros::EnumValues;
pub use online_ddl::{Algorithm, LockMode, OnlineDdl};
pub use spatial::GeometryType;
