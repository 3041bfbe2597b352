use super::text::fit;
use super::{Theme, pane_block};
use crate::app::{Action, App, Pane, Seen};
use crate::domain::Note;
use crate::domain::note_meta::technique_label;
use crate::keymap::{Context, key_for};
use crate::store::ClientDetail;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// The note list and the selected note's preview; reports the windows of both.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: &Theme,
) -> (Option<Seen>, Option<Seen>) {
    let count = app.detail.as_ref().map(|d| d.notes.len()).unwrap_or(0);
    let block = pane_block(
        Pane::Notes,
        app,
        theme,
        (count > 0).then(|| count.to_string()),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(detail) = &app.detail else {
        return (None, None);
    };
    let draft = app
        .client_has_draft(detail.client.id)
        .then(|| draft_line(theme));
    if detail.notes.is_empty() {
        draw_no_notes(frame, inner, draft, theme);
        return (None, None);
    }
    let list_rows = (inner.height / 3).clamp(2, 8);
    let [list_area, preview_area] =
        Layout::vertical([Constraint::Length(list_rows), Constraint::Fill(1)]).areas(inner);
    let list = draw_list(frame, list_area, list_rows, app, detail, draft, theme);
    let cursor = &app.cursors[Pane::Notes as usize];
    let Some(note) = detail.notes.get(cursor.index) else {
        return (Some(list), None);
    };
    let preview = draw_preview(frame, preview_area, app, detail, note, theme);
    // The list has no border of its own: its marks sit on the rule below it.
    super::more::draw_row(
        frame,
        Rect {
            height: 1,
            ..preview_area
        },
        list,
        theme,
    );
    (Some(list), Some(preview))
}

/// A key as the Notes pane binds it, for the hints written into the pane.
fn key(action: Action) -> String {
    key_for(action, Context::Pane(Pane::Notes))
}

/// A draft left unsaved is easy to forget: say so above everything else.
fn draft_line<'a>(theme: &Theme) -> Line<'a> {
    Line::styled(
        format!(
            "✎ unsaved draft waiting: {} (or {}, {} on its note) reopens it",
            key(Action::NewNote),
            key(Action::EditNote),
            key(Action::AddAddendum)
        ),
        theme.status,
    )
}

/// A client without notes: how to write the first, below any draft.
fn draw_no_notes(frame: &mut Frame<'_>, area: Rect, draft: Option<Line<'_>>, theme: &Theme) {
    let none = format!("No notes yet. {} writes one.", key(Action::NewNote));
    let mut lines = vec![Line::styled(none, theme.muted)];
    if let Some(draft) = draft {
        lines.insert(0, draft);
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// One row per note, scrolled to keep the cursor in view; the draft line,
/// when there is one, takes one of the `list_rows` asked of the layout.
fn draw_list(
    frame: &mut Frame<'_>,
    area: Rect,
    list_rows: u16,
    app: &App,
    detail: &ClientDetail,
    draft: Option<Line<'_>>,
    theme: &Theme,
) -> Seen {
    let width = usize::from(area.width);
    let cursor = &app.cursors[Pane::Notes as usize];
    let mut lines = Vec::new();
    if let Some(draft) = draft {
        lines.push(draft);
    }
    let rows = usize::from(list_rows) - lines.len();
    let first = cursor.window(cursor.index, rows.max(1));
    for (i, note) in detail.notes.iter().enumerate().skip(first).take(rows) {
        let selected = app.focus == Pane::Notes && i == cursor.index;
        lines.push(note_row(app, note, width, selected, theme));
    }
    frame.render_widget(Paragraph::new(lines), area);
    Seen {
        offset: first,
        rows: rows.max(1),
        len: detail.notes.len(),
    }
}

/// Date, signed mark, kind and format, then as much of the first line as fits.
fn note_row<'a>(
    app: &App,
    note: &'a Note,
    width: usize,
    selected: bool,
    theme: &Theme,
) -> Line<'a> {
    let signed = if note.error.is_some() {
        "✗"
    } else if note.is_signed() {
        "✓"
    } else {
        " "
    };
    // A crisis note must stand out in the list, not only when opened.
    let kind_style = if note.kind == crate::domain::NoteKind::CRISIS {
        theme.crisis
    } else {
        theme.muted
    };
    let head = format!("{} {signed} ", note.session_date);
    let kind_w = crate::domain::vocabulary().kind_column();
    let kind = format!(
        "{} {:<4} ",
        super::text::fit(note.kind.label(), kind_w),
        note.format.label()
    );
    let rest = width.saturating_sub(head.chars().count() + kind.chars().count());
    let first = match &note.error {
        Some(_) => Span::styled(fit("entered in error", rest), theme.overdue),
        None => Span::raw(fit(&super::privacy::text(app, note.first_line()), rest)),
    };
    let line = Line::from(vec![Span::raw(head), Span::styled(kind, kind_style), first]);
    if selected {
        line.patch_style(theme.selected)
    } else {
        line
    }
}

/// The selected note in full under a rule that says whether it is signed.
fn draw_preview(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    detail: &ClientDetail,
    note: &Note,
    theme: &Theme,
) -> Seen {
    let body = note_lines(app, detail, note, theme);
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(
            // Only a mark's reason is free text (a time is not a phone number).
            match note.error {
                Some(_) => super::privacy::text(app, &signed_status(note)).to_string(),
                None => signed_status(note),
            },
            theme.muted,
        ));
    let text_area = block.inner(area);
    let paragraph = Paragraph::new(body).wrap(Wrap { trim: false });
    // Long notes scroll; the window is reported so the keys stop at the end.
    let total = paragraph.line_count(text_area.width);
    let mut rows = usize::from(text_area.height);
    if total > rows {
        // The position line below takes a row from the text: count without
        // it, or the last row would be hidden under it.
        rows = rows.saturating_sub(1);
    }
    let max = total.saturating_sub(rows);
    let offset = app.preview_scroll().min(max);
    let mut title = block;
    if max > 0 {
        let more = if offset < max {
            format!("{} more", key(Action::ScrollNoteDown))
        } else {
            "end".to_string()
        };
        let position = if rows == 0 {
            // No room for text at all: say how to read it instead.
            format!(" {total} lines · {} reads it ", key(Action::ReadNote))
        } else {
            format!(
                " lines {}–{} of {total} · {more} ",
                offset + 1,
                offset + rows.min(total)
            )
        };
        title = title.title_bottom(Line::styled(position, theme.muted));
        title = title.borders(Borders::TOP | Borders::BOTTOM);
    }
    let text_area = title.inner(area);
    frame.render_widget(title, area);
    let skip = u16::try_from(offset).unwrap_or(u16::MAX);
    frame.render_widget(paragraph.scroll((skip, 0)), text_area);
    Seen {
        offset,
        rows,
        len: total,
    }
}

/// The whole note as the preview and the reader show it.
pub(super) fn note_lines<'a>(
    app: &App,
    detail: &ClientDetail,
    note: &'a Note,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let goals: Vec<String> = note
        .goal_ids
        .iter()
        .filter_map(|id| detail.goals.iter().find(|g| g.id == *id))
        .map(|g| format!("“{}”", super::privacy::text(app, &g.client_words)))
        .collect();
    preview_lines(app, note, &goals, theme)
}

/// When the note was signed, or the keys that edit and sign it while it is not.
fn signed_status(note: &Note) -> String {
    if let Some(e) = &note.error {
        return format!("entered in error by {} on {}: {} ", e.by, e.day(), e.reason);
    }
    match &note.signed_at {
        Some(at) => format!("signed {} ", at.utc_label()),
        None => format!(
            "not signed: {} edit, {} sign ",
            key(Action::EditNote),
            key(Action::SignNote)
        ),
    }
}

/// The whole note as shown: details, body with headings, addenda below.
fn preview_lines<'a>(app: &App, note: &'a Note, goals: &[String], theme: &Theme) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    let mut when = format!("{} · {}", note.kind.label(), note.format.label());
    when.push_str(&format!(" · {}", note.session_date));
    if let Some(t) = &note.session_time {
        when.push_str(&format!(" {t}"));
    }
    if let Some(d) = note.duration_min {
        when.push_str(&format!(
            " · {}",
            crate::domain::note_meta::duration_label(d)
        ));
    }
    out.push(Line::styled(when, theme.muted));
    if !note.techniques.is_empty() {
        let t: Vec<&str> = note.techniques.iter().map(|t| technique_label(t)).collect();
        out.push(Line::styled(
            format!("Techniques: {}", t.join(", ")),
            theme.muted,
        ));
    }
    if !goals.is_empty() {
        out.push(Line::styled(
            format!("Goals: {}", goals.join("; ")),
            theme.muted,
        ));
    }
    let headings = note.format.sections();
    for l in note.body.lines() {
        let l = expand_tabs(l);
        if headings.iter().any(|h| l.trim_end_matches(':') == *h) {
            out.push(Line::styled(l, theme.heading));
        } else {
            // Notes often name the client: privacy mode covers the text too.
            out.push(Line::raw(super::privacy::text(app, &l).into_owned()));
        }
    }
    for a in &note.addenda {
        out.push(Line::raw(""));
        let signed = match &a.signed_at {
            Some(at) => format!("signed {}", at.utc_label()),
            None => "not signed".into(),
        };
        out.push(Line::styled(
            format!("Addendum, written {}, {signed}", a.created_at.utc_label()),
            theme.heading,
        ));
        for l in a.body.lines() {
            let l = expand_tabs(l);
            out.push(Line::raw(super::privacy::text(app, &l).into_owned()));
        }
    }
    out
}

/// Columns between tab stops, as the note editor shows a tab.
const TAB_STOP: usize = 4;

/// A line with its tabs turned into spaces up to the next tab stop. The
/// terminal drops a tab drawn as it is, so text pasted from a table
/// ("PHQ-9<tab>14") would read as one word ("PHQ-914").
fn expand_tabs(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains('\t') {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut col = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = TAB_STOP - col % TAB_STOP;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push(c);
            col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
    }
    std::borrow::Cow::Owned(out)
}
