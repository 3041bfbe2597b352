//! Recording a GAS review: the goal on screen with its five levels in the
//! client's words and the key for each; after the last goal, the levels
//! and the T-score.

use super::{Theme, privacy};
use crate::app::overlays::gas_review::{GasReviewForm, LEVEL_KEYS};
use crate::app::{Action, App};
use crate::domain::gas::LEVELS;
use crate::keymap::{self, Context};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, f: &GasReviewForm, theme: &Theme) {
    let key = |a: Action| keymap::key_for(a, Context::GasReview);
    let mut lines = Vec::new();
    if let Some((words, scale)) = f.goals.get(f.at) {
        // The client's words may name people: privacy covers them too.
        let words = privacy::text(app, words);
        lines.push(Line::styled(format!("“{words}”"), theme.heading));
        lines.push(Line::raw(""));
        for ((k, level), (_, said)) in LEVEL_KEYS.iter().zip(LEVELS.iter()) {
            let chosen = f.levels.get(f.at).copied().flatten() == Some(*level);
            let text = format!(
                "{} {k}  {}  {}",
                if chosen { ">" } else { " " },
                crate::domain::gas::level_text(*level),
                privacy::text(app, scale.says(*level).unwrap_or(said))
            );
            lines.push(Line::styled(
                text,
                if chosen { theme.selected } else { theme.text },
            ));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(
                "1 much less … 3 as expected … 5 much more than expected · weight {}",
                scale.weight
            ),
            theme.muted,
        ));
    } else {
        let t = f
            .t_score()
            .map_or_else(|| "no T-score".to_string(), |t| format!("T-score {t:.1}"));
        lines.push(Line::styled(t, theme.heading));
        lines.push(Line::styled(
            "50 is every goal met as expected.",
            theme.muted,
        ));
        lines.push(Line::raw(""));
        for ((words, scale), level) in f.goals.iter().zip(&f.levels) {
            let level = level.map_or(" -".to_string(), crate::domain::gas::level_text);
            lines.push(Line::raw(format!(
                "{level}  {}  (weight {})",
                super::text::fit(&privacy::text(app, words), 50).trim_end(),
                scale.weight
            )));
        }
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(key(Action::NextField), theme.hint_key),
            Span::raw(" saves it, dated today; "),
            Span::styled(key(Action::PrevField), theme.hint_key),
            Span::raw(" goes back to change a level."),
        ]));
    }
    if let Some(p) = &f.problem {
        lines.push(Line::styled(p.clone(), theme.overdue));
    }
    let width = area.width.saturating_sub(2).min(80);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let rows = paragraph.line_count(width.saturating_sub(2));
    let height = (rows as u16 + 2).min(area.height.saturating_sub(1));
    let rect = super::popup(frame, area, width, height);
    let step = if f.on_summary() {
        "done".to_string()
    } else {
        format!("goal {} of {}", f.at + 1, f.goals.len())
    };
    let title = format!(" GAS review · {} · {step} ", privacy::name(app, &f.name));
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Line::styled(title, theme.title_focus))
        .title_bottom(Line::styled(super::form::draft_mark(f), theme.muted).right_aligned());
    frame.render_widget(paragraph.block(block), rect);
}
