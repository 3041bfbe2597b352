//! `w`: how heavy the caseload is, against the worker's capacity.

use crate::app::layer::{Layer, Outcome, Seen};
use crate::app::{Action, App};
use crate::domain::workload::Workload;
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

/// The counts as they were when the summary opened.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkloadView(pub Workload);

impl Layer for WorkloadView {
    fn context(&self) -> Context {
        Context::Workload
    }

    fn handle(&mut self, action: Action, _app: &mut App) -> Outcome {
        match action {
            Action::Back | Action::Workload => Outcome::Close,
            _ => Outcome::Pass,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, _app: &App, theme: &Theme) -> Option<Seen> {
        crate::ui::workload::draw(frame, area, &self.0, theme);
        None
    }
}
