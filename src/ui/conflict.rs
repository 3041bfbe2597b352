//! Another session saved first: theirs beside yours, field by field, a
//! note's text line by line, and the keys for the ways on. Readable at
//! 80x24: the differences scroll, the choices stay at the bottom.

use super::text::{fit, wrap};
use super::{Theme, privacy};
use crate::app::overlays::conflict::{ConflictView, DiffLine, Theirs};
use crate::app::{Action, App, Seen};
use crate::keymap::{Context, key_for};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// Same lines kept around a change in a note's text; longer runs fold.
const CONTEXT: usize = 1;
/// The gutter before a line of a note's text.
const GUTTER: usize = 9;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, v: &ConflictView, theme: &Theme) -> Seen {
    let width = area.width.saturating_sub(2).min(100);
    let inner_w = usize::from(width.saturating_sub(2));
    let body = body(app, v, inner_w, theme);
    let footer = Paragraph::new(footer(v, theme)).wrap(Wrap { trim: false });
    let footer_rows = footer.line_count(inner_w as u16) as u16;
    let wanted = body.len() as u16 + 1 + footer_rows + 2;
    let height = wanted.min(area.height.saturating_sub(2));
    let rect = super::popup(frame, area, width, height);
    let title = format!("Another session saved first · {}", v.of);
    let mut block = super::overlay_block(&privacy::text(app, &title), theme);
    let inner = block.inner(rect);
    let [top, _, bottom] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(footer_rows),
    ])
    .areas(inner);
    let rows = usize::from(top.height);
    let offset = v.scroll.text_window(body.len(), rows);
    if body.len() > offset + rows {
        let down = key_for(Action::MoveDown, Context::Conflict);
        block = block.title_bottom(
            Line::styled(format!(" more below: {down} "), theme.hint_key).right_aligned(),
        );
    }
    frame.render_widget(block, rect);
    let len = body.len();
    let shown: Vec<Line<'_>> = body.into_iter().skip(offset).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), top);
    frame.render_widget(footer, bottom);
    Seen { offset, rows, len }
}

/// The explanation, the table of fields and a note's text, one screen row
/// per line (already wrapped to `w`).
fn body<'a>(app: &App, v: &ConflictView, w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    let when = v
        .when
        .as_deref()
        .map(|t| format!(" at {t}"))
        .unwrap_or_default();
    let intro = if v.base_known {
        let marks = if v.rows.is_empty() {
            ""
        } else {
            " * marks what changed since you opened it."
        };
        format!(
            "This {} was saved in another session{when}, after you opened it here. \
             Nothing of yours is saved yet.{marks}",
            v.what
        )
    } else {
        format!(
            "This {} was saved in another session{when}, after your draft was last \
             written, so what you started from is not known. Nothing of yours is saved yet.",
            v.what
        )
    };
    for l in wrap(&intro, w) {
        out.push(Line::raw(l));
    }
    if !v.rows.is_empty() {
        out.push(Line::raw(""));
        out.extend(table(app, v, w, theme));
    }
    if !v.text.is_empty() {
        out.push(Line::raw(""));
        out.push(Line::styled("Text", theme.heading));
        out.extend(text(app, &v.text, w, theme));
    }
    out
}

/// Field, theirs, yours: each value wrapped in its column.
fn table<'a>(app: &App, v: &ConflictView, w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let label_w = v
        .rows
        .iter()
        .map(|r| r.label.width())
        .max()
        .unwrap_or(5)
        .clamp(5, 16)
        + 1;
    // Each value column starts with a two-cell mark ("* " or blank).
    let col = w.saturating_sub(label_w + 1) / 2;
    let value_w = col.saturating_sub(3).max(8);
    let theirs_head = match &v.when {
        Some(t) => format!("Theirs ({})", t.rsplit(' ').next().unwrap_or(t)),
        None => "Theirs".to_string(),
    };
    let mut out = vec![Line::from(vec![
        Span::styled(fit("Field", label_w), theme.heading),
        Span::styled(fit(&format!("  {theirs_head}"), col), theme.heading),
        Span::raw(" "),
        Span::styled(fit("  Yours", col), theme.heading),
    ])];
    for r in &v.rows {
        let cell = |s: &str| {
            let s = privacy::text(app, s);
            if s.is_empty() {
                vec!["(empty)".to_string()]
            } else {
                wrap(&s, value_w)
            }
        };
        let (t, y) = (cell(&r.theirs), cell(&r.yours));
        for i in 0..t.len().max(y.len()) {
            let mark = |changed: bool| if changed && i == 0 { "* " } else { "  " };
            let label = if i == 0 { r.label.as_str() } else { "" };
            let part = |lines: &[String]| lines.get(i).cloned().unwrap_or_default();
            out.push(Line::from(vec![
                Span::styled(fit(label, label_w), theme.title),
                Span::styled(mark(r.they_changed), theme.hint_key),
                Span::raw(fit(&part(&t), col.saturating_sub(2))),
                Span::raw(" "),
                Span::styled(mark(r.you_changed), theme.hint_key),
                Span::raw(fit(&part(&y), col.saturating_sub(2))),
            ]));
        }
    }
    out
}

/// A note's two texts as one, each line marked theirs, yours or both;
/// long runs of lines in both fold to one line that says how many.
fn text<'a>(app: &App, lines: &[DiffLine], w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let changed: Vec<bool> = lines
        .iter()
        .map(|l| !matches!(l, DiffLine::Same(_)))
        .collect();
    let near = |i: usize| {
        let from = i.saturating_sub(CONTEXT);
        let to = (i + CONTEXT + 1).min(lines.len());
        changed[from..to].iter().any(|c| *c)
    };
    let mut out = Vec::new();
    let mut folded = 0;
    let text_w = w.saturating_sub(GUTTER).max(8);
    for (i, l) in lines.iter().enumerate() {
        if !near(i) {
            folded += 1;
            continue;
        }
        if folded > 0 {
            out.push(fold(folded, theme));
            folded = 0;
        }
        let (gutter, s, style) = match l {
            DiffLine::Same(s) => ("        │", s, theme.muted),
            DiffLine::Theirs(s) => ("theirs  │", s, theme.text),
            DiffLine::Yours(s) => ("yours   │", s, theme.text),
        };
        let s = privacy::text(app, s);
        for (j, part) in wrap(&s, text_w).into_iter().enumerate() {
            let g = if j == 0 { gutter } else { "        │" };
            out.push(Line::from(vec![
                Span::styled(format!("{g} "), theme.hint_key),
                Span::styled(part, style),
            ]));
        }
    }
    if folded > 0 {
        out.push(fold(folded, theme));
    }
    out
}

fn fold<'a>(n: usize, theme: &Theme) -> Line<'a> {
    let lines = if n == 1 { "line" } else { "lines" };
    Line::styled(
        format!("        │ … {n} {lines} the same in both"),
        theme.muted,
    )
}

/// The choices, with what each one drops or undoes.
fn footer<'a>(v: &ConflictView, theme: &Theme) -> Vec<Line<'a>> {
    let key = |a| key_for(a, Context::Conflict);
    let what = match v.theirs {
        Theirs::Note(_) => "note",
        Theirs::Fields(_) => "form",
    };
    let dropped = v.yours_dropped();
    let undone = v.theirs_undone();
    let theirs = if dropped.is_empty() {
        "keep theirs (you changed nothing there)".to_string()
    } else {
        format!(
            "keep theirs: drop your changes to {} (asks first)",
            dropped.join(", ")
        )
    };
    let mine = if undone.is_empty() {
        "keep mine: save yours over theirs".to_string()
    } else {
        format!(
            "keep mine: save yours; their changes to {} are undone",
            undone.join(", ")
        )
    };
    let edit = format!("edit: back to your {what}, theirs taken where you changed nothing");
    let back = format!("back to your {what}; nothing saved");
    [
        (key(Action::KeepTheirs), theirs),
        (key(Action::KeepMine), mine),
        (key(Action::MergeEdit), edit),
        (key(Action::Back), back),
    ]
    .into_iter()
    .map(|(k, text)| {
        Line::from(vec![
            Span::styled(format!("{k:<4}"), theme.hint_key),
            Span::raw(text),
        ])
    })
    .collect()
}
