//! `M`: a client's standard measures over time. One measure at a time
//! (left and right go through them): its chart with the bands marked, the
//! change since the first score, and every score, newest first, entered
//! in error ones marked.

use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::overlay::Overlay;
use crate::app::overlays::measure_form::MeasureForm;
use crate::app::{Action, App};
use crate::domain::measure::Response;
use crate::domain::measures;
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub struct MeasuresView {
    pub client_id: i64,
    pub name: String,
    /// Which of [`MeasuresView::keys`] is shown.
    pub shown: usize,
    /// The selected score, 0 the newest.
    pub cursor: usize,
}

impl MeasuresView {
    pub fn new(client_id: i64, name: String) -> MeasuresView {
        MeasuresView {
            client_id,
            name,
            shown: 0,
            cursor: 0,
        }
    }

    /// The measures in use, then any the client has scores on that are no
    /// longer listed (their scores still show, under their key).
    pub fn keys(responses: &[Response]) -> Vec<String> {
        let mut keys: Vec<String> = measures().all().iter().map(|i| i.key.clone()).collect();
        for r in responses {
            if !keys.contains(&r.instrument) {
                keys.push(r.instrument.clone());
            }
        }
        keys
    }

    /// The shown measure's key.
    pub fn key(&self, responses: &[Response]) -> String {
        let keys = Self::keys(responses);
        keys.get(self.shown.min(keys.len().saturating_sub(1)))
            .cloned()
            .unwrap_or_default()
    }

    /// The shown measure's scores, newest first.
    pub fn rows<'a>(&self, responses: &'a [Response]) -> Vec<&'a Response> {
        let key = self.key(responses);
        responses
            .iter()
            .rev()
            .filter(|r| r.instrument == key)
            .collect()
    }
}

impl Layer for MeasuresView {
    fn context(&self) -> Context {
        Context::Measures
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        let responses = app.client_measures(self.client_id).to_vec();
        let count = Self::keys(&responses).len();
        let rows = self.rows(&responses).len();
        match action {
            Action::Back | Action::Measures => Outcome::Close,
            Action::CursorRight | Action::CursorLeft if count > 0 => {
                self.shown = if action == Action::CursorRight {
                    (self.shown + 1) % count
                } else {
                    (self.shown + count - 1) % count
                };
                self.cursor = 0;
                Outcome::Done
            }
            Action::MoveDown => moved({
                let ok = self.cursor + 1 < rows;
                self.cursor += usize::from(ok);
                ok
            }),
            Action::MoveUp => moved({
                let ok = self.cursor > 0;
                self.cursor -= usize::from(ok);
                ok
            }),
            Action::NewMeasure => {
                let key = self.key(&responses);
                match MeasureForm::new(self.client_id, self.name.clone(), &key) {
                    Some(form) => Outcome::open(Overlay::MeasureForm(form)),
                    None => {
                        app.status = Some(format!(
                            "{key} is no longer in the measures in use: its scores stay, but it cannot be given."
                        ));
                        Outcome::Done
                    }
                }
            }
            Action::GasReview => match app.gas_review_form(self.client_id, &self.name) {
                Some(form) => Outcome::open(form),
                None => Outcome::Done,
            },
            Action::MarkInError => match self.rows(&responses).get(self.cursor) {
                Some(r) => match app.mark_measure_form(r.id) {
                    Some(form) => Outcome::open(Overlay::Form(form)),
                    None => Outcome::Done,
                },
                None => {
                    app.status = Some("Select a score to mark it entered in error.".into());
                    Outcome::Done
                }
            },
            _ => Outcome::Pass,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        crate::ui::measures::draw(frame, area, app, self, theme);
        None
    }
}
