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
        let mut names: Vec<&str> = app.roster.iter().map(|c| c.name.as_str()).collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        for n in names {
            if n.chars().count() > 1 && out.contains(n) {
                out = out.replace(n, &initials(n));
            }
        }
    }
    Cow::Owned(out)
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
}
