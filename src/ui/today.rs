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
    // Where every line goes, by the groups' counts: only the items on
    // screen are read and made into text (the agenda may hold tens of
    // thousands).
    let mut segments: Vec<Segment<'_>> = Vec::new();
    let mut selected_line = 0;
    let mut selected_end = 0;
    let mut len = 0;
    if agenda.is_empty() {
        segments.push(Segment::Empty);
        len = 1;
    } else {
        let mut first = 0;
        for group in Group::ALL {
            let count = agenda.counts.get(group);
            segments.push(Segment::Heading(group, count));
            len += 1;
            if count == 0 {
                segments.push(Segment::Nothing);
                len += 1;
            }
            let selected = view.cursor.index;
            if (first..first + count).contains(&selected) {
                selected_line = len + (selected - first);
                segments.push(Segment::Items(first, selected - first + 1));
                let full = agenda
                    .get(selected)
                    .map(|item| in_full(app, item, w, theme))
                    .unwrap_or_default();
                len += selected - first + 1 + full.len();
                selected_end = len - 1;
                segments.push(Segment::Full(full));
                segments.push(Segment::Items(selected + 1, first + count - selected - 1));
                len += first + count - selected - 1;
            } else {
                segments.push(Segment::Items(first, count));
                len += count;
            }
            first += count;
        }
    }

    // Keep the selected row on screen, and its group heading when it is first.
    let h = usize::from(inner.height).max(1);
    let mut offset = view.cursor.window(selected_end, h).min(selected_line);
    if selected_line < offset + 1 {
        offset = selected_line.saturating_sub(1);
    }
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut at = 0;
    for segment in segments {
        let n = segment.len();
        let (from, to) = (offset.max(at), (offset + h).min(at + n));
        for line in from..to {
            let i = line - at;
            lines.push(match &segment {
                Segment::Empty => Line::raw("Nothing overdue and nothing due in the next 7 days."),
                Segment::Heading(group, count) => Line::styled(
                    format!("{} ({count})", group.title()),
                    if *group == Group::Overdue && *count > 0 {
                        theme.overdue
                    } else {
                        theme.heading
                    },
                ),
                Segment::Nothing => Line::styled("   nothing", theme.muted),
                Segment::Items(first, _) => match agenda.get(first + i) {
                    Some(item) => row(app, item, first + i == view.cursor.index, w, theme),
                    // Never: every item near the cursor has been read.
                    None => Line::raw(""),
                },
                Segment::Full(full) => full.get(i).cloned().unwrap_or_default(),
            });
        }
        at += n;
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let seen = Seen {
        offset,
        rows: h,
        len,
    };
    super::more::draw(frame, inner, seen, theme);
    seen
}

/// Lines of the list, before they are made into text.
enum Segment<'a> {
    Empty,
    Heading(Group, usize),
    Nothing,
    /// Items from the first index given, so many of them.
    Items(usize, usize),
    /// The selected row's name and description in full.
    Full(Vec<Line<'a>>),
}

impl Segment<'_> {
    fn len(&self) -> usize {
        match self {
            Segment::Empty | Segment::Heading(..) | Segment::Nothing => 1,
            Segment::Items(_, n) => *n,
            Segment::Full(lines) => lines.len(),
        }
    }
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
