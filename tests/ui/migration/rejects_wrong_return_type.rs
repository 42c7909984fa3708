use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> i32 {
    let _ = s;
    0
}

fn main() {}
