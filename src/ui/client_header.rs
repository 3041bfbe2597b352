//! One line above the selected client's panes: who this is and what most
//! needs minding. Where the line is narrow the least important parts go
//! first; the crisis marker and the stage always stay.

use super::{Theme, privacy};
use crate::app::App;
use crate::domain::{Client, RiskLevel};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// The crisis marker's text, the same in the header and the editor's title.
pub const CRISIS: &str = " CRISIS ";

/// The crisis marker's look: reversed and bold over the theme's crisis
/// style, so it stands out with NO_COLOR and on terminals without colour.
pub fn crisis_style(theme: &Theme) -> Style {
    theme
        .crisis
        .add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

/// The marker as a span, for titles.
pub fn crisis_span(theme: &Theme) -> Span<'static> {
    Span::styled(CRISIS, crisis_style(theme))
}

/// What a part of the header is, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Crisis,
    Name,
    Preferred,
    Pronouns,
    Risk,
    Stage,
}

/// The fields as they may be shown (names already through privacy).
#[derive(Debug, Clone)]
pub struct Fields {
    pub crisis: bool,
    pub name: String,
    pub preferred: Option<String>,
    pub pronouns: Option<String>,
    pub risk: RiskLevel,
    /// Long and short forms of the stage.
    pub stage: (String, String),
}

impl Fields {
    pub fn of(app: &App, c: &Client) -> Fields {
        let archived = if c.archived { "archived · " } else { "" };
        Fields {
            crisis: c.crisis,
            name: privacy::name(app, &c.name).into_owned(),
            // Initials of a second name tell a watcher nothing but show
            // that there is one: in privacy mode it is left out.
            preferred: c
                .preferred_name
                .as_deref()
                .filter(|p| !p.trim().is_empty() && !app.privacy)
                .map(str::to_string),
            pronouns: c
                .pronouns
                .as_deref()
                .filter(|p| !p.trim().is_empty())
                .map(str::to_string),
            risk: c.risk_level,
            stage: (
                format!("{archived}{}. {}", c.stage.number(), c.stage.name()),
                format!("{archived}{}", c.stage.short()),
            ),
        }
    }
}

const SEP: &str = " · ";

/// The parts shown in `width` columns, in order. Shortened in steps: the
/// stage's short name, then without the preferred name, the pronouns, the
/// name (cut with "…" while a few letters fit) and the risk level.
pub fn parts(f: &Fields, width: usize) -> Vec<(Part, String)> {
    let all = |stage_long: bool, drop: &[Part], name: Option<String>| -> Vec<(Part, String)> {
        let mut v = Vec::new();
        if f.crisis {
            v.push((Part::Crisis, CRISIS.to_string()));
        }
        if let Some(n) = name {
            v.push((Part::Name, n));
        }
        if let Some(p) = &f.preferred {
            v.push((Part::Preferred, format!("“{p}”")));
        }
        if let Some(p) = &f.pronouns {
            v.push((Part::Pronouns, p.clone()));
        }
        v.push((Part::Risk, format!("risk {}", f.risk.key())));
        let stage = if stage_long { &f.stage.0 } else { &f.stage.1 };
        v.push((Part::Stage, stage.clone()));
        v.retain(|(p, _)| !drop.contains(p));
        v
    };
    let name = Some(f.name.clone());
    let steps: [(bool, &[Part]); 5] = [
        (true, &[]),
        (false, &[]),
        (false, &[Part::Preferred]),
        (false, &[Part::Preferred, Part::Pronouns]),
        (false, &[Part::Preferred, Part::Pronouns, Part::Risk]),
    ];
    for (long, drop) in &steps[..4] {
        let v = all(*long, drop, name.clone());
        if line_width(&v) <= width {
            return v;
        }
    }
    // The name, cut, in what is left beside the risk and the stage.
    let without = all(false, &[Part::Preferred, Part::Pronouns], None);
    let room = width.saturating_sub(line_width(&without) + SEP.width());
    if room >= 4 {
        let mut v = all(false, &[Part::Preferred, Part::Pronouns], None);
        let at = usize::from(f.crisis);
        v.insert(at, (Part::Name, super::text::clip(&f.name, room)));
        return v;
    }
    let v = all(false, steps[4].1, None);
    if line_width(&v) <= width {
        return v;
    }
    all(false, steps[4].1, None)
        .into_iter()
        .filter(|(p, _)| matches!(p, Part::Crisis | Part::Stage))
        .collect()
}

/// Columns the parts take, with their separators (none after the marker).
fn line_width(v: &[(Part, String)]) -> usize {
    let mut w = 0;
    for (i, (_, s)) in v.iter().enumerate() {
        if i > 0 {
            w += if v[i - 1].0 == Part::Crisis {
                1
            } else {
                SEP.width()
            };
        }
        w += s.width();
    }
    w
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let Some(d) = &app.detail else {
        return;
    };
    let f = Fields::of(app, &d.client);
    // A column of space after the border on the left, unless the marker
    // (which has its own) starts the line.
    let pad = usize::from(!f.crisis);
    let v = parts(&f, usize::from(area.width).saturating_sub(pad));
    let mut spans = vec![Span::raw(" ".repeat(pad))];
    for (i, (p, s)) in v.iter().enumerate() {
        if i > 0 {
            let sep = if v[i - 1].0 == Part::Crisis { " " } else { SEP };
            spans.push(Span::styled(sep, theme.muted));
        }
        let style = match p {
            Part::Crisis => crisis_style(theme),
            Part::Name => theme.heading,
            Part::Risk if f.risk == RiskLevel::High => theme.overdue,
            Part::Stage => theme.text,
            _ => theme.muted,
        };
        spans.push(Span::styled(s.clone(), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(crisis: bool) -> Fields {
        Fields {
            crisis,
            name: "Rosa Kowalczyk-Fairweather".into(),
            preferred: Some("Ro".into()),
            pronouns: Some("she/her".into()),
            risk: RiskLevel::High,
            stage: ("5. Implementation".into(), "Implement".into()),
        }
    }

    fn text(v: &[(Part, String)]) -> String {
        v.iter()
            .map(|(_, s)| s.as_str())
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn narrow_lines_drop_the_least_important_first_and_keep_crisis_and_stage() {
        let f = fields(true);
        let mut last = usize::MAX;
        for width in (0..=90).rev() {
            let v = parts(&f, width);
            let kinds: Vec<Part> = v.iter().map(|(p, _)| *p).collect();
            assert!(kinds.contains(&Part::Crisis), "{width}: {}", text(&v));
            assert!(kinds.contains(&Part::Stage), "{width}: {}", text(&v));
            // Fits whenever the marker and the stage do.
            if width >= 8 + 1 + 9 {
                assert!(line_width(&v) <= width, "{width}: {}", text(&v));
            }
            // Never more parts at a narrower width.
            assert!(v.len() <= last, "{width}: {}", text(&v));
            last = v.len();
        }
        let wide = parts(&f, 90);
        assert_eq!(wide.len(), 6, "{}", text(&wide));
        assert!(text(&wide).contains("5. Implementation"));
        // The preferred name goes before the pronouns, they before the risk.
        let w = line_width(&parts(&f, 90)) - 1;
        let v = parts(&f, w);
        assert!(!v.iter().any(|(p, _)| *p == Part::Preferred) || v.len() == 6);
        let kinds_at = |w| parts(&f, w).into_iter().map(|(p, _)| p).collect::<Vec<_>>();
        for w in 0..90 {
            let k = kinds_at(w);
            if k.contains(&Part::Preferred) {
                assert!(k.contains(&Part::Pronouns) && k.contains(&Part::Risk));
            }
            if k.contains(&Part::Pronouns) {
                assert!(k.contains(&Part::Risk));
            }
        }
    }

    #[test]
    fn a_cut_name_is_marked() {
        let f = fields(false);
        let v = parts(&f, 40);
        let name = v.iter().find(|(p, _)| *p == Part::Name).expect("a name");
        assert!(name.1.ends_with('…'), "{}", text(&v));
    }
}
