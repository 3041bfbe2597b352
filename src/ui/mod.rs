//! Drawing. Reads the App, never changes it and never touches the database;
//! what the app needs to know of the layout comes back as a `Drawn` value.

mod caseload;
pub(crate) mod confirm;
pub(crate) mod conflict;
pub(crate) mod form;
pub(crate) mod goal_detail;
mod goals;
pub(crate) mod help;
mod hints;
mod lock;
mod more;
pub(crate) mod note_editor;
pub(crate) mod note_reader;
pub(crate) mod note_search;
mod notes;
pub mod privacy;
mod redact;
mod render;
pub(crate) mod safety;
pub(crate) mod stage_history;
mod stages;
pub mod text;
pub mod theme;
pub(crate) mod today;
mod trend;
pub(crate) mod workload;

pub use render::{render_and_report, render_to_buffer, render_to_text};
pub use theme::Theme;

use crate::app::{App, Drawn, Pane};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

/// Below this the panes cannot show anything useful.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) -> Drawn {
    let area = frame.area();
    let mut drawn = Drawn::default();
    // Locked: the lock screen is the whole frame, whatever its size.
    if let Some(lock) = app.lock_screen() {
        lock::draw(frame, &lock, theme);
        return drawn;
    }
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return drawn;
    }
    let [main, bar] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let left_width = (main.width * 2 / 5).clamp(34, 48);
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_width), Constraint::Fill(1)]).areas(main);
    let side = (right.height * 3 / 10).clamp(6, 11);
    // The checklist grows while it has focus, leaving Notes at least 5 rows.
    let stages_h = if app.focus == Pane::Stages {
        stages::wanted_height(app)
            .min(right.height.saturating_sub(side + 5))
            .max(side)
    } else {
        side
    };
    let [stages_area, goals_area, notes_area] = Layout::vertical([
        Constraint::Length(stages_h),
        Constraint::Length(side),
        Constraint::Fill(1),
    ])
    .areas(right);

    drawn.panes[Pane::Caseload as usize] = caseload::draw(frame, left, app, theme);
    if app.caseload.is_empty() {
        welcome(frame, right, theme);
    } else {
        drawn.panes[Pane::Stages as usize] = stages::draw(frame, stages_area, app, theme);
        drawn.panes[Pane::Goals as usize] = goals::draw(frame, goals_area, app, theme);
        let (list, preview) = notes::draw(frame, notes_area, app, theme);
        drawn.panes[Pane::Notes as usize] = list;
        drawn.preview = preview;
    }
    hints::draw(frame, bar, app, theme);
    drawn.overlays = app
        .overlays
        .iter()
        .map(|o| o.render(frame, area, app, theme))
        .collect();
    drawn
}

/// The frame of an overlay: a cleared box of at most `size` (width,
/// height) in the middle of `area`, double-bordered and titled as focused.
/// Returns the inside.
pub(crate) fn overlay_frame(
    frame: &mut Frame<'_>,
    area: Rect,
    (width, height): (u16, u16),
    title: &str,
    theme: &Theme,
) -> Rect {
    let rect = popup(frame, area, width, height);
    let block = overlay_block(title, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// The border every overlay has: double, focused, with its title.
pub(crate) fn overlay_block<'a>(title: &str, theme: &Theme) -> Block<'a> {
    Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Line::styled(format!(" {title} "), theme.title_focus))
}

/// A box of at most `width` x `height` in the middle of `area`, cleared.
pub(crate) fn popup(frame: &mut Frame<'_>, area: Rect, width: u16, height: u16) -> Rect {
    let [_, mid, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height.min(area.height)),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, rect, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width.min(area.width)),
        Constraint::Fill(1),
    ])
    .areas(mid);
    frame.render_widget(ratatui::widgets::Clear, rect);
    rect
}

/// The frame every pane sits in; focus shows as a thick border and a
/// reversed title, so it is visible without colour.
pub(crate) fn pane_block<'a>(
    pane: Pane,
    app: &App,
    theme: &Theme,
    extra: Option<String>,
) -> Block<'a> {
    let focused = app.focus == pane;
    let name = format!(" {} ", pane.title());
    let title = match extra {
        Some(e) => Line::from(vec![
            ratatui::text::Span::styled(name, title_style(focused, theme)),
            ratatui::text::Span::styled(format!("{e} "), theme.muted),
        ]),
        None => Line::styled(name, title_style(focused, theme)),
    };
    pane_frame(focused, theme).title(title)
}

/// `pane_block` with a styled summary after the pane's name.
pub(crate) fn pane_block_spans<'a>(
    pane: Pane,
    app: &App,
    theme: &Theme,
    extra: Vec<ratatui::text::Span<'a>>,
) -> Block<'a> {
    let focused = app.focus == pane;
    let mut spans = vec![ratatui::text::Span::styled(
        format!(" {} ", pane.title()),
        title_style(focused, theme),
    )];
    spans.extend(extra);
    pane_frame(focused, theme).title(Line::from(spans))
}

fn title_style(focused: bool, theme: &Theme) -> ratatui::style::Style {
    if focused {
        theme.title_focus
    } else {
        theme.title
    }
}

/// A pane's border: thick and highlighted when it has the focus.
fn pane_frame<'a>(focused: bool, theme: &Theme) -> Block<'a> {
    Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        })
}

fn welcome(frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    use crate::app::Action;
    use crate::keymap::{Context, key_for};
    let caseload = Context::Pane(Pane::Caseload);
    let lines = vec![
        Line::styled("Welcome to casework", theme.heading),
        Line::raw(""),
        Line::raw("Your caseload is empty: this is a new database."),
        Line::raw(""),
        Line::from(vec![
            ratatui::text::Span::raw("To add your first client, press "),
            ratatui::text::Span::styled(key_for(Action::AddClient, caseload), theme.hint_key),
            ratatui::text::Span::raw(format!(
                ": a form opens; {} saves it.",
                key_for(Action::Save, Context::Form)
            )),
        ]),
        Line::raw(""),
        Line::raw(format!(
            "To look around with a fictional caseload first, quit with {} and run:",
            key_for(Action::Quit, caseload)
        )),
        Line::styled("    casework --demo", theme.hint_key),
        Line::raw("The demo lives in its own file and never touches your records."),
        Line::raw(""),
        Line::raw(format!(
            "Press {} at any time for every key.",
            key_for(Action::ToggleHelp, caseload)
        )),
    ];
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Line::styled(" casework ", theme.title));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

fn too_small(frame: &mut Frame<'_>, area: Rect) {
    let msg = format!(
        "Terminal too small: {}x{}. casework needs at least {MIN_WIDTH}x{MIN_HEIGHT}.",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
}

/// A progress bar as spans, readable without colour: `[#####-----]`.
pub(crate) fn bar_spans<'a>(
    fraction: f64,
    width: usize,
    filled: ratatui::style::Style,
    theme: &Theme,
) -> [ratatui::text::Span<'a>; 4] {
    use ratatui::text::Span;
    let (full, empty) = bar_cells(fraction, width);
    [
        Span::raw("["),
        Span::styled(full, filled),
        Span::styled(empty, theme.bar_empty),
        Span::raw("]"),
    ]
}

/// A progress bar drawn in text, readable without colour: `[#####-----]`.
pub(crate) fn bar_cells(fraction: f64, width: usize) -> (String, String) {
    let filled = ((fraction.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    ("#".repeat(filled), "-".repeat(width - filled))
}
