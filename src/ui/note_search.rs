//! The note search overlay: query line, results with the match marked.

use super::Theme;
use super::text::fit;
use super::text::grouped;
use crate::app::App;
use crate::app::Seen;
use crate::app::overlays::search::{NoteSearch, SearchScope};
use crate::keymap::Context;
use crate::store::search::snippet_parts;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, s: &NoteSearch, theme: &Theme) -> Seen {
    let width = super::note_editor::overlay_width(area);
    // Which notes are searched is in the title, so a search of one client
    // is never taken for a search of everyone.
    let whose = match &s.scope {
        SearchScope::All => "all clients".to_string(),
        SearchScope::Client { name, .. } => {
            let room = usize::from(width).saturating_sub(" Search notes · ".width() + 4);
            super::text::clip(&super::privacy::name(app, name), room)
        }
    };
    let title = format!("Search notes · {whose}");
    let inner = super::overlay_frame(frame, area, (width, area.height), &title, theme);
    let [query_area, list_area, hint_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    // Where the selection is among every match, loaded or not; while a
    // search is out, that the results shown are not its answer yet.
    let count = match s.hits.len() {
        _ if s.is_searching() => " searching…".to_string(),
        0 => String::new(),
        _ => format!(
            " {} of {}",
            grouped(s.cursor.index as u64 + 1),
            grouped(s.total)
        ),
    };
    let w = usize::from(inner.width);
    let query_w = w.saturating_sub(count.width() + 3);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("/ ", theme.hint_key),
            Span::raw(fit(s.input.text(), query_w)),
            Span::styled(count, theme.muted),
        ]))
        .block(
            Block::new()
                .borders(Borders::BOTTOM)
                .border_style(theme.border),
        ),
        query_area,
    );
    let before: String = s.input.text().chars().take(s.input.cursor()).collect();
    let x = (2 + before.width()).min(w.saturating_sub(1)) as u16;
    frame.set_cursor_position(Position::new(query_area.x + x, query_area.y));

    if let Some(e) = &s.error {
        frame.render_widget(
            Paragraph::new(Line::styled(e.clone(), theme.status)),
            list_area,
        );
    } else if s.hits.is_empty() {
        let msg = match (s.input.text().trim(), &s.scope) {
            _ if s.is_searching() => "Searching…".to_string(),
            ("", SearchScope::All) => "Type to search every client's notes and addenda. \
                 All words must appear; the last may be the start of a word."
                .to_string(),
            ("", SearchScope::Client { .. }) => format!(
                "Type to search {whose}'s notes and addenda. \
                 All words must appear; the last may be the start of a word."
            ),
            (typed, SearchScope::All) => format!("No notes match “{typed}”."),
            (typed, SearchScope::Client { .. }) => {
                format!("No notes of {whose} match “{typed}”.")
            }
        };
        frame.render_widget(
            Paragraph::new(Line::styled(msg, theme.muted)).wrap(Wrap { trim: true }),
            list_area,
        );
    }
    let seen = results(frame, list_area, app, s, theme);
    frame.render_widget(
        Paragraph::new(super::hints::hint_line(
            Context::Search,
            hint_area.width.into(),
            theme,
        )),
        hint_area,
    );
    seen
}

/// Two lines a result: who, when, what kind; then the words around the match.
fn results(frame: &mut Frame<'_>, area: Rect, app: &App, s: &NoteSearch, theme: &Theme) -> Seen {
    let per_page = (usize::from(area.height) / 2).max(1);
    let first = s.cursor.window(s.cursor.index, per_page);
    let w = usize::from(area.width);
    let name_w = 24.min(w / 3);
    let matched = theme
        .hint_key
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let mut lines = Vec::new();
    for (i, hit) in s.hits.iter().enumerate().skip(first).take(per_page) {
        let selected = i == s.cursor.index;
        let marker = if selected { "▶ " } else { "  " };
        let signed = if hit.signed { "✓" } else { " " };
        let kind_style = if hit.kind == crate::domain::NoteKind::CRISIS {
            theme.crisis
        } else {
            theme.muted
        };
        let what = if hit.addendum_id.is_some() {
            "addendum"
        } else {
            ""
        };
        let mut head = Line::from(vec![
            Span::styled(marker, theme.hint_key),
            Span::raw(format!("{} {signed} ", hit.session_date)),
            Span::styled(
                fit(&super::privacy::name(app, &hit.client_name), name_w),
                theme.title,
            ),
            Span::styled(
                format!(
                    " {} ",
                    fit(hit.kind.label(), crate::domain::vocabulary().kind_column())
                ),
                kind_style,
            ),
            Span::styled(what, theme.muted),
        ]);
        // The line is cut at the edge of the box; the match is near the start.
        let mut body = vec![Span::raw("    ")];
        let parts = snippet_parts(&hit.snippet);
        // Notes may name the client: privacy covers the snippet too, read
        // whole (a number split by the highlight is still a number). Where
        // it hides something, the highlight goes: its places no longer fit.
        let whole: String = parts.iter().map(|(t, _)| *t).collect();
        match super::privacy::text_about(app, &whole, &hit.client_name) {
            std::borrow::Cow::Owned(shown) if shown != whole => {
                body.push(Span::styled(shown, theme.text));
            }
            _ => {
                for (text, is_match) in parts {
                    body.push(Span::styled(
                        text.to_string(),
                        if is_match { matched } else { theme.text },
                    ));
                }
            }
        }
        let mut body = Line::from(body);
        if selected {
            head = head.patch_style(theme.selected);
            body = body.patch_style(theme.selected);
        }
        lines.push(head);
        lines.push(body);
    }
    frame.render_widget(Paragraph::new(lines), area);
    Seen {
        offset: first,
        rows: per_page,
        len: s.hits.len(),
    }
}
