//! Documents to share from the TUI: the consultation pack (asks the
//! question first) and the progress sheet. Each is shown before it is
//! written; a write goes to the export directory, 0600, never over another
//! file, and leaves an audit row. The status line says where it went only
//! once it is there.

use super::form::{Field, FieldKind, Form, FormPurpose};
use super::overlays::document_preview::DocumentPreview;
use super::{App, Overlay, Scroll};
use crate::store::export::ClientExport;
use std::path::{Path, PathBuf};

impl App {
    /// `c`: the question for the consultation, then the preview.
    pub(super) fn open_consult_form(&mut self) {
        let Some(c) = self.selected_client() else {
            self.status = Some("No client selected.".into());
            return;
        };
        let id = c.id;
        let mut form = Form::new(
            "Consultation pack: your question",
            FormPurpose::ConsultQuestion(id),
            vec![
                Field::new("question", "Question", FieldKind::Text)
                    .placeholder("what you want to think through"),
            ],
        );
        form.note = Some(
            "Names, birth date, contacts and named people are replaced; you see it before it is written."
                .into(),
        );
        form.for_client = Some(id);
        self.overlays.push(Overlay::Form(form));
    }

    /// The question typed: build the pack and show it.
    pub(crate) fn consult_question_saved(&mut self, form: &mut Form, id: i64) -> bool {
        let question = form
            .fields
            .first()
            .map(|f| f.text().to_string())
            .unwrap_or_default();
        let Some(c) = self.client_document(id, form) else {
            return false;
        };
        let pack = crate::exchange::consult::consultation_pack(&c, &question, self.today);
        self.overlays
            .push(Overlay::DocumentPreview(Box::new(DocumentPreview {
                title: "Consultation pack (de-identified)".into(),
                replaced: format!("Replaced: {}", pack.replaced.summary()),
                text: crate::clean_text::control_free(&pack.text).into_owned(),
                client_id: id,
                format: "consult",
                stem: format!("consult-{id}-{}", self.today),
                extension: "md",
                scroll: Scroll::default(),
            })));
        true
    }

    /// `S`: the client's progress sheet, to preview.
    pub(super) fn open_sheet_preview(&mut self) {
        let Some(c) = self.selected_client() else {
            self.status = Some("No client selected.".into());
            return;
        };
        let id = c.id;
        let doc = match crate::store::export::one_client(&self.store, &self.template, id) {
            Ok(doc) => doc,
            Err(e) => {
                self.status = Some(format!("Could not read the record: {e}"));
                return;
            }
        };
        let text = crate::exchange::sheet::sheet_markdown(&doc, self.today, &Default::default());
        self.overlays
            .push(Overlay::DocumentPreview(Box::new(DocumentPreview {
                title: "Progress sheet for the client".into(),
                replaced: String::new(),
                text: crate::clean_text::control_free(&text).into_owned(),
                client_id: id,
                format: "sheet",
                stem: format!("progress-sheet-{id}-{}", self.today),
                extension: "md",
                scroll: Scroll::default(),
            })));
    }

    /// The client's whole record for a document; a failure shows on the form.
    fn client_document(&mut self, id: i64, form: &mut Form) -> Option<ClientExport> {
        match crate::store::export::one_client(&self.store, &self.template, id) {
            Ok(c) => Some(c),
            Err(e) => {
                form.error = Some(format!("Could not read the record: {e}"));
                None
            }
        }
    }

    /// `y` in the preview: write the file, record it, say where.
    pub(crate) fn write_document(&mut self, doc: &DocumentPreview) {
        let Some(dir) = self.export_dir.clone() else {
            self.status = Some("No export directory (no home directory): nothing written.".into());
            return;
        };
        match write_new(&dir, &doc.stem, doc.extension, doc.text.as_bytes()) {
            Ok(path) => {
                let recorded = self
                    .store
                    .record_export(doc.format, Some(doc.client_id), &path);
                self.status = Some(match recorded {
                    Ok(()) => format!("Written to {}", path.display()),
                    Err(e) => format!(
                        "Written to {}, but its audit row was not: {e}",
                        path.display()
                    ),
                });
            }
            Err(e) => self.status = Some(format!("Not written: {e}")),
        }
    }
}

/// Write `bytes` to a new file `stem.ext` in `dir` (made private if it is
/// new), or `stem-2.ext`, … if that name is taken: never over a file.
fn write_new(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> Result<PathBuf, String> {
    crate::paths::ensure_private_dir(dir).map_err(|e| e.to_string())?;
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = dir.join(name);
        if std::fs::symlink_metadata(&path).is_ok() {
            continue;
        }
        crate::safe_write::write(&path, bytes, crate::safe_write::Existing::Refuse)?;
        return Ok(path);
    }
    Err(format!("{}: too many files named {stem}", dir.display()))
}
