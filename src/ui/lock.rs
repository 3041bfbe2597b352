//! The lock screen: the whole frame, drawn from `LockScreen` alone, which
//! holds nothing about any client (no name, no count, no note). Nothing of
//! the caseload is drawn beneath it, so nothing can show through.

use super::Theme;
use crate::app::Action;
use crate::app::lock::{Asks, LockScreen, Said, Why};
use crate::keymap::{Context, key_for};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

/// How the typed PIN shows: one dot per character.
const DOT: char = '•';

const TITLE: &str = "casework is locked";
/// Wide enough that no line in the box wraps.
const BOX_WIDTH: u16 = 66;

pub fn draw(frame: &mut Frame<'_>, lock: &LockScreen, theme: &Theme) {
    let area = frame.area();
    frame.render_widget(Clear, area);
    let lines = lines(lock, theme);
    let height = lines.len() as u16 + 2;
    if area.width < BOX_WIDTH || area.height < height {
        // Too small for the box: the words alone, wrapped, from the top left.
        let mut all = vec![Line::styled(TITLE, theme.heading)];
        all.extend(lines);
        frame.render_widget(Paragraph::new(all).wrap(Wrap { trim: false }), area);
        return;
    }
    let inner = padded(super::overlay_frame(
        frame,
        area,
        (BOX_WIDTH, height),
        TITLE,
        theme,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
    if lock.asks != Asks::AnyKey {
        // The cursor sits after the dots, where typing goes (no line wraps
        // in the box, so the row is known).
        let row = inner.y + prompt_row(lock);
        let label = prompt_label(lock.asks).chars().count() + lock.typed;
        let x = (inner.x + label as u16).min(inner.right().saturating_sub(1));
        frame.set_cursor_position((x, row));
    }
}

fn padded(area: Rect) -> Rect {
    if area.width > 4 {
        Rect {
            x: area.x + 2,
            width: area.width - 4,
            ..area
        }
    } else {
        area
    }
}

fn prompt_label(asks: Asks) -> &'static str {
    match asks {
        Asks::AnyKey => "",
        Asks::Pin => "PIN: ",
        Asks::Passphrase => "Passphrase: ",
    }
}

/// The row of the prompt within the text (see `lines`).
fn prompt_row(lock: &LockScreen) -> u16 {
    4 + u16::from(lock.unsaved)
}

fn lines(lock: &LockScreen, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![
        Line::raw(""),
        Line::styled(
            match lock.why {
                Why::Idle => "Locked after a while without a key.",
                Why::Asked => "Locked.",
            },
            theme.heading,
        ),
        Line::raw("Your typing is saved and comes back when you unlock."),
    ];
    if lock.unsaved {
        out.push(Line::styled(
            "Some typing is not written yet: it is kept and tried again.",
            theme.status,
        ));
    }
    out.push(Line::raw(""));
    let lock_ctx = Context::Lock;
    match lock.asks {
        Asks::AnyKey => {
            out.push(Line::raw("Press any key to unlock."));
        }
        Asks::Pin | Asks::Passphrase => {
            out.push(Line::from(vec![
                Span::raw(prompt_label(lock.asks)),
                Span::styled(DOT.to_string().repeat(lock.typed), theme.text),
            ]));
            let what = if lock.asks == Asks::Pin {
                "PIN"
            } else {
                "passphrase"
            };
            let said = match lock.said {
                None => String::new(),
                Some(Said::Wrong) => format!("Wrong {what}. Try again."),
                Some(Said::Hold(d)) => format!(
                    "Wrong {what}. Too many tries: wait {} seconds, then try again.",
                    d.as_secs()
                ),
                Some(Said::TryAgain) => "You can try again.".to_string(),
            };
            out.push(Line::styled(said, theme.status));
            out.push(Line::from(vec![
                Span::styled(key_for(Action::Unlock, lock_ctx), theme.hint_key),
                Span::styled(" unlock  ", theme.hint_text),
                Span::styled(key_for(Action::Back, lock_ctx), theme.hint_key),
                Span::styled(" clear", theme.hint_text),
            ]));
        }
    }
    out
}
