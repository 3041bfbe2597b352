//! Privacy mode: names on screen become initials. Every name the UI shows
//! goes through here, so there is one place that decides.

use crate::app::App;
use crate::app::form::{FieldKind, Form};
use crate::app::input::LineInput;
use crate::app::overlay::Confirm;
use std::borrow::Cow;

/// Start and end of a name inside a message (Unicode's first-strong and
/// pop-directional isolates: the marks meant for embedding names in text).
/// The app wraps names in messages with `crate::app::name_tag`.
pub const NAME_START: char = '\u{2068}';
pub const NAME_END: char = '\u{2069}';

pub use crate::redact::{initials, name_words, redact};

/// A client's name as it may be shown now.
pub fn name<'a>(app: &App, name: &'a str) -> Cow<'a, str> {
    if app.privacy {
        Cow::Owned(initials(name))
    } else {
        Cow::Borrowed(name)
    }
}

/// Free text that may contain names (status lines, questions, titles,
/// note text, plans). Tagged names are always unwrapped and, in privacy
/// mode, shortened; in privacy mode phone numbers and e-mail addresses are
/// replaced, any loaded client's full name is shortened, and so is each of
/// the selected client's names and the names in their safety plan, as whole
/// words in any case ("Rosa", "ROSA'S"), so text from anywhere is covered.
pub fn text<'a>(app: &App, s: &'a str) -> Cow<'a, str> {
    about(app, s, None)
}

/// Like [`text`], for text about the client called `client` (a search hit
/// of another client than the selected one): their names are hidden too.
pub fn text_about<'a>(app: &App, s: &'a str, client: &str) -> Cow<'a, str> {
    about(app, s, Some(client))
}

fn about<'a>(app: &App, s: &'a str, client: Option<&str>) -> Cow<'a, str> {
    let tagged = s.contains(NAME_START);
    if !tagged && !app.privacy {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find(NAME_START) {
        out.push_str(&rest[..start]);
        let after = &rest[start + NAME_START.len_utf8()..];
        let end = after.find(NAME_END).unwrap_or(after.len());
        rest = after.get(end + NAME_END.len_utf8()..).unwrap_or("");
        let shown = name(app, &after[..end]);
        // "Archived R.K.." reads badly: let the sentence's full stop do.
        match shown.strip_suffix('.') {
            Some(short) if rest.starts_with('.') => out.push_str(short),
            _ => out.push_str(&shown),
        }
    }
    out.push_str(rest);
    if app.privacy {
        let own = own_names(app, client);
        let mut names = app.roster_names.candidates(&out);
        names.extend(own.iter().map(String::as_str));
        out = redact(&out, &names);
    }
    Cow::Owned(out)
}

/// The names hidden word by word: the selected client's (and `client`'s),
/// full and preferred, and the people their safety plan lists. Other
/// clients' full names are hidden, but not each of their first names on its
/// own: across a caseload those are too many common words (Will, May, Hope).
fn own_names(app: &App, client: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(d) = &app.detail {
        out.extend(name_words(&d.client.name));
        if let Some(p) = &d.client.preferred_name {
            out.extend(name_words(p));
        }
        if let Some(plan) = &d.safety_plan {
            out.extend(plan_people(plan));
        }
    }
    if let Some(c) = client {
        out.extend(name_words(c));
    }
    out
}

/// Words in a safety plan's people and professionals that look like names:
/// capitalised ("Maria", "Dr Okafor" → "Okafor"), not all capitals ("GP"),
/// and not one of the words that start an item or name a day, a month or a
/// kind of place. A guess, erring towards hiding: a place such as "Mill
/// Street" loses "Mill" too.
pub fn plan_people(plan: &crate::domain::safety::SafetyPlan) -> Vec<String> {
    const NOT_NAMES: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mondays",
        "tuesdays",
        "wednesdays",
        "thursdays",
        "fridays",
        "saturdays",
        "sundays",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "dr",
        "mr",
        "mrs",
        "ms",
        "mx",
        "prof",
        "rev",
        "the",
        "my",
        "a",
        "an",
        "and",
        "or",
        "at",
        "in",
        "on",
        "to",
        "if",
        "call",
        "text",
        "ring",
        "phone",
        "email",
        "street",
        "road",
        "lane",
        "centre",
        "center",
        "team",
        "service",
        "services",
        "surgery",
        "hospital",
        "clinic",
        "group",
        "library",
        "church",
        "school",
        "office",
        "crisis",
        "emergency",
        "helpline",
        "line",
    ];
    let mut out = Vec::new();
    for text in [&plan.supports, &plan.professionals] {
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'')) {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            let mut chars = word.chars();
            let capital = chars.next().is_some_and(char::is_uppercase);
            if capital
                && chars.any(char::is_lowercase)
                && !NOT_NAMES.contains(&word.to_lowercase().as_str())
            {
                out.extend(name_words(word));
            }
        }
    }
    out
}

pub fn confirm<'a>(app: &App, c: &'a Confirm) -> Cow<'a, Confirm> {
    match text(app, &c.question) {
        Cow::Borrowed(_) => Cow::Borrowed(c),
        Cow::Owned(q) => Cow::Owned(Confirm {
            question: q,
            ..c.clone()
        }),
    }
}

/// A form's title may name the client. In privacy mode the fields hold
/// client details too (a contact number, an address): every field but the
/// one being typed into is shown as [`text`] shows text; the focused one
/// is shown as typed, or it could not be edited.
pub fn form<'a>(app: &App, f: &'a Form) -> Cow<'a, Form> {
    let title = text(app, &f.title);
    if !app.privacy {
        return match title {
            Cow::Borrowed(_) => Cow::Borrowed(f),
            Cow::Owned(t) => Cow::Owned(Form {
                title: t,
                ..f.clone()
            }),
        };
    }
    let mut f = f.clone();
    f.title = title.into_owned();
    let focus = f.focus;
    for (i, field) in f.fields.iter_mut().enumerate() {
        if i == focus || matches!(field.kind, FieldKind::Choice(_)) {
            continue;
        }
        if let Cow::Owned(shown) = text(app, field.input.text()) {
            field.input = LineInput::new(&shown);
        }
    }
    Cow::Owned(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_shortened_as_whole_words_only() {
        let names = ["Bo", "Rosa Kowalczyk", "Zoë"];
        let shorten = |s: &str| redact(s, &names);
        assert_eq!(shorten("Both parents attended"), "Both parents attended");
        assert_eq!(shorten("Bo's parents attended"), "B.'s parents attended");
        assert_eq!(shorten("Called Bo."), "Called B..");
        assert_eq!(
            shorten("(Bo) and Bob, Jumbo, Bo-Bo"),
            "(B.) and Bob, Jumbo, B.-B."
        );
        assert_eq!(shorten("Rosa Kowalczyk's plan"), "R.K.'s plan");
        assert_eq!(shorten("Rosa Kowalczykowa"), "Rosa Kowalczykowa");
        // Unicode letters are word characters too.
        assert_eq!(shorten("Zoë met Zoëlle and Bø"), "Z. met Zoëlle and Bø");
        assert_eq!(shorten("éBo Boé Bo"), "éBo Boé B.");
        assert_eq!(shorten("Bo"), "B.");
    }

    #[test]
    fn people_in_a_safety_plan() {
        let plan = crate::domain::safety::SafetyPlan {
            supports: "my sister Maria (evenings) 07700 900123; Thursday drop-in at \
                       the Mill Street centre; Jean-Luc"
                .into(),
            professionals: "Dr Okafor, GP; crisis team 0800 123 456; O'Neill".into(),
            ..Default::default()
        };
        let people = plan_people(&plan);
        for name in [
            "Maria", "Okafor", "Jean-Luc", "Jean", "Luc", "O'Neill", "Mill",
        ] {
            assert!(people.iter().any(|p| p == name), "{name}: {people:?}");
        }
        for word in ["Thursday", "Dr", "GP", "Street", "my", "crisis"] {
            assert!(!people.iter().any(|p| p == word), "{word}: {people:?}");
        }
    }
}
