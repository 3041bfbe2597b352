//! The note editor overlay, its lists of choices, and the leave question.

use super::Theme;
use super::hints::hint_line;
use super::text::fit;
use crate::app::App;
use crate::app::editor::{NoteEditor, PickWhat};
use crate::domain::NoteKind;
use crate::domain::note_meta::technique_label;
use crate::keymap::Context;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// The editor and search take the whole screen, except on very wide
/// terminals, where lines that long would be hard to read.
pub(crate) fn overlay_width(area: Rect) -> u16 {
    if area.width < 140 { area.width } else { 120 }
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, e: &NoteEditor, theme: &Theme) {
    // The whole screen: its own hint line replaces the status bar.
    let title = super::privacy::text(app, &e.title()).into_owned();
    let rect = super::popup(frame, area, overlay_width(area), area.height);
    let mut heading = vec![Span::styled(format!(" {title} "), theme.title_focus)];
    // Writing about a client in crisis: the header's marker, first in the
    // title, where it cannot be missed.
    if app.client_in_crisis(e.client_id) {
        heading.splice(
            0..0,
            [
                super::client_header::crisis_span(theme),
                Span::styled("═", theme.border_focus),
            ],
        );
    }
    let block = super::overlay_block_line(Line::from(heading), theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);

    let head = header(e, theme, inner.width);
    let hints = hint_line(Context::Editor, usize::MAX, theme);
    let hint_rows = Paragraph::new(hints.clone())
        .wrap(Wrap { trim: true })
        .line_count(inner.width)
        .max(1) as u16;
    let [head_area, text_area, hint_area] = Layout::vertical([
        Constraint::Length(head.len() as u16),
        Constraint::Fill(1),
        Constraint::Length(hint_rows),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(head), head_area);

    // Say where the typing is: only in this window, or safe in a draft.
    let safety = match (e.unsaved, e.draft_id) {
        (true, _) => " typing… ",
        (false, Some(_)) => " draft saved ",
        (false, None) => "",
    };
    let rule = Block::new()
        .borders(Borders::TOP | Borders::BOTTOM)
        .border_style(theme.border)
        .title_bottom(Line::styled(safety, theme.muted).right_aligned());
    let text_inner = rule.inner(text_area);
    frame.render_widget(rule, text_area);
    // The text area remembers its scroll position itself (like list cursors
    // do), so the view stays put while the cursor moves.
    frame.render_widget(&e.text, text_inner);
    frame.render_widget(Paragraph::new(hints).wrap(Wrap { trim: true }), hint_area);

    if let Some(p) = e.picker {
        picker(frame, area, e, p.what, p.cursor, theme);
    }
}

/// Kind, format, when; techniques; goals; a notice. What Ctrl-S will save.
fn header<'a>(e: &'a NoteEditor, theme: &Theme, width: u16) -> Vec<Line<'a>> {
    let w = usize::from(width);
    let mut lines = Vec::new();
    if !e.has_details() {
        lines.push(Line::styled(
            "A correction to a signed note. It is signed as it is added and cannot be changed after.",
            theme.muted,
        ));
    } else {
        let m = &e.meta;
        let kind_style = if m.kind == NoteKind::CRISIS {
            theme.crisis
        } else {
            theme.text
        };
        lines.push(Line::from(vec![
            Span::styled("Kind ", theme.muted),
            Span::styled(m.kind.label().to_string(), kind_style),
            Span::styled("   Format ", theme.muted),
            Span::styled(m.format.label(), theme.text),
            Span::styled("   When ", theme.muted),
            Span::styled(m.when_label(), theme.text),
        ]));
        let techniques = if m.techniques.is_empty() {
            "none".to_string()
        } else {
            m.techniques
                .iter()
                .map(|t| technique_label(t))
                .collect::<Vec<_>>()
                .join(", ")
        };
        lines.push(Line::from(vec![
            Span::styled("Techniques ", theme.muted),
            Span::raw(
                fit(&techniques, w.saturating_sub(11))
                    .trim_end()
                    .to_string(),
            ),
        ]));
        let goals: Vec<String> = m
            .goal_ids
            .iter()
            .filter_map(|id| e.goals.iter().find(|(g, _)| g == id))
            .map(|(_, words)| format!("“{words}”"))
            .collect();
        let goals = if goals.is_empty() {
            "none linked".to_string()
        } else {
            goals.join("; ")
        };
        lines.push(Line::from(vec![
            Span::styled("Goals ", theme.muted),
            Span::raw(fit(&goals, w.saturating_sub(6)).trim_end().to_string()),
        ]));
    }
    if let Some(n) = &e.notice {
        lines.push(Line::styled(fit(n, w).trim_end().to_string(), theme.status));
    }
    lines
}

fn picker(
    frame: &mut Frame<'_>,
    area: Rect,
    e: &NoteEditor,
    what: PickWhat,
    cursor: usize,
    theme: &Theme,
) {
    let (title, items): (&str, Vec<(bool, String)>) = match what {
        PickWhat::Techniques => (
            " Techniques used ",
            crate::domain::vocabulary()
                .techniques()
                .iter()
                .map(|w| (e.meta.techniques.contains(&w.key), w.label.clone()))
                .collect(),
        ),
        PickWhat::Goals => (
            " Goals discussed ",
            e.goals
                .iter()
                .map(|(id, words)| (e.meta.goal_ids.contains(id), format!("“{words}”")))
                .collect(),
        ),
    };
    let height = (items.len() as u16 + 4).min(area.height);
    let inner = super::overlay_frame(frame, area, (56, height), title.trim(), theme);
    let [list, hint] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let rows = usize::from(list.height).max(1);
    let first = cursor.saturating_sub(rows - 1);
    let w = usize::from(list.width).saturating_sub(6);
    let lines: Vec<Line<'_>> = items
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, (on, label))| {
            let line = Line::from(vec![
                Span::styled(if i == cursor { "▶ " } else { "  " }, theme.hint_key),
                Span::raw(if *on { "[x] " } else { "[ ] " }),
                Span::raw(fit(label, w)),
            ]);
            if i == cursor {
                line.patch_style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(
        Paragraph::new(hint_line(Context::Picker, hint.width.into(), theme)),
        hint,
    );
}

/// Esc with typing in the editor: keep it as a draft, or discard it?
pub fn draw_leave(frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    let rect = super::popup(frame, area, 60, 6);
    let block = super::overlay_block("Close this note?", theme);
    let lines = vec![
        Line::raw("It is not saved as a note yet. Keep what you typed as a"),
        Line::raw("draft (it reopens on this client), or discard it?"),
        Line::raw(""),
        hint_line(Context::LeaveNote, 58, theme),
    ];
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
