//! The `down` of a `change` migration, derived before anything runs: the registered
//! migrations are replayed into the schema model up to it, its function is replayed with a
//! [`Recorder`](crate::model::Recorder), and the inverse of each step is kept.
//!
//! `run` derives the downs of the `change` migrations it is about to apply and `rollback` of
//! those it is about to roll back, before the first one runs, so that an irreversible
//! `change` is refused then, and never in the middle of a rollback; `check` derives them all.

use std::collections::{BTreeMap, HashSet};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

use super::model::replay;
use super::{origin, Migrator};
use crate::migration::{Kind, MigrationFn, Registration};
use crate::model::SchemaModel;
use crate::registry::Migration;
use crate::repository::Repository;
use crate::schema::{Blueprint, Dialect, Schema};
use crate::{Error, Result};

/// The derived downs of `change` migrations, by id.
pub(crate) type DerivedDowns = BTreeMap<&'static str, Arc<[Blueprint]>>;

/// What runs for one half of a migration: its function, or a `change`'s derived down.
#[derive(Clone)]
pub(crate) enum Body {
    /// A registered function.
    Function(MigrationFn),
    /// The Blueprints that undo a `change`, in order.
    Derived(Arc<[Blueprint]>),
    /// Nothing: a squash recorded as applied because the migrations it replaces ran.
    Nothing,
    /// A squash's `down`, then the delete of the rows of the migrations it replaced.
    Forgetting(Box<Body>, String),
}

impl Body {
    /// Runs it on `schema`.
    pub(crate) fn run(&self, schema: &mut Schema<'_>) -> Result<()> {
        match self {
            Body::Function(function) => function(schema),
            Body::Derived(blueprints) => blueprints.iter().try_for_each(|b| schema.build(b)),
            Body::Nothing => Ok(()),
            Body::Forgetting(body, forget) => {
                body.run(schema)?;
                schema.raw(forget)
            }
        }
    }
}

/// `migrator` with the derived downs of the `change` migrations of `plan` (an error for the
/// first that has none), before any of them runs.
pub(crate) fn deriving(
    migrator: &Migrator,
    dialect: Dialect,
    plan: &[(&Migration, i32)],
) -> Result<Migrator> {
    let derived = derive(migrator, dialect, &planned(plan))?;
    let mut migrator = migrator.clone();
    if !derived.is_empty() {
        migrator.derived = Arc::new(derived);
    }
    Ok(migrator)
}

/// Refuses a plan with a `change` migration whose down cannot be derived, before any of it
/// is applied.
pub(crate) fn verify(
    migrator: &Migrator,
    dialect: Dialect,
    plan: &[(&Migration, i32)],
) -> Result<()> {
    derive(migrator, dialect, &planned(plan)).map(drop)
}

fn planned<'a>(plan: &[(&'a Migration, i32)]) -> Vec<&'a Migration> {
    plan.iter().map(|&(m, _)| m).collect()
}

/// What runs for `kind` of `migration`, and the registration it comes from (a derived down
/// comes from the `change`): derived now if `migrator` was not given it beforehand.
pub(crate) fn body(
    migrator: &Migrator,
    migration: &Migration,
    kind: Kind,
    dialect: Dialect,
) -> Result<(Body, &'static Registration)> {
    let squashes = &migrator.squashes;
    if kind == Kind::Up && squashes.recorded_only.contains(migration.id()) {
        if let Some(registration) = migration.registration(Kind::Up) {
            return Ok((Body::Nothing, registration));
        }
    }
    if let Some(rows) = squashes.forgotten.get(migration.id()) {
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let forget = Repository::new(&migrator.table, dialect.grammar()).forget_sql(&rows)?;
        let (body, registration) = own_body(migrator, migration, kind, dialect)?;
        return Ok((Body::Forgetting(Box::new(body), forget), registration));
    }
    own_body(migrator, migration, kind, dialect)
}

/// What runs for `kind` of `migration` itself: its function, or a derived down.
fn own_body(
    migrator: &Migrator,
    migration: &Migration,
    kind: Kind,
    dialect: Dialect,
) -> Result<(Body, &'static Registration)> {
    if let Some((function, registration)) = migration.function(kind) {
        return Ok((Body::Function(function), registration));
    }
    let Some((_, change)) = migration
        .function(Kind::Up)
        .filter(|_| kind == Kind::Down && migration.is_change())
    else {
        return Err(Error::Registry(format!(
            "migration `{}` has no `down` function",
            migration.id()
        )));
    };
    let derived = match migrator.derived.get(migration.id()) {
        Some(derived) => Arc::clone(derived),
        None => derive(migrator, dialect, &[migration])?
            .remove(migration.id())
            .ok_or_else(|| {
                Error::Registry(format!(
                    "the down of `change` migration `{}` could not be derived: it is not \
                     among this Migrator's migrations",
                    migration.id()
                ))
            })?,
    };
    Ok((Body::Derived(derived), change))
}

/// The derived downs of the `change` migrations among `wanted`, replayed as `dialect`; an
/// [`Error::Irreversible`] for the first that has none.
pub(crate) fn derive(
    migrator: &Migrator,
    dialect: Dialect,
    wanted: &[&Migration],
) -> Result<DerivedDowns> {
    let mut remaining: HashSet<&str> = wanted
        .iter()
        .filter(|m| m.is_change())
        .map(|m| m.id())
        .collect();
    let mut derived = DerivedDowns::new();
    if remaining.is_empty() {
        return Ok(derived);
    }
    let mut model = SchemaModel::default();
    let migrations = migrator.migrations()?;
    let left_out = super::squash::left_out_of_replays(&migrations);
    for migration in migrations.iter().filter(|m| !left_out.contains(m.id())) {
        if remaining.is_empty() {
            break;
        }
        if remaining.remove(migration.id()) {
            let blueprints = unwinding(migration, || record(&mut model, dialect, migration))?;
            derived.insert(migration.id(), blueprints.into());
        } else if let Err(error) = unwinding(migration, || replay(&mut model, dialect, migration)) {
            // Every later `change` needs this model: the first one says why it has none.
            let first = wanted
                .iter()
                .filter(|m| m.is_change() && m.id() > migration.id())
                .min_by_key(|m| m.id());
            return Err(match first {
                Some(change) => Error::Irreversible {
                    origin: origin(change),
                    command: format!(
                        "its down is derived from the schema model, and replaying the \
                         migrations before it failed ({error})"
                    ),
                },
                None => error,
            });
        }
    }
    Ok(derived)
}

/// `replay`'s outcome, a panic (a data step unwrapping the connection it does not get while
/// replaying) an error naming the migration: `run` must not panic for it.
fn unwinding<T>(migration: &Migration, replay: impl FnOnce() -> Result<T>) -> Result<T> {
    panic::catch_unwind(AssertUnwindSafe(replay)).unwrap_or_else(|_| {
        Err(Error::Registry(format!(
            "replaying migration {} into the schema model panicked",
            origin(migration)
        )))
    })
}

/// Replays a `change` migration into `model`, recording what undoes it.
fn record(
    model: &mut SchemaModel,
    dialect: Dialect,
    migration: &Migration,
) -> Result<Vec<Blueprint>> {
    let irreversible = |command: String| Error::Irreversible {
        origin: origin(migration),
        command,
    };
    let Some((function, _)) = migration.function(Kind::Up) else {
        return Ok(Vec::new());
    };
    let mut schema = Schema::recording(model, dialect);
    let returned = function(&mut schema);
    let recorder = schema.into_recorder().unwrap_or_default();
    // A step that cannot be inverted says more than the replay's own failure.
    let inverses = recorder.finish().map_err(irreversible)?;
    returned.map_err(|error| {
        irreversible(format!(
            "replaying it into the schema model to derive its down failed ({error})"
        ))
    })?;
    Ok(inverses)
}
