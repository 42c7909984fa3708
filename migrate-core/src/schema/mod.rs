//! Describing tables: the [`Schema`] builder, [`Blueprint`]s and the per-dialect grammars.

mod batch;
mod blueprint;
mod builder;
mod column;
mod command;
mod generated;
pub mod grammar;
mod online_ddl;
pub(crate) mod table_name;
mod temporal;

pub(crate) use batch::{Ending, Opening, SEPARATOR};
pub use blueprint::{Blueprint, Columns};
pub use builder::Schema;
pub use column::{ColumnDefinition, ColumnType, DefaultValue, Value};
pub use command::{
    CheckDefinition, Command, ForeignKeyDefinition, IndexDefinition, IndexKind, ReferentialAction,
};
pub use generated::{GeneratedExpression, Generation, Identity};
pub use grammar::{Dialect, Grammar, LockSql, LockTimeoutSql};
pub use online_ddl::{Algorithm, LockMode, OnlineDdl};
