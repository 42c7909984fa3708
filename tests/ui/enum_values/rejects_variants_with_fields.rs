use migrate_core::schema::EnumValues;

#[derive(EnumValues)]
enum Shape {
    Point,
    Circle(f64),
    Square { side: f64 },
}

fn main() {}
