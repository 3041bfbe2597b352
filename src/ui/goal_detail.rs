//! One goal, opened: its wording and SMART check, a chart of progress over
//! time, plan steps, referrals and the full progress history.

use super::text::{clip, fit, wrap};
use super::{Theme, bar_spans, privacy, trend};
use crate::app::goals::{DetailItem, GoalDetail, range_words, with_unit};
use crate::app::{App, Seen};
use crate::domain::smart::hint;
use crate::domain::{Goal, GoalStatus, PlanStep, Progress, RatedBy, Referral};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// Label column of the header rows.
const LABEL_W: usize = 13;

pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    d: &GoalDetail,
    theme: &Theme,
) -> Option<Seen> {
    let width = area.width.saturating_sub(4).min(110);
    let height = area.height.saturating_sub(2);
    let inner = super::overlay_frame(frame, area, (width, height), "Goal", theme);
    let Some(goal) = app.goal(d.goal_id) else {
        frame.render_widget(
            Paragraph::new(Line::styled("This goal is no longer here.", theme.muted)),
            inner,
        );
        return None;
    };
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    let selected = d.selected(goal);
    let (lines, selected_at) = content(app, d, goal, selected, w, h, theme);

    // Keep the whole selected item in view (its first line if it is taller
    // than the view). Scrolled on past the last item, the view stays put
    // while some of the selection is still on screen.
    let (start, end) = selected_at;
    let len = lines.len();
    let kept = d.cursor.offset.min(len.saturating_sub(h));
    let offset = if d.free && start < kept + h && end >= kept {
        kept
    } else {
        d.cursor.window(end, h).min(start)
    };
    let visible: Vec<Line<'_>> = lines.into_iter().skip(offset).take(h).collect();
    frame.render_widget(Paragraph::new(visible), inner);
    super::more::draw(
        frame,
        inner,
        Seen {
            offset,
            rows: h,
            len,
        },
        theme,
    );
    // A page moves by items; a rough two rows an item is near enough.
    Some(Seen {
        offset,
        rows: (h / 2).max(1),
        len,
    })
}

/// The first and last line of the selected item.
type Span2 = (usize, usize);

/// Every line of the detail, and the line where the selection is.
fn content<'a>(
    app: &App,
    d: &GoalDetail,
    goal: &Goal,
    selected: DetailItem,
    w: usize,
    h: usize,
    theme: &Theme,
) -> (Vec<Line<'a>>, Span2) {
    let mut lines = header(app, goal, selected == DetailItem::Goal, w, theme);
    let header_end = lines.len().saturating_sub(1);
    lines.extend(chart_section(goal, w, h, theme));
    // Only one item is selected, so at most one section finds it; the goal's
    // own header is at line 0.
    let steps_at = steps_section(&mut lines, app, d, selected, w, theme);
    let referrals_at = referrals_section(app, &mut lines, d, selected, w, theme);
    let history_at = history_section(app, &mut lines, goal, selected, w, theme);
    if goal.status != GoalStatus::Active {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("  This goal is {}.", goal.status.key()),
            theme.muted,
        ));
    }
    let selected_at = steps_at
        .or(referrals_at)
        .or(history_at)
        .unwrap_or((0, header_end));
    (lines, selected_at)
}

/// The goal itself: the client's words first, as they said them, then one
/// labelled row for each thing a worker checks at a glance.
fn header<'a>(app: &App, goal: &Goal, selected: bool, w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let body_w = w.saturating_sub(LABEL_W + 2);
    let mut lines = client_words(app, goal, selected, w, theme);
    if let Some(e) = &goal.error {
        let why = format!("✗ {} (by {}, {})", e.label(), e.by, e.day());
        let why = privacy::text(app, &why).to_string();
        lines.push(row(
            "",
            vec![Span::styled(clip(&why, body_w), theme.overdue)],
            theme,
        ));
    }
    // The worker's wording often names the client: privacy covers it too.
    let smart = privacy::text(app, goal.smart.as_deref().unwrap_or("—"));
    for (i, part) in wrap(&smart, body_w).into_iter().enumerate() {
        let label = if i == 0 { "SMART goal" } else { "" };
        lines.push(row(label, vec![Span::styled(part, theme.text)], theme));
    }
    lines.extend(wrapped_rows(
        "Measure",
        &privacy::text(app, &measure_words(goal)),
        body_w,
        theme.text,
        theme,
    ));
    lines.push(row("When", when_spans(app, goal, theme), theme));
    lines.push(row("Progress", progress_spans(goal, body_w, theme), theme));
    let (latest, style) = latest_words(goal, theme);
    lines.extend(wrapped_rows("Latest", &latest, body_w, style, theme));
    let (check, style) = smart_check_words(goal, theme);
    lines.extend(wrapped_rows("SMART check", &check, body_w, style, theme));
    let (gas, style) = match app.gas_scale(goal.id) {
        Some(s) => (
            format!(
                "as expected (0): {} · weight {}",
                privacy::text(app, &s.levels[2]),
                s.weight
            ),
            theme.text,
        ),
        None => (
            format!(
                "none yet ({} sets one)",
                crate::keymap::key_for(
                    crate::app::Action::SetGasScale,
                    crate::keymap::Context::GoalDetail
                )
            ),
            theme.muted,
        ),
    };
    lines.extend(wrapped_rows("GAS scale", &gas, body_w, style, theme));
    lines
}

/// A labelled header value wrapped under its label, every word shown.
fn wrapped_rows<'a>(
    label: &str,
    value: &str,
    body_w: usize,
    style: Style,
    theme: &Theme,
) -> Vec<Line<'a>> {
    wrap(value, body_w)
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let label = if i == 0 { label } else { "" };
            row(label, vec![Span::styled(part, style)], theme)
        })
        .collect()
}

/// The client's words, wrapped; the header is one selectable item, so only
/// its first line carries the marker while every line shows the selection.
fn client_words<'a>(
    app: &App,
    goal: &Goal,
    selected: bool,
    w: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let style = if selected {
        theme.heading.patch(theme.selected)
    } else {
        theme.heading
    };
    let words = privacy::text(app, &goal.client_words);
    wrap(&format!("“{words}”"), w.saturating_sub(2))
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let marker = if i == 0 && selected { "▶ " } else { "  " };
            Line::from(vec![
                Span::styled(marker, theme.hint_key),
                Span::styled(part, style),
            ])
        })
        .collect()
}

/// A header row: the label padded to its column, then the value.
fn row<'a>(label: &str, value: Vec<Span<'a>>, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled(
        fit(&format!("  {label}"), LABEL_W + 2),
        theme.title,
    )];
    spans.extend(value);
    Line::from(spans)
}

/// What is measured and over what range, or a dash when neither is set.
fn measure_words(goal: &Goal) -> String {
    let mut measure = Vec::new();
    if let Some(m) = &goal.measure {
        measure.push(m.clone());
    }
    measure.extend(range_words(goal));
    if measure.is_empty() {
        "—".to_string()
    } else {
        measure.join(" · ")
    }
}

/// The due date (in the overdue colour once it has passed) and the status.
fn when_spans<'a>(app: &App, goal: &Goal, theme: &Theme) -> Vec<Span<'a>> {
    let due = match goal.due {
        Some(due) if goal.is_overdue(app.today) => {
            Span::styled(format!("overdue since {due}"), theme.overdue)
        }
        Some(due) => Span::styled(format!("due {due}"), theme.text),
        None => Span::styled("no date", theme.muted),
    };
    vec![
        due,
        Span::styled(format!(" · {}", goal.status.key()), theme.text),
    ]
}

/// A bar and percentage, or why there is none: a fraction needs both a
/// baseline and a target.
fn progress_spans<'a>(goal: &Goal, body_w: usize, theme: &Theme) -> Vec<Span<'a>> {
    let Some(f) = goal.fraction() else {
        return vec![Span::styled(
            "no baseline and target to measure against",
            theme.muted,
        )];
    };
    let bar_w = (body_w / 4).clamp(5, 20);
    let mut progress = Vec::new();
    progress.extend(bar_spans(f, bar_w, theme.bar_filled, theme));
    progress.push(Span::raw(format!(" {:.0}%", f * 100.0)));
    progress
}

/// The most recent value, with who rated it and when.
fn latest_words(goal: &Goal, theme: &Theme) -> (String, Style) {
    match goal.counted().last() {
        Some(p) => (
            format!(
                "{}, rated by the {} on {}",
                with_unit(p.value, goal.unit.as_deref()),
                p.rated_by.key(),
                p.date
            ),
            theme.text,
        ),
        None => ("nothing recorded yet".to_string(), theme.muted),
    }
}

/// What the SMART wording still lacks; highlighted only when something does.
fn smart_check_words(goal: &Goal, theme: &Theme) -> (String, Style) {
    let gaps = goal.smart_gaps();
    let check_style = if gaps.is_empty() {
        theme.muted
    } else {
        theme.status
    };
    (
        hint(&gaps).trim_start_matches("SMART: ").to_string(),
        check_style,
    )
}

/// Progress over time as a chart with its legend, or how to start one.
fn chart_section<'a>(goal: &Goal, w: usize, h: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = vec![
        Line::raw(""),
        heading(
            "Progress over time",
            goal.unit.as_deref().map(|u| format!("unit: {u}")),
            theme,
        ),
    ];
    if goal.counted().next().is_none() {
        lines.push(Line::styled(
            "  No progress recorded yet: p records the first value.",
            theme.muted,
        ));
        return lines;
    }
    // A tall terminal has room for a taller chart.
    let chart_h = if h >= 30 { 8 } else { 5 };
    for l in trend::chart(goal, w.saturating_sub(4).min(90), chart_h) {
        lines.push(Line::styled(format!("  {l}"), theme.text));
    }
    lines.push(Line::styled(
        format!(
            "  {} client   {} worker   {} both   ┄ target   · start",
            trend::CLIENT_MARK,
            trend::WORKER_MARK,
            trend::BOTH_MARK
        ),
        theme.muted,
    ));
    lines
}

/// Plan steps: who does what by when. Returns the lines of the selected step.
fn steps_section<'a>(
    lines: &mut Vec<Line<'a>>,
    app: &App,
    d: &GoalDetail,
    selected: DetailItem,
    w: usize,
    theme: &Theme,
) -> Option<Span2> {
    lines.push(Line::raw(""));
    // Steps entered in error are listed but counted nowhere.
    let counted = d.steps.iter().filter(|s| s.error.is_none());
    let all = counted.clone().count();
    let open = counted.filter(|s| !s.is_done()).count();
    lines.push(heading(
        "Plan steps",
        (!d.steps.is_empty()).then(|| format!("{open} open of {all}")),
        theme,
    ));
    if d.steps.is_empty() {
        lines.push(Line::styled("  None yet: s adds one.", theme.muted));
    }
    // One width for every "who", so the descriptions line up.
    let who_w = d
        .steps
        .iter()
        .map(|s| s.who_label().width())
        .max()
        .unwrap_or(6)
        .clamp(6, 18);
    let mut selected_at = None;
    for (i, s) in d.steps.iter().enumerate() {
        let sel = selected == DetailItem::Step(i);
        let start = lines.len();
        lines.extend(step_lines(app, s, sel, who_w, w, theme));
        if sel {
            selected_at = Some((start, lines.len() - 1));
        }
    }
    selected_at
}

fn step_lines<'a>(
    app: &App,
    s: &PlanStep,
    sel: bool,
    who_w: usize,
    w: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let tick = if s.is_done() { "[x] " } else { "[ ] " };
    let when = match (s.done_on, s.due) {
        (Some(done), _) => (format!("done {done}"), theme.done),
        (None, Some(due)) if s.is_overdue(app.today) => (format!("overdue {due}"), theme.overdue),
        (None, Some(due)) => (format!("by {due}"), theme.muted),
        (None, None) => ("no date".to_string(), theme.muted),
    };
    let what_w = w.saturating_sub(2 + 4 + who_w + 2 + 2 + 18);
    let when_w = when.0.width();
    marked_lines(
        sel,
        s.error.as_ref(),
        w,
        vec![
            Cell::new(tick.to_string(), 4, theme.text),
            Cell::new(privacy::text(app, &s.who_label()), who_w, theme.title).gap(2),
            Cell::new(privacy::text(app, &s.description), what_w, theme.text).gap(2),
            Cell::new(when.0, when_w, when.1),
        ],
        theme,
    )
}

/// Referrals to other agencies. Returns the lines of the selected referral.
fn referrals_section<'a>(
    app: &App,
    lines: &mut Vec<Line<'a>>,
    d: &GoalDetail,
    selected: DetailItem,
    w: usize,
    theme: &Theme,
) -> Option<Span2> {
    lines.push(Line::raw(""));
    lines.push(heading("Referrals", None, theme));
    if d.referrals.is_empty() {
        lines.push(Line::styled("  None yet: r adds one.", theme.muted));
    }
    let mut selected_at = None;
    for (i, r) in d.referrals.iter().enumerate() {
        let sel = selected == DetailItem::Referral(i);
        let start = lines.len();
        lines.extend(referral_lines(app, r, sel, w, theme));
        if sel {
            selected_at = Some((start, lines.len() - 1));
        }
    }
    selected_at
}

fn referral_lines<'a>(
    app: &App,
    r: &Referral,
    sel: bool,
    w: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let agency_w = (w / 3).clamp(12, 30);
    let contact_w = w.saturating_sub(2 + agency_w + 2 + 22);
    marked_lines(
        sel,
        r.error.as_ref(),
        w,
        vec![
            Cell::new(privacy::text(app, &r.agency), agency_w, theme.text).gap(2),
            Cell::new(
                privacy::text(app, r.contact.as_deref().unwrap_or("—")),
                contact_w,
                theme.muted,
            )
            .gap(2),
            Cell::new(r.status.key().to_string(), 10, theme.title),
            Cell::new(r.created_on.to_string(), 10, theme.muted),
        ],
        theme,
    )
}

/// Every recorded value, newest first (the order of [`GoalDetail::items`]).
/// Returns the lines of the selected record.
fn history_section<'a>(
    app: &App,
    lines: &mut Vec<Line<'a>>,
    goal: &Goal,
    selected: DetailItem,
    w: usize,
    theme: &Theme,
) -> Option<Span2> {
    lines.push(Line::raw(""));
    lines.push(heading(
        "Progress history",
        (!goal.progress.is_empty()).then(|| "newest first".to_string()),
        theme,
    ));
    if goal.progress.is_empty() {
        lines.push(Line::styled("  Nothing recorded yet.", theme.muted));
    }
    let unit = goal.unit.as_deref();
    // Values right-aligned to the widest, so they read as a column.
    let value_w = goal
        .progress
        .iter()
        .map(|p| with_unit(p.value, unit).width())
        .max()
        .unwrap_or(1);
    let mut selected_at = None;
    for (i, p) in goal.progress.iter().enumerate().rev() {
        let sel = selected == DetailItem::Progress(i);
        let start = lines.len();
        lines.extend(progress_lines(app, p, unit, sel, value_w, w, theme));
        if sel {
            selected_at = Some((start, lines.len() - 1));
        }
    }
    selected_at
}

fn progress_lines<'a>(
    app: &App,
    p: &Progress,
    unit: Option<&str>,
    sel: bool,
    value_w: usize,
    w: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    // The chart's glyph beside the rater, so the history reads with the chart.
    let mark = match p.rated_by {
        RatedBy::Client => trend::CLIENT_MARK,
        RatedBy::Worker => trend::WORKER_MARK,
    };
    let note_w = w.saturating_sub(2 + 12 + value_w + 2 + 10);
    marked_lines(
        sel,
        p.error.as_ref(),
        w,
        vec![
            Cell::new(p.date.to_string(), 10, theme.muted).gap(2),
            Cell::new(
                format!("{:>value_w$}", with_unit(p.value, unit)),
                value_w,
                theme.text,
            )
            .gap(2),
            Cell::new(format!("{mark} {}", p.rated_by.key()), 10, theme.title),
            Cell::new(
                privacy::text(app, p.note.as_deref().unwrap_or("")),
                note_w,
                theme.text,
            )
            .last(),
        ],
        theme,
    )
}

/// A record's rows; one entered in error is struck through, with a row
/// below saying "✗ entered in error: reason" (the words, so it shows
/// without styling).
fn marked_lines<'a>(
    selected: bool,
    error: Option<&crate::domain::InError>,
    w: usize,
    cells: Vec<Cell>,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let Some(e) = error else {
        return item_lines(selected, cells, theme);
    };
    let struck = cells
        .into_iter()
        .map(|c| Cell {
            style: c.style.add_modifier(Modifier::CROSSED_OUT),
            ..c
        })
        .collect();
    let mut lines = item_lines(selected, struck, theme);
    let mark = Line::styled(
        format!("    ✗ {}", clip(&e.label(), w.saturating_sub(6))),
        theme.overdue,
    );
    lines.push(if selected {
        mark.patch_style(theme.selected)
    } else {
        mark
    });
    lines
}

fn heading<'a>(title: &str, extra: Option<String>, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled(format!("  {title}"), theme.heading)];
    if let Some(e) = extra {
        spans.push(Span::styled(format!("  {e}"), theme.muted));
    }
    Line::from(spans)
}

/// One column of a selectable item: its text wrapped to its width, then
/// `gap` spaces. The last column is not padded.
struct Cell {
    text: String,
    width: usize,
    gap: usize,
    style: Style,
    pad: bool,
}

impl Cell {
    fn new(text: impl Into<String>, width: usize, style: Style) -> Cell {
        Cell {
            text: text.into(),
            width,
            gap: 0,
            style,
            pad: true,
        }
    }
    fn gap(self, gap: usize) -> Cell {
        Cell { gap, ..self }
    }
    fn last(self) -> Cell {
        Cell { pad: false, ..self }
    }
    /// The text in lines no wider than the column; a fixed text (a date)
    /// is given a width it fits in, so it stays one line.
    fn lines(&self) -> Vec<String> {
        if self.text.width() <= self.width {
            vec![self.text.clone()]
        } else if self.width < 8 {
            // Too narrow to wrap into: the column widens instead of cutting.
            vec![self.text.clone()]
        } else {
            wrap(&self.text, self.width)
        }
    }
}

/// A selectable item as rows of columns, each column wrapped within its
/// width so nothing is cut: a marker on the first row and a reversed style
/// when selected, so the selection shows without colour.
fn item_lines<'a>(selected: bool, cells: Vec<Cell>, theme: &Theme) -> Vec<Line<'a>> {
    let wrapped: Vec<Vec<String>> = cells.iter().map(Cell::lines).collect();
    let rows = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    (0..rows)
        .map(|r| {
            let marker = if selected && r == 0 { "▶ " } else { "  " };
            let mut all = vec![Span::styled(marker, theme.hint_key)];
            for (cell, lines) in cells.iter().zip(&wrapped) {
                let text = lines.get(r).map(String::as_str).unwrap_or("");
                let shown = if cell.pad {
                    let pad = cell.width.saturating_sub(text.width()) + cell.gap;
                    format!("{text}{}", " ".repeat(pad))
                } else {
                    text.to_string()
                };
                all.push(Span::styled(shown, cell.style));
            }
            let line = Line::from(all);
            if selected {
                line.patch_style(theme.selected)
            } else {
                line.patch_style(Style::default())
            }
        })
        .collect()
}
