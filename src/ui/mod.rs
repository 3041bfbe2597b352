//! Drawing. Reads the App, never changes it and never touches the database;
//! what the app needs to know of the layout comes back as a `Drawn` value.

pub mod ascii;
mod caseload;
pub(crate) mod checkin_picker;
pub(crate) mod client_header;
pub(crate) mod client_picker;
pub(crate) mod confirm;
pub(crate) mod conflict;
pub(crate) mod document_preview;
pub(crate) mod form;
pub(crate) mod gas_review;
pub(crate) mod goal_detail;
mod goals;
pub(crate) mod help;
pub(crate) mod hints;
mod lock;
pub(crate) mod measure_form;
pub(crate) mod measures;
mod more;
pub(crate) mod note_editor;
pub(crate) mod note_reader;
pub(crate) mod note_search;
mod notes;
pub mod privacy;
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
use unicode_width::UnicodeWidthStr;

/// Below this the four panes cannot be drawn side by side readably.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
/// One pane zoomed to the whole screen works down to this: the size the
/// split screen needed before 80 x 24, which forms and overlays still fit.
pub const ZOOM_MIN_WIDTH: u16 = 60;
pub const ZOOM_MIN_HEIGHT: u16 = 16;

/// The size this screen needs: smaller when one pane is zoomed.
pub fn min_size(zoomed: bool) -> (u16, u16) {
    if zoomed {
        (ZOOM_MIN_WIDTH, ZOOM_MIN_HEIGHT)
    } else {
        (MIN_WIDTH, MIN_HEIGHT)
    }
}

pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) -> Drawn {
    let drawn = draw_screen(frame, app, theme);
    if app.config.glyphs == crate::config::Glyphs::Ascii {
        ascii::fold_buffer(frame.buffer_mut());
    }
    drawn
}

fn draw_screen(frame: &mut Frame<'_>, app: &App, theme: &Theme) -> Drawn {
    let area = frame.area();
    let mut drawn = Drawn::default();
    // Locked: the lock screen is the whole frame, whatever its size.
    if let Some(lock) = app.lock_screen() {
        lock::draw(frame, &lock, theme);
        return drawn;
    }
    let (min_w, min_h) = min_size(app.zoom);
    if area.width < min_w || area.height < min_h {
        too_small(frame, area, app, theme);
        drawn.too_small = true;
        return drawn;
    }
    let [main, bar] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    if app.zoom {
        draw_zoomed(frame, main, app, theme, &mut drawn);
    } else {
        draw_split(frame, main, app, theme, &mut drawn);
    }
    hints::draw(frame, bar, app, theme);
    drawn.overlays = app
        .overlays
        .iter()
        .map(|o| o.render(frame, area, app, theme))
        .collect();
    drawn
}

/// The caseload on the left; the client's header, stages, goals and notes
/// on the right.
fn draw_split(frame: &mut Frame<'_>, main: Rect, app: &App, theme: &Theme, drawn: &mut Drawn) {
    let left_width = (main.width * 2 / 5).clamp(34, 48);
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_width), Constraint::Fill(1)]).areas(main);
    drawn.panes[Pane::Caseload as usize] = caseload::draw(frame, left, app, theme);
    if app.caseload.is_empty() {
        // A filter that matches nobody says so in the caseload pane; the
        // welcome is for a file with no clients at all.
        if app.roster.is_empty() && app.archived_hidden == 0 {
            welcome(frame, right, theme);
        }
        return;
    }
    let [head, right] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(right);
    client_header::draw(frame, head, app, theme);
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
    drawn.panes[Pane::Stages as usize] = stages::draw(frame, stages_area, app, theme);
    drawn.panes[Pane::Goals as usize] = goals::draw(frame, goals_area, app, theme);
    let (list, preview) = notes::draw(frame, notes_area, app, theme);
    drawn.panes[Pane::Notes as usize] = list;
    drawn.preview = preview;
}

/// The focused pane alone, under the client's header: the whole main area
/// is its own, so at 80 x 24 one pane at a time has room to work in.
fn draw_zoomed(frame: &mut Frame<'_>, main: Rect, app: &App, theme: &Theme, drawn: &mut Drawn) {
    if app.caseload.is_empty() && app.focus != Pane::Caseload {
        if app.roster.is_empty() && app.archived_hidden == 0 {
            welcome(frame, main, theme);
        }
        return;
    }
    let [head, body] = Layout::vertical([
        Constraint::Length(u16::from(app.detail.is_some())),
        Constraint::Fill(1),
    ])
    .areas(main);
    client_header::draw(frame, head, app, theme);
    let pane = app.focus;
    drawn.panes[pane as usize] = match pane {
        Pane::Caseload => caseload::draw(frame, body, app, theme),
        Pane::Stages => stages::draw(frame, body, app, theme),
        Pane::Goals => goals::draw(frame, body, app, theme),
        Pane::Notes => {
            let (list, preview) = notes::draw(frame, body, app, theme);
            drawn.preview = preview;
            list
        }
    };
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
    overlay_block_line(Line::styled(format!(" {title} "), theme.title_focus), theme)
}

/// `overlay_block` with a title of several styles.
pub(crate) fn overlay_block_line<'a>(title: Line<'a>, theme: &Theme) -> Block<'a> {
    Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(title)
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
    let name = pane_name(pane, app);
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
        pane_name(pane, app),
        title_style(focused, theme),
    )];
    spans.extend(extra);
    pane_frame(focused, theme).title(Line::from(spans))
}

/// A pane's name in its title; a zoomed pane says so, and how to go back.
fn pane_name(pane: Pane, app: &App) -> String {
    if app.zoom {
        let key =
            crate::keymap::key_for(crate::app::Action::Zoom, crate::keymap::Context::Pane(pane));
        format!(" {} [zoom · {key} back] ", pane.title())
    } else {
        format!(" {} ", pane.title())
    }
}

/// The width of a pane's name in its title, for summaries that must fit beside it.
pub(crate) fn pane_name_width(pane: Pane, app: &App) -> usize {
    unicode_width::UnicodeWidthStr::width(pane_name(pane, app).as_str())
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

/// Below the size the screen needs: say so plainly, in as many words as
/// fit without cutting one, and how to get going (a bigger terminal, or
/// one pane at a time when that would fit).
fn too_small(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    // With an overlay open the zoom key is a letter typed into it (the
    // note editor, a form, the search), unseen: offer it only in the panes.
    let lines = too_small_message(area.width, area.height, app.zoom, app.overlays.is_empty());
    frame.render_widget(
        Paragraph::new(lines)
            .style(theme.text)
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// The too-small message for a `width` x `height` screen: the longest of
/// its forms whose every word fits on a line and whose lines all fit.
pub fn too_small_text(width: u16, height: u16, zoomed: bool) -> String {
    too_small_message(width, height, zoomed, true)
}

/// `too_small_text`, offering the zoom key only when `zoom_key_works`.
fn too_small_message(width: u16, height: u16, zoomed: bool, zoom_key_works: bool) -> String {
    let (w, h) = min_size(zoomed);
    let zoom_fits =
        zoom_key_works && !zoomed && width >= ZOOM_MIN_WIDTH && height >= ZOOM_MIN_HEIGHT;
    let key = crate::keymap::key_for(
        crate::app::Action::Zoom,
        crate::keymap::Context::Pane(Pane::Caseload),
    );
    let needs = format!("casework needs at least {w} x {h}; this terminal is {width} x {height}.");
    let mut forms = Vec::new();
    if zoom_fits {
        forms.push(format!(
            "{needs} Press {key} to work in one pane at a time, or make the terminal larger."
        ));
    }
    forms.extend([
        needs,
        format!("needs {w} x {h}; is {width} x {height}"),
        format!("needs {w}x{h}"),
        format!("{w}x{h}"),
    ]);
    let fits = |s: &str| {
        let longest = s.split_whitespace().map(UnicodeWidthStr::width).max();
        longest.unwrap_or(0) <= usize::from(width)
            && Paragraph::new(s)
                .wrap(Wrap { trim: true })
                .line_count(width)
                <= usize::from(height)
    };
    forms.into_iter().find(|s| fits(s)).unwrap_or_default()
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
