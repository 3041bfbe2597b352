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

    // Keep the selected line in view; the header shows whole when it is selected.
    let offset = match selected {
        DetailItem::Goal => 0,
        _ => d.cursor.window(selected_at, h),
    };
    let len = lines.len();
    let visible: Vec<Line<'_>> = lines.into_iter().skip(offset).take(h).collect();
    frame.render_widget(Paragraph::new(visible), inner);
    // A page moves by items; a rough two rows an item is near enough.
    Some(Seen {
        offset,
        rows: (h / 2).max(1),
        len,
    })
}

/// Every line of the detail, and the line where the selection is.
fn content<'a>(
    app: &App,
    d: &GoalDetail,
    goal: &Goal,
    selected: DetailItem,
    w: usize,
    h: usize,
    theme: &Theme,
) -> (Vec<Line<'a>>, usize) {
    let mut lines = header(app, goal, selected == DetailItem::Goal, w, theme);
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
    let selected_at = steps_at.or(referrals_at).or(history_at).unwrap_or(0);
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
    for (i, part) in wrap(goal.smart.as_deref().unwrap_or("—"), body_w)
        .into_iter()
        .enumerate()
    {
        let label = if i == 0 { "SMART goal" } else { "" };
        lines.push(row(label, vec![Span::styled(part, theme.text)], theme));
    }
    lines.push(row(
        "Measure",
        vec![Span::styled(clip(&measure_words(goal), body_w), theme.text)],
        theme,
    ));
    lines.push(row("When", when_spans(app, goal, theme), theme));
    lines.push(row("Progress", progress_spans(goal, body_w, theme), theme));
    lines.push(row("Latest", vec![latest_span(goal, body_w, theme)], theme));
    lines.push(row(
        "SMART check",
        vec![smart_check_span(goal, body_w, theme)],
        theme,
    ));
    lines
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
fn latest_span<'a>(goal: &Goal, body_w: usize, theme: &Theme) -> Span<'a> {
    match goal.counted().last() {
        Some(p) => Span::styled(
            clip(
                &format!(
                    "{}, rated by the {} on {}",
                    with_unit(p.value, goal.unit.as_deref()),
                    p.rated_by.key(),
                    p.date
                ),
                body_w,
            ),
            theme.text,
        ),
        None => Span::styled("nothing recorded yet", theme.muted),
    }
}

/// What the SMART wording still lacks; highlighted only when something does.
fn smart_check_span<'a>(goal: &Goal, body_w: usize, theme: &Theme) -> Span<'a> {
    let gaps = goal.smart_gaps();
    let check_style = if gaps.is_empty() {
        theme.muted
    } else {
        theme.status
    };
    Span::styled(
        clip(hint(&gaps).trim_start_matches("SMART: "), body_w),
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

/// Plan steps: who does what by when. Returns the line of the selected step.
fn steps_section<'a>(
    lines: &mut Vec<Line<'a>>,
    app: &App,
    d: &GoalDetail,
    selected: DetailItem,
    w: usize,
    theme: &Theme,
) -> Option<usize> {
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
        if sel {
            selected_at = Some(lines.len());
        }
        lines.push(step_line(app, s, sel, who_w, w, theme));
    }
    selected_at
}

fn step_line<'a>(
    app: &App,
    s: &PlanStep,
    sel: bool,
    who_w: usize,
    w: usize,
    theme: &Theme,
) -> Line<'a> {
    let tick = if s.is_done() { "[x] " } else { "[ ] " };
    let when = match (s.done_on, s.due) {
        (Some(done), _) => (format!("done {done}"), theme.done),
        (None, Some(due)) if s.is_overdue(app.today) => (format!("overdue {due}"), theme.overdue),
        (None, Some(due)) => (format!("by {due}"), theme.muted),
        (None, None) => ("no date".to_string(), theme.muted),
    };
    let what_w = w.saturating_sub(2 + 4 + who_w + 2 + 2 + 18);
    marked_line(
        sel,
        s.error.as_ref(),
        w,
        vec![
            Span::styled(tick, theme.text),
            Span::styled(
                fit(&privacy::text(app, &s.who_label()), who_w + 2),
                theme.title,
            ),
            Span::styled(fit(&privacy::text(app, &s.description), what_w), theme.text),
            Span::raw("  "),
            Span::styled(when.0, when.1),
        ],
        theme,
    )
}

/// Referrals to other agencies. Returns the line of the selected referral.
fn referrals_section<'a>(
    app: &App,
    lines: &mut Vec<Line<'a>>,
    d: &GoalDetail,
    selected: DetailItem,
    w: usize,
    theme: &Theme,
) -> Option<usize> {
    lines.push(Line::raw(""));
    lines.push(heading("Referrals", None, theme));
    if d.referrals.is_empty() {
        lines.push(Line::styled("  None yet: r adds one.", theme.muted));
    }
    let mut selected_at = None;
    for (i, r) in d.referrals.iter().enumerate() {
        let sel = selected == DetailItem::Referral(i);
        if sel {
            selected_at = Some(lines.len());
        }
        lines.push(referral_line(app, r, sel, w, theme));
    }
    selected_at
}

fn referral_line<'a>(app: &App, r: &Referral, sel: bool, w: usize, theme: &Theme) -> Line<'a> {
    let agency_w = (w / 3).clamp(12, 30);
    let contact_w = w.saturating_sub(2 + agency_w + 2 + 22);
    marked_line(
        sel,
        r.error.as_ref(),
        w,
        vec![
            Span::styled(
                fit(&privacy::text(app, &r.agency), agency_w + 2),
                theme.text,
            ),
            Span::styled(
                fit(
                    &privacy::text(app, r.contact.as_deref().unwrap_or("—")),
                    contact_w + 2,
                ),
                theme.muted,
            ),
            Span::styled(fit(r.status.key(), 10), theme.title),
            Span::styled(format!("{}", r.created_on), theme.muted),
        ],
        theme,
    )
}

/// Every recorded value, newest first (the order of [`GoalDetail::items`]).
/// Returns the line of the selected record.
fn history_section<'a>(
    app: &App,
    lines: &mut Vec<Line<'a>>,
    goal: &Goal,
    selected: DetailItem,
    w: usize,
    theme: &Theme,
) -> Option<usize> {
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
        if sel {
            selected_at = Some(lines.len());
        }
        lines.push(progress_line(app, p, unit, sel, value_w, w, theme));
    }
    selected_at
}

fn progress_line<'a>(
    app: &App,
    p: &Progress,
    unit: Option<&str>,
    sel: bool,
    value_w: usize,
    w: usize,
    theme: &Theme,
) -> Line<'a> {
    // The chart's glyph beside the rater, so the history reads with the chart.
    let mark = match p.rated_by {
        RatedBy::Client => trend::CLIENT_MARK,
        RatedBy::Worker => trend::WORKER_MARK,
    };
    let note_w = w.saturating_sub(2 + 12 + value_w + 2 + 10);
    marked_line(
        sel,
        p.error.as_ref(),
        w,
        vec![
            Span::styled(format!("{}  ", p.date), theme.muted),
            Span::styled(
                format!("{:>value_w$}  ", with_unit(p.value, unit)),
                theme.text,
            ),
            Span::styled(
                fit(&format!("{mark} {}", p.rated_by.key()), 10),
                theme.title,
            ),
            Span::styled(
                clip(&privacy::text(app, p.note.as_deref().unwrap_or("")), note_w),
                theme.text,
            ),
        ],
        theme,
    )
}

/// A record's line; one entered in error is struck through and ends in
/// "✗ entered in error: reason" (the words, so it shows without styling).
fn marked_line<'a>(
    selected: bool,
    error: Option<&crate::domain::InError>,
    w: usize,
    spans: Vec<Span<'a>>,
    theme: &Theme,
) -> Line<'a> {
    let Some(e) = error else {
        return item_line(selected, spans, theme);
    };
    let label = format!("✗ {}", e.label());
    // The record keeps at least a third of the line; the mark the rest.
    let room = w.saturating_sub(2);
    let label_w = label.width().min(room.saturating_sub(room / 3));
    let mut kept = Vec::new();
    let mut used = 0;
    let keep_w = room.saturating_sub(label_w + 1);
    for s in spans {
        let left = keep_w.saturating_sub(used);
        if left == 0 {
            break;
        }
        // Whole spans keep their spacing; only the last one is cut.
        let text = if s.content.width() <= left {
            s.content.to_string()
        } else {
            clip(&s.content, left)
        };
        used += text.width();
        kept.push(Span::styled(
            text,
            s.style.add_modifier(Modifier::CROSSED_OUT),
        ));
    }
    kept.push(Span::raw(" ".repeat(keep_w.saturating_sub(used) + 1)));
    kept.push(Span::styled(clip(&label, label_w), theme.overdue));
    item_line(selected, kept, theme)
}

fn heading<'a>(title: &str, extra: Option<String>, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled(format!("  {title}"), theme.heading)];
    if let Some(e) = extra {
        spans.push(Span::styled(format!("  {e}"), theme.muted));
    }
    Line::from(spans)
}

/// A selectable line: a marker and a reversed style when selected, so the
/// selection shows without colour.
fn item_line<'a>(selected: bool, spans: Vec<Span<'a>>, theme: &Theme) -> Line<'a> {
    let marker = if selected { "▶ " } else { "  " };
    let mut all = vec![Span::styled(marker, theme.hint_key)];
    all.extend(spans);
    let line = Line::from(all);
    if selected {
        line.patch_style(theme.selected)
    } else {
        line.patch_style(Style::default())
    }
}
