//! The templates of the Migration Creator: blank, create a table, alter a table, each also as
//! one `change` function whose `down` is derived.

/// Which template a new migration starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Template {
    /// Empty `up` and `down`.
    Blank,
    /// Creates a table with an id and timestamps; `down` drops it.
    Create(String),
    /// Alters a table.
    Table(String),
    /// One of the others as a single `change` function, whose `down` is derived
    /// (`cargo migrate new --change`).
    Change(Box<Template>),
}

impl Template {
    /// The template for `--create` / `--table`, else one guessed from the name as Laravel
    /// does: `create_users` or `create_users_table` creates `users`; `add_x_to_users` (or
    /// `..._to_users_table`) alters it; anything else is blank.
    ///
    /// ```
    /// use migrate_cli::Template;
    ///
    /// assert_eq!(Template::choose("create_users", None, None), Template::Create("users".into()));
    /// assert_eq!(Template::choose("add_bio_to_users", None, None), Template::Table("users".into()));
    /// assert_eq!(Template::choose("backfill", None, None), Template::Blank);
    /// ```
    pub fn choose(name: &str, create: Option<&str>, table: Option<&str>) -> Template {
        if let Some(create) = create {
            return Template::Create(create.to_owned());
        }
        if let Some(table) = table {
            return Template::Table(table.to_owned());
        }
        let strip_table = |t: &str| t.strip_suffix("_table").unwrap_or(t).to_owned();
        if let Some(rest) = name.strip_prefix("create_") {
            return Template::Create(strip_table(rest));
        }
        if let Some((_, rest)) = name.rsplit_once("_to_") {
            return Template::Table(strip_table(rest));
        }
        Template::Blank
    }

    /// This template as one `change` function, whose `down` is derived.
    ///
    /// ```
    /// use migrate_cli::Template;
    ///
    /// let change = Template::Create("users".into()).reversible();
    /// assert!(change.render().contains("fn change(s: &mut Schema)"));
    /// assert!(!change.render().contains("fn down"));
    /// ```
    pub fn reversible(self) -> Template {
        match self {
            Template::Change(_) => self,
            other => Template::Change(Box::new(other)),
        }
    }

    /// The table the template names, if any.
    pub fn table(&self) -> Option<&str> {
        match self {
            Template::Blank => None,
            Template::Create(table) | Template::Table(table) => Some(table),
            Template::Change(inner) => inner.table(),
        }
    }

    /// The source of the migration file.
    pub fn render(&self) -> String {
        if let Template::Change(inner) = self {
            return inner.render_change();
        }
        let (up, down) = self.bodies();
        let unused = self.unused_schema();
        format!(
            "use migrate_core::prelude::*;\n\n\
             #[migration]\n\
             fn up({unused}: &mut Schema) -> Result<()> {{\n{up}\n}}\n\n\
             #[migration]\n\
             fn down({unused}: &mut Schema) -> Result<()> {{\n{down}\n}}\n"
        )
    }

    /// The source of a migration whose `change` is this template's `up`.
    fn render_change(&self) -> String {
        let (change, _) = self.bodies();
        let change = match self {
            Template::Blank => "    // s.create(..), s.table(..): each step is undone in reverse \
                                order by the derived down\n    Ok(())"
                .to_owned(),
            _ => change,
        };
        let unused = self.unused_schema();
        format!(
            "use migrate_core::prelude::*;\n\n\
             /// Its `down` is derived: each step undone, in reverse order.\n\
             #[migration]\n\
             fn change({unused}: &mut Schema) -> Result<()> {{\n{change}\n}}\n"
        )
    }

    /// `s`, or `_s` where the body does not use it.
    fn unused_schema(&self) -> &'static str {
        if matches!(self, Template::Blank) {
            "_s"
        } else {
            "s"
        }
    }

    /// The bodies of `up` and `down`.
    fn bodies(&self) -> (String, String) {
        match self {
            Template::Blank => (
                "    // s.create(..), s.table(..), s.drop(..), s.raw(..)\n    Ok(())".to_owned(),
                "    // Undo what `up` did.\n    Ok(())".to_owned(),
            ),
            Template::Create(table) => (
                format!(
                    "    s.create({table:?}, |t| {{\n        \
                     t.increments(\"id\");\n        \
                     t.timestamps();\n    \
                     }})"
                ),
                format!("    s.drop({table:?})"),
            ),
            Template::Table(table) => (
                format!(
                    "    s.table({table:?}, |t| {{\n        \
                     // t.string(\"nickname\", 100).nullable();\n        \
                     let _ = t;\n    \
                     }})"
                ),
                format!(
                    "    s.table({table:?}, |t| {{\n        \
                     // t.drop_column(\"nickname\");\n        \
                     let _ = t;\n    \
                     }})"
                ),
            ),
            Template::Change(inner) => inner.bodies(),
        }
    }
}

/// The source of a new seeder file, `src/seeders/<name>.rs`: one `#[seeder]` function named
/// `name` on a portable connection, with the typed-DSL form in a comment.
pub fn seeder(name: &str) -> String {
    format!(
        "//! Seeder `{name}`: `cargo migrate seed` (or `run --seed`, `fresh --seed`) runs it, in a\n\
         //! transaction of its own. It is not recorded: write it for a fresh database, or make it\n\
         //! idempotent.\n\
         \n\
         use migrate_core::{{seeder, MigrationConnection, Result}};\n\
         \n\
         // `order = N` runs it before (lower) or after (higher) the others; for diesel's typed\n\
         // DSL, take `conn: &mut diesel::PgConnection` (or SqliteConnection, MysqlConnection).\n\
         #[seeder]\n\
         fn {name}(conn: &mut dyn MigrationConnection) -> Result<()> {{\n    \
         // conn.batch_execute(\"insert into users (name) values ('Ada')\")?;\n    \
         let _ = conn;\n    \
         Ok(())\n\
         }}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_change_templates() {
        assert_eq!(
            Template::Table("users".into()).reversible().render(),
            r#"use migrate_core::prelude::*;

/// Its `down` is derived: each step undone, in reverse order.
#[migration]
fn change(s: &mut Schema) -> Result<()> {
    s.table("users", |t| {
        // t.string("nickname", 100).nullable();
        let _ = t;
    })
}
"#
        );
        assert_eq!(
            Template::Blank.reversible().render(),
            r#"use migrate_core::prelude::*;

/// Its `down` is derived: each step undone, in reverse order.
#[migration]
fn change(_s: &mut Schema) -> Result<()> {
    // s.create(..), s.table(..): each step is undone in reverse order by the derived down
    Ok(())
}
"#
        );
    }

    #[test]
    fn flags_win_over_guesses() {
        assert_eq!(
            Template::choose("create_users", None, Some("people")),
            Template::Table("people".into())
        );
        assert_eq!(
            Template::choose("x", Some("posts"), None),
            Template::Create("posts".into())
        );
        assert_eq!(
            Template::choose("create_users_table", None, None),
            Template::Create("users".into())
        );
        assert_eq!(
            Template::choose("add_bio_to_users_table", None, None),
            Template::Table("users".into())
        );
    }

    #[test]
    fn the_create_template() {
        assert_eq!(
            Template::Create("users".into()).render(),
            r#"use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    s.create("users", |t| {
        t.increments("id");
        t.timestamps();
    })
}

#[migration]
fn down(s: &mut Schema) -> Result<()> {
    s.drop("users")
}
"#
        );
    }

    #[test]
    fn the_table_template() {
        assert_eq!(
            Template::Table("users".into()).render(),
            r#"use migrate_core::prelude::*;

#[migration]
fn up(s: &mut Schema) -> Result<()> {
    s.table("users", |t| {
        // t.string("nickname", 100).nullable();
        let _ = t;
    })
}

#[migration]
fn down(s: &mut Schema) -> Result<()> {
    s.table("users", |t| {
        // t.drop_column("nickname");
        let _ = t;
    })
}
"#
        );
    }

    #[test]
    fn the_blank_template() {
        assert_eq!(
            Template::Blank.render(),
            r#"use migrate_core::prelude::*;

#[migration]
fn up(_s: &mut Schema) -> Result<()> {
    // s.create(..), s.table(..), s.drop(..), s.raw(..)
    Ok(())
}

#[migration]
fn down(_s: &mut Schema) -> Result<()> {
    // Undo what `up` did.
    Ok(())
}
"#
        );
    }
}
