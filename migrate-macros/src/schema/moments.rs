//! Date and time defaults: a `default("...")` on a `date`, `time`, `datetime` or `timestamp`
//! column must be a literal that every database reads as the same moment.
//!
//! The accepted forms are ISO 8601 as PostgreSQL, MySQL/MariaDB and SQLite all read them:
//! `2026-01-31`, `14:30:00`, `2026-01-31 14:30:00` (or with a `T`), with up to the column's
//! digits of fractional seconds. Anything else either fails when the migration runs
//! (`'now'` on MySQL, a time zone offset on MariaDB, a date MySQL's `timestamp` cannot hold)
//! or silently means something else (`'now'` on PostgreSQL is frozen at `CREATE TABLE`; extra
//! fractional digits are dropped).

/// The temporal column types, as far as their defaults are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Moment {
    Date,
    Time,
    DateTime,
    /// MySQL's `timestamp`: a date and time from 1970 to 2038.
    Timestamp,
}

impl Moment {
    /// The temporal type named `ty` in the DSL, if it is one.
    pub(super) fn of(ty: &str) -> Option<Moment> {
        Some(match ty {
            "date" => Moment::Date,
            "time" | "time_tz" => Moment::Time,
            "datetime" | "datetime_tz" => Moment::DateTime,
            "timestamp" | "timestamp_tz" => Moment::Timestamp,
            _ => return None,
        })
    }

    fn example(self) -> &'static str {
        match self {
            Moment::Date => "\"2026-01-31\"",
            Moment::Time => "\"14:30:00\"",
            Moment::DateTime | Moment::Timestamp => "\"2026-01-31 14:30:00\"",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Moment::Date => "a date",
            Moment::Time => "a time",
            Moment::DateTime | Moment::Timestamp => "a date and time",
        }
    }
}

/// Words that mean "the current time" in some database, and as a default's text mean
/// nothing portable.
const NOW: &[&str] = &[
    "now",
    "now()",
    "today",
    "current_timestamp",
    "current_timestamp()",
    "current_date",
    "current_time",
    "localtimestamp",
    "localtime",
    "sysdate()",
];

/// Why `text` is not a default every database reads for a `column` of type `ty` (a
/// `moment`) with `fraction` digits of fractional seconds, or `None` if it is one.
pub(super) fn check(moment: Moment, ty: &str, fraction: u32, text: &str) -> Option<String> {
    let trimmed = text.trim();
    if NOW.iter().any(|now| trimmed.eq_ignore_ascii_case(now)) {
        let fix = match moment {
            Moment::DateTime | Moment::Timestamp => {
                "for the time each row is inserted, write `use_current` instead of `default(...)`"
            }
            Moment::Date | Moment::Time => {
                "for the current date or time, write the SQL expression in `default_raw(\"...\")`"
            }
        };
        return Some(format!(
            "`\"{text}\"` is not the current time: as a default it is text, which MySQL \
             rejects and PostgreSQL freezes at the moment the table is created; {fix}"
        ));
    }
    let parsed = match moment {
        Moment::Date => parse_date(text).map(|date| (Some(date), None)),
        Moment::Time => parse_time(text).map(|time| (None, Some(time))),
        Moment::DateTime | Moment::Timestamp => parse_date_time(text),
    };
    let malformed = || {
        format!(
            "`\"{text}\"` is not {} every database reads: write it as {} (ISO 8601{})",
            moment.what(),
            moment.example(),
            match moment {
                Moment::Date => "",
                Moment::Time => ", up to 6 fractional digits: \"14:30:00.250\"",
                _ => ", a space or `T` between date and time, no time zone offset",
            }
        )
    };
    let Ok((date, time)) = parsed else {
        return Some(match parsed {
            Err(Malformed::Offset) => format!(
                "`\"{text}\"` has a time zone offset, which MySQL and MariaDB do not read in a \
                 default: write the time without it (it is read in the session's time zone)"
            ),
            _ => malformed(),
        });
    };
    if let Some(date) = date {
        if let Some(problem) = date.problem() {
            return Some(format!("`\"{text}\"` is not a date: {problem}"));
        }
        if moment == Moment::Timestamp && !(1970..=2037).contains(&date.year) {
            return Some(format!(
                "`{ty}` is MySQL's `timestamp`, which holds 1970-01-01 to 2038-01-19 (UTC): \
                 `\"{text}\"` is outside it; for such dates use `datetime`"
            ));
        }
    }
    if let Some(time) = time {
        if time.hour > 23 || time.minute > 59 || time.second > 59 {
            return Some(format!(
                "`\"{text}\"` is not a time of day: hours go to 23, minutes and seconds to 59"
            ));
        }
        if time.fraction_digits > fraction {
            let kept = match fraction {
                0 => "whole seconds".to_owned(),
                n => format!("{n} fractional digit(s)"),
            };
            return Some(format!(
                "`{ty}` keeps {kept}, so the database would drop the end of `\"{text}\"`: \
                 declare `{ty}({})` or shorten the default",
                time.fraction_digits
            ));
        }
    }
    None
}

/// Why a default is not read as a moment.
#[derive(Debug, PartialEq, Eq)]
enum Malformed {
    /// Not the ISO form.
    Shape,
    /// A `Z` or `+01:00` after the time.
    Offset,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Date {
    year: u32,
    month: u32,
    day: u32,
}

impl Date {
    /// What makes the date impossible, if anything.
    fn problem(self) -> Option<String> {
        if self.year == 0 {
            return Some("there is no year 0 (PostgreSQL rejects it)".into());
        }
        if !(1..=12).contains(&self.month) {
            return Some(format!("there is no month {}", self.month));
        }
        let leap = self.year.is_multiple_of(4)
            && (!self.year.is_multiple_of(100) || self.year.is_multiple_of(400));
        let days = match self.month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if !(1..=days).contains(&self.day) {
            return Some(format!(
                "month {} of {} has {days} days",
                self.month, self.year
            ));
        }
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Time {
    hour: u32,
    minute: u32,
    second: u32,
    fraction_digits: u32,
}

/// `YYYY-MM-DD`.
fn parse_date(text: &str) -> Result<Date, Malformed> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return Err(Malformed::Shape);
    }
    Ok(Date {
        year: digits(&text[0..4])?,
        month: digits(&text[5..7])?,
        day: digits(&text[8..10])?,
    })
}

/// `HH:MM:SS` with up to 6 fractional digits.
fn parse_time(text: &str) -> Result<Time, Malformed> {
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let offset = |rest: &str| rest.ends_with('Z') || rest.contains(['+', '-']);
    if offset(whole) || fraction.is_some_and(offset) {
        return Err(Malformed::Offset);
    }
    let bytes = whole.as_bytes();
    if bytes.len() != 8 || bytes[2] != b':' || bytes[5] != b':' {
        return Err(Malformed::Shape);
    }
    let fraction_digits = match fraction {
        None => 0,
        Some(f) if (1..=6).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) => {
            f.len() as u32
        }
        Some(_) => return Err(Malformed::Shape),
    };
    Ok(Time {
        hour: digits(&whole[0..2])?,
        minute: digits(&whole[3..5])?,
        second: digits(&whole[6..8])?,
        fraction_digits,
    })
}

/// `YYYY-MM-DD HH:MM:SS[.ffffff]` or with a `T`.
fn parse_date_time(text: &str) -> Result<(Option<Date>, Option<Time>), Malformed> {
    if text.len() < 11 || !text.is_char_boundary(10) || !text.is_char_boundary(11) {
        return Err(Malformed::Shape);
    }
    let date = parse_date(&text[..10])?;
    if !matches!(&text[10..11], " " | "T") {
        return Err(Malformed::Shape);
    }
    let time = parse_time(&text[11..])?;
    Ok((Some(date), Some(time)))
}

/// A fixed-width run of ASCII digits.
fn digits(text: &str) -> Result<u32, Malformed> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().map_err(|_| Malformed::Shape)
    } else {
        Err(Malformed::Shape)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(moment: Moment, fraction: u32, text: &str) -> bool {
        check(moment, "t", fraction, text).is_none()
    }

    #[test]
    fn accepts_the_iso_forms_every_database_reads() {
        assert!(ok(Moment::Date, 0, "2024-02-29"));
        assert!(ok(Moment::Time, 0, "23:59:59"));
        assert!(ok(Moment::Time, 3, "00:00:00.125"));
        assert!(ok(Moment::DateTime, 0, "2026-01-31 14:30:00"));
        assert!(ok(Moment::DateTime, 6, "2026-01-31T14:30:00.123456"));
        assert!(ok(Moment::Timestamp, 0, "1970-01-02 00:00:00"));
    }

    #[test]
    fn rejects_what_a_database_would_refuse_or_change() {
        assert!(!ok(Moment::DateTime, 0, "now"));
        assert!(!ok(Moment::Timestamp, 0, "CURRENT_TIMESTAMP"));
        assert!(!ok(Moment::Date, 0, "2023-02-29"));
        assert!(!ok(Moment::Date, 0, "0000-00-00"));
        assert!(!ok(Moment::Date, 0, "2026-1-31"));
        assert!(!ok(Moment::Time, 0, "24:00:00"));
        assert!(!ok(Moment::Time, 0, "12:00:00.5"));
        assert!(!ok(Moment::Time, 6, "12:00:00.1234567"));
        assert!(!ok(Moment::DateTime, 0, "2026-01-31 14:30"));
        assert!(!ok(Moment::DateTime, 0, "2026-01-31"));
        assert!(!ok(Moment::Timestamp, 0, "2050-01-01 00:00:00"));
        assert!(!ok(Moment::DateTime, 0, "2026-01-31éé14:30:00"));
    }

    #[test]
    fn names_an_offset_as_the_problem() {
        for text in ["2026-01-31 14:30:00+01:00", "2026-01-31T14:30:00Z"] {
            let message = check(Moment::DateTime, "t", 0, text);
            assert!(
                message
                    .as_ref()
                    .is_some_and(|m| m.contains("time zone offset")),
                "{message:?}"
            );
        }
    }
}
