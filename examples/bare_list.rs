//! The yardstick `cargo bench --bench scale` measures casework beside: a
//! bare ratatui list of 500 rows whose selection moves on `j`, about the
//! least a terminal list program can do. Try it in a terminal with
//! `cargo run --example bare_list` (`j`/`k` move, `q` quits).

use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyCode};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, List, ListState};

/// The rows: 500 lines of text.
pub fn items() -> Vec<String> {
    (1..=500)
        .map(|i| format!("Row {i:>3}: some text"))
        .collect()
}

/// One frame: the list, with its selection reversed.
pub fn draw(frame: &mut Frame<'_>, items: &[String], state: &mut ListState) {
    let list = List::new(items.iter().map(String::as_str))
        .block(Block::bordered().title("bare list"))
        .highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    frame.render_stateful_widget(list, frame.area(), state);
}

/// The list in the terminal until `q`; the bench runs it too, to time
/// its start beside casework's.
pub fn main() -> std::io::Result<()> {
    let items = items();
    let mut state = ListState::default().with_selected(Some(0));
    let mut terminal = ratatui::init();
    let result = loop {
        if let Err(e) = terminal.draw(|f| draw(f, &items, &mut state)) {
            break Err(e);
        }
        match event::read() {
            Ok(Event::Key(k)) if k.code == KeyCode::Char('q') => break Ok(()),
            Ok(Event::Key(k)) if k.code == KeyCode::Char('j') => state.select_next(),
            Ok(Event::Key(k)) if k.code == KeyCode::Char('k') => state.select_previous(),
            Ok(_) => {}
            Err(e) => break Err(e),
        }
    };
    ratatui::restore();
    result
}
