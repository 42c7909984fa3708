use migrate_core::schema::EnumValues;

#[derive(EnumValues)]
#[enum_values(rename_all = "Title Case")]
enum Status {
    Draft,
    #[enum_values(value = "x")]
    Live,
}

fn main() {}
