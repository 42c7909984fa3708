//! What the grammars share about the types only some dialects have: MySQL's `SET`,
//! PostgreSQL's `tsvector`.

use super::Grammar;
use crate::schema::column::{ColumnDefinition, ColumnType};
use crate::{Error, Result};

/// The refusal of a column type `grammar`'s dialect does not have, saying which have it.
pub(super) fn refused(grammar: &(impl Grammar + ?Sized), column: &ColumnDefinition) -> Error {
    let what = match column.ty {
        ColumnType::Set(_) => {
            "set columns, which only MySQL and MariaDB have (for one value of a list use \
             enumeration(...))"
        }
        ColumnType::TsVector => "tsvector columns, which only PostgreSQL has",
        _ => "this column type",
    };
    grammar.unsupported(format!("{what} (column `{}`)", column.name))
}

/// `'a', 'b'`: each value escaped by the grammar.
pub(super) fn quoted(grammar: &(impl Grammar + ?Sized), values: &[String]) -> Result<String> {
    let quoted: Result<Vec<String>> = values.iter().map(|v| grammar.quote_string(v)).collect();
    Ok(quoted?.join(", "))
}

/// Why MySQL would refuse (or misread) a `SET` of `values`, if it would: a set has 1 to 64
/// distinct members, and a comma separates the members of a stored value.
pub(super) fn set_problem(values: &[String]) -> Option<String> {
    if values.is_empty() || values.len() > 64 {
        return Some(format!("a set has 1 to 64 values, not {}", values.len()));
    }
    if let Some(value) = values.iter().find(|v| v.contains(',')) {
        return Some(format!(
            "the set value {value:?} holds a comma, which separates the values of a set"
        ));
    }
    let duplicate = values
        .iter()
        .enumerate()
        .find(|(i, v)| values[..*i].iter().any(|w| w.eq_ignore_ascii_case(v)));
    duplicate.map(|(_, value)| format!("the set value {value:?} is given twice"))
}
