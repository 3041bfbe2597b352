//! The safety plan overlay: the crisis flag, then the five parts as lists.

use super::{Theme, privacy};
use crate::app::overlays::safety::SafetyView;
use crate::app::{Action, App, Seen};
use crate::domain::safety::items;
use crate::keymap::{self, Context};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, v: &SafetyView, theme: &Theme) -> Seen {
    let mut lines = Vec::new();
    if v.crisis {
        lines.push(Line::styled(
            "!! IN CRISIS: work through this plan together.",
            theme.crisis,
        ));
    } else {
        lines.push(Line::styled("Not flagged as in crisis.", theme.muted));
    }
    lines.push(Line::raw(""));
    match &v.plan {
        None => {
            lines.push(Line::raw("No safety plan yet."));
            lines.push(Line::from(vec![
                Span::raw("Press "),
                Span::styled(
                    keymap::key_for(Action::EditSafetyPlan, Context::SafetyPlan),
                    theme.hint_key,
                ),
                Span::raw(" to write one with the client, in their words."),
            ]));
        }
        Some(plan) => {
            for (i, (_, heading, text)) in plan.parts().into_iter().enumerate() {
                lines.push(Line::styled(format!("{}. {heading}", i + 1), theme.heading));
                let list = items(text);
                if list.is_empty() {
                    lines.push(Line::styled("   (nothing written yet)", theme.muted));
                }
                for item in list {
                    lines.push(Line::raw(format!("   • {}", privacy::text(app, item))));
                }
            }
            lines.push(Line::raw(""));
            // Stored in UTC; the day is what matters here, as the worker's day.
            if let Some(at) = &plan.updated_at {
                let day = at.day_label_in(&chrono::Local);
                lines.push(Line::styled(format!("Last changed {day}"), theme.muted));
            }
        }
    }
    // As tall as the plan (rows counted as wrapped), at most the screen.
    let width = area.width.saturating_sub(4).min(90);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let rows = paragraph.line_count(width.saturating_sub(2));
    let height = (rows as u16 + 2).min(area.height.saturating_sub(2));
    let rect = super::popup(frame, area, width, height);
    let title = format!(" Safety plan · {} ", privacy::name(app, &v.name));
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(if v.crisis {
            theme.crisis
        } else {
            theme.border_focus
        })
        .title(Line::styled(title, theme.title_focus));
    // Say so when the plan runs past the bottom.
    let visible = usize::from(rect.height.saturating_sub(2));
    let offset = v.scroll.text_window(rows, visible);
    let block = if rows > offset + visible {
        let down = keymap::key_for(Action::MoveDown, Context::SafetyPlan);
        block.title_bottom(Line::styled(
            format!(" more below: {down} "),
            theme.hint_key,
        ))
    } else {
        block
    };
    frame.render_widget(
        paragraph
            .scroll((u16::try_from(offset).unwrap_or(u16::MAX), 0))
            .block(block),
        rect,
    );
    Seen {
        offset,
        rows: visible,
        len: rows,
    }
}
