//! Another session saved first. Shown over the form or note editor whose
//! save was refused: what they saved beside what you have, field by field
//! (and a note's text line by line), and the ways on: keep theirs (asks,
//! then drops your typing), keep mine (saves yours over theirs), or back to
//! editing with theirs taken where you changed nothing. Esc goes back to
//! your typing with nothing saved. What each choice does is in
//! `app::conflicts`.

use crate::app::editor::NoteEditor;
use crate::app::form::Form;
use crate::app::layer::{Layer, Outcome, Seen, moved};
use crate::app::overlays::confirm::{Confirm, OnYes};
use crate::app::{Action, App, Overlay, Scroll};
use crate::domain::NoteMeta;
use crate::keymap::Context;
use crate::store::conflict::{Conflict, NoteVersion, Snapshot};
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

#[derive(Debug, Clone, PartialEq)]
pub struct ConflictView {
    /// The form's or editor's title, to say which record this is when the
    /// overlay covers it.
    pub of: String,
    /// What was changed, in words: "client", "note", "goal"…
    pub what: &'static str,
    /// When the other session saved it, in local time, if known.
    pub when: Option<String>,
    /// Whether what you started from is known. It is not for a restored
    /// note draft whose note was saved after the draft was last written.
    pub base_known: bool,
    /// Field by field, where theirs and yours differ.
    pub rows: Vec<DiffRow>,
    /// A note's text, line by line (empty for forms and equal texts).
    pub text: Vec<DiffLine>,
    /// What the other session saved, to take as the new base.
    pub theirs: Theirs,
    /// For differences longer than the screen.
    pub scroll: Scroll,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Theirs {
    /// The values of the form's fields, by key.
    Fields(Vec<(String, String)>),
    Note(NoteVersion),
}

/// One field that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffRow {
    pub label: String,
    pub theirs: String,
    pub yours: String,
    /// Changed since the form opened (false when that is not known).
    pub they_changed: bool,
    pub you_changed: bool,
}

/// One line of a note's text: in both, only theirs, or only yours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffLine {
    Same(String),
    Theirs(String),
    Yours(String),
}

impl ConflictView {
    fn new(of: String, c: &Conflict, base_known: bool, theirs: Theirs) -> ConflictView {
        ConflictView {
            of,
            what: c.theirs.what(),
            when: c.changed_at.as_deref().map(crate::app::notes::people_time),
            base_known,
            rows: Vec::new(),
            text: Vec::new(),
            theirs,
            scroll: Scroll::default(),
        }
    }

    /// A form's save was refused: its fields against the record now.
    pub fn for_form(form: &Form, c: Conflict) -> ConflictView {
        let theirs = crate::app::conflicts::snapshot_values(form, &c.theirs).unwrap_or_default();
        let base = form.base_values();
        let fields = Theirs::Fields(theirs.clone());
        let mut v = ConflictView::new(form.title.clone(), &c, base.is_some(), fields);
        let find = |list: &[(String, String)], key: &str| {
            list.iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        for f in &form.fields {
            let (t, y) = (find(&theirs, f.key), f.text().to_string());
            if t == y {
                continue;
            }
            let b = base.map(|b| find(b, f.key));
            v.rows.push(DiffRow {
                label: f.label.to_string(),
                they_changed: b.as_ref().is_some_and(|b| *b != t),
                you_changed: b.as_ref().is_some_and(|b| *b != y),
                theirs: t,
                yours: y,
            });
        }
        v
    }

    /// The editor's save was refused: its details and text against the
    /// note now.
    pub fn for_note(e: &NoteEditor, c: Conflict) -> ConflictView {
        let theirs = match &c.theirs {
            Snapshot::Note(n) => n.clone(),
            _ => NoteVersion {
                meta: e.meta.clone(),
                body: String::new(),
            },
        };
        let note = Theirs::Note(theirs.clone());
        let mut v = ConflictView::new(e.title(), &c, e.base.is_some(), note);
        let base = e.base.as_ref();
        let goals = |ids: &[i64]| {
            ids.iter()
                .map(|id| {
                    e.goals
                        .iter()
                        .find(|(g, _)| g == id)
                        .map_or_else(|| format!("goal {id}"), |(_, w)| w.clone())
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let shown = |m: &NoteMeta| {
            [
                ("Kind", m.kind.label().to_string()),
                ("Format", m.format.label().to_string()),
                ("Date", m.session_date.to_string()),
                ("Time", m.session_time.clone().unwrap_or_default()),
                (
                    "Duration",
                    m.duration_min
                        .map(|d| format!("{d} min"))
                        .unwrap_or_default(),
                ),
                ("Techniques", m.techniques.join(", ")),
                ("Goals", goals(&m.goal_ids)),
            ]
        };
        let (t, y) = (shown(&theirs.meta), shown(&e.meta));
        let b = base.map(|b| shown(&b.meta));
        for (i, ((label, t), (_, y))) in t.iter().zip(y.iter()).enumerate() {
            if t == y {
                continue;
            }
            let b = b.as_ref().map(|b| &b[i].1);
            v.rows.push(DiffRow {
                label: (*label).to_string(),
                they_changed: b.is_some_and(|b| b != t),
                you_changed: b.is_some_and(|b| b != y),
                theirs: t.clone(),
                yours: y.clone(),
            });
        }
        let mine = e.body();
        if mine.trim_end() != theirs.body.trim_end() {
            v.text = line_diff(theirs.body.trim_end(), mine.trim_end());
        }
        v
    }

    /// Where keeping theirs drops what you typed: field labels, and "the
    /// text" for a note. Every difference counts when the base is unknown.
    pub fn yours_dropped(&self) -> Vec<&str> {
        self.side(|r| r.you_changed, |l| matches!(l, DiffLine::Yours(_)))
    }

    /// Where keeping yours undoes what the other session saved.
    pub fn theirs_undone(&self) -> Vec<&str> {
        self.side(|r| r.they_changed, |l| matches!(l, DiffLine::Theirs(_)))
    }

    fn side(&self, row: fn(&DiffRow) -> bool, line: fn(&DiffLine) -> bool) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .rows
            .iter()
            .filter(|r| row(r) || !self.base_known)
            .map(|r| r.label.as_str())
            .collect();
        if self.text.iter().any(line) {
            out.push("the text");
        }
        out
    }
}

/// The lines of two texts in order, each marked as in both or in one only
/// (a longest-common-subsequence diff; notes are short). Very long texts
/// are shown whole, theirs then yours, rather than compared.
pub fn line_diff(theirs: &str, yours: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = theirs.split('\n').collect();
    let b: Vec<&str> = yours.split('\n').collect();
    if a.len() * b.len() > 250_000 {
        return a
            .iter()
            .map(|l| DiffLine::Theirs((*l).to_string()))
            .chain(b.iter().map(|l| DiffLine::Yours((*l).to_string())))
            .collect();
    }
    // common[i][j]: the longest common run of a[i..] and b[j..].
    let mut common = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            common[i][j] = if a[i] == b[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(DiffLine::Same(a[i].to_string()));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || common[i + 1][j] >= common[i][j + 1]) {
            out.push(DiffLine::Theirs(a[i].to_string()));
            i += 1;
        } else {
            out.push(DiffLine::Yours(b[j].to_string()));
            j += 1;
        }
    }
    out
}

impl Layer for ConflictView {
    fn context(&self) -> Context {
        Context::Conflict
    }

    fn handle(&mut self, action: Action, app: &mut App) -> Outcome {
        if let Some(delta) = self.scroll.delta(action) {
            return moved(self.scroll.scroll_by(delta));
        }
        match action {
            Action::KeepTheirs => {
                let dropped = self.yours_dropped();
                let question = if dropped.is_empty() {
                    "Keep the other session's version? You had changed nothing there.".into()
                } else {
                    format!(
                        "Keep the other session's version and drop your changes to {}?",
                        dropped.join(", ")
                    )
                };
                let ask = Confirm::new(question, OnYes::KeepTheirs);
                Outcome::open(Overlay::Confirm(ask))
            }
            Action::KeepMine => app.keep_mine(self),
            Action::MergeEdit => {
                app.merge_edit(self);
                Outcome::Close
            }
            Action::Back => Outcome::Close,
            _ => Outcome::Still,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) -> Option<Seen> {
        Some(crate::ui::conflict::draw(frame, area, app, self, theme))
    }

    fn seen(&mut self, seen: Seen) {
        self.scroll.seen(seen);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_only_in_one_text_are_marked_as_such() {
        let d = line_diff("Data:\nCalm.\nPlan:", "Data:\nCalm today.\nPlan:\nCall GP.");
        assert_eq!(
            d,
            [
                DiffLine::Same("Data:".into()),
                DiffLine::Theirs("Calm.".into()),
                DiffLine::Yours("Calm today.".into()),
                DiffLine::Same("Plan:".into()),
                DiffLine::Yours("Call GP.".into()),
            ]
        );
        assert_eq!(line_diff("a", "a"), [DiffLine::Same("a".into())]);
    }
}
