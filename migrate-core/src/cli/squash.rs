//! `squash --up-to ID`: one migration replacing every migration up to `ID`, written into the
//! package's `src/migrations/`.

use super::args::SquashArgs;
use super::migration_file;
use super::CliError;
use crate::Migrator;

/// Writes the squash and says what it does not carry over.
pub(super) fn squash(args: &SquashArgs) -> Result<(), CliError> {
    let squash = Migrator::new().squash(&args.up_to)?;
    let relative = migration_file::write_new(&squash.id, &squash.source)?;
    println!(
        "Created migration: {relative} (replaces {} migrations)",
        squash.replaces.len()
    );
    for note in &squash.not_carried {
        eprintln!("warning: not carried over (see the file's comments): {note}");
    }
    println!(
        "A fresh database runs only it; one that applied the migrations it replaces records \
         it. Delete their files once `cargo migrate status` on every database says it no \
         longer needs them."
    );
    Ok(())
}
