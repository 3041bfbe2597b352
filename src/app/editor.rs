//! The note editor: a real text area with the note's details around it.
//! Typing marks the editor unsaved; the event loop writes the draft within a
//! second and on every way out, so typing is never lost.

use crate::domain::{NoteFormat, NoteMeta};
use crate::store::conflict::NoteVersion;
use crate::store::drafts::{Draft, DraftTarget};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

/// A list of choices inside the editor (techniques, goals).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickWhat {
    Techniques,
    Goals,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picker {
    pub what: PickWhat,
    pub cursor: usize,
}

#[derive(Debug, Clone)]
pub struct NoteEditor {
    pub client_id: i64,
    pub client_name: String,
    pub target: DraftTarget,
    /// The note being edited, or the note an addendum is for.
    pub note_id: Option<i64>,
    /// For an addendum: which note, in words (date and kind).
    pub note_label: Option<String>,
    pub meta: NoteMeta,
    pub text: TextArea<'static>,
    /// The row in `drafts` holding this text, once written.
    pub draft_id: Option<i64>,
    /// Changed since the draft was last written.
    pub unsaved: bool,
    /// The text it started from (template or saved note): leaving with
    /// exactly this loses nothing.
    pub original: String,
    /// The client's goals, for the goal picker: (id, the client's words).
    pub goals: Vec<(i64, String)>,
    pub picker: Option<Picker>,
    /// One line under the details: a restored-draft notice, a failed save.
    pub notice: Option<String>,
    /// For an edit: the note's details and text as the editor opened them
    /// (after a conflict: as another session saved them). Its save applies
    /// only to that. `None` for a restored draft whose note was saved after
    /// the draft was last written: then the save shows both and asks.
    pub base: Option<NoteVersion>,
}

impl PartialEq for NoteEditor {
    fn eq(&self, o: &Self) -> bool {
        self.client_id == o.client_id
            && self.target == o.target
            && self.note_id == o.note_id
            && self.meta == o.meta
            && self.text.lines() == o.text.lines()
            && self.draft_id == o.draft_id
            && self.picker == o.picker
            && self.notice == o.notice
    }
}

/// A text area set up for writing notes: soft-wrapped, no underlined line.
fn text_area(body: &str) -> TextArea<'static> {
    let lines: Vec<String> = if body.is_empty() {
        vec![String::new()]
    } else {
        body.split('\n').map(str::to_string).collect()
    };
    let mut t = TextArea::new(lines);
    t.set_wrap_mode(WrapMode::WordOrGlyph);
    t.set_cursor_line_style(Style::default());
    t.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
    t.set_max_histories(200);
    t
}

impl NoteEditor {
    pub fn new(
        client_id: i64,
        client_name: String,
        target: DraftTarget,
        note_id: Option<i64>,
        meta: NoteMeta,
        body: &str,
    ) -> NoteEditor {
        let mut text = text_area(body);
        // Start writing under the first heading, not on it.
        if !meta.format.sections().is_empty() && target == DraftTarget::New {
            text.move_cursor(CursorMove::Jump(1, 0));
        } else {
            text.move_cursor(CursorMove::Bottom);
            text.move_cursor(CursorMove::End);
        }
        NoteEditor {
            client_id,
            client_name,
            target,
            note_id,
            note_label: None,
            meta,
            text,
            draft_id: None,
            unsaved: false,
            original: body.to_string(),
            goals: Vec::new(),
            picker: None,
            notice: None,
            base: None,
        }
    }

    /// Reopen a draft exactly as it was left.
    pub fn from_draft(d: &Draft, client_name: String) -> NoteEditor {
        let original = match d.target {
            DraftTarget::New => d.meta.format.template(),
            // The saved note's text is not at hand here; any difference from
            // the draft counts as typing, which errs on the side of asking.
            DraftTarget::Edit | DraftTarget::Addendum => String::new(),
        };
        let mut e = NoteEditor::new(
            d.client_id,
            client_name,
            d.target,
            d.note_id,
            d.meta.clone(),
            &d.body,
        );
        e.text.move_cursor(CursorMove::Bottom);
        e.text.move_cursor(CursorMove::End);
        e.original = original;
        e.draft_id = Some(d.id);
        e
    }

    pub fn body(&self) -> String {
        self.text.lines().join("\n")
    }

    /// Is there anything here worth keeping?
    pub fn has_typing(&self) -> bool {
        let body = self.body();
        match self.target {
            DraftTarget::New => !self.meta.format.is_blank(&body),
            DraftTarget::Edit | DraftTarget::Addendum => {
                body.trim_end() != self.original.trim_end()
            }
        }
    }

    /// The draft row this editor would write.
    pub fn draft(&self) -> Draft {
        Draft {
            id: self.draft_id.unwrap_or(0),
            client_id: self.client_id,
            note_id: self.note_id,
            target: self.target,
            meta: self.meta.clone(),
            body: self.body(),
            updated_at: None,
        }
    }

    /// Replace the whole text (after `$EDITOR`), keeping the undo history.
    pub fn replace_text(&mut self, body: &str) {
        let body = normalise_newlines(body);
        let body = body.strip_suffix('\n').unwrap_or(&body);
        self.text.select_all();
        self.text.cut();
        self.text.insert_str(body);
        self.unsaved = true;
    }

    /// Bracketed paste: the whole block in one insert (one undo step).
    pub fn paste(&mut self, s: &str) {
        if self.text.insert_str(normalise_newlines(s)) {
            self.unsaved = true;
        }
    }

    pub fn cycle_kind(&mut self) {
        self.meta.kind = self.meta.kind.cycled();
        self.unsaved = true;
    }

    /// Switch format. A note with nothing typed gets the new headings; typed
    /// text is never rewritten, only the label changes.
    pub fn cycle_format(&mut self) {
        let old = self.meta.format;
        let new = old.cycled();
        self.meta.format = new;
        self.unsaved = true;
        if self.target == DraftTarget::New && old.is_blank(&self.body()) {
            self.text = text_area(&new.template());
            if !new.sections().is_empty() {
                self.text.move_cursor(CursorMove::Jump(1, 0));
            }
            self.original = new.template();
            self.notice = None;
        } else {
            self.notice = Some(format!(
                "Format is now {}; your text is unchanged (add the headings you want).",
                new.label()
            ));
        }
    }

    pub fn open_picker(&mut self, what: PickWhat) {
        self.picker = Some(Picker { what, cursor: 0 });
    }

    pub fn picker_len(&self) -> usize {
        match self.picker.map(|p| p.what) {
            Some(PickWhat::Techniques) => crate::domain::vocabulary().techniques().len(),
            Some(PickWhat::Goals) => self.goals.len(),
            None => 0,
        }
    }

    pub fn picker_move(&mut self, delta: isize) {
        let len = self.picker_len();
        if let Some(p) = &mut self.picker {
            p.cursor = p
                .cursor
                .saturating_add_signed(delta)
                .min(len.saturating_sub(1));
        }
    }

    pub fn picker_toggle(&mut self) {
        let Some(p) = self.picker else { return };
        match p.what {
            PickWhat::Techniques => {
                if let Some(w) = crate::domain::vocabulary().techniques().get(p.cursor) {
                    self.meta.toggle_technique(&w.key);
                }
            }
            PickWhat::Goals => {
                if let Some((id, _)) = self.goals.get(p.cursor) {
                    self.meta.toggle_goal(*id);
                }
            }
        }
        self.unsaved = true;
    }

    /// The title of the editor box.
    pub fn title(&self) -> String {
        match self.target {
            DraftTarget::New => format!("New note · {}", self.client_name),
            DraftTarget::Edit => format!("Editing note · {}", self.client_name),
            DraftTarget::Addendum => format!(
                "Addendum to {} · {}",
                self.note_label.as_deref().unwrap_or("a signed note"),
                self.client_name
            ),
        }
    }

    /// Only notes have details; an addendum is text alone.
    pub fn has_details(&self) -> bool {
        self.target != DraftTarget::Addendum
    }

    pub fn format(&self) -> NoteFormat {
        self.meta.format
    }
}

/// Terminals send line breaks in pastes as CR or CRLF.
fn normalise_newlines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Date, NoteKind};

    fn editor() -> NoteEditor {
        let mut meta = NoteMeta::new(Date::from_ymd_opt(2026, 11, 23).expect("date"));
        meta.format = NoteFormat::Soap;
        NoteEditor::new(
            1,
            "Ana".into(),
            DraftTarget::New,
            None,
            meta,
            &NoteFormat::Soap.template(),
        )
    }

    #[test]
    fn starts_under_the_first_heading_and_knows_when_typing_happened() {
        let mut e = editor();
        assert_eq!(e.text.cursor(), (1, 0));
        assert!(!e.has_typing());
        e.paste("Said the week was hard.\r\nSlept badly.");
        assert!(e.unsaved && e.has_typing());
        assert_eq!(e.text.lines()[1], "Said the week was hard.");
        assert_eq!(e.text.lines()[2], "Slept badly.");
        assert!(e.body().starts_with("Subjective:\nSaid the week"));
    }

    #[test]
    fn format_change_relays_headings_only_when_nothing_was_typed() {
        let mut e = editor();
        e.cycle_format();
        assert_eq!(e.meta.format, NoteFormat::Birp);
        assert_eq!(e.body(), NoteFormat::Birp.template());
        e.paste("calm");
        e.cycle_format();
        assert_eq!(e.meta.format, NoteFormat::Girp);
        assert!(e.body().starts_with("Behavior:\ncalm"));
        assert!(e.notice.is_some());
        e.cycle_kind();
        assert_eq!(e.meta.kind, NoteKind::PHONE);
    }

    #[test]
    fn pickers_toggle_techniques_and_goals() {
        let mut e = editor();
        e.goals = vec![(7, "Sleep".into()), (9, "Work".into())];
        e.open_picker(PickWhat::Goals);
        e.picker_move(5);
        e.picker_toggle();
        assert_eq!(e.meta.goal_ids, [9]);
        e.open_picker(PickWhat::Techniques);
        e.picker_toggle();
        assert_eq!(e.meta.techniques, ["active_listening"]);
    }

    #[test]
    fn replacing_text_after_an_external_editor() {
        let mut e = editor();
        e.replace_text("Subjective:\nfrom vim\n");
        assert_eq!(e.body(), "Subjective:\nfrom vim");
        assert!(e.unsaved);
    }
}
