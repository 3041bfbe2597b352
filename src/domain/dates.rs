//! Reading dates the way practitioners type them.

use super::Date;
use chrono::{Datelike, Duration, Months};

/// Accepts `2027-03-31`, `today`, `tomorrow`, and offsets from today such as
/// `+10d`, `+6w`, `+3m`, `+1y` (and `-2d` for something already past).
pub fn parse_date(input: &str, today: Date) -> Result<Date, String> {
    let s = input.trim().to_lowercase();
    match s.as_str() {
        "today" => return Ok(today),
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
        let n = sign * n;
        let months = |m: i64| -> Result<Date, String> {
            let shifted = if m >= 0 {
                today.checked_add_months(Months::new(m as u32))
            } else {
                today.checked_sub_months(Months::new((-m) as u32))
            };
            shifted.ok_or_else(|| format!("{input:?} is out of range"))
        };
        return match unit {
            'd' => Ok(today + Duration::days(n)),
            'w' => Ok(today + Duration::weeks(n)),
            'm' => months(n),
            'y' => months(n * 12),
            _ => Err(format!(
                "{input:?}: unit must be d, w, m or y (days, weeks, months, years)"
            )),
        };
    }
    Date::parse_from_str(&s, "%Y-%m-%d")
        .map_err(|_| "not a date; use YYYY-MM-DD, +10d, +6w or +3m".to_string())
        .and_then(|d| {
            if d.year() < 1900 {
                Err(format!("{input:?} is before 1900"))
            } else {
                Ok(d)
            }
        })
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
