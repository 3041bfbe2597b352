//! `t`: everything overdue and due in the next seven days, across the
//! caseload; Enter goes to the client.

use crate::app::agenda_window::AgendaWindow;
use crate::app::checkins::{CheckInChange, CheckInRef, checkin_form};
use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::{Action, App, Overlay, Scroll};
use crate::keymap::Context;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

/// The agenda as counted when the overlay opened, the items read around
/// the cursor, and the cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct TodayView {
    pub agenda: AgendaWindow,
    pub cursor: Scroll,
}

impl Layer for TodayView {
    fn context(&self) -> Context {
        Context::Today
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        if let Some(delta) = self.cursor.delta(action) {
            let moved_to = self.cursor.step(delta, self.agenda.len());
            if let Err(e) = self.agenda.show(&app.store, self.cursor.index) {
                app.status = Some(format!("Could not read today's list: {e}"));
            }
            // Read again after another session's write, the list may be
            // shorter now.
            self.cursor.step(0, self.agenda.len());
            return moved(moved_to);
        }
        match action {
            Action::JumpToClient => {
                let Some(id) = self.agenda.get(self.cursor.index).map(|i| i.client_id) else {
                    return Outcome::Done;
                };
                app.jump_to(id);
                Outcome::Close
            }
            a @ (Action::CheckInHeld | Action::CheckInMove | Action::CheckInCancel) => {
                let Some(change) = CheckInChange::of(a) else {
                    return Outcome::Pass;
                };
                let item = self.agenda.get(self.cursor.index);
                match item.and_then(|i| i.followup_id.map(|id| (i, id))) {
                    Some((i, followup_id)) => {
                        let c = CheckInRef {
                            client_id: i.client_id,
                            client_name: i.client_name.clone(),
                            followup_id,
                            due: i.due,
                        };
                        Outcome::open(Overlay::Form(checkin_form(change, &c, app.today)))
                    }
                    None => {
                        app.status = Some(
                            "Only a follow-up check-in can be held, moved or cancelled.".into(),
                        );
                        Outcome::Done
                    }
                }
            }
            Action::Back | Action::Today => Outcome::Close,
            _ => Outcome::Pass,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        Some(crate::ui::today::draw(frame, area, app, self, theme))
    }

    fn seen(&mut self, seen: Seen) {
        self.cursor.seen(seen);
    }
}
