//! Full-text, spatial and vector indexes, access methods and raw indexes through the schema
//! model: the generated migrations, the differences between two models and the migration
//! from one to the other.

use migrate_core::model::SchemaModel;
use migrate_core::schema::{GeometryType, IndexAlgorithm};
use migrate_core::Blueprint;

fn posts(change: bool) -> SchemaModel {
    let mut t = Blueprint::create("posts");
    t.increments("id");
    t.string("title", 200);
    t.text("body");
    t.geometry("place", GeometryType::Point, 4326);
    t.fulltext(["title", "body"]).language("french");
    t.spatial_index("place");
    t.raw_index("lower(title)", "posts_title_lower");
    let algorithm = if change {
        IndexAlgorithm::Brin
    } else {
        IndexAlgorithm::Hash
    };
    t.index("title").algorithm(algorithm);
    t.unique("body").nulls_not_distinct();
    SchemaModel::from_blueprints([t]).unwrap()
}

#[test]
fn index_kinds_reach_the_generated_migrations() {
    let source = &posts(false).to_migrations()[0].source;
    for call in [
        r#"t.fulltext(["title", "body"])"#,
        r#".language("french")"#,
        r#"t.spatial_index(["place"])"#,
        r#"t.raw_index("lower(title)", "posts_title_lower")"#,
        ".algorithm(::migrate_core::schema::IndexAlgorithm::Hash)",
        ".nulls_not_distinct()",
        "t.geometry(\"place\", ::migrate_core::schema::GeometryType::Point, 4326)",
    ] {
        assert!(source.contains(call), "{call} in\n{source}");
    }
}

#[test]
fn a_changed_access_method_is_a_difference_and_a_migration() {
    let (before, after) = (posts(false), posts(true));
    assert_eq!(
        before.diff(&after),
        ["table `posts`: index `posts_title_index` changed from (title) using hash to (title) using brin"]
    );
    let change = before.migration_to(&after).source;
    assert!(
        change.contains(r#"t.drop_index("posts_title_index");"#),
        "{change}"
    );
    assert!(
        change.contains(".algorithm(::migrate_core::schema::IndexAlgorithm::Brin)"),
        "{change}"
    );
}
