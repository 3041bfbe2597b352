use super::text::{clip, date_label, fit};
use super::{Theme, pane_block};
use crate::app::{App, Pane, Scroll, Seen};
use crate::domain::Stage;
use crate::store::ClientDetail;
use crate::store::followups::Followup;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Rows above the items: the progress line and the stage heading.
const HEADER_ROWS: usize = 2;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
    let block = pane_block(Pane::Stages, app, theme, None);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(detail) = &app.detail else {
        return None;
    };
    let current = detail.client.stage;
    let items = app.template.items(current);
    let done_count = items
        .iter()
        .filter(|i| done_on(detail, current, &i.key).is_some())
        .count();

    let width = usize::from(inner.width);
    let wide = width >= 60;
    let mut heading = vec![
        Span::styled(
            format!("{}. {}", current.number(), current.name()),
            theme.current,
        ),
        Span::styled(
            format!("  {done_count} of {} done", items.len()),
            theme.muted,
        ),
    ];
    if let Some(since) = detail
        .history
        .last()
        .filter(|v| v.left_on.is_none())
        .map(|v| v.entered_on)
    {
        // Only when it fits whole: a cut date is worse than none.
        let since = format!(" · since {}", date_label(since, wide));
        let used: usize = heading.iter().map(|s| s.width()).sum();
        if used + since.chars().count() <= width {
            heading.push(Span::styled(since, theme.muted));
        }
    }
    let mut lines = vec![progress_line(current, width, theme), Line::from(heading)];

    let footer = checkins_line(detail, current, wide, width, theme);
    let height =
        usize::from(inner.height).saturating_sub(lines.len() + usize::from(footer.is_some()));
    let rows: Vec<Vec<Line<'static>>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let selected = app.focus == Pane::Stages && i == app.cursor(Pane::Stages);
            item_lines(app, detail, current, item, selected, width, theme)
        })
        .collect();
    let cursor = &app.cursors[Pane::Stages as usize];
    let first = first_visible(cursor, &rows, height);
    let len = rows.len();
    let shown = shown_items(&rows[first.min(len)..], height);
    lines.extend(rows.into_iter().skip(first).flatten().take(height));
    if let Some(f) = footer {
        lines.push(f);
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let seen = Seen {
        offset: first,
        rows: shown,
        len,
    };
    super::more::draw(frame, inner, seen, theme);
    Some(seen)
}

/// How many items fit whole in `height` rows (at least one).
fn shown_items(rows: &[Vec<Line<'_>>], height: usize) -> usize {
    let mut used = 0;
    let mut n = 0;
    for r in rows {
        used += r.len();
        if used > height {
            break;
        }
        n += 1;
    }
    n.max(1)
}

/// How tall the pane would like to be to show everything: it grows to this
/// (within limits) while it has focus.
pub fn wanted_height(app: &App) -> u16 {
    let Some(detail) = &app.detail else { return 0 };
    let stage = detail.client.stage;
    let item_rows: usize = app
        .template
        .items(stage)
        .iter()
        .map(|i| {
            1 + usize::from(note(detail, stage, &i.key).is_some())
                + usize::from(in_error(detail, stage, &i.key).is_some())
        })
        .sum();
    let footer = usize::from(stage >= Stage::Termination && !detail.followups.is_empty());
    (HEADER_ROWS + item_rows + footer + 2).min(usize::from(u16::MAX)) as u16
}

fn done_on(detail: &ClientDetail, stage: Stage, key: &str) -> Option<crate::domain::Date> {
    detail
        .marks
        .iter()
        .find(|m| m.stage == stage && m.item_key == key)
        .and_then(|m| m.done_on)
}

/// A tick entered in error: the item is open again, the mark says why.
fn in_error<'a>(
    detail: &'a ClientDetail,
    stage: Stage,
    key: &str,
) -> Option<&'a crate::domain::InError> {
    detail
        .marks
        .iter()
        .find(|m| m.stage == stage && m.item_key == key)
        .and_then(|m| m.error.as_ref())
}

fn note<'a>(detail: &'a ClientDetail, stage: Stage, key: &str) -> Option<&'a str> {
    detail
        .marks
        .iter()
        .find(|m| m.stage == stage && m.item_key == key)
        .and_then(|m| m.note.as_deref())
}

/// One item: `[x] label  date`, and its note on the row below if it has one.
fn item_lines(
    app: &App,
    detail: &ClientDetail,
    stage: Stage,
    item: &crate::domain::ChecklistItem,
    selected: bool,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let (key, label) = (item.key.as_str(), item.label.as_str());
    let done = done_on(detail, stage, key);
    let wide = width >= 60;
    let date_w = if wide { 10 } else { 6 };
    let date = done.map(|d| date_label(d, wide)).unwrap_or_default();
    // An open item has no date, so its label may use the date's room too.
    let label_w = if done.is_some() {
        width.saturating_sub(4 + 1 + date_w)
    } else {
        width.saturating_sub(4)
    };
    let mut line = Line::from(vec![
        Span::styled(
            if done.is_some() { "[x] " } else { "[ ] " },
            if done.is_some() {
                theme.done
            } else {
                theme.text
            },
        ),
        Span::raw(fit(label, label_w)),
    ]);
    if done.is_some() {
        line.push_span(Span::styled(format!(" {date:>date_w$}"), theme.muted));
    }
    if selected {
        line = line.patch_style(theme.selected);
    }
    let mut out = vec![line];
    if let Some(e) = in_error(detail, stage, key) {
        out.push(Line::styled(
            format!(
                "    ✗ tick {}",
                clip(
                    &super::privacy::text(app, &e.label()),
                    width.saturating_sub(11)
                )
            ),
            theme.overdue,
        ));
    }
    if let Some(n) = note(detail, stage, key) {
        out.push(Line::styled(
            format!(
                "    note: {}",
                clip(&super::privacy::text(app, n), width.saturating_sub(10))
            ),
            theme.muted,
        ));
    }
    out
}

/// The first item to show so the selected one is fully on screen, moving
/// the remembered window no more than needed (items may take two rows).
fn first_visible(cursor: &Scroll, rows: &[Vec<Line<'_>>], height: usize) -> usize {
    if rows.is_empty() {
        return 0;
    }
    let sel = cursor.index.min(rows.len() - 1);
    let mut first = cursor.offset.min(sel);
    let span = |from: usize| -> usize { rows[from..=sel].iter().map(Vec::len).sum() };
    while first < sel && span(first) > height {
        first += 1;
    }
    first
}

/// In the ending stages: the follow-up check-ins, held ones ticked.
fn checkins_line(
    detail: &ClientDetail,
    stage: Stage,
    wide: bool,
    width: usize,
    theme: &Theme,
) -> Option<Line<'static>> {
    if stage < Stage::Termination || detail.followups.is_empty() {
        return None;
    }
    let list = detail
        .followups
        .iter()
        .map(|f: &Followup| match (f.done_on, f.cancelled_on) {
            (Some(d), _) => format!("✓{}", date_label(d, wide)),
            // Cancelled: still on record, struck through in words.
            (None, Some(_)) => format!("✗{}", date_label(f.due, wide)),
            (None, None) => date_label(f.due, wide),
        })
        .collect::<Vec<_>>()
        .join(", ");
    Some(Line::styled(
        clip(&format!("Check-ins: {list}"), width),
        theme.muted,
    ))
}

/// All seven stages on one line: `✓` done, `▶` current, `·` upcoming, so
/// the three states differ without colour. Names shorten to numbers when narrow.
fn progress_line(current: Stage, width: usize, theme: &Theme) -> Line<'static> {
    let full: usize = Stage::ALL.iter().map(|s| s.short().len() + 2).sum();
    let spans = Stage::ALL.into_iter().flat_map(|s| {
        let (mark, style) = match s.cmp(&current) {
            std::cmp::Ordering::Less => ("✓", theme.done),
            std::cmp::Ordering::Equal => ("▶", theme.current),
            std::cmp::Ordering::Greater => ("·", theme.upcoming),
        };
        let label = if full <= width {
            s.short().to_string()
        } else {
            s.number().to_string()
        };
        [
            Span::styled(format!("{mark}{label}"), style),
            Span::raw(" "),
        ]
    });
    Line::from(spans.collect::<Vec<_>>())
}
