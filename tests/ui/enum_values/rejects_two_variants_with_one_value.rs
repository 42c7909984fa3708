use migrate_core::schema::EnumValues;

#[derive(EnumValues)]
#[enum_values(rename_all = "lowercase")]
enum Status {
    Draft,
    #[enum_values(rename = "draft")]
    Sketch,
}

fn main() {}
