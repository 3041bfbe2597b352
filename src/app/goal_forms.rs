//! The goal forms (goal, progress, plan step, referral): how each is laid
//! out, filled from a record, and read back into one when saved.

use super::form::{Field, FieldKind, Form, FormPurpose};
use crate::domain::dates::parse_date;
use crate::domain::gas_record::{GasScale, check_scale};
use crate::domain::smart::{SmartInput, hint, smart_gaps};
use crate::domain::{
    Date, Goal, GoalStatus, PlanStep, Progress, RatedBy, Referral, ReferralStatus, Who,
};

const GOAL_STATUS: &[&str] = &["active", "achieved", "revised", "discontinued"];
const RATERS: &[&str] = &["client", "worker"];

pub(super) fn number_text(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The goal form, empty or filled from an existing goal.
pub fn goal_form(existing: Option<&Goal>) -> Form {
    let g = existing;
    let text = |f: fn(&Goal) -> Option<&str>| g.and_then(f).unwrap_or("").to_string();
    let (title, purpose) = match g {
        Some(g) => ("Edit goal", FormPurpose::EditGoal(g.id)),
        None => ("New goal", FormPurpose::AddGoal),
    };
    let form = Form::new(
        title,
        purpose,
        vec![
            Field::new("client_words", "Client's words", FieldKind::Text)
                .required()
                .placeholder("what they want, as they said it")
                .value(&text(|g| Some(g.client_words.as_str()))),
            Field::new("smart", "SMART goal", FieldKind::Text)
                .placeholder("specific, measurable, by when")
                .value(&text(|g| g.smart.as_deref())),
            Field::new("measure", "Measure", FieldKind::Text)
                .placeholder("e.g. nights with 6h+ sleep")
                .value(&text(|g| g.measure.as_deref())),
            Field::new("unit", "Unit", FieldKind::Text)
                .placeholder("e.g. nights/week, /10, £")
                .value(&text(|g| g.unit.as_deref())),
            Field::new("baseline", "Baseline", FieldKind::Number)
                .placeholder("where it stands now")
                .value(&number_text(g.and_then(|g| g.baseline))),
            Field::new("target", "Target", FieldKind::Number)
                .placeholder("where the client wants it")
                .value(&number_text(g.and_then(|g| g.target))),
            Field::new("range_min", "Lowest likely", FieldKind::Number)
                .placeholder("optional, e.g. 0 (asks above/below)")
                .value(&number_text(g.and_then(|g| g.range_min))),
            Field::new("range_max", "Highest likely", FieldKind::Number)
                .placeholder("optional, e.g. 7 for nights/week")
                .value(&number_text(g.and_then(|g| g.range_max))),
            Field::new("due", "Due", FieldKind::Date)
                .placeholder("YYYY-MM-DD, +6w or +3m")
                .value(
                    &g.and_then(|g| g.due)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ),
            Field::new("status", "Status", FieldKind::Choice(GOAL_STATUS))
                .value(g.map_or("active", |g| g.status.key())),
        ],
    );
    // An edit saves over what it opened with, and only over that.
    if g.is_some() { form.with_base() } else { form }
}

/// The SMART hint for a goal form, from what is typed so far. A date counts
/// once it reads as one; the day it means does not matter here.
pub fn smart_hint(form: &Form) -> String {
    let text = |k: &str| form.field(k).map(|f| f.text()).filter(|t| !t.is_empty());
    let number = |k: &str| text(k).and_then(|t| t.parse::<f64>().ok());
    let gaps = smart_gaps(&SmartInput {
        client_words: text("client_words").unwrap_or(""),
        smart: text("smart"),
        measure: text("measure"),
        baseline: number("baseline"),
        target: number("target"),
        due: text("due").and_then(|t| parse_date(t, Date::default()).ok()),
    });
    hint(&gaps)
}

/// A number with no needless decimals: 5, 2.5.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// "5 nights/week": a value with the goal's unit, if it has one.
pub fn with_unit(v: f64, unit: Option<&str>) -> String {
    match unit.map(str::trim).filter(|u| !u.is_empty()) {
        // A unit such as "/10" or "%" reads best without a space.
        Some(u) if u.starts_with('/') || u == "%" => format!("{}{u}", number(v)),
        Some(u) => format!("{} {u}", number(v)),
        None => number(v),
    }
}

/// At most `n` characters, with `…` when cut (for titles).
pub(super) fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// A goal's range in words, the unit said once: "from 1 to 5 nights/week",
/// "target 5 nights/week", "from 1 nights/week".
pub fn range_words(g: &Goal) -> Option<String> {
    let unit = g.unit.as_deref();
    match (g.baseline, g.target) {
        (Some(b), Some(t)) => Some(format!("from {} to {}", number(b), with_unit(t, unit))),
        (None, Some(t)) => Some(format!("target {}", with_unit(t, unit))),
        (Some(b), None) => Some(format!("from {}", with_unit(b, unit))),
        (None, None) => None,
    }
}

/// What the progress form shows above its fields: the measure, target and
/// latest value, so the worker types a value on the right scale.
pub(super) fn progress_context(g: &Goal) -> String {
    let unit = g.unit.as_deref();
    let mut parts = Vec::new();
    if let Some(m) = &g.measure {
        parts.push(m.clone());
    }
    parts.extend(range_words(g));
    if g.range_min.is_some() || g.range_max.is_some() {
        let end = |v: Option<f64>| v.map_or("…".to_string(), number);
        parts.push(format!("likely {}–{}", end(g.range_min), end(g.range_max)));
    }
    if let Some(p) = g.counted().last() {
        parts.push(format!(
            "latest {} ({}, {})",
            with_unit(p.value, unit),
            p.rated_by.key(),
            p.date
        ));
    }
    if parts.is_empty() {
        "No measure set for this goal yet.".to_string()
    } else {
        parts.join(" · ")
    }
}

/// The progress form filled from a recorded value, to correct it.
pub fn progress_edit_form(g: &Goal, p: &Progress, today: Date) -> Form {
    let mut form = progress_form(g, today);
    form.title = format!("Correct progress: “{}”", short(&g.client_words, 32));
    form.purpose = FormPurpose::EditProgress(p.id);
    let values = [
        ("value", number_text(Some(p.value))),
        ("date", p.date.to_string()),
        ("rated_by", p.rated_by.key().to_string()),
        ("note", p.note.clone().unwrap_or_default()),
    ];
    for f in &mut form.fields {
        if let Some((_, v)) = values.iter().find(|(k, _)| *k == f.key) {
            *f = f.clone().value(v);
        }
    }
    form.with_base()
}

pub fn progress_form(g: &Goal, today: Date) -> Form {
    let mut form = Form::new(
        format!("Progress: “{}”", short(&g.client_words, 40)),
        FormPurpose::RecordProgress(g.id),
        vec![
            Field::new("value", "Value", FieldKind::Number)
                .required()
                .placeholder("a number on the goal's measure"),
            Field::new("date", "Date", FieldKind::Date)
                .today_if_empty()
                .value(&today.to_string()),
            Field::new("rated_by", "Rated by", FieldKind::Choice(RATERS)),
            Field::new("note", "Note", FieldKind::Text).placeholder("optional"),
        ],
    );
    form.note = Some(progress_context(g));
    form
}

/// The five levels of a GAS scale, lowest first: form key and label.
const GAS_FIELDS: [(&str, &str); 5] = [
    ("much_less", "-2 much less"),
    ("less", "-1 less"),
    ("expected", " 0 expected"),
    ("more", "+1 more"),
    ("much_more", "+2 much more"),
];

/// Set (or set again, starting from `existing`) a goal's GAS scale: what
/// each level would look like, in the client's words, and the weight.
pub fn gas_scale_form(g: &Goal, existing: Option<&GasScale>) -> Form {
    let mut fields: Vec<Field> = GAS_FIELDS
        .iter()
        .enumerate()
        .map(|(i, (key, label))| {
            Field::new(key, label, FieldKind::Text)
                .required()
                .placeholder("in the client's words")
                .value(existing.map_or("", |s| s.levels[i].as_str()))
        })
        .collect();
    let weight = existing.map_or_else(|| "1".to_string(), |s| s.weight.to_string());
    fields.push(
        Field::new("weight", "Weight", FieldKind::Number)
            .required()
            .placeholder("above 0; 1 if all goals count alike")
            .value(&weight),
    );
    let mut form = Form::new(
        format!("GAS scale: “{}”", short(&g.client_words, 40)),
        FormPurpose::GasScale(g.id),
        fields,
    );
    form.note = Some(match existing {
        Some(_) => {
            "Saving keeps the earlier scale on record; past reviews keep their levels.".into()
        }
        None => "Each level: what it would look like, in the client's words.".into(),
    });
    form
}

/// A GAS weight above 0, or the problem beside the weight field (shown
/// with the form's other problems, not after them).
pub(super) fn gas_weight_ok(form: &mut Form) -> bool {
    match form.number("weight") {
        Some(w) if !(w.is_finite() && w > 0.0) => {
            form.fail("weight", "the weight must be a number above 0");
            false
        }
        _ => true,
    }
}

/// The levels and weight from a checked GAS scale form; `None` with the
/// problem beside its field.
pub(super) fn gas_scale_from_form(form: &mut Form) -> Option<([String; 5], f64)> {
    let levels = GAS_FIELDS.map(|(key, _)| form.text(key).unwrap_or_default());
    let weight = form.number("weight")?;
    let problems = check_scale(&levels, weight);
    for (i, why) in &problems {
        let key = GAS_FIELDS.get(*i).map_or("weight", |(k, _)| *k);
        form.fail(key, why.clone());
    }
    problems.is_empty().then_some((levels, weight))
}

pub fn step_form(goal_id: i64, existing: Option<&PlanStep>) -> Form {
    let s = existing;
    let (title, purpose) = match s {
        Some(s) => ("Edit plan step", FormPurpose::EditStep(s.id)),
        None => ("New plan step", FormPurpose::AddStep(goal_id)),
    };
    let mut fields = vec![
        Field::new("description", "What", FieldKind::Text)
            .required()
            .placeholder("the action, e.g. call the housing office")
            .value(s.map_or("", |s| &s.description)),
        Field::new("who", "Who", FieldKind::Choice(Who::KEYS))
            .value(s.map_or("client", |s| &s.who)),
        Field::new("who_detail", "Who exactly", FieldKind::Text)
            .placeholder("agency or person; needed for other")
            .value(s.and_then(|s| s.who_detail.as_deref()).unwrap_or("")),
        Field::new("due", "By when", FieldKind::Date)
            .placeholder("YYYY-MM-DD, +1w or +2w")
            .value(
                &s.and_then(|s| s.due)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
    ];
    if let Some(s) = s {
        fields.push(
            Field::new("done_on", "Done on", FieldKind::Date)
                .placeholder("empty while not done")
                .value(&s.done_on.map(|d| d.to_string()).unwrap_or_default()),
        );
        return Form::new(title, purpose, fields).with_base();
    }
    Form::new(title, purpose, fields)
}

pub fn referral_form(goal_id: i64, existing: Option<&Referral>) -> Form {
    let r = existing;
    let (title, purpose) = match r {
        Some(r) => ("Edit referral", FormPurpose::EditReferral(r.id)),
        None => ("New referral", FormPurpose::AddReferral(goal_id)),
    };
    let form = Form::new(
        title,
        purpose,
        vec![
            Field::new("agency", "Agency", FieldKind::Text)
                .required()
                .placeholder("who the client is referred to")
                .value(r.map_or("", |r| &r.agency)),
            Field::new("contact", "Contact", FieldKind::Text)
                .placeholder("name, phone, address")
                .value(r.and_then(|r| r.contact.as_deref()).unwrap_or("")),
            Field::new("status", "Status", FieldKind::Choice(ReferralStatus::KEYS))
                .value(r.map_or("suggested", |r| r.status.key())),
        ],
    );
    if r.is_some() { form.with_base() } else { form }
}

/// A target equal to the baseline leaves nothing to move toward (and no
/// way to show progress), so it is marked on the target field.
pub(super) fn baseline_differs_from_target(form: &mut Form) -> bool {
    let range_ok = match (form.number("range_min"), form.number("range_max")) {
        (Some(lo), Some(hi)) if lo > hi => {
            form.fail("range_max", "below the lowest likely value");
            false
        }
        _ => true,
    };
    match (form.number("baseline"), form.number("target")) {
        (Some(b), Some(t)) if b == t => {
            form.fail("target", "same as the baseline: nothing to move toward");
            false
        }
        _ => range_ok,
    }
}

/// A goal from a checked form.
pub(super) fn goal_from_form(form: &mut Form, client_id: i64, today: Date) -> Option<Goal> {
    let baseline = form.number("baseline");
    let target = form.number("target");
    if let (Some(b), Some(t)) = (baseline, target) {
        if b == t {
            form.fail("target", "same as the baseline: nothing to move toward");
            return None;
        }
    }
    Some(goal_fields(form, client_id, today))
}

/// What a goal form holds, unchecked (a base is read this way too).
pub fn goal_fields(form: &Form, client_id: i64, today: Date) -> Goal {
    Goal {
        id: 0,
        client_id,
        client_words: form.text("client_words").unwrap_or_default(),
        smart: form.text("smart"),
        measure: form.text("measure"),
        unit: form.text("unit"),
        baseline: form.number("baseline"),
        target: form.number("target"),
        due: form.date("due", today),
        status: form
            .text("status")
            .as_deref()
            .and_then(GoalStatus::from_key)
            .unwrap_or_default(),
        range_min: form.number("range_min"),
        range_max: form.number("range_max"),
        error: None,
        progress: Vec::new(),
    }
}

pub(super) fn progress_from_form(form: &mut Form, today: Date) -> Option<Progress> {
    let date = form.date("date", today).unwrap_or(today);
    if let Err(e) = crate::domain::dates::not_in_future(date, today) {
        form.fail("date", format!("{e}: record progress once it has happened"));
        return None;
    }
    Some(Progress {
        id: 0,
        date,
        value: form.number("value")?,
        rated_by: form
            .text("rated_by")
            .as_deref()
            .and_then(RatedBy::from_key)
            .unwrap_or(RatedBy::Client),
        note: form.text("note"),
        error: None,
        created_at: String::new(),
    })
}

pub(super) fn step_from_form(form: &mut Form, today: Date) -> Option<PlanStep> {
    let who = form.text("who").unwrap_or_else(|| "client".into());
    let who_detail = form.text("who_detail");
    if who == "other" && who_detail.is_none() {
        form.fail("who_detail", "name the agency or person who will do it");
        return None;
    }
    let done_on = form.date("done_on", today);
    if let Some(Err(e)) = done_on.map(|d| crate::domain::dates::not_in_future(d, today)) {
        form.fail("done_on", e);
        return None;
    }
    Some(step_fields(form, today))
}

/// What a step form holds, unchecked (a base is read this way too).
pub fn step_fields(form: &Form, today: Date) -> PlanStep {
    PlanStep {
        id: 0,
        goal_id: 0,
        description: form.text("description").unwrap_or_default(),
        who: form.text("who").unwrap_or_else(|| "client".into()),
        who_detail: form.text("who_detail"),
        due: form.date("due", today),
        done_on: form.date("done_on", today),
        error: None,
    }
}

pub(super) fn referral_from_form(form: &mut Form, today: Date) -> Option<Referral> {
    form.text("agency")?;
    Some(referral_fields(form, today))
}

/// What a referral form holds, unchecked (a base is read this way too).
pub fn referral_fields(form: &Form, today: Date) -> Referral {
    Referral {
        id: 0,
        client_id: 0,
        goal_id: None,
        agency: form.text("agency").unwrap_or_default(),
        contact: form.text("contact"),
        status: form
            .text("status")
            .as_deref()
            .and_then(ReferralStatus::from_key)
            .unwrap_or_default(),
        created_on: today,
        error: None,
    }
}
