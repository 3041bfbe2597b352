//! Form drafts at the App level: written on flush, reopened by a fresh App
//! on the same file, gone once the form is saved or discarded.

use crate::fixture;
use crate::keys::{focus, press, to_field, type_text};

use casework::app::overlay::FormPurpose;
use casework::app::{Msg, Pane};
use fixture::{Fixture, top_form};

#[test]
fn a_form_draft_survives_a_fresh_app() {
    let f = Fixture::demo(3, 0);
    let mut app = f.app();
    press(&mut app, "a");
    type_text(&mut app, "Hana Oyelaran");
    to_field(&mut app, "contact");
    type_text(&mut app, "021 555 0199");
    assert!(app.drafts_pending());
    app.flush_drafts();
    assert!(!app.drafts_pending());
    drop(app);

    let mut app = f.app();
    let form = top_form(&app);
    assert_eq!(form.purpose, FormPurpose::AddClient);
    assert_eq!(form.field("name").expect("name").text(), "Hana Oyelaran");
    assert_eq!(
        form.field("contact").expect("contact").text(),
        "021 555 0199"
    );
    assert_eq!(form.fields[form.focus].key, "contact");
    assert!(form.dirty, "closing it must still ask");
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("Restored your unsaved form"), "{status}");

    // Saved: the draft goes, and the next start opens no form.
    press(&mut app, "<C-s>");
    assert!(app.overlays.is_empty(), "{:?}", app.status);
    app.flush_drafts();
    drop(app);
    let app = f.app();
    assert!(app.overlays.is_empty());
    assert!(f.store().form_drafts().expect("drafts").is_empty());
}

#[test]
fn a_discarded_form_takes_its_draft_with_it() {
    let f = Fixture::demo(3, 0);
    let mut app = f.app();
    press(&mut app, "a Someone");
    app.flush_drafts();
    assert_eq!(f.store().form_drafts().expect("drafts").len(), 1);
    press(&mut app, "<Esc> y");
    assert!(app.overlays.is_empty());
    app.sync_form_drafts();
    assert!(f.store().form_drafts().expect("drafts").is_empty());
}

#[test]
fn a_draft_whose_goal_is_gone_keeps_its_text_and_says_so() {
    let f = Fixture::demo(3, 0);
    let mut app = f.app();
    focus(&mut app, Pane::Goals);
    let goal_id = app.detail.as_ref().expect("client").goals[0].id;
    press(&mut app, "p");
    assert_eq!(top_form(&app).purpose, FormPurpose::RecordProgress(goal_id));
    to_field(&mut app, "note");
    type_text(&mut app, "went to two sessions");
    app.flush_drafts();
    drop(app);
    // The goal disappears (as if removed by another session).
    f.store()
        .conn()
        .execute_batch(&format!(
            "PRAGMA foreign_keys = OFF; DELETE FROM progress WHERE goal_id = {goal_id};
             DELETE FROM plan_steps WHERE goal_id = {goal_id};
             DELETE FROM referrals WHERE goal_id = {goal_id};
             DELETE FROM note_goals WHERE goal_id = {goal_id};
             DELETE FROM goals WHERE id = {goal_id};"
        ))
        .expect("remove goal");
    let app = f.app();
    assert!(app.overlays.is_empty());
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("could not reopen"), "{status}");
    assert!(status.contains("went to two sessions"), "{status}");
    assert_eq!(f.store().form_drafts().expect("drafts").len(), 1);
}

/// A saved form and its draft never both exist: the draft goes in the same
/// transaction as the save, and stays if the save fails.
#[test]
fn a_form_draft_goes_with_its_save_and_only_then() {
    use casework::store::clients::ClientFields;
    use casework::store::form_drafts::FormDraft;
    let f = Fixture::empty();
    let mut store = f.store();
    let draft = |store: &mut casework::store::Store| {
        let d = FormDraft {
            id: 0,
            client_id: None,
            body: "{}".into(),
            updated_at: None,
        };
        store.save_form_draft(&d).expect("draft")
    };
    let count = |store: &casework::store::Store| -> i64 {
        store
            .conn()
            .query_row("SELECT count(*) FROM form_drafts", [], |r| r.get(0))
            .expect("count")
    };

    let id = draft(&mut store);
    store.retire_form_draft_with_next_write(Some(id));
    let blank = ClientFields {
        name: "  ".into(),
        ..Default::default()
    };
    assert!(
        store.add_client(&blank, fixture::today()).is_err(),
        "the database refuses a blank name"
    );
    assert_eq!(count(&store), 1, "a failed save keeps the draft");

    let good = ClientFields {
        name: "Ada".into(),
        ..Default::default()
    };
    store.add_client(&good, fixture::today()).expect("save");
    assert_eq!(count(&store), 0, "the save took the draft with it");
    assert_eq!(store.caseload().expect("caseload").len(), 1);
}

/// A run of typed keys in a form (`Msg::Typed`) is each key in turn: the
/// same as typing them, and Enter is never part of one (it moves on).
#[test]
fn keys_that_arrive_together_fill_a_form_field() {
    let f = Fixture::demo(3, 5);
    let mut app = f.app();
    press(&mut app, "a");
    let enter = crate::keys::keys("<Enter>")[0];
    assert_eq!(app.typed_char(&enter), None, "Enter is the next field");
    assert!(app.update(Msg::Typed("Hana Oyelaran".into())).redraw);
    let form = top_form(&app);
    assert_eq!(form.field("name").expect("name").text(), "Hana Oyelaran");
    assert!(form.dirty && app.drafts_pending());
}
