//! Today's list: overdue, today, this week, across the caseload.

use super::text::{fit, wrap_after};
use super::{Theme, privacy};
use crate::app::overlays::today::TodayView;
use crate::app::{App, Seen};
use crate::domain::agenda::{DueItem, Group, relative};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, view: &TodayView, theme: &Theme) -> Seen {
    let width = area.width.saturating_sub(4).min(100);
    let height = area.height.saturating_sub(2);
    let title = format!("Today · {}", app.today.format("%a %d %b %Y"));
    let inner = super::overlay_frame(frame, area, (width, height), &title, theme);

    let agenda = &view.agenda;
    let w = usize::from(inner.width);
    // Where every line goes, without formatting any: only the lines on
    // screen are made into text (thousands of rows on a large caseload).
    let mut slots: Vec<Slot<'_>> = Vec::new();
    let mut selected_line = 0;
    let mut selected_end = 0;
    if agenda.is_empty() {
        slots.push(Slot::Empty);
    }
    let mut index = 0;
    for group in Group::ALL {
        let items = agenda.group(group);
        if agenda.is_empty() {
            break;
        }
        slots.push(Slot::Heading(group, items.len()));
        if items.is_empty() {
            slots.push(Slot::Nothing);
        }
        for item in items {
            let selected = index == view.cursor.index;
            if selected {
                selected_line = slots.len();
            }
            slots.push(Slot::Item(item, selected));
            if selected {
                slots.extend(in_full(app, item, w, theme).into_iter().map(Slot::Full));
                selected_end = slots.len() - 1;
            }
            index += 1;
        }
    }

    // Keep the selected row on screen, and its group heading when it is first.
    let h = usize::from(inner.height).max(1);
    let mut offset = view.cursor.window(selected_end, h).min(selected_line);
    if selected_line < offset + 1 {
        offset = selected_line.saturating_sub(1);
    }
    let len = slots.len();
    let lines: Vec<Line<'_>> = slots
        .into_iter()
        .skip(offset)
        .take(h)
        .map(|slot| match slot {
            Slot::Empty => Line::raw("Nothing overdue and nothing due in the next 7 days."),
            Slot::Heading(group, count) => Line::styled(
                format!("{} ({count})", group.title()),
                if group == Group::Overdue && count > 0 {
                    theme.overdue
                } else {
                    theme.heading
                },
            ),
            Slot::Nothing => Line::styled("   nothing", theme.muted),
            Slot::Item(item, selected) => row(app, item, selected, w, theme),
            Slot::Full(line) => line,
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    let seen = Seen {
        offset,
        rows: h,
        len,
    };
    super::more::draw(frame, inner, seen, theme);
    seen
}

/// One line of the list, before it is made into text.
enum Slot<'a> {
    Empty,
    Heading(Group, usize),
    Nothing,
    Item(&'a DueItem, bool),
    /// The selected row's name and description in full.
    Full(Line<'a>),
}

/// Columns of a row: the name's and the description's widths.
fn widths(w: usize) -> (usize, usize) {
    let name_w = 18.min(w / 4);
    let what_w = w.saturating_sub(2 + 1 + 1 + 10 + 2 + name_w + 1 + 1 + REL_W);
    (name_w, what_w)
}

const REL_W: usize = 15;

fn what(item: &DueItem) -> String {
    if item.what.is_empty() {
        item.source.label().to_string()
    } else {
        format!("{}: {}", item.source.label(), item.what)
    }
}

/// Under the selected row, when its name or description was cut: both in
/// full, wrapped, so moving onto a row is all it takes to read it.
fn in_full<'a>(app: &App, item: &DueItem, w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let (name_w, what_w) = widths(w);
    let name = privacy::name(app, &item.client_name);
    let what = what(item);
    let what = privacy::text_about(app, &what, &item.client_name);
    if name.width() <= name_w && what.width() <= what_w {
        return Vec::new();
    }
    let indent = " ".repeat(2 + 1 + 1 + 10 + 2);
    wrap_after(&indent, &format!("{name} · {what}"), w)
        .into_iter()
        .map(|l| Line::styled(l, theme.muted).patch_style(theme.selected))
        .collect()
}

fn row<'a>(app: &App, item: &'a DueItem, selected: bool, w: usize, theme: &Theme) -> Line<'a> {
    let date = item.due.format("%a %d %b").to_string();
    let rel = relative(item.due, app.today);
    let (name_w, what_w) = widths(w);
    let rel_w = REL_W;
    let what = what(item);
    let overdue = item.due < app.today;
    let mut line = Line::from(vec![
        Span::styled(if selected { "▶ " } else { "  " }, theme.hint_key),
        if item.crisis {
            Span::styled("!", theme.crisis)
        } else {
            Span::raw(" ")
        },
        Span::raw(" "),
        Span::styled(date, theme.muted),
        Span::raw("  "),
        Span::styled(
            fit(&privacy::name(app, &item.client_name), name_w),
            if item.crisis {
                theme.crisis
            } else {
                theme.text
            },
        ),
        Span::raw(" "),
        Span::raw(fit(
            &privacy::text_about(app, &what, &item.client_name),
            what_w,
        )),
        Span::raw(" "),
        Span::styled(
            format!("{rel:>rel_w$}"),
            if overdue { theme.overdue } else { theme.muted },
        ),
    ]);
    if selected {
        line = line.patch_style(theme.selected);
    }
    line
}
