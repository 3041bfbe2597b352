//! Giving a measure: one item per screen, each answered by one digit, the
//! running total shown; back to the previous item to change an answer;
//! after the last, the total, band and any flag, and Enter saves. Esc with
//! answers given asks before dropping them. The answers are kept in a form
//! draft until then (see `app::stepper_drafts`).

use crate::app::layer::{Layer, Outcome, Seen};
use crate::app::overlay::{Confirm, OnYes, Overlay};
use crate::app::{Action, App};
use crate::domain::measure::{Answers, Instrument};
use crate::domain::measures;
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub struct MeasureForm {
    pub client_id: i64,
    pub name: String,
    /// The instrument's key.
    pub key: String,
    pub answers: Answers,
    /// The item on screen; the number of items is the summary.
    pub at: usize,
    /// Why the last key did nothing (a digit that is no answer here).
    pub problem: Option<String>,
    /// Where its typing is kept (see `app::form_drafts`).
    pub draft: crate::app::form_drafts::DraftRow,
}

impl MeasureForm {
    /// `None` if no measure in use has this key.
    pub fn new(client_id: i64, name: String, key: &str) -> Option<MeasureForm> {
        let inst = measures().get(key)?;
        Some(MeasureForm {
            client_id,
            name,
            key: key.to_string(),
            answers: vec![None; inst.items.len()],
            at: 0,
            problem: None,
            draft: Default::default(),
        })
    }

    pub fn instrument(&self) -> Option<&'static Instrument> {
        measures().get(&self.key)
    }

    pub fn on_summary(&self) -> bool {
        self.at >= self.answers.len()
    }

    fn answered_any(&self) -> bool {
        self.answers.iter().any(Option::is_some)
    }

    fn save(&mut self, app: &mut App) -> Outcome {
        match app.save_measure(self) {
            Ok(()) => Outcome::Close,
            Err(why) => {
                self.problem = Some(format!("Not saved: {why}"));
                Outcome::Done
            }
        }
    }
}

impl Layer for MeasureForm {
    fn context(&self) -> Context {
        Context::MeasureForm
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        let Some(inst) = self.instrument() else {
            return Outcome::Close;
        };
        self.problem = None;
        match action {
            Action::Back if self.answered_any() => Outcome::open(Overlay::Confirm(Confirm::new(
                format!(
                    "Drop the answers given so far? The {} is not saved.",
                    inst.name
                ),
                OnYes::DiscardForm,
            ))),
            Action::Back => Outcome::Close,
            Action::PrevField if self.at > 0 => {
                self.at -= 1;
                Outcome::Done
            }
            Action::PrevField => Outcome::Still,
            Action::NextField | Action::Save if self.on_summary() => self.save(app),
            Action::NextField => match inst.items.get(self.at) {
                Some(item) if item.optional => {
                    self.answers[self.at] = None;
                    self.at += 1;
                    Outcome::Done
                }
                _ => {
                    self.problem = Some("Answer with a digit.".into());
                    Outcome::Done
                }
            },
            Action::Save => {
                self.problem = Some(format!(
                    "Item {} is not answered yet.",
                    self.answers
                        .iter()
                        .position(Option::is_none)
                        .unwrap_or(self.at)
                        + 1
                ));
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
        let (Some(inst), Some(d)) = (self.instrument(), c.to_digit(10)) else {
            return Outcome::Still;
        };
        let Some(item) = inst.items.get(self.at) else {
            return Outcome::Still;
        };
        let d = d as u8;
        if item.choice(d).is_none() {
            self.problem = Some(format!("{d} is not an answer here (0 to {}).", item.max()));
            return Outcome::Done;
        }
        self.problem = None;
        self.answers[self.at] = Some(d);
        self.at += 1;
        Outcome::Done
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        crate::ui::measure_form::draw(frame, area, app, self, theme);
        None
    }
}
