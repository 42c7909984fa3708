// The file's name is a migration id, but the module is declared under another name: its id
// would be `users`, not the file's name.
#[path = "files/m2026_11_25_140312_create_users.rs"]
mod users;

fn main() {}
