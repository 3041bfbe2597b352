//! Privacy mode: names on screen become initials. Every name the UI shows
//! goes through here, so there is one place that decides.

use crate::app::App;
use crate::app::form::Form;
use crate::app::overlay::Confirm;
use std::borrow::Cow;

/// Start and end of a name inside a message (Unicode's first-strong and
/// pop-directional isolates: the marks meant for embedding names in text).
/// The app wraps names in messages with `crate::app::name_tag`.
pub const NAME_START: char = '\u{2068}';
pub const NAME_END: char = '\u{2069}';

/// "Rosa Kowalczyk" → "R.K."; "Jean-Luc" → "J.-L.".
pub fn initials(name: &str) -> String {
    let mut out = String::new();
    for word in name.split_whitespace() {
        for (i, part) in word.split('-').enumerate() {
            if let Some(c) = part.chars().next() {
                if i > 0 {
                    out.push('-');
                }
                out.extend(c.to_uppercase());
                out.push('.');
            }
        }
    }
    if out.is_empty() { "?".into() } else { out }
}

/// A client's name as it may be shown now.
pub fn name<'a>(app: &App, name: &'a str) -> Cow<'a, str> {
    if app.privacy {
        Cow::Owned(initials(name))
    } else {
        Cow::Borrowed(name)
    }
}

/// Free text that may contain names (status lines, questions, titles).
/// Tagged names are always unwrapped and, in privacy mode, shortened; in
/// privacy mode any loaded client's full name is shortened too, so messages
/// from anywhere in the program are covered.
pub fn text<'a>(app: &App, s: &'a str) -> Cow<'a, str> {
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
        let names: Vec<&str> = app.roster.iter().map(|c| c.name.as_str()).collect();
        out = shorten_names(out, &names);
    }
    Cow::Owned(out)
}

/// Every full name from `names` that stands as whole words in `s` replaced
/// by its initials: "Bo" is shortened in "Bo's plan" but not in "Both".
/// A word character is anything alphanumeric (Unicode), so "Zoë" is not
/// found in "Zoëlle". The longest name wins where names overlap.
fn shorten_names(s: String, names: &[&str]) -> String {
    let mut names: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| n.chars().count() > 1 && s.contains(n))
        .collect();
    if names.is_empty() {
        return s;
    }
    names.sort_by_key(|n| (std::cmp::Reverse(n.len()), *n));
    names.dedup();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut out = String::with_capacity(s.len());
    let mut prev = None;
    let mut rest = s.as_str();
    'scan: while let Some(c) = rest.chars().next() {
        if !word(prev) {
            for n in &names {
                if let Some(after) = rest.strip_prefix(n) {
                    if !word(after.chars().next()) {
                        out.push_str(&initials(n));
                        prev = n.chars().next_back();
                        rest = after;
                        continue 'scan;
                    }
                }
            }
        }
        out.push(c);
        prev = Some(c);
        rest = &rest[c.len_utf8()..];
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

/// A form's title may name the client; what is typed into fields is shown
/// as typed (the worker opened the form to work on it).
pub fn form<'a>(app: &App, f: &'a Form) -> Cow<'a, Form> {
    match text(app, &f.title) {
        Cow::Borrowed(_) => Cow::Borrowed(f),
        Cow::Owned(t) => {
            let mut f = f.clone();
            f.title = t;
            Cow::Owned(f)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_various_names() {
        assert_eq!(initials("Rosa Kowalczyk"), "R.K.");
        assert_eq!(initials("  zoë  ana-maría  "), "Z.A.-M.");
        assert_eq!(initials("Jean-Luc"), "J.-L.");
        assert_eq!(initials(""), "?");
    }

    #[test]
    fn names_are_shortened_as_whole_words_only() {
        let names = ["Bo", "Rosa Kowalczyk", "Zoë"];
        let shorten = |s: &str| shorten_names(s.to_string(), &names);
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
}
