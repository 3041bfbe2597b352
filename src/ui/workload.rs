//! The workload summary: how heavy the caseload is, at a glance.

use super::caseload::light_style;
use super::{Theme, bar_cells, bar_spans};
use crate::domain::workload::Workload;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(frame: &mut Frame<'_>, area: Rect, w: &Workload, theme: &Theme) {
    let mut lines = Vec::new();
    let light = w.light;
    lines.push(Line::from(vec![
        Span::raw(format!(
            "Open cases  {} for a capacity of {}   ",
            w.open, w.capacity
        )),
        Span::styled(
            format!(
                "● {}: {}",
                light.colour_name().to_uppercase(),
                light.meaning()
            ),
            light_style(light, theme),
        ),
    ]));
    if w.capacity > 0 {
        let fraction = w.open as f64 / f64::from(w.capacity);
        let mut bar = bar_spans(fraction, 40, light_style(light, theme), theme).to_vec();
        bar.push(Span::raw(format!(
            " {}%",
            w.open * 100 / w.capacity as usize
        )));
        lines.push(Line::from(bar));
    }
    lines.push(Line::raw(""));
    let count = |label: &str, n: usize, style| {
        Line::from(vec![
            Span::raw(format!("{label:<23}")),
            Span::styled(format!("{n:>4}"), if n > 0 { style } else { theme.text }),
        ])
    };
    lines.push(count("In crisis", w.crisis, theme.crisis));
    lines.push(count(
        "Clients with overdue",
        w.overdue_clients,
        theme.overdue,
    ));
    lines.push(count("Overdue items", w.overdue_items, theme.overdue));
    lines.push(count("Due today or in 7 days", w.due_this_week, theme.text));
    lines.push(Line::raw(""));
    lines.push(Line::styled("By stage", theme.heading));
    let most = w.per_stage.iter().copied().max().unwrap_or(0).max(1);
    for (stage, n) in w.stage_counts() {
        let (full, _) = bar_cells(n as f64 / most as f64, 20);
        lines.push(Line::from(vec![
            Span::raw(format!(
                "  {}. {:<22}{n:>4}  ",
                stage.number(),
                stage.name()
            )),
            Span::styled(full, theme.bar_filled),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "Amber from 80% of capacity, red above it. Capacity is caseload_capacity in config.toml ({}).",
            w.capacity
        ),
        theme.muted,
    ));
    let rect = super::popup(frame, area, 64, lines.len() as u16 + 4);
    let block = super::overlay_block("Workload", theme);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        rect,
    );
}
