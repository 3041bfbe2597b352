//! The note reader: one note over the whole screen. A header (client, when
//! signed), then the note as the preview shows it (kind, format, date,
//! duration, techniques, goals, body, addenda), wrapped to the width, with
//! the position as "lines a–b of n".

use super::{Theme, privacy};
use crate::app::overlays::note_reader::NoteReader;
use crate::app::{Action, App, Seen};
use crate::keymap::{self, Context};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    reader: &NoteReader,
    theme: &Theme,
) -> Seen {
    let (Some(detail), Some(note)) = (&app.detail, reader.note(app)) else {
        return Seen::default();
    };
    frame.render_widget(Clear, area);
    let client = privacy::name(app, &detail.client.name);
    let block = super::overlay_block(&format!("Note: {client}"), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let signed = match &note.signed_at {
        Some(at) => format!("Signed {}", at.utc_label()),
        None => "Not signed".to_string(),
    };
    let mut lines = vec![
        Line::styled(format!("Client: {client}"), theme.heading),
        Line::styled(signed, theme.muted),
    ];
    lines.extend(super::notes::note_lines(app, detail, note, theme));

    let [text_area, foot_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let total = paragraph.line_count(text_area.width);
    let rows = usize::from(text_area.height);
    let offset = reader.scroll.text_window(total, rows);
    let skip = u16::try_from(offset).unwrap_or(u16::MAX);
    frame.render_widget(paragraph.scroll((skip, 0)), text_area);

    let key = |a| keymap::key_for(a, Context::NoteReader);
    let foot = format!(
        "lines {}–{} of {total}   {}/{} line  {}/{} page  {}/{} top/end  {} close",
        (offset + 1).min(total),
        (offset + rows).min(total),
        key(Action::MoveDown),
        key(Action::MoveUp),
        key(Action::PageDown),
        key(Action::PageUp),
        key(Action::Home),
        key(Action::End),
        key(Action::Back),
    );
    frame.render_widget(
        Paragraph::new(Line::styled(
            super::text::clip(&foot, usize::from(foot_area.width)),
            theme.muted,
        )),
        foot_area,
    );
    Seen {
        offset,
        rows,
        len: total,
    }
}
