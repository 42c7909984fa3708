//! `float` is double precision unless asked otherwise (Laravel 11), `float_with(p)` takes a
//! binary precision, `double_with(p, s)` exists where the dialect has it; every numeric type
//! keeps the extreme and fractional values it promises, compared exactly.

use migrate_core::Dialect;

use super::{by_dialect, reported_type, schema, schema_error, value};
use crate::support::{backend_test, TestDb};

/// The value stored in a floating point column, exactly, as an `f64`: read as a double (a
/// single-precision value widens exactly) with enough digits to round-trip.
fn stored_float(db: &mut TestDb, table: &str, column: &str, id: i64) -> f64 {
    let expr = match db.dialect() {
        Dialect::Sqlite => format!("printf('%!.17g', {column})"),
        Dialect::Postgres => format!("cast(cast({column} as float8) as text)"),
        Dialect::Mysql => format!("cast(cast({column} as double) as char)"),
    };
    let sql = format!("select {expr} from {table} where id = {id}");
    let text = value(db, &sql).unwrap_or_else(|| panic!("{sql}: null"));
    text.parse()
        .unwrap_or_else(|e| panic!("{sql}: `{text}` is not a number: {e}"))
}

backend_test!(float_is_double_precision_and_keeps_every_digit, |db| {
    schema(&mut db, |s| {
        s.create("amounts", |t| {
            t.integer("id").primary();
            t.float("amount");
            t.float_with("single", 24);
            t.float_with("wide", 53);
            t.double("ratio");
        })
    });
    // The database reads each as double precision, but `float_with(.., 24)`.
    let double = by_dialect(&db, "double", "double precision", "double");
    assert_eq!(reported_type(&mut db, "amounts", "amount"), double);
    assert_eq!(reported_type(&mut db, "amounts", "wide"), double);
    assert_eq!(reported_type(&mut db, "amounts", "ratio"), double);
    let single = by_dialect(&db, "float", "real", "float");
    assert_eq!(reported_type(&mut db, "amounts", "single"), single);

    let doubles = [
        123456.78,
        0.1,
        -0.30000000000000004,
        f64::MAX,
        -f64::MAX,
        f64::MIN_POSITIVE,
        // (No 1e-300: SQLite 3.40's own parsing of that literal is off by one unit.)
        9007199254740993.0, // 2^53 + 1 rounds to 2^53 in any double
    ];
    let singles = [123456.78f32, 0.1, f32::MAX, -f32::MAX, f32::MIN_POSITIVE];
    for (i, d) in doubles.iter().enumerate() {
        let s = singles[i % singles.len()];
        let s = f64::from(s);
        db.execute(&format!(
            "insert into amounts (id, amount, single, wide, ratio) values ({i}, {d:?}, {s:?}, {d:?}, {d:?})"
        ));
    }
    for (i, d) in doubles.iter().enumerate() {
        let id = i as i64;
        for column in ["amount", "wide", "ratio"] {
            assert_eq!(
                stored_float(&mut db, "amounts", column, id),
                *d,
                "{column} #{i}"
            );
        }
        let s = singles[i % singles.len()];
        assert_eq!(
            stored_float(&mut db, "amounts", "single", id),
            f64::from(s),
            "single #{i}"
        );
    }
});

backend_test!(float_and_double_arguments_are_kept_or_refused, |db| {
    // No argument a dialect would ignore: a precision outside FLOAT(p)'s binary range fails.
    let error = schema_error(&mut db, |s| {
        s.create("bad", |t| {
            t.float_with("f", 54);
        })
    });
    assert!(error.contains("from 1 to 53"), "{error}");
    if db.dialect() != Dialect::Mysql {
        let error = schema_error(&mut db, |s| {
            s.create("bad", |t| {
                t.double_with("d", 15, 8);
            })
        });
        let name = db.dialect().name();
        assert!(
            error.contains(name) && error.contains("double(15, 8)"),
            "{error}"
        );
        return;
    }
    // MySQL (and MariaDB) keep DOUBLE(M, D): values rounded to D decimals, which is what the
    // server shows. (The double behind it is not always the nearest one: MariaDB 10.11 stores
    // -0.00000001 as -1.0000000050247593e-8. Exact decimals are `decimal`'s job.)
    schema(&mut db, |s| {
        s.create("rates", |t| {
            t.integer("id").primary();
            t.double_with("rate", 15, 8);
        })
    });
    assert_eq!(reported_type(&mut db, "rates", "rate"), "double(15,8)");
    db.execute(
        "insert into rates values (1, 1234567.12345678), (2, -0.00000001), (3, 0.123456789)",
    );
    for (id, expected) in [
        (1, "1234567.12345678"),
        (2, "-0.00000001"),
        (3, "0.12345679"),
    ] {
        let got = value(
            &mut db,
            &format!("select cast(rate as char) from rates where id = {id}"),
        );
        assert_eq!(got.as_deref(), Some(expected));
    }
});

/// `1.50` as `1.5`, `0.00` as `0`: a decimal's scale shown or not, the same number.
fn without_trailing_zeros(text: &str) -> String {
    if !text.contains('.') {
        return text.to_owned();
    }
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

backend_test!(integers_and_decimals_keep_their_extremes, |db| {
    schema(&mut db, |s| {
        s.create("numbers", |t| {
            t.integer("id").primary();
            t.tiny_integer("tiny");
            t.small_integer("small");
            t.medium_integer("medium");
            t.integer("int");
            t.big_integer("big");
            t.decimal("price", 10, 2);
            t.decimal("fine", 15, 6);
        })
    });
    let rows = [
        [
            "-128",
            "-32768",
            "-8388608",
            "-2147483648",
            "-9223372036854775808",
            "-99999999.99",
            "-999999999.999999",
        ],
        [
            "127",
            "32767",
            "8388607",
            "2147483647",
            "9223372036854775807",
            "99999999.99",
            "999999999.999999",
        ],
        ["0", "0", "0", "0", "0", "0.01", "0.0001"],
    ];
    let columns = ["tiny", "small", "medium", "int", "big", "price", "fine"];
    for (i, row) in rows.iter().enumerate() {
        db.execute(&format!(
            "insert into numbers (id, {}) values ({i}, {})",
            columns.map(|c| db.quote(c)).join(", "),
            row.join(", ")
        ));
    }
    for (i, row) in rows.iter().enumerate() {
        for (column, expected) in columns.iter().zip(row) {
            let text = db.text(&db.quote(column));
            let got = value(
                &mut db,
                &format!("select {text} from numbers where id = {i}"),
            );
            let got = got.as_deref().map(without_trailing_zeros);
            assert_eq!(got.as_deref(), Some(*expected), "{column} #{i}");
        }
    }
    if db.dialect() == Dialect::Mysql {
        schema(&mut db, |s| {
            s.create("unsigned_numbers", |t| {
                t.unsigned_tiny_integer("tiny");
                t.unsigned_small_integer("small");
                t.unsigned_medium_integer("medium");
                t.unsigned_integer("int");
                t.unsigned_big_integer("big");
            })
        });
        let max = [
            "255",
            "65535",
            "16777215",
            "4294967295",
            "18446744073709551615",
        ];
        db.execute(&format!(
            "insert into unsigned_numbers values ({})",
            max.join(", ")
        ));
        for (column, expected) in ["tiny", "small", "medium", "int", "big"].iter().zip(max) {
            let text = db.text(&db.quote(column));
            let got = value(&mut db, &format!("select {text} from unsigned_numbers"));
            assert_eq!(got.as_deref(), Some(expected), "{column}");
        }
    }
});
