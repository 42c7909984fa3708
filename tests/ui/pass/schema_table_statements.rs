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

fn main() {}
