use super::Theme;
use crate::app::{Action, App};
use crate::keymap::{self, Context};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// The bottom line: the status message if there is one, then as many of the
/// keys as still fit. The message stays until Esc, so the keys must not
/// vanish behind it: the help key at least is always there.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let width = usize::from(area.width);
    let mut spans = Vec::new();
    let mut used = 0;
    if let Some(msg) = &app.status {
        let msg = super::privacy::text(app, msg).into_owned();
        used = msg.width() + 3;
        spans.push(Span::styled(msg, theme.status));
        spans.push(Span::styled(" │ ", theme.muted));
    }
    let keys = hint_line(app.key_context(), width.saturating_sub(used), theme);
    spans.extend(keys.spans);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The keys for a context, from the key table, in at most `width` columns.
/// Hints come most specific first; when they do not all fit, the later ones
/// give way whole (never a cut word), but the help key stays, last, so
/// everything else can still be found.
pub(crate) fn hint_line(ctx: Context, width: usize, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, word) in fitting(keymap::hints(ctx), width) {
        spans.push(Span::styled(key, theme.hint_key));
        spans.push(Span::styled(format!(" {word}  "), theme.hint_text));
    }
    Line::from(spans)
}

fn fitting(
    mut hints: Vec<(Action, String, &'static str)>,
    width: usize,
) -> Vec<(String, &'static str)> {
    let cost = |key: &str, word: &str| key.width() + 1 + word.width() + 2;
    // The last two columns of a hint are its gap, not needed at the edge.
    let mut room = width.saturating_add(2);
    let help = hints
        .iter()
        .position(|(action, _, _)| *action == Action::ToggleHelp)
        .map(|i| hints.remove(i))
        .filter(|(_, key, word)| cost(key, word) <= room);
    if let Some((_, key, word)) = &help {
        room -= cost(key, word);
    }
    let mut kept = Vec::new();
    for (_, key, word) in hints {
        let c = cost(&key, word);
        if c > room {
            // Later hints may be shorter, but keeping the order readable
            // matters more than squeezing one more in.
            break;
        }
        room -= c;
        kept.push((key, word));
    }
    kept.extend(help.map(|(_, key, word)| (key, word)));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Pane;

    fn total(h: &[(String, &str)]) -> usize {
        h.iter()
            .map(|(k, w)| k.width() + 1 + w.width() + 2)
            .sum::<usize>()
            .saturating_sub(2)
    }

    #[test]
    fn the_help_key_survives_any_width_it_fits_in() {
        let all = keymap::hints(Context::Pane(Pane::Caseload));
        assert!(all.len() > 4, "the caseload has hints to drop");
        for width in 6..200 {
            let kept = fitting(all.clone(), width);
            assert!(total(&kept) <= width, "{width}: {kept:?}");
            assert_eq!(kept.last().map(|(_, w)| *w), Some("help"), "{width}");
        }
        // Everything fits on a wide line, in the table's order.
        let wide = fitting(all.clone(), 400);
        assert_eq!(wide.len(), all.len());
    }

    #[test]
    fn hints_are_dropped_whole_from_the_end() {
        let all = keymap::hints(Context::Pane(Pane::Notes));
        let kept = fitting(all.clone(), 40);
        let words: Vec<&str> = all.iter().map(|(_, _, w)| *w).collect();
        for (i, (_, w)) in kept.iter().enumerate().take(kept.len() - 1) {
            assert_eq!(*w, words[i], "a prefix of the table's order");
        }
        assert!(kept.len() < all.len());
    }
}
