//! Today's list: overdue, today, this week, across the caseload.

use super::text::fit;
use super::{Theme, privacy};
use crate::app::overlays::today::TodayView;
use crate::app::{App, Seen};
use crate::domain::agenda::{DueItem, Group, relative};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, view: &TodayView, theme: &Theme) -> Seen {
    let width = area.width.saturating_sub(4).min(100);
    let height = area.height.saturating_sub(2);
    let title = format!("Today · {}", app.today.format("%a %d %b %Y"));
    let inner = super::overlay_frame(frame, area, (width, height), &title, theme);

    let agenda = &view.agenda;
    let w = usize::from(inner.width);
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut selected_line = 0;
    if agenda.is_empty() {
        lines.push(Line::raw(
            "Nothing overdue and nothing due in the next 7 days.",
        ));
    }
    let mut index = 0;
    for group in Group::ALL {
        let items = agenda.group(group);
        if agenda.is_empty() {
            break;
        }
        let style = if group == Group::Overdue && !items.is_empty() {
            theme.overdue
        } else {
            theme.heading
        };
        lines.push(Line::styled(
            format!("{} ({})", group.title(), items.len()),
            style,
        ));
        if items.is_empty() {
            lines.push(Line::styled("   nothing", theme.muted));
        }
        for item in items {
            let selected = index == view.cursor.index;
            if selected {
                selected_line = lines.len();
            }
            lines.push(row(app, item, selected, w, theme));
            index += 1;
        }
    }

    // Keep the selected row on screen, and its group heading when it is first.
    let h = usize::from(inner.height).max(1);
    let mut offset = view.cursor.window(selected_line, h);
    if selected_line < offset + 1 {
        offset = selected_line.saturating_sub(1);
    }
    let len = lines.len();
    let skip = u16::try_from(offset).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).scroll((skip, 0)), inner);
    Seen {
        offset,
        rows: h,
        len,
    }
}

fn row<'a>(app: &App, item: &'a DueItem, selected: bool, w: usize, theme: &Theme) -> Line<'a> {
    let date = item.due.format("%a %d %b").to_string();
    let rel = relative(item.due, app.today);
    let name_w = 18.min(w / 4);
    let rel_w = 15;
    let what_w = w.saturating_sub(2 + 1 + 1 + 10 + 2 + name_w + 1 + 1 + rel_w);
    let what = if item.what.is_empty() {
        item.source.label().to_string()
    } else {
        format!("{}: {}", item.source.label(), item.what)
    };
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
