//! When each foreign key of a table is checked, read from its `CREATE TABLE` text: SQLite's
//! `pragma_foreign_key_list` does not say.

use super::parse;
use crate::schema::Deferrable;

/// The columns and deferrability of every foreign key that `create_sql` declares, as a table
/// constraint (`FOREIGN KEY (a) REFERENCES ...`) or on a column (`a integer REFERENCES ...`).
pub(crate) fn foreign_key_deferrability(create_sql: &str) -> Vec<(Vec<String>, Deferrable)> {
    let Ok(table) = parse::create_table(create_sql) else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    for item in &table.items {
        match &item.column {
            None if parse::constraint_head(&item.sql).0 == "foreign" => {
                keys.push((parse::constraint_columns(&item.sql), of(&item.sql)));
            }
            Some(column) if parse::has_keyword(&item.sql, "references") => {
                keys.push((vec![column.clone()], of(&item.sql)));
            }
            _ => {}
        }
    }
    keys
}

/// The deferrability a constraint's text says: `[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]`.
fn of(sql: &str) -> Deferrable {
    let tokens = parse::tokenize(sql);
    let Some(at) = tokens.iter().position(|t| t.is(sql, "deferrable")) else {
        return Deferrable::NotDeferrable;
    };
    let word = |i: usize, keyword: &str| tokens.get(i).is_some_and(|t| t.is(sql, keyword));
    if at > 0 && word(at - 1, "not") {
        Deferrable::NotDeferrable
    } else if word(at + 1, "initially") && word(at + 2, "deferred") {
        Deferrable::InitiallyDeferred
    } else {
        Deferrable::InitiallyImmediate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_spelling() {
        let sql = "CREATE TABLE t (a integer references p (id) deferrable initially deferred, \
                   b integer, c integer, d integer references p, \
                   constraint k foreign key (\"b\") references p (id) on delete cascade deferrable, \
                   foreign key (c) references p (id) not deferrable initially deferred)";
        assert_eq!(
            foreign_key_deferrability(sql),
            [
                (vec!["a".to_owned()], Deferrable::InitiallyDeferred),
                (vec!["d".to_owned()], Deferrable::NotDeferrable),
                (vec!["b".to_owned()], Deferrable::InitiallyImmediate),
                (vec!["c".to_owned()], Deferrable::NotDeferrable),
            ]
        );
    }
}
