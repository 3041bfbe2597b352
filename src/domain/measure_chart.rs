//! A measure's totals over time as a small text chart: one bar per score
//! (oldest left), rows from 0 up to the highest total, each labelled with
//! the lowest total it holds; a band's lower edge is a dotted row. Where
//! the band edges allow it (PHQ-9, GAD-7: every 5) each row is exactly one
//! step, so a bar's top row names the band the score is in. Plain text,
//! for the TUI and the Markdown case summary alike.

use crate::domain::measure::Band;

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Lines of the chart, each `width` columns at most: at most `max_rows`
/// rows of bars over an axis line. `totals` oldest first; only the newest
/// that fit show.
pub fn lines(totals: &[u32], max: u32, bands: &[Band], width: usize, max_rows: u32) -> Vec<String> {
    const GUTTER: usize = 4;
    let max_rows = max_rows.max(2);
    let fit = width.saturating_sub(GUTTER + 1) / 2;
    let shown = &totals[totals.len().saturating_sub(fit)..];
    let edges: Vec<u32> = bands.iter().map(|b| b.from).filter(|f| *f > 0).collect();
    let mut step = edges.iter().fold(0, |g, &e| gcd(g, e)).max(1);
    if (max + 1).div_ceil(step) > max_rows {
        step = (max + 1).div_ceil(max_rows);
    }
    let rows = (max + 1).div_ceil(step);
    let mut out = Vec::new();
    for r in (1..rows).rev() {
        let low = r * step;
        let edge = edges.iter().any(|e| (low..low + step).contains(e));
        let mut line = format!("{low:>3}|");
        for &t in shown {
            let filled = t >= low;
            line.push(if filled {
                '#'
            } else if edge {
                '.'
            } else {
                ' '
            });
            line.push(if edge && !filled { '.' } else { ' ' });
        }
        out.push(line.trim_end().to_string());
    }
    // The bottom row: any score above 0.
    let mut line = "  0|".to_string();
    for &t in shown {
        line.push(if t > 0 { '#' } else { '_' });
        line.push(' ');
    }
    out.push(line.trim_end().to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phq_bands() -> Vec<Band> {
        [
            (0, 4, "minimal"),
            (5, 9, "mild"),
            (10, 14, "moderate"),
            (15, 19, "ms"),
            (20, 27, "severe"),
        ]
        .into_iter()
        .map(|(from, to, l)| Band {
            from,
            to,
            label: l.into(),
        })
        .collect()
    }

    #[test]
    fn rows_are_band_steps_and_a_bar_tops_out_in_its_band() {
        let l = lines(&[27, 13, 4, 0], 27, &phq_bands(), 40, 9);
        assert_eq!(
            l,
            [
                " 25|#",
                " 20|# ......",
                " 15|# ......",
                " 10|# # ....",
                "  5|# # ....",
                "  0|# # # _",
            ]
        );
    }

    #[test]
    fn only_the_newest_that_fit_are_shown_and_too_fine_bands_share_rows() {
        let totals: Vec<u32> = (0..50).map(|i| i % 28).collect();
        let l = lines(&totals, 27, &phq_bands(), 20, 9);
        assert!(l.iter().all(|x| x.chars().count() <= 20), "{l:?}");
        let fine: Vec<Band> = (0..=27)
            .map(|v| Band {
                from: v,
                to: v,
                label: String::new(),
            })
            .collect();
        let l = lines(&[27], 27, &fine, 20, 7);
        assert_eq!(l.len(), 7, "{l:?}");
    }
}
