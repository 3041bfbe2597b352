//! A draft that another live session is typing into (a second SSH login,
//! an old session left running): shown read-only, with the choice of
//! continuing in a copy. Two sessions never write one draft.

use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::{Action, App, Scroll};
use crate::keymap::{Context, key_for};
use crate::store::drafts::Draft;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

#[derive(Debug, Clone, PartialEq)]
pub struct HeldDraft {
    pub draft: Draft,
    pub client_name: String,
    /// When the other session took it, for people.
    pub since: String,
    pub scroll: Scroll,
}

impl HeldDraft {
    pub fn new(draft: Draft, client_name: String, since: String) -> HeldDraft {
        HeldDraft {
            draft,
            client_name,
            since,
            scroll: Scroll::default(),
        }
    }
}

impl Layer for HeldDraft {
    fn context(&self) -> Context {
        Context::HeldDraft
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        if let Some(delta) = self.scroll.delta(action) {
            return moved(self.scroll.scroll_by(delta));
        }
        match action {
            Action::CopyDraft => {
                // A new row of its own: the other session keeps the original.
                let copy = Draft {
                    id: 0,
                    ..self.draft.clone()
                };
                app.open_draft_editor(copy, "A copy of the draft open in another session");
                if let Some(Overlay::Editor(e)) = app.overlays.last_mut() {
                    e.draft_id = None;
                    // The copy is typing of this session's: drafted at once.
                    e.unsaved = true;
                }
                Outcome::Close
            }
            Action::Back => Outcome::Close,
            _ => Outcome::Pass,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        let width = crate::ui::note_editor::overlay_width(area);
        // The name is tagged (see `name_tag`): privacy shows it as initials.
        let title = format!("Open in another session · {}", self.client_name);
        let title = crate::ui::privacy::text(app, &title).into_owned();
        let inner = crate::ui::overlay_frame(frame, area, (width, area.height), &title, theme);
        let [head, body, foot] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let said = format!(
            "This note is open in another session since {}. Its text as last saved there:",
            self.since
        );
        frame.render_widget(
            Paragraph::new(Line::styled(said, theme.status)).wrap(Wrap { trim: true }),
            head,
        );
        let text = crate::ui::privacy::text(app, &self.draft.body).into_owned();
        let paragraph = Paragraph::new(text).wrap(Wrap { trim: false });
        let len = paragraph.line_count(body.width);
        let rows = usize::from(body.height);
        let offset = self.scroll.text_window(len, rows);
        let skip = u16::try_from(offset).unwrap_or(u16::MAX);
        frame.render_widget(paragraph.scroll((skip, 0)), body);
        let key = |a| key_for(a, Context::HeldDraft);
        let hint = format!(
            "{} continue in a copy   {} scroll   {} close (read-only)",
            key(Action::CopyDraft),
            key(Action::MoveDown),
            key(Action::Back)
        );
        frame.render_widget(Paragraph::new(Line::styled(hint, theme.muted)), foot);
        Some(Seen { offset, rows, len })
    }

    fn seen(&mut self, seen: Seen) {
        self.scroll.seen(seen);
    }
}

use crate::app::Overlay;
