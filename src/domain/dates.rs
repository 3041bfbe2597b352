//! Reading dates the way practitioners type them.

use super::Date;
use chrono::{Datelike, Duration, Months};

/// Accepts `2027-03-31`, `today` (or just `t`), `tomorrow`, and offsets from today such as
/// `+10d`, `+6w`, `+3m`, `+1y` (and `-2d` for something already past).
pub fn parse_date(input: &str, today: Date) -> Result<Date, String> {
    let s = input.trim().to_lowercase();
    match s.as_str() {
        "today" | "t" => return Ok(today),
        "tomorrow" => return Ok(today + Duration::days(1)),
        "yesterday" => return Ok(today - Duration::days(1)),
        _ => {}
    }
    if let Some(rest) = s
        .strip_prefix('+')
        .map(|r| (1, r))
        .or_else(|| s.strip_prefix('-').map(|r| (-1, r)))
    {
        let (sign, body) = rest;
        let unit = body
            .chars()
            .last()
            .ok_or("an offset needs a number and a unit, e.g. +6w")?;
        let n: i64 = body[..body.len() - unit.len_utf8()]
            .parse()
            .map_err(|_| format!("{input:?}: expected a number before {unit:?}, e.g. +6w"))?;
        let out_of_range = || format!("{input:?} is too far away");
        let n = n.checked_mul(sign).ok_or_else(out_of_range)?;
        // Whatever is typed, the arithmetic is checked: a huge offset is a
        // message, never a crash.
        let shifted = match unit {
            'd' => Duration::try_days(n).and_then(|d| today.checked_add_signed(d)),
            'w' => Duration::try_weeks(n).and_then(|d| today.checked_add_signed(d)),
            'm' | 'y' => {
                let months = if unit == 'y' {
                    n.checked_mul(12)
                } else {
                    Some(n)
                };
                let months = months
                    .and_then(|m| u32::try_from(m.unsigned_abs()).ok())
                    .map(Months::new);
                months.and_then(|m| {
                    if n >= 0 {
                        today.checked_add_months(m)
                    } else {
                        today.checked_sub_months(m)
                    }
                })
            }
            _ => {
                return Err(format!(
                    "{input:?}: unit must be d, w, m or y (days, weeks, months, years)"
                ));
            }
        };
        return shifted
            .ok_or_else(out_of_range)
            .and_then(|d| in_range(d, input));
    }
    Date::parse_from_str(&s, "%Y-%m-%d")
        .map_err(|_| "not a date; use YYYY-MM-DD, +10d, +6w or +3m".to_string())
        .and_then(|d| in_range(d, input))
}

/// A date that records something that happened (a birth, a session, a step
/// done) cannot be after today. The message reads after the field's label;
/// a caller may add why, e.g. "is in the future: notes record what happened".
pub fn not_in_future(date: Date, today: Date) -> Result<(), String> {
    if date > today {
        Err("is in the future".into())
    } else {
        Ok(())
    }
}

/// The years a case record can sensibly hold: from before the birth of
/// anyone alive to beyond any plan or review date. A year outside is a typo
/// or a hand-edited file (0, -1, 20266), never a record.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Dates a case record can sensibly hold.
fn in_range(d: Date, input: &str) -> Result<Date, String> {
    if d.year() < *YEARS.start() {
        Err(format!("{input:?} is before {}", YEARS.start()))
    } else if d.year() > *YEARS.end() {
        Err(format!("{input:?} is after {}", YEARS.end()))
    } else {
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect("date")
    }

    #[test]
    fn absolute_and_relative_forms() {
        let today = d("2026-11-23");
        assert_eq!(parse_date("2027-03-31", today), Ok(d("2027-03-31")));
        assert_eq!(parse_date(" today ", today), Ok(today));
        assert_eq!(parse_date("+10d", today), Ok(d("2026-12-03")));
        assert_eq!(parse_date("+6w", today), Ok(d("2027-01-04")));
        assert_eq!(parse_date("+3m", today), Ok(d("2027-02-23")));
        assert_eq!(parse_date("+1y", today), Ok(d("2027-11-23")));
        assert_eq!(parse_date("-2d", today), Ok(d("2026-11-21")));
        // Month arithmetic clamps to the month's last day.
        assert_eq!(parse_date("+1m", d("2027-01-31")), Ok(d("2027-02-28")));
    }

    #[test]
    fn only_days_after_today_are_in_the_future() {
        let today = d("2026-11-23");
        assert_eq!(not_in_future(today, today), Ok(()));
        assert_eq!(not_in_future(d("2026-11-22"), today), Ok(()));
        assert_eq!(not_in_future(d("1900-01-01"), today), Ok(()));
        let err = Err("is in the future".to_string());
        assert_eq!(not_in_future(d("2026-11-24"), today), err);
        assert_eq!(not_in_future(d("2200-12-31"), today), err);
    }

    #[test]
    fn nonsense_is_refused_with_a_reason() {
        let today = d("2026-11-23");
        for bad in [
            "2027-02-30",
            "next week",
            "+6",
            "+xw",
            "+3q",
            "31/03/2027",
            "",
        ] {
            let err = parse_date(bad, today).unwrap_err();
            assert!(!err.is_empty(), "{bad}");
        }
    }
}
