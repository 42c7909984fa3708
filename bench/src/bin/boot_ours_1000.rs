//! migrate's boot-check child with the set of 1000 migrations alone (see `ours_child.rs`).

include!(concat!(env!("OUT_DIR"), "/ours_set_1000.rs"));

#[path = "../ours_child.rs"]
mod ours_child;

fn main() {
    ours_child::main(concat!(module_path!(), "::set"));
}
