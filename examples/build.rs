//! Compiles every migration file of the quickstart's migrations directory into it, and
//! builds again when one is added, removed or renamed.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    migrate_build::discover("quickstart/migrations")?;
    Ok(())
}
