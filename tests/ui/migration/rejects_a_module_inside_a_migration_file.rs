// A migration file whose migration sits in a module of its own inside the file: its id would
// be `inner`, not the file's name.
#[path = "files/m2026_11_25_140313_nested.rs"]
mod m2026_11_25_140313_nested;

fn main() {}
