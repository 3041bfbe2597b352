//! Recording a GAS review: one goal per screen, its five levels in the
//! client's words, one key (1 to 5 for −2 to +2) picks the level; after
//! the last goal, the levels and the T-score, and Enter saves. Esc with
//! levels picked asks before dropping them.

use crate::app::layer::{Layer, Outcome, Seen};
use crate::app::overlay::{Confirm, OnYes, Overlay};
use crate::app::{Action, App};
use crate::domain::gas_record::{GasLevel, GasReview, GasScale};
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

/// The key that picks each level, lowest first.
pub const LEVEL_KEYS: [(char, i8); 5] = [('1', -2), ('2', -1), ('3', 0), ('4', 1), ('5', 2)];

#[derive(Debug, Clone, PartialEq)]
pub struct GasReviewForm {
    pub client_id: i64,
    pub name: String,
    /// Each goal with a scale: its words and its scale, in goal order.
    pub goals: Vec<(String, GasScale)>,
    pub levels: Vec<Option<i8>>,
    /// The goal on screen; the number of goals is the summary.
    pub at: usize,
    pub problem: Option<String>,
    /// Where its typing is kept (see `app::form_drafts`).
    pub draft: crate::app::form_drafts::DraftRow,
}

impl GasReviewForm {
    pub fn new(client_id: i64, name: String, goals: Vec<(String, GasScale)>) -> GasReviewForm {
        GasReviewForm {
            client_id,
            name,
            levels: vec![None; goals.len()],
            goals,
            at: 0,
            problem: None,
            draft: Default::default(),
        }
    }

    pub fn on_summary(&self) -> bool {
        self.at >= self.goals.len()
    }

    /// The levels picked, with each goal's weight now (what the store
    /// will compute from).
    pub fn picked(&self) -> Vec<GasLevel> {
        self.goals
            .iter()
            .zip(&self.levels)
            .filter_map(|((_, s), l)| {
                l.map(|level| GasLevel {
                    goal_id: s.goal_id,
                    level,
                    weight: s.weight,
                })
            })
            .collect()
    }

    /// The T-score of the levels picked so far.
    pub fn t_score(&self) -> Option<f64> {
        GasReview::compute(&self.picked()).ok().flatten()
    }

    fn save(&mut self, app: &mut App) -> Outcome {
        match app.save_gas_review(self) {
            Ok(()) => Outcome::Close,
            Err(why) => {
                self.problem = Some(format!("Not saved: {why}"));
                Outcome::Done
            }
        }
    }
}

impl Layer for GasReviewForm {
    fn context(&self) -> Context {
        Context::GasReview
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        self.problem = None;
        match action {
            Action::Back if self.levels.iter().any(Option::is_some) => {
                Outcome::open(Overlay::Confirm(Confirm::new(
                    "Drop the levels picked so far? The review is not saved.",
                    OnYes::DiscardForm,
                )))
            }
            Action::Back => Outcome::Close,
            Action::PrevField if self.at > 0 => {
                self.at -= 1;
                Outcome::Done
            }
            Action::PrevField => Outcome::Still,
            Action::NextField | Action::Save if self.on_summary() => self.save(app),
            Action::NextField | Action::Save => {
                self.problem = Some("Pick a level with 1 to 5.".into());
                Outcome::Done
            }
            // Every other key is this form's: nothing falls to the panes.
            _ => Outcome::Still,
        }
    }

    fn text(&mut self, key: KeyEvent, _app: &mut App) -> Outcome {
        let (KeyCode::Char(c), KeyModifiers::NONE | KeyModifiers::SHIFT) =
            (key.code, key.modifiers)
        else {
            return Outcome::Still;
        };
        if self.on_summary() {
            return Outcome::Still;
        }
        let Some(&(_, level)) = LEVEL_KEYS.iter().find(|(k, _)| *k == c) else {
            self.problem = Some(format!("{c} is not a level here: 1 to 5."));
            return Outcome::Done;
        };
        self.problem = None;
        self.levels[self.at] = Some(level);
        self.at += 1;
        Outcome::Done
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        crate::ui::gas_review::draw(frame, area, app, self, theme);
        None
    }
}
