//! Giving a measure: the item on screen with its answers and their digits,
//! the running total; after the last item, the total, band and any flag.

use super::{Theme, privacy};
use crate::app::overlays::measure_form::MeasureForm;
use crate::app::{Action, App};
use crate::keymap::{self, Context};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, f: &MeasureForm, theme: &Theme) {
    let Some(inst) = f.instrument() else { return };
    let key = |a: Action| keymap::key_for(a, Context::MeasureForm);
    let mut lines = Vec::new();
    let total = inst.running_total(&f.answers);
    let n = inst.items.len();
    if let Some(item) = inst.items.get(f.at) {
        if !inst.stem.is_empty() {
            lines.push(Line::styled(inst.stem.clone(), theme.muted));
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(
            format!("{}. {}", f.at + 1, item.text),
            theme.heading,
        ));
        lines.push(Line::raw(""));
        for c in &item.choices {
            let chosen = f.answers.get(f.at).copied().flatten() == Some(c.score);
            let text = format!(
                "{} {}   {}",
                if chosen { ">" } else { " " },
                c.score,
                c.label
            );
            lines.push(Line::styled(
                text,
                if chosen { theme.selected } else { theme.text },
            ));
        }
        lines.push(Line::raw(""));
        let mut foot = vec![Span::raw(format!(
            "Running total {total} of {}",
            inst.max_total()
        ))];
        if item.optional {
            foot.push(Span::raw("   optional, not scored: "));
            foot.push(Span::styled(key(Action::NextField), theme.hint_key));
            foot.push(Span::raw(" skips"));
        } else if !item.scored {
            foot.push(Span::raw("   (not scored)"));
        }
        lines.push(Line::from(foot));
    } else {
        let scored = inst.tally(&f.answers);
        lines.push(Line::styled(
            format!(
                "Total {} of {}: {}",
                scored.total,
                inst.max_total(),
                scored.band
            ),
            theme.heading,
        ));
        if inst.screens_positive(scored.total) == Some(true) {
            lines.push(Line::raw(format!(
                "At or above the cutoff of {}.",
                inst.cutoff.unwrap_or(0)
            )));
        }
        for flag in &scored.flags {
            let style = if inst.is_safety_flag(flag) {
                theme.crisis
            } else {
                theme.heading
            };
            lines.push(Line::styled(format!("! {flag}"), style));
        }
        lines.push(Line::raw(""));
        let answers = f
            .answers
            .iter()
            .map(|a| a.map_or("-".to_string(), |a| a.to_string()))
            .collect::<Vec<_>>()
            .join(" ");
        lines.push(Line::styled(format!("Answers: {answers}"), theme.muted));
        lines.push(Line::from(vec![
            Span::styled(key(Action::NextField), theme.hint_key),
            Span::raw(" saves it, dated today; "),
            Span::styled(key(Action::PrevField), theme.hint_key),
            Span::raw(" goes back to change an answer."),
        ]));
    }
    if let Some(p) = &f.problem {
        lines.push(Line::styled(p.clone(), theme.overdue));
    }
    if !inst.copyright.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(inst.copyright.clone(), theme.muted));
    }
    let width = area.width.saturating_sub(2).min(80);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let rows = paragraph.line_count(width.saturating_sub(2));
    let height = (rows as u16 + 2).min(area.height.saturating_sub(1));
    let rect = super::popup(frame, area, width, height);
    let step = if f.on_summary() {
        "done".to_string()
    } else {
        format!("item {} of {n}", f.at + 1)
    };
    let title = format!(" {} · {} · {step} ", inst.name, privacy::name(app, &f.name));
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Line::styled(title, theme.title_focus))
        .title_bottom(Line::styled(super::form::draft_mark(f), theme.muted).right_aligned());
    frame.render_widget(paragraph.block(block), rect);
}
