mod m2026_11_25_140312_statements {
    use migrate_core::prelude::*;

    /// Statements outside braces are separated by `;`; the last one may omit it.
    #[migration]
    fn up(s: &mut Schema) -> Result<()> {
        schema!(s => {
            drop table sessions;
            drop table if exists "old sessions";
            rename table a to b;
            raw "update b set x = 1"
        })
    }

    /// `schema!` is a `Result<()>` expression: it can be followed by more code.
    #[migration]
    fn down(s: &mut Schema) -> Result<()> {
        schema!(s => { rename table b to a; })?;
        s.raw("update a set x = 0")
    }
}

fn main() {
    // The set is valid: the registry pairs and orders it without an error.
    let migrations = migrate_core::Migrator::new().migrations().unwrap();
    let ids: Vec<&str> = migrations.iter().map(|m| m.id()).collect();
    assert_eq!(ids, ["m2026_11_25_140312_statements"]);
}
