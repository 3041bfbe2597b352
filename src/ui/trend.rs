//! Progress over time, drawn in text. The client's and the worker's ratings
//! use different glyphs, so the two series can be told apart without colour.

use crate::app::goals::number;
use crate::domain::{Date, Goal, Progress, RatedBy};

/// Eight heights for the worker's ratings: solid blocks.
const WORKER_LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// Eight heights for the client's ratings: braille dots filling up.
const CLIENT_LEVELS: [char; 8] = ['⡀', '⣀', '⣄', '⣤', '⣦', '⣶', '⣷', '⣿'];

/// Chart markers: one per rater, and one where both fall in the same cell.
pub const CLIENT_MARK: char = 'o';
pub const WORKER_MARK: char = 'x';
pub const BOTH_MARK: char = '*';

/// Where a value sits from 0 (baseline, or the lowest seen) to 1 (target, or
/// the highest seen). Without baseline and target the series is compared
/// with itself.
fn level(goal: &Goal, value: f64) -> f64 {
    if let Some(f) = goal.fraction_of(value) {
        return f;
    }
    let (lo, hi) = goal
        .counted()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.value), hi.max(p.value))
        });
    if hi > lo {
        (value - lo) / (hi - lo)
    } else {
        0.5
    }
}

/// The column (0..width) for a date, time running left to right from the
/// first record to the last; a single record sits at the right edge.
fn column(first: Date, last: Date, date: Date, width: usize) -> usize {
    let span = (last - first).num_days();
    if width == 0 {
        return 0;
    }
    if span <= 0 {
        return width - 1;
    }
    let d = (date - first).num_days().clamp(0, span);
    ((d as f64 * (width - 1) as f64 / span as f64).round() as usize).min(width - 1)
}

/// The records a chart shows: not those entered in error.
fn counted(goal: &Goal) -> Vec<Progress> {
    goal.counted().cloned().collect()
}

fn date_range(progress: &[Progress]) -> Option<(Date, Date)> {
    let first = progress.iter().map(|p| p.date).min()?;
    let last = progress.iter().map(|p| p.date).max()?;
    Some((first, last))
}

/// One rater's series as a one-row sparkline of `width` cells on the goal's
/// shared time axis (so the client's and worker's rows line up). Cells with
/// no rating are blank; when two ratings share a cell the later one shows.
pub fn sparkline(goal: &Goal, who: RatedBy, width: usize) -> String {
    let mut cells = vec![' '; width];
    let progress = counted(goal);
    let Some((first, last)) = date_range(&progress) else {
        return cells.into_iter().collect();
    };
    let levels = match who {
        RatedBy::Client => &CLIENT_LEVELS,
        RatedBy::Worker => &WORKER_LEVELS,
    };
    for p in progress.iter().filter(|p| p.rated_by == who) {
        let col = column(first, last, p.date, width);
        let step = (level(goal, p.value) * 7.0).round().clamp(0.0, 7.0) as usize;
        if let Some(c) = cells.get_mut(col) {
            *c = levels[step];
        }
    }
    cells.into_iter().collect()
}

/// A chart of every rating over time: `height` rows of values, then an axis
/// row and a row with the first and last dates. Each row is exactly
/// `width` characters. Baseline and target are drawn as guide lines.
pub fn chart(goal: &Goal, width: usize, height: usize) -> Vec<String> {
    let height = height.max(2);
    let progress = counted(goal);
    let values = progress.iter().map(|p| p.value);
    let guides = [goal.baseline, goal.target].into_iter().flatten();
    let (mut lo, mut hi) = values
        .chain(guides)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() {
        return vec![format!("{:<width$}", "No progress recorded yet.")];
    }
    if hi == lo {
        lo -= 1.0;
        hi += 1.0;
    }
    let row_of = |v: f64| -> usize {
        (((hi - v) / (hi - lo)) * (height - 1) as f64)
            .round()
            .clamp(0.0, (height - 1) as f64) as usize
    };
    // Axis labels: the top and bottom of the scale, and the guide lines.
    let mut labels: Vec<String> = vec![String::new(); height];
    labels[0] = number(hi);
    labels[height - 1] = number(lo);
    let mut guide_rows: Vec<(usize, char)> = Vec::new();
    if let Some(b) = goal.baseline {
        labels[row_of(b)] = format!("{} start", number(b));
        guide_rows.push((row_of(b), '·'));
    }
    if let Some(t) = goal.target {
        labels[row_of(t)] = format!("{} target", number(t));
        guide_rows.push((row_of(t), '┄'));
    }
    let label_w = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let plot_w = width.saturating_sub(label_w + 2).max(1);

    let mut grid = vec![vec![' '; plot_w]; height];
    for (row, glyph) in guide_rows {
        grid[row].iter_mut().for_each(|c| *c = glyph);
    }
    if let Some((first, last)) = date_range(&progress) {
        for p in &progress {
            let col = column(first, last, p.date, plot_w);
            let cell = &mut grid[row_of(p.value)][col];
            let mark = match p.rated_by {
                RatedBy::Client => CLIENT_MARK,
                RatedBy::Worker => WORKER_MARK,
            };
            *cell = match *cell {
                c if c == mark => mark,
                CLIENT_MARK | WORKER_MARK | BOTH_MARK => BOTH_MARK,
                _ => mark,
            };
        }
    }
    let mut out: Vec<String> = grid
        .into_iter()
        .zip(&labels)
        .map(|(row, label)| {
            let tick = if label.is_empty() { '│' } else { '┤' };
            format!(
                "{label:>label_w$} {tick}{}",
                row.into_iter().collect::<String>()
            )
        })
        .collect();
    out.push(format!("{:>label_w$} └{}", "", "─".repeat(plot_w)));
    if let Some((first, last)) = date_range(&progress) {
        let (a, b) = (first.to_string(), last.to_string());
        let gap = plot_w.saturating_sub(a.len() + b.len());
        let dates = if first == last || gap < 2 {
            format!("{:>plot_w$}", b)
        } else {
            format!("{a}{}{b}", " ".repeat(gap))
        };
        out.push(format!("{:>label_w$}  {dates}", ""));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal(baseline: f64, target: f64, records: &[(&str, f64, RatedBy)]) -> Goal {
        Goal {
            id: 1,
            client_id: 1,
            client_words: "x".into(),
            smart: None,
            measure: None,
            unit: None,
            baseline: Some(baseline),
            target: Some(target),
            due: None,
            status: crate::domain::GoalStatus::Active,
            progress: records
                .iter()
                .enumerate()
                .map(|(i, (d, v, by))| Progress {
                    id: i as i64,
                    date: d.parse().expect("date"),
                    value: *v,
                    rated_by: *by,
                    note: None,
                    created_at: String::new(),
                    error: None,
                })
                .collect(),
            error: None,
            range_max: None,
            range_min: None,
        }
    }

    use RatedBy::{Client, Worker};

    #[test]
    fn sparklines_share_a_time_axis_and_differ_in_glyph() {
        let g = goal(
            8.0,
            3.0,
            &[
                ("2026-11-01", 8.0, Client),
                ("2026-11-05", 6.0, Worker),
                ("2026-11-11", 3.0, Client),
            ],
        );
        // A decreasing goal: 8 is the bottom, 3 the top.
        assert_eq!(sparkline(&g, Client, 6), "⡀    ⣿");
        assert_eq!(sparkline(&g, Worker, 6), "  ▄   ");
        assert_eq!(sparkline(&goal(0.0, 1.0, &[]), Worker, 3), "   ");
    }

    #[test]
    fn chart_marks_each_rater_and_the_guides() {
        let g = goal(
            0.0,
            4.0,
            &[
                ("2026-11-01", 1.0, Worker),
                ("2026-11-03", 2.0, Client),
                ("2026-11-05", 4.0, Worker),
            ],
        );
        let rows = chart(&g, 34, 5);
        let text = rows.join("\n");
        assert_eq!(rows.len(), 7, "{text}");
        assert!(rows.iter().all(|r| r.chars().count() == 34), "{text}");
        assert!(rows[0].starts_with("4 target ┤"), "{text}");
        assert!(
            rows[0].ends_with('x'),
            "the last rating reached the target\n{text}"
        );
        assert!(rows[4].starts_with(" 0 start ┤··"), "{text}");
        assert!(rows[2].contains('o'), "{text}");
        assert!(
            rows[3].trim_end().ends_with('│') || rows[3].contains('x'),
            "{text}"
        );
        assert!(rows[6].contains("2026-11-01") && rows[6].contains("2026-11-05"));
    }

    #[test]
    fn both_raters_in_one_cell_show_a_star() {
        let g = goal(
            0.0,
            4.0,
            &[("2026-11-01", 2.0, Worker), ("2026-11-01", 2.0, Client)],
        );
        let rows = chart(&g, 20, 5);
        assert!(rows[2].ends_with('*'), "{}", rows.join("\n"));
    }
}
