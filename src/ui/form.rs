use super::Theme;
use super::text::{fit, wrap};
use crate::app::Action;
use crate::app::form::{FieldKind, Form};
use crate::app::form_drafts::{DraftMark, Drafted};
use crate::keymap::{Context, key_for};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// Width of the note under the fields (the popup is 72 wide, 70 inside).
const NOTE_W: usize = 70;

/// Say where the typing is: only in this window, or safe in a draft.
pub(super) fn draft_mark(form: &dyn Drafted) -> &'static str {
    match form.draft_mark() {
        DraftMark::None => "",
        DraftMark::Typing => " typing… ",
        DraftMark::Saved => " draft saved ",
    }
}

/// A form: one row per field (label, value), its problem on the row below.
pub fn draw(frame: &mut Frame<'_>, area: Rect, form: &Form, theme: &Theme) {
    let label_w = form
        .fields
        .iter()
        .map(|f| f.label.width())
        .max()
        .unwrap_or(8)
        + 2;
    let errors = form.fields.iter().filter(|f| f.error.is_some()).count();
    let note = form.note_line();
    let keys: Vec<String> = field_keys(form)
        .into_iter()
        .flat_map(|l| {
            // Short lines keep their spacing; only a long one is wrapped.
            if l.width() <= NOTE_W {
                vec![l]
            } else {
                wrap(&l, NOTE_W)
            }
        })
        .collect();
    let rows = form.fields.len()
        + errors
        + usize::from(form.error.is_some()) * 2
        + note.as_ref().map_or(0, |n| 1 + wrap(n, NOTE_W).len())
        + 1
        + keys.len();
    let rect = super::popup(frame, area, 72, rows as u16 + 2);
    let block = super::overlay_block(&form.title, theme)
        .title_bottom(Line::styled(draft_mark(form), theme.muted).right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);

    let value_w = usize::from(inner.width).saturating_sub(label_w + 2);
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let marker = if focused { "▶ " } else { "  " };
        let req = if f.required { "*" } else { "" };
        let label = fit(&format!("{}{req}", f.label), label_w);
        let value = match f.kind {
            FieldKind::Choice(opts) => {
                let all = opts
                    .iter()
                    .enumerate()
                    .map(|(j, o)| {
                        if j == f.choice {
                            format!("[{o}]")
                        } else {
                            format!(" {o} ")
                        }
                    })
                    .collect::<String>();
                // Too many to show at once: the chosen one and where it is,
                // so a choice is never out of sight.
                if all.chars().count() > value_w {
                    let chosen = opts.get(f.choice).copied().unwrap_or("");
                    format!("[{chosen}]  {} of {}, Space next", f.choice + 1, opts.len())
                } else {
                    all
                }
            }
            _ => f.input.text().to_string(),
        };
        let typing = focused && !matches!(f.kind, FieldKind::Choice(_));
        // Text longer than the box scrolls so that the cursor stays in view.
        let skip = if typing {
            scroll_start(f.input.text(), f.input.cursor(), value_w)
        } else {
            0
        };
        let (shown, style) = if value.is_empty() && !f.placeholder.is_empty() {
            (f.placeholder.to_string(), theme.muted)
        } else {
            let mut v: String = value.chars().skip(skip).collect();
            if skip > 0 {
                // Show that the start is scrolled out of view.
                v = std::iter::once('…').chain(v.chars().skip(1)).collect();
            }
            (v, theme.text)
        };
        let mut spans = vec![
            Span::styled(marker, theme.hint_key),
            Span::styled(label, theme.title),
        ];
        if typing && f.input.selected() && skip == 0 {
            // A selected date: the text alone is highlighted, like a
            // selection anywhere, so it reads as "typing replaces this".
            let sel = fit(&shown, shown.width().min(value_w));
            let rest = " ".repeat(value_w.saturating_sub(sel.width()));
            spans.push(Span::styled(sel, style.patch(theme.selected)));
            spans.push(Span::styled(rest, style));
        } else {
            let style = if focused {
                style.patch(theme.selected)
            } else {
                style
            };
            spans.push(Span::styled(fit(&shown, value_w), style));
        }
        lines.push(Line::from(spans));
        if typing {
            let before: String = f
                .input
                .text()
                .chars()
                .take(f.input.cursor())
                .skip(skip)
                .collect();
            let x =
                inner.x + (2 + label_w + before.width()).min(usize::from(inner.width) - 1) as u16;
            cursor = Some(Position::new(x, inner.y + lines.len() as u16 - 1));
        }
        if let Some(e) = &f.error {
            lines.push(Line::styled(
                format!("{}  ⚠ {e}", " ".repeat(label_w)),
                theme.overdue,
            ));
        }
    }
    if let Some(n) = note {
        // A hint, not an error: it never stops a save.
        lines.push(Line::raw(""));
        for part in wrap(&n, NOTE_W) {
            lines.push(Line::styled(part, theme.muted));
        }
    }
    if let Some(e) = &form.error {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("⚠ {e}"), theme.status));
    }
    lines.push(Line::raw(""));
    for part in keys {
        lines.push(Line::styled(part, theme.muted));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(p) = cursor {
        frame.set_cursor_position(p);
    }
}

/// The keys under the fields: how to edit the focused field, then how to
/// move, save and leave. Every key named comes from the keymap table; the
/// `*` is explained only on a form that has a required field.
fn field_keys(form: &Form) -> [String; 2] {
    let key = |a| key_for(a, Context::Form);
    let (left, right) = (key(Action::CursorLeft), key(Action::CursorRight));
    let clear = key(Action::ClearField);
    let editing = format!(
        "move: {left} {right} {} {} · erase: {} {} · clear: {clear}",
        key(Action::Home),
        key(Action::End),
        key(Action::DeleteBack),
        key(Action::DeleteForward),
    );
    let field = form.fields.get(form.focus);
    // An emptied date that means today says so in its placeholder.
    let this = match field.map(|f| (f.kind, f.input.selected())) {
        None => String::new(),
        Some((FieldKind::Choice(_), _)) => format!("choose: {left} {right} or Space"),
        Some((FieldKind::Date, true)) => {
            format!("typing replaces the date (t: today) · {left} {right} edit · {clear} clear")
        }
        Some(_) => editing,
    };
    let required = if form.has_required() {
        "* required   "
    } else {
        ""
    };
    [
        this,
        format!(
            "{required}{} next field   {} save   {} cancel",
            key(Action::NextField),
            key(Action::Save),
            key(Action::Back)
        ),
    ]
}

/// How many characters to hide at the start of a field `width` columns wide
/// so that the cursor (a character index) is visible, with a cell to spare.
fn scroll_start(text: &str, cursor: usize, width: usize) -> usize {
    use unicode_width::UnicodeWidthChar;
    let widths: Vec<usize> = text
        .chars()
        .take(cursor)
        .map(|c| c.width().unwrap_or(0))
        .collect();
    let mut used: usize = widths.iter().sum();
    let mut skip = 0;
    while used + 1 > width && skip < widths.len() {
        used -= widths[skip];
        skip += 1;
    }
    skip
}

#[cfg(test)]
mod tests {
    use super::scroll_start;

    #[test]
    fn long_text_scrolls_to_keep_the_cursor_visible() {
        assert_eq!(scroll_start("short", 5, 10), 0);
        assert_eq!(scroll_start("0123456789abc", 13, 10), 4);
        assert_eq!(scroll_start("0123456789abc", 2, 10), 0);
    }
}
