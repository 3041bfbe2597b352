//! Two sessions on one database file (two `App`s, as two SSH logins would
//! be): a save applies only to the state it started from, the second saver
//! is shown both versions and chooses, and a stale screen never undoes the
//! other session's work.

use crate::fixture;
use crate::keys::{focus, press, to_field, type_text};

use casework::app::form::FormBase;
use casework::app::{App, Msg, Overlay, Pane};
use casework::domain::stage_rules::StageMove;
use casework::domain::{Client, Note, NoteMeta, Stage};
use casework::store::clients::ClientFields;
use casework::store::conflict::NoteVersion;
use fixture::{Fixture, screen, top_form};

/// Replace the text of a form field.
fn retype(app: &mut App, field: &str, text: &str) {
    to_field(app, field);
    press(app, "<End> <C-u>");
    assert!(type_text(app, text), "a key of {text:?} was not taken");
}

fn client_now(f: &Fixture, id: i64) -> Client {
    f.store().client_detail(id).expect("detail").client
}

fn note_now(f: &Fixture, client: i64, id: i64) -> Note {
    let notes = f.store().client_detail(client).expect("detail").notes;
    notes.into_iter().find(|n| n.id == id).expect("note")
}

/// Audit rows of one entity, as "action detail", oldest first.
fn audit(f: &Fixture, entity: &str, id: i64) -> Vec<String> {
    let store = f.store();
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT action || ' ' || detail FROM audit
             WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
        )
        .expect("prepare");
    stmt.query_map(rusqlite::params![entity, id], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// The screen with the time of the other save pinned: it is the real
/// clock's, so it would differ on every run.
fn pinned_screen(app: &mut App, width: u16, height: u16) -> String {
    if let Some(Overlay::Conflict(v)) = app.overlays.last_mut() {
        assert!(v.when.is_some(), "the time of their save is known");
        v.when = Some("2026-11-23 14:02".into());
    }
    screen(app, width, height)
}

fn is_conflict(app: &App) -> bool {
    matches!(app.overlays.last(), Some(Overlay::Conflict(_)))
}

/// A and B open the same client's form; A saves a new phone number, then
/// B saves a new name over the form as it opened. Returns (a, b, client id,
/// the client as it was).
fn both_edit_the_client(f: &Fixture) -> (App, App, i64, Client) {
    let mut a = f.app();
    let mut b = f.app();
    let id = a.selected_client().expect("a client").id;
    let before = client_now(f, id);
    press(&mut a, "e");
    press(&mut b, "e");
    retype(&mut a, "contact", "07700 900999");
    press(&mut a, "<C-s>");
    assert!(a.overlays.is_empty(), "A saved");
    assert_eq!(
        a.status.as_deref().map(|s| s.starts_with("Saved")),
        Some(true)
    );

    retype(&mut b, "name", "Renamed By B");
    press(&mut b, "<C-s>");
    (a, b, id, before)
}

#[test]
fn the_second_save_of_a_client_shows_both_and_writes_nothing() {
    let f = Fixture::demo(5, 0);
    let (_a, b, id, before) = both_edit_the_client(&f);
    assert!(
        is_conflict(&b),
        "B is shown the conflict: {:?}",
        b.overlays.last()
    );
    let now = client_now(&f, id);
    assert_eq!(
        now.contact.as_deref(),
        Some("07700 900999"),
        "A's phone is kept"
    );
    assert_eq!(now.name, before.name, "nothing of B's is written yet");
    let trail = audit(&f, "client", id);
    assert_eq!(
        trail.last().map(String::as_str),
        Some("update changed: contact"),
        "A's save is the last: {trail:?}"
    );
    let status = b.status.clone().unwrap_or_default();
    assert!(!status.contains("Saved"), "B is not told Saved: {status}");
    // Under the overlay, B's form still holds B's typing.
    let Some(Overlay::Form(form)) = b.overlays.iter().rev().nth(1) else {
        panic!("the form is under the overlay");
    };
    assert_eq!(form.field("name").map(|f| f.text()), Some("Renamed By B"));

    let Some(Overlay::Conflict(v)) = b.overlays.last() else {
        unreachable!()
    };
    let rows: Vec<(&str, &str, &str, bool, bool)> = v
        .rows
        .iter()
        .map(|r| {
            (
                r.label.as_str(),
                r.theirs.as_str(),
                r.yours.as_str(),
                r.they_changed,
                r.you_changed,
            )
        })
        .collect();
    let old_contact = before.contact.clone().unwrap_or_default();
    assert_eq!(
        rows,
        [
            ("Name", before.name.as_str(), "Renamed By B", false, true),
            ("Contact", "07700 900999", old_contact.as_str(), true, false),
        ]
    );
}

#[test]
fn keep_mine_saves_the_whole_form_as_one_more_audited_save() {
    let f = Fixture::demo(5, 0);
    let (_a, mut b, id, before) = both_edit_the_client(&f);
    press(&mut b, "m");
    assert!(b.overlays.is_empty(), "saved and closed: {:?}", b.overlays);
    let now = client_now(&f, id);
    assert_eq!(now.name, "Renamed By B");
    // B chose its whole form: A's phone goes back, knowingly.
    assert_eq!(now.contact, before.contact);
    let trail = audit(&f, "client", id);
    assert_eq!(
        trail[trail.len() - 2..],
        ["update changed: contact", "update changed: name, contact"],
        "both saves are on record, one row each"
    );
}

#[test]
fn edit_takes_theirs_where_b_typed_nothing_and_the_next_save_keeps_both() {
    let f = Fixture::demo(5, 0);
    let (_a, mut b, id, _) = both_edit_the_client(&f);
    press(&mut b, "e");
    let form = top_form(&b);
    assert_eq!(form.field("name").map(|f| f.text()), Some("Renamed By B"));
    assert_eq!(
        form.field("contact").map(|f| f.text()),
        Some("07700 900999"),
        "A's phone is taken: B left that field alone"
    );
    let base = form.base_values().expect("a base");
    assert!(base.contains(&("contact".into(), "07700 900999".into())));
    let note = form.note_line().unwrap_or_default();
    assert!(note.contains("Taken from theirs: Contact"), "{note}");
    retype(&mut b, "pronouns", "they/them");
    press(&mut b, "<C-s>");
    assert!(b.overlays.is_empty(), "saved: {:?}", b.overlays.last());
    let now = client_now(&f, id);
    assert_eq!(now.name, "Renamed By B");
    assert_eq!(now.contact.as_deref(), Some("07700 900999"));
    assert_eq!(now.pronouns.as_deref(), Some("they/them"));
}

#[test]
fn keep_theirs_asks_names_what_is_dropped_and_closes_the_form() {
    let f = Fixture::demo(5, 0);
    let (_a, mut b, id, before) = both_edit_the_client(&f);
    press(&mut b, "t");
    let Some(Overlay::Confirm(q)) = b.overlays.last() else {
        panic!("asks first: {:?}", b.overlays.last());
    };
    assert!(
        q.question.contains("drop your changes to Name"),
        "{}",
        q.question
    );
    press(&mut b, "n");
    assert!(is_conflict(&b), "no: back to the choice");
    press(&mut b, "t y");
    assert!(b.overlays.is_empty(), "{:?}", b.overlays);
    let status = b.status.clone().unwrap_or_default();
    assert!(
        status.contains("your changes to Name were dropped"),
        "{status}"
    );
    let now = client_now(&f, id);
    assert_eq!(
        (now.name, now.contact.as_deref()),
        (before.name, Some("07700 900999"))
    );
    // The form's draft went with it.
    assert!(f.store().form_drafts().expect("drafts").is_empty());
}

#[test]
fn esc_goes_back_to_the_form_and_saving_again_still_asks() {
    let f = Fixture::demo(5, 0);
    let (_a, mut b, _, _) = both_edit_the_client(&f);
    press(&mut b, "<Esc>");
    assert_eq!(
        top_form(&b).field("name").map(|f| f.text()),
        Some("Renamed By B")
    );
    press(&mut b, "<C-s>");
    assert!(is_conflict(&b));
}

#[test]
fn conflict_overlay_at_80x24() {
    let f = Fixture::demo(5, 0);
    let (_a, mut b, _, _) = both_edit_the_client(&f);
    insta::assert_snapshot!(pinned_screen(&mut b, 80, 24));
}

#[test]
fn conflict_overlay_at_120x40() {
    let f = Fixture::demo(5, 0);
    let (_a, mut b, _, _) = both_edit_the_client(&f);
    insta::assert_snapshot!(pinned_screen(&mut b, 120, 40));
}

/// A writes an unsigned note; A and B open it; A adds a line and saves;
/// B adds another and saves. Returns (a, b, client, the note as it was).
fn both_edit_a_note(f: &Fixture) -> (App, App, i64, Note) {
    let mut a = f.app();
    press(&mut a, "n");
    assert!(type_text(&mut a, "First version."));
    press(&mut a, "<C-s>");
    let note = a.selected_note().expect("the new note").clone();
    assert!(!note.is_signed());
    let client = note.client_id;

    let mut b = f.app();
    focus(&mut b, Pane::Notes);
    assert_eq!(b.selected_note().map(|n| n.id), Some(note.id));
    press(&mut a, "e");
    press(&mut b, "e");
    assert!(type_text(&mut a, "\nA adds this."));
    press(&mut a, "<C-s>");
    assert!(a.overlays.is_empty(), "A saved: {:?}", a.overlays.last());
    assert!(type_text(&mut b, "\nB adds that."));
    press(&mut b, "<C-s>");
    (a, b, client, note)
}

#[test]
fn the_second_save_of_a_note_shows_both_texts_and_writes_nothing() {
    let f = Fixture::demo(5, 0);
    let (_a, mut b, client, note) = both_edit_a_note(&f);
    assert!(is_conflict(&b), "{:?}", b.overlays.last());
    let saved = note_now(&f, client, note.id);
    assert!(saved.body.ends_with("A adds this."), "{:?}", saved.body);
    assert_eq!(audit(&f, "note", note.id).len(), 2, "create, A's update");
    let Some(Overlay::Conflict(v)) = b.overlays.last() else {
        unreachable!()
    };
    use casework::app::overlays::conflict::DiffLine;
    let changed: Vec<&DiffLine> = v
        .text
        .iter()
        .filter(|l| !matches!(l, DiffLine::Same(_)))
        .collect();
    assert_eq!(
        changed,
        [
            &DiffLine::Theirs("A adds this.".into()),
            &DiffLine::Yours("B adds that.".into()),
        ]
    );
    // B's typing is safe in its draft while B decides.
    let drafts = f.store().drafts(fixture::today()).expect("drafts");
    assert!(drafts.iter().any(|d| d.body.ends_with("B adds that.")));
    insta::assert_snapshot!(pinned_screen(&mut b, 80, 24));
}

#[test]
fn keep_mine_on_a_note_saves_bs_text_and_both_saves_are_audited() {
    let f = Fixture::demo(5, 0);
    let (_a, mut b, client, note) = both_edit_a_note(&f);
    press(&mut b, "m");
    assert!(b.overlays.is_empty(), "{:?}", b.overlays.last());
    let saved = note_now(&f, client, note.id);
    assert!(saved.body.ends_with("B adds that."), "{:?}", saved.body);
    assert!(!saved.body.contains("A adds this."));
    assert_eq!(
        audit(&f, "note", note.id).len(),
        3,
        "create and two updates"
    );
    assert!(
        f.store()
            .drafts(fixture::today())
            .expect("drafts")
            .is_empty()
    );
}

#[test]
fn edit_on_a_note_keeps_bs_text_with_theirs_ready_to_paste() {
    let f = Fixture::demo(5, 0);
    let (_a, mut b, client, note) = both_edit_a_note(&f);
    press(&mut b, "e");
    let Some(Overlay::Editor(e)) = b.overlays.last() else {
        panic!("back in the editor: {:?}", b.overlays.last());
    };
    assert!(e.body().ends_with("B adds that."));
    assert!(
        e.base
            .as_ref()
            .is_some_and(|v| v.body.ends_with("A adds this."))
    );
    assert!(e.text.yank_text().ends_with("A adds this."));
    let notice = e.notice.clone().unwrap_or_default();
    assert!(notice.contains("ready to paste with Ctrl-Y"), "{notice}");
    // Paste theirs in at the end and save: both lines are kept.
    press(&mut b, "<Enter> <C-y> <C-s>");
    assert!(b.overlays.is_empty(), "{:?}", b.overlays.last());
    let saved = note_now(&f, client, note.id);
    assert!(saved.body.contains("B adds that."), "{:?}", saved.body);
    assert!(saved.body.contains("A adds this."), "{:?}", saved.body);
}

#[test]
fn keep_theirs_on_a_note_closes_the_editor_and_drops_the_draft() {
    let f = Fixture::demo(5, 0);
    let (_a, mut b, client, note) = both_edit_a_note(&f);
    press(&mut b, "t y");
    assert!(b.overlays.is_empty(), "{:?}", b.overlays.last());
    assert!(
        f.store()
            .drafts(fixture::today())
            .expect("drafts")
            .is_empty()
    );
    let saved = note_now(&f, client, note.id);
    assert!(saved.body.ends_with("A adds this."));
    let status = b.status.clone().unwrap_or_default();
    assert!(status.contains("the text were dropped"), "{status}");
}

#[test]
fn a_restored_note_draft_older_than_the_notes_last_save_asks() {
    let f = Fixture::demo(5, 0);
    let mut a = f.app();
    press(&mut a, "n");
    assert!(type_text(&mut a, "First version."));
    press(&mut a, "<C-s>");
    let note = a.selected_note().expect("note").clone();
    // B starts editing, its draft is written, and the link drops.
    {
        let mut b = f.app();
        focus(&mut b, Pane::Notes);
        press(&mut b, "e");
        assert!(type_text(&mut b, "\nB's line."));
        let _ = b.update(Msg::DraftsDue);
    }
    // Another session saves the note a second later (through the store: in
    // an App, `e` would open B's draft, drafts being per file).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let opened = NoteVersion {
        meta: NoteMeta {
            kind: note.kind,
            format: note.format,
            session_date: note.session_date,
            session_time: note.session_time.clone(),
            duration_min: note.duration_min,
            techniques: note.techniques.clone(),
            goal_ids: note.goal_ids.clone(),
        },
        body: note.body.clone(),
    };
    let body = format!("{}\nA's line.", note.body);
    f.store()
        .update_note(note.id, &opened.meta, &body, &opened, None)
        .expect("their save");
    drop(a);
    // B comes back: the draft reopens, and saving it asks.
    let mut b = f.app();
    let Some(Overlay::Editor(e)) = b.overlays.last() else {
        panic!("the draft reopens: {:?}", b.overlays.last());
    };
    assert_eq!(e.base, None, "what it started from is not known");
    press(&mut b, "<C-s>");
    let Some(Overlay::Conflict(v)) = b.overlays.last() else {
        panic!("asks: {:?}", b.overlays.last());
    };
    assert!(!v.base_known);
    assert!(
        note_now(&f, note.client_id, note.id)
            .body
            .ends_with("A's line.")
    );
}

#[test]
fn a_restored_note_draft_written_after_the_last_save_saves_as_before() {
    let f = Fixture::demo(5, 0);
    let mut a = f.app();
    press(&mut a, "n");
    assert!(type_text(&mut a, "First version."));
    press(&mut a, "<C-s>");
    let note = a.selected_note().expect("note").clone();
    drop(a);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    {
        let mut b = f.app();
        focus(&mut b, Pane::Notes);
        press(&mut b, "e");
        assert!(type_text(&mut b, "\nB's line."));
        let _ = b.update(Msg::DraftsDue);
    }
    let mut b = f.app();
    assert!(matches!(b.overlays.last(), Some(Overlay::Editor(e)) if e.base.is_some()));
    press(&mut b, "<C-s>");
    assert!(b.overlays.is_empty(), "{:?}", b.overlays.last());
    assert!(
        note_now(&f, note.client_id, note.id)
            .body
            .ends_with("B's line.")
    );
}

#[test]
fn a_form_draft_keeps_its_base_and_conflicts_after_a_restart() {
    let f = Fixture::demo(5, 0);
    let id;
    {
        let mut b = f.app();
        id = b.selected_client().expect("client").id;
        press(&mut b, "e");
        retype(&mut b, "name", "Renamed By B");
        let _ = b.update(Msg::DraftsDue);
    }
    // Another session saves a new phone number meanwhile (through the
    // store: an App started now would reopen B's draft, drafts being per file).
    let mut store = f.store();
    let seen = ClientFields::of(&client_now(&f, id));
    let theirs = ClientFields {
        contact: Some("07700 900999".into()),
        ..seen.clone()
    };
    store.update_client(id, &theirs, &seen).expect("their save");

    let mut b = f.app();
    let form = top_form(&b);
    assert!(
        matches!(form.base, Some(FormBase::Fields(_))),
        "{:?}",
        form.base
    );
    press(&mut b, "<C-s>");
    assert!(is_conflict(&b), "{:?}", b.overlays.last());
    assert_eq!(client_now(&f, id).contact.as_deref(), Some("07700 900999"));
}

#[test]
fn an_old_form_draft_without_a_base_saves_as_before() {
    let f = Fixture::demo(5, 0);
    let id;
    let name;
    {
        let mut b = f.app();
        id = b.selected_client().expect("client").id;
        name = client_now(&f, id).name;
        press(&mut b, "e");
        to_field(&mut b, "name");
        assert!(type_text(&mut b, " Jr"));
        let _ = b.update(Msg::DraftsDue);
    }
    // Make it a draft as written before forms kept a base: none in it.
    let mut store = f.store();
    let mut draft = store.form_drafts().expect("drafts").remove(0);
    let mut body: serde_json::Value = serde_json::from_str(&draft.body).expect("json");
    assert!(body["base"].is_object(), "{body}");
    body.as_object_mut().expect("object").remove("base");
    draft.body = body.to_string();
    store.save_form_draft(&draft).expect("rewrite");
    // That session ends: its drafts are free for the next.
    drop(store);

    let mut b = f.app();
    assert_eq!(top_form(&b).base, None);
    press(&mut b, "<C-s>");
    assert!(
        b.overlays.is_empty(),
        "no conflict: {:?}",
        b.overlays.last()
    );
    assert_eq!(client_now(&f, id).name, format!("{name} Jr"));
}

#[test]
fn a_stale_space_does_not_untick_what_another_session_ticked() {
    let f = Fixture::demo(5, 0);
    let mut a = f.app();
    let mut b = f.app();
    focus(&mut a, Pane::Stages);
    focus(&mut b, Pane::Stages);
    let detail = a.detail.clone().expect("detail");
    let stage: Stage = detail.client.stage;
    let items = a.template.items(stage).to_vec();
    let done = |app: &App, key: &str| {
        app.detail.as_ref().is_some_and(|d| {
            d.marks
                .iter()
                .any(|m| m.stage == stage && m.item_key == key && m.done_on.is_some())
        })
    };
    let open = items
        .iter()
        .position(|i| !done(&a, &i.key))
        .expect("an open item");
    let key = items[open].key.clone();
    for _ in 0..open {
        press(&mut a, "j");
        press(&mut b, "j");
    }
    press(&mut a, "<Space>");
    // B's screen still shows the item open; B presses Space on it.
    assert!(!done(&b, &key), "B's screen is stale");
    let audit_before = audit_count(&f);
    press(&mut b, "<Space>");
    let marks = f
        .store()
        .client_detail(detail.client.id)
        .expect("detail")
        .marks;
    let ticked = marks
        .iter()
        .any(|m| m.stage == stage && m.item_key == key && m.done_on.is_some());
    assert!(ticked, "the item A ticked stays ticked");
    assert_eq!(audit_count(&f), audit_before, "nothing written");
    assert!(done(&b, &key), "B's screen now shows it ticked");
    assert!(screen(&b, 120, 40).contains(&format!("[x] {}", items[open].label)));
    let status = b.status.clone().unwrap_or_default();
    assert_eq!(
        status,
        "Another session changed this item; now shown. Press Space again to change it."
    );
    // And now Space does what the screen says: clears it.
    press(&mut b, "<Space>");
    assert!(!done(&b, &key));
}

fn audit_count(f: &Fixture) -> i64 {
    f.store()
        .conn()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .expect("count")
}

/// (client, goal, step) of the first open plan step.
fn an_open_step(f: &Fixture) -> (i64, i64, i64) {
    let sql = "SELECT g.client_id, g.id, s.id FROM plan_steps s
               JOIN goals g ON g.id = s.goal_id
               WHERE s.done_on IS NULL ORDER BY s.id LIMIT 1";
    f.store()
        .conn()
        .query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("an open step")
}

/// Both sessions on the goal detail of the first open step, that step
/// selected. Returns (a, b, goal, step).
fn both_on_an_open_step(f: &Fixture) -> (App, App, i64, i64) {
    let (client, goal, step) = an_open_step(f);
    let mut a = f.app();
    let mut b = f.app();
    for app in [&mut a, &mut b] {
        while app.selected_client().map(|c| c.id) != Some(client) {
            assert!(press(app, "j"), "client not found");
        }
        focus(app, Pane::Goals);
        while app.selected_goal().map(|g| g.id) != Some(goal) {
            assert!(press(app, "j"), "goal not found");
        }
        press(app, "<Enter>");
        // The step's line: first after the goal's own.
        let Some(Overlay::GoalDetail(d)) = app.overlays.last() else {
            panic!("goal detail");
        };
        let at = d.steps.iter().position(|s| s.id == step).expect("step");
        for _ in 0..=at {
            press(app, "j");
        }
    }
    (a, b, goal, step)
}

#[test]
fn a_stale_space_on_a_plan_step_does_not_reopen_it() {
    let f = Fixture::demo(5, 0);
    let (mut a, mut b, goal, step) = both_on_an_open_step(&f);
    press(&mut a, "<Space>");
    press(&mut b, "<Space>");
    let (steps, _) = f.store().goal_plan(goal).expect("plan");
    let s = steps.iter().find(|s| s.id == step).expect("step");
    assert!(s.is_done(), "A's tick stands");
    let Some(Overlay::GoalDetail(d)) = b.overlays.last() else {
        panic!("goal detail");
    };
    assert!(
        d.steps.iter().any(|s| s.id == step && s.is_done()),
        "B sees it"
    );
    let status = b.status.clone().unwrap_or_default();
    assert!(
        status.starts_with("Another session changed this step"),
        "{status}"
    );
}

#[test]
fn a_step_form_opened_before_another_sessions_tick_merges_with_it() {
    let f = Fixture::demo(5, 0);
    let (mut a, mut b, goal, step) = both_on_an_open_step(&f);
    // B opens the step's form; A ticks the step meanwhile.
    press(&mut b, "e");
    assert_eq!(top_form(&b).title, "Edit plan step");
    press(&mut a, "<Space>");
    retype(&mut b, "description", "Call the housing office on Monday");
    press(&mut b, "<C-s>");
    let Some(Overlay::Conflict(v)) = b.overlays.last() else {
        panic!("conflict: {:?}", b.overlays.last());
    };
    let labels: Vec<&str> = v.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["What", "Done on"]);
    // Edit: B's wording, A's tick; the save keeps both.
    press(&mut b, "e");
    assert_eq!(
        top_form(&b).field("done_on").map(|f| f.text().to_string()),
        Some(fixture::today().to_string())
    );
    press(&mut b, "<C-s>");
    assert!(
        matches!(b.overlays.last(), Some(Overlay::GoalDetail(_))),
        "{:?}",
        b.overlays.last()
    );
    let (steps, _) = f.store().goal_plan(goal).expect("plan");
    let s = steps.iter().find(|s| s.id == step).expect("step");
    assert_eq!(s.description, "Call the housing office on Monday");
    assert_eq!(s.done_on, Some(fixture::today()));
    // And the detail on B's screen shows what was saved.
    let Some(Overlay::GoalDetail(d)) = b.overlays.last() else {
        unreachable!()
    };
    assert!(d.steps.iter().any(|x| x == s));
}

#[test]
fn two_safety_plan_edits_merge_part_by_part() {
    let f = Fixture::demo(5, 0);
    let mut a = f.app();
    let mut b = f.app();
    let id = a.selected_client().expect("client").id;
    press(&mut a, "! e");
    press(&mut b, "! e");
    retype(&mut a, "warning_signs", "not sleeping; skipping meals");
    press(&mut a, "<C-s>");
    retype(&mut b, "coping", "walk the dog; call my sister");
    press(&mut b, "<C-s>");
    assert!(is_conflict(&b), "{:?}", b.overlays.last());
    press(&mut b, "e <C-s>");
    assert!(
        matches!(b.overlays.last(), Some(Overlay::SafetyPlan(_))),
        "{:?}",
        b.overlays.last()
    );
    let plan = f.store().safety_plan(id).expect("read").expect("plan");
    assert_eq!(plan.warning_signs, "not sleeping; skipping meals");
    assert_eq!(plan.coping, "walk the dog; call my sister");
}

#[test]
fn a_stale_stage_move_is_refused_and_the_screen_catches_up() {
    let f = Fixture::demo(5, 0);
    let mut a = f.app();
    let mut b = f.app();
    // A client whose case can step back a stage, in both sessions.
    let at = a
        .caseload
        .iter()
        .position(|c| casework::domain::stage_rules::target(c.stage, StageMove::StepBack).is_ok())
        .expect("a case past Assessment");
    for app in [&mut a, &mut b] {
        for _ in 0..at {
            press(app, "j");
        }
        focus(app, Pane::Stages);
    }
    let id = a.selected_client().expect("client").id;
    let from = client_now(&f, id).stage;
    // A steps back with a reason; B, still seeing the old stage, does too.
    press(&mut a, "<lt>");
    assert!(type_text(&mut a, "client asked"));
    press(&mut a, "<C-s>");
    assert_ne!(client_now(&f, id).stage, from, "A moved it");
    let moved_to = client_now(&f, id).stage;
    press(&mut b, "<lt>");
    assert!(type_text(&mut b, "me too"));
    press(&mut b, "<C-s>");
    assert_eq!(client_now(&f, id).stage, moved_to, "B's move was refused");
    let form = top_form(&b);
    let err = form.error.clone().unwrap_or_default();
    assert!(
        err.contains(&format!(
            "another session moved this case to {}",
            moved_to.name()
        )),
        "{err}"
    );
}

#[test]
fn a_crisis_flag_already_raised_elsewhere_says_so() {
    let f = Fixture::demo(5, 0);
    let mut a = f.app();
    let mut b = f.app();
    // The first client not in crisis, in both sessions.
    let target = a
        .caseload
        .iter()
        .position(|c| !c.crisis)
        .expect("a client not in crisis");
    for app in [&mut a, &mut b] {
        for _ in 0..target {
            press(app, "j");
        }
    }
    press(&mut a, "C y");
    let id = a.selected_client().expect("client").id;
    assert!(client_now(&f, id).crisis);
    press(&mut b, "C y");
    let status = b.status.clone().unwrap_or_default();
    assert!(
        status.starts_with("Another session already marked"),
        "{status}"
    );
    assert!(client_now(&f, id).crisis, "still in crisis");
}
