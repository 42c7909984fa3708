use migrate_core::schema::EnumValues;

#[derive(EnumValues)]
struct Status {
    draft: bool,
}

#[derive(EnumValues)]
enum Never {}

fn main() {}
