use super::text::{date_label, fit, fit_middle};
use super::{Theme, pane_block_spans, privacy};
use crate::app::Seen;
use crate::app::{Action, App, Overlay, Pane};
use crate::domain::ClientSummary;
use crate::domain::caseload::SortBy;
use crate::domain::workload::Light;
use crate::keymap::{Context, key_for};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn light_style(light: Light, theme: &Theme) -> Style {
    match light {
        Light::Green => theme.done,
        Light::Amber => theme.overdue,
        Light::Red => theme.crisis,
    }
}

/// The title: open cases against capacity with the traffic light's word,
/// then crisis and overdue counts, over the whole caseload (not the filter),
/// in at most `width` columns. Words go before numbers, and a part that
/// does not fit is left out whole: a count is never cut.
fn title_summary(app: &App, width: usize, theme: &Theme) -> Vec<Span<'static>> {
    let w = &app.load;
    let counts = Counts {
        open: w.open,
        capacity: w.capacity,
        light: w.light.word(),
        crisis: w.crisis,
        overdue: w.overdue_clients,
    };
    let style = |part: TitlePart| match part {
        TitlePart::Light => light_style(w.light, theme),
        _ => theme.muted,
    };
    title_parts(&counts, width)
        .into_iter()
        .map(|(part, text)| Span::styled(text, style(part)))
        .collect()
}

/// The numbers in the caseload's title.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    pub open: usize,
    pub capacity: u32,
    pub light: &'static str,
    pub crisis: usize,
    pub overdue: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitlePart {
    Load,
    Light,
    Counts,
}

/// The title's parts in `width` columns: the longest form that fits, from
/// "30/25 over · 1 crisis · 1285 overdue" down to "!1 *1285", or nothing.
pub fn title_parts(c: &Counts, width: usize) -> Vec<(TitlePart, String)> {
    let load = format!("{}/{} ", c.open, c.capacity);
    let light = c.light.to_string();
    let long = format!(" · {} crisis · {} overdue ", c.crisis, c.overdue);
    let short = format!(" !{} *{} ", c.crisis, c.overdue);
    let forms: [Vec<(TitlePart, String)>; 5] = [
        vec![
            (TitlePart::Load, load.clone()),
            (TitlePart::Light, light.clone()),
            (TitlePart::Counts, long),
        ],
        vec![
            (TitlePart::Load, load.clone()),
            (TitlePart::Light, light),
            (TitlePart::Counts, short.clone()),
        ],
        vec![
            (TitlePart::Load, load.trim_end().to_string()),
            (TitlePart::Counts, short.clone()),
        ],
        vec![(TitlePart::Counts, short.trim_start().to_string())],
        vec![(TitlePart::Counts, format!("!{} ", c.crisis))],
    ];
    forms
        .into_iter()
        .find(|f| f.iter().map(|(_, s)| s.width()).sum::<usize>() <= width)
        .unwrap_or_default()
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
    let wide = area.width >= 44;
    // The room beside the pane's name, inside the corners.
    let room = usize::from(area.width)
        .saturating_sub(2)
        .saturating_sub(super::pane_name_width(Pane::Caseload, app));
    let block = pane_block_spans(Pane::Caseload, app, theme, title_summary(app, room, theme));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let typing = matches!(app.overlays.last(), Some(Overlay::Filter(_)));
    let footer = typing || !app.view.is_default();
    let [list_area, footer_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(u16::from(footer))]).areas(inner);
    if footer {
        draw_footer(frame, footer_area, app, typing, theme);
    }

    if app.caseload.is_empty() {
        let p = if app.archived_hidden > 0 {
            let (said, them) = match app.archived_hidden {
                1 => ("The one client is archived.".to_string(), "it"),
                n => (format!("All {n} clients are archived."), "them"),
            };
            let key = key_for(Action::ToggleArchived, Context::Pane(Pane::Caseload));
            Paragraph::new(vec![
                Line::raw(said),
                Line::styled(format!("{key} shows {them}."), theme.muted),
            ])
        } else if app.roster.is_empty() {
            Paragraph::new(vec![
                Line::raw("No clients yet."),
                Line::styled(
                    format!(
                        "Press {} for keys.",
                        key_for(Action::ToggleHelp, Context::Pane(Pane::Caseload))
                    ),
                    theme.muted,
                ),
            ])
        } else {
            Paragraph::new(vec![
                Line::raw("No client matches the filter."),
                Line::styled(
                    format!(
                        "{} clears it.",
                        key_for(Action::Back, Context::Pane(Pane::Caseload))
                    ),
                    theme.muted,
                ),
            ])
        };
        frame.render_widget(p, list_area);
        return None;
    }

    let width = usize::from(list_area.width);
    // Full dates when there is room, month-day when narrow.
    let date_w = if wide { 10 } else { 6 };
    let stage_w = 9;
    // Marks, then name, stage and next contact separated by single spaces.
    let name_w = width
        .saturating_sub(2 + 1 + 1 + stage_w + 1 + date_w)
        .max(4);
    let height = usize::from(list_area.height);
    let cursor = &app.cursors[Pane::Caseload as usize];
    let first = cursor.window(cursor.index, height);
    let shown: Vec<_> = app.caseload.iter_from(first).take(height).collect();
    let names = told_apart(app, &shown, name_w);

    let lines: Vec<Line<'_>> = shown
        .iter()
        .zip(names)
        .enumerate()
        .map(|(row, (c, name))| {
            let i = first + row;
            let overdue = c.is_overdue(app.today);
            let crisis_mark = if c.crisis {
                Span::styled("!", theme.crisis)
            } else {
                Span::raw(" ")
            };
            let overdue_mark = if overdue {
                Span::styled("*", theme.overdue)
            } else {
                Span::raw(" ")
            };
            let next = c
                .next_contact
                .map(|d| date_label(d, wide))
                .unwrap_or_default();
            let next_style = if !c.archived && c.next_contact.is_some_and(|d| d < app.today) {
                theme.overdue
            } else {
                theme.muted
            };
            let stage = if c.archived {
                "archived"
            } else {
                c.stage.short()
            };
            let mut line = Line::from(vec![
                crisis_mark,
                overdue_mark,
                // The selected row is marked as well as reversed, so it shows
                // on terminals (and in text captures) without attributes.
                Span::raw(if i == cursor.index { "▸" } else { " " }),
                Span::styled(name, if c.crisis { theme.crisis } else { theme.text }),
                Span::raw(" "),
                Span::styled(fit(stage, stage_w), theme.muted),
                Span::raw(" "),
                Span::styled(fit(&next, date_w), next_style),
            ]);
            if i == cursor.index {
                line = line.patch_style(theme.selected);
            }
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list_area);
    let seen = Seen {
        offset: first,
        rows: height,
        len: app.caseload_len(),
    };
    super::more::draw(frame, inner, seen, theme);
    Some(seen)
}

/// The names of the rows on screen, each cut to `width`, so that no two
/// look the same unless they are: names that cut to the same prefix keep
/// their ends instead ("Alexandra…Lee"), and the same name twice carries
/// each client's number ("Sam Cole #12"). Only the rows on screen are
/// compared, so a frame costs the same on any caseload.
fn told_apart(app: &App, rows: &[&ClientSummary], width: usize) -> Vec<String> {
    let full: Vec<String> = rows
        .iter()
        .map(|c| privacy::name(app, &c.name).into_owned())
        .collect();
    let cut: Vec<String> = full.iter().map(|n| fit(n, width)).collect();
    let twin = |i: usize, of: &[String]| (0..of.len()).any(|j| j != i && of[j] == of[i]);
    let ends: Vec<String> = full
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if twin(i, &cut) {
                fit_middle(n, width)
            } else {
                cut[i].clone()
            }
        })
        .collect();
    ends.iter()
        .enumerate()
        .map(|(i, n)| {
            if twin(i, &ends) {
                let id = format!(" #{}", rows[i].id);
                let room = width.saturating_sub(id.width());
                fit(&format!("{}{id}", fit(&full[i], room).trim_end()), width)
            } else {
                n.clone()
            }
        })
        .collect()
}

/// One line under the list when the view is not the default one: the
/// filter being typed or kept, how many match, the order, archived shown.
fn draw_footer(frame: &mut Frame<'_>, area: Rect, app: &App, typing: bool, theme: &Theme) {
    let filter = app.view.filter.text();
    let mut spans = Vec::new();
    let mut cursor_x = None;
    if typing || !filter.is_empty() {
        spans.push(Span::styled("/", theme.hint_key));
        let before: String = filter.chars().take(app.view.filter.cursor()).collect();
        cursor_x = Some(1 + before.width());
        spans.push(Span::styled(filter.to_string(), theme.text));
        spans.push(Span::styled(
            format!("  {} of {}", app.caseload.len(), app.roster.len()),
            theme.muted,
        ));
    }
    if app.view.sort != SortBy::Urgency {
        spans.push(Span::styled(
            format!("  by {}", app.view.sort.label()),
            theme.muted,
        ));
    }
    if app.view.show_archived {
        spans.push(Span::styled("  +archived", theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if typing {
        if let Some(x) = cursor_x {
            let x = area.x + (x as u16).min(area.width.saturating_sub(1));
            frame.set_cursor_position(Position::new(x, area.y));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(open: usize, crisis: usize, overdue: usize) -> Counts {
        Counts {
            open,
            capacity: 25,
            light: "over",
            crisis,
            overdue,
        }
    }

    fn joined(v: &[(TitlePart, String)]) -> String {
        v.iter().map(|(_, s)| s.as_str()).collect()
    }

    #[test]
    fn counts_are_never_cut_at_any_width() {
        let c = counts(5000, 123, 1285);
        let mut last = usize::MAX;
        for width in (0..=80).rev() {
            let t = joined(&title_parts(&c, width));
            assert!(t.width() <= width, "{width}: {t:?}");
            // Every number shown is whole.
            for n in t
                .split(|ch: char| !ch.is_ascii_digit())
                .filter(|n| !n.is_empty())
            {
                assert!(
                    ["5000", "25", "123", "1285"].contains(&n),
                    "{width}: {n} in {t:?}"
                );
            }
            assert!(t.len() <= last, "{width}: longer when narrower: {t:?}");
            last = t.len();
        }
        assert_eq!(
            joined(&title_parts(&c, 80)),
            "5000/25 over · 123 crisis · 1285 overdue "
        );
        assert_eq!(joined(&title_parts(&c, 24)), "5000/25 over !123 *1285 ");
        assert_eq!(joined(&title_parts(&c, 23)), "5000/25 !123 *1285 ");
        assert_eq!(joined(&title_parts(&c, 19)), "5000/25 !123 *1285 ");
        assert_eq!(joined(&title_parts(&c, 18)), "!123 *1285 ");
        assert_eq!(joined(&title_parts(&c, 12)), "!123 *1285 ");
        assert_eq!(joined(&title_parts(&c, 6)), "!123 ");
        assert_eq!(joined(&title_parts(&c, 4)), "");
    }
}
