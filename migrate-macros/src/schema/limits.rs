//! Sizes no database accepts: a `string` length, a `decimal` precision or a `double`'s
//! precision and scale beyond the most permissive dialect's limit, and a `decimal` default
//! with more digits than its column keeps.

/// PostgreSQL's longest `varchar(n)` and `char(n)`, the most any dialect accepts (MySQL's
/// `varchar` stops at 65535, its `char` at 255; SQLite ignores the length).
pub(super) const MAX_LENGTH: u32 = 10_485_760;

/// PostgreSQL's largest `numeric` precision, the most any dialect accepts (MySQL's is 65).
pub(super) const MAX_DECIMAL_PRECISION: u32 = 1000;

/// MySQL's largest `double(p, s)`, the only dialect that has one.
pub(super) const MAX_DOUBLE_PRECISION: u32 = 255;
pub(super) const MAX_DOUBLE_SCALE: u32 = 30;

/// Why `length` is too long for `ty` (`string` or `char`) on every database, if it is.
pub(super) fn length(ty: &str, length: u32) -> Option<String> {
    (length > MAX_LENGTH).then(|| {
        format!(
            "no database accepts `{ty}({length})`: PostgreSQL's limit is {MAX_LENGTH} \
             characters and MySQL's 65535; for longer text use `text`, `medium_text` or \
             `long_text`"
        )
    })
}

/// Why `ty(precision, scale)` (`decimal` or `double`) is too large for every database, if
/// it is. The scale not exceeding the precision is checked apart.
pub(super) fn precision_scale(ty: &str, precision: u32, scale: u32) -> Option<String> {
    if ty == "decimal" {
        return (precision > MAX_DECIMAL_PRECISION).then(|| {
            format!(
                "no database accepts a `decimal` precision of {precision}: PostgreSQL's limit \
                 is {MAX_DECIMAL_PRECISION} digits and MySQL's 65"
            )
        });
    }
    (precision > MAX_DOUBLE_PRECISION || scale > MAX_DOUBLE_SCALE).then(|| {
        format!(
            "`{ty}({precision}, {scale})` is beyond MySQL's limits, the only database with a \
             precision and scale on `{ty}`: at most {MAX_DOUBLE_PRECISION} digits with \
             {MAX_DOUBLE_SCALE} after the point; for exact numbers use `decimal`"
        )
    })
}

/// Why the number written `digits` (a literal's base-10 digits, maybe with a point and an
/// exponent) does not fit `decimal(precision, scale)`, if it does not.
pub(super) fn decimal_default(digits: &str, precision: u32, scale: u32) -> Option<String> {
    let (integer, fraction) = split_digits(digits)?;
    let kept = precision.saturating_sub(scale);
    if integer > kept {
        return Some(format!(
            "`{digits}` has {integer} digit(s) before the point and `decimal({precision}, \
             {scale})` keeps {kept}: the database rejects it; widen the precision or change \
             the default"
        ));
    }
    (fraction > scale).then(|| {
        format!(
            "`{digits}` has {fraction} digit(s) after the point and `decimal({precision}, \
             {scale})` keeps {scale}: the database would round it; write it with {scale} or \
             widen the scale"
        )
    })
}

/// The significant digits before and after the point of a decimal literal, or `None` if it
/// is not one (then rustc or the type check reports it).
fn split_digits(digits: &str) -> Option<(u32, u32)> {
    let (mantissa, exponent) = match digits.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().ok()?),
        None => (digits, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = whole.chars().chain(fraction.chars()).collect();
    if !all.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // The position of the point within `all`, once the exponent moves it.
    let point = whole.len() as i64 + exponent;
    let first = all
        .find(|c| c != '0')
        .map_or(all.len() as i64, |i| i as i64);
    let last = all.rfind(|c| c != '0').map_or(0, |i| i as i64 + 1);
    let integer = (point - first).max(0);
    let fraction = (last - point).max(0);
    Some((
        u32::try_from(integer).unwrap_or(u32::MAX),
        u32::try_from(fraction).unwrap_or(u32::MAX),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_significant_digits_on_each_side_of_the_point() {
        assert_eq!(split_digits("1234.5"), Some((4, 1)));
        assert_eq!(split_digits("0.050"), Some((0, 2)));
        assert_eq!(split_digits("100"), Some((3, 0)));
        assert_eq!(split_digits("0"), Some((0, 0)));
        assert_eq!(split_digits("1.5e3"), Some((4, 0)));
        assert_eq!(split_digits("15e-3"), Some((0, 3)));
    }

    #[test]
    fn a_default_fits_its_decimal_or_says_why_not() {
        assert_eq!(decimal_default("999.99", 5, 2), None);
        assert_eq!(decimal_default("0.5", 1, 1), None);
        assert!(decimal_default("1000", 5, 2).is_some_and(|m| m.contains("rejects")));
        assert!(decimal_default("1.005", 5, 2).is_some_and(|m| m.contains("round")));
    }

    #[test]
    fn sizes_beyond_every_database_are_named() {
        assert_eq!(length("string", MAX_LENGTH), None);
        assert!(length("string", MAX_LENGTH + 1).is_some());
        assert_eq!(precision_scale("decimal", 1000, 2), None);
        assert!(precision_scale("decimal", 1001, 2).is_some());
        assert!(precision_scale("double", 53, 31).is_some());
    }
}
