//! What a migration did while it was replayed into a schema model for the linter: each
//! Blueprint with the table as it was before, each raw statement, each hand-out of the
//! connection, and where in the migration's source each happened.

use std::panic::Location;

use crate::model::TableModel;
use crate::schema::Blueprint;

/// Where a call of the migration's code is: the caller of the [`crate::Schema`] method.
pub(crate) type Site = &'static Location<'static>;

/// One thing a migration asked its [`crate::Schema`] to do.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    /// A Blueprint (`create`, `table`, `drop`, `rename`), with its table before it applied:
    /// `None` when the model did not have it.
    Build {
        blueprint: Box<Blueprint>,
        before: Option<TableModel>,
        site: Site,
    },
    /// `raw(sql)`.
    Raw { sql: String, site: Site },
    /// `connection()` or `migration_connection()`: a data step.
    Data { site: Site },
}

/// The steps of one migration, in order.
#[derive(Debug, Default)]
pub(crate) struct Journal {
    pub(crate) steps: Vec<Step>,
}
