//! `M`: a client's standard measures over time. One measure at a time
//! (left and right go through them): its chart with the bands marked, the
//! change since the first score, and every score, newest first, entered
//! in error ones marked; below, the GAS reviews. The cursor runs down the
//! scores and on into the reviews, so either can be marked in error.

use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::overlay::Overlay;
use crate::app::overlays::measure_form::MeasureForm;
use crate::app::{Action, App};
use crate::domain::gas_record::GasReview;
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
    /// The selected line: a score of the shown measure (0 the newest),
    /// then on past the scores, a GAS review (newest first).
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

    /// The selected GAS review, if the cursor is past the `scores` rows.
    pub fn selected_review<'a>(
        &self,
        scores: usize,
        reviews: &'a [GasReview],
    ) -> Option<&'a GasReview> {
        let i = self.cursor.checked_sub(scores)?;
        reviews.iter().rev().nth(i)
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
        let reviews = app.client_gas_reviews(self.client_id).to_vec();
        let lines = rows + reviews.len();
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
                let ok = self.cursor + 1 < lines;
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
            Action::MarkInError => {
                let form = match (
                    self.rows(&responses).get(self.cursor),
                    self.selected_review(rows, &reviews),
                ) {
                    (Some(r), _) => app.mark_measure_form(r.id),
                    (None, Some(g)) => app.mark_gas_review_form(g.id),
                    (None, None) => {
                        app.status = Some(
                            "Select a score or a GAS review to mark it entered in error.".into(),
                        );
                        None
                    }
                };
                match form {
                    Some(form) => Outcome::open(Overlay::Form(form)),
                    None => Outcome::Done,
                }
            }
            _ => Outcome::Pass,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        crate::ui::measures::draw(frame, area, app, self, theme);
        None
    }
}
