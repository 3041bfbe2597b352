//! The layers stay apart, checked on the source text itself:
//!
//! - `store` and `domain` know nothing of the terminal: no `ratatui`, no
//!   `crossterm`, not even in a path or a string.
//! - `ui` draws what it is given and never reaches the database: it names no
//!   `rusqlite`, no `Store`, no `.store`/`.conn()`, and of `crate::store` it
//!   names only the plain data listed in [`UI_MAY_NAME_FROM_STORE`].
//!
//! Comments are ignored, so prose may mention anything.

use std::fs;
use std::path::{Path, PathBuf};

/// What `ui` may name from `crate::store`, each a plain value or a pure
/// function on text: nothing here holds or opens a connection. Adding to
/// this list is a decision, not a formality.
const UI_MAY_NAME_FROM_STORE: &[(&str, &str)] = &[
    (
        "ClientDetail",
        "struct of plain fields: what the panes show for a client",
    ),
    ("followups::Followup", "struct of plain fields"),
    ("stages::StageVisit", "struct of plain fields"),
    (
        "search::snippet_parts",
        "pure: splits a stored snippet at its match marks",
    ),
];

/// One `.rs` file as (path relative to the crate, its code without comments).
fn sources(dir: &str) -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("src").join(dir), &mut files);
    files.sort();
    assert!(!files.is_empty(), "no sources under src/{dir}");
    files
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap();
            let rel = p.strip_prefix(root).unwrap().display().to_string();
            (rel, strip_comments(&text))
        })
        .collect()
}

/// The text with `//` and (nested) `/* */` comments blanked out; strings,
/// raw strings and char literals are kept and not mistaken for comments.
/// Newlines are kept so line numbers still match the file.
fn strip_comments(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        match c[i] {
            '/' if next == Some('/') => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                let mut depth = 0;
                while i < c.len() {
                    if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 2;
                    } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if c[i] == '\n' {
                            out.push('\n');
                        }
                        i += 1;
                    }
                }
            }
            'r' if (next == Some('"') || next == Some('#'))
                && (i == 0 || !is_ident(c[i - 1]) || c[i - 1] == 'b') =>
            {
                // r"..." or r#"..."#: ends at a quote followed by as many #.
                let start = i;
                i += 1;
                let mut hashes = 0;
                while c.get(i) == Some(&'#') {
                    hashes += 1;
                    i += 1;
                }
                if c.get(i) != Some(&'"') {
                    // `r#ident` (a raw identifier), not a string.
                    out.extend(&c[start..i]);
                    continue;
                }
                i += 1;
                while i < c.len() {
                    if c[i] == '"' && (1..=hashes).all(|k| c.get(i + k) == Some(&'#')) {
                        i += 1 + hashes;
                        break;
                    }
                    i += 1;
                }
                out.extend(&c[start..i.min(c.len())]);
            }
            '"' => {
                let start = i;
                i += 1;
                while i < c.len() && c[i] != '"' {
                    i += if c[i] == '\\' { 2 } else { 1 };
                }
                i = (i + 1).min(c.len());
                out.extend(&c[start..i]);
            }
            '\'' => {
                // A char literal ('x', '\n', '\u{1F600}') or a lifetime ('a).
                let close = if next == Some('\\') {
                    (i + 3..c.len()).find(|&k| c[k] == '\'')
                } else if c.get(i + 2) == Some(&'\'') {
                    Some(i + 2)
                } else {
                    None
                };
                let end = close.map_or(i + 1, |k| k + 1);
                out.extend(&c[i..end]);
                i = end;
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

fn is_ident(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// Byte offsets where `word` occurs with no identifier character either side.
fn word_at(code: &str, word: &str) -> Vec<usize> {
    code.match_indices(word)
        .filter(|&(at, _)| {
            let before = code[..at].chars().next_back();
            let after = code[at + word.len()..].chars().next();
            !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
        })
        .map(|(at, _)| at)
        .collect()
}

fn line_of(code: &str, at: usize) -> usize {
    code[..at].matches('\n').count() + 1
}

/// The paths named after `crate::store::` at `rest`: `a::B`, or each item of
/// a `{...}` group (nested groups flattened), without `as` renames.
fn store_paths(rest: &str) -> Vec<String> {
    fn group(s: &str, prefix: &str, out: &mut Vec<String>) -> usize {
        // `s` starts just after `{`; returns the length consumed up to `}`.
        let mut i = 0;
        let mut item = String::new();
        let b = s.as_bytes();
        while i < b.len() {
            match b[i] {
                b'{' => {
                    i += 1 + group(&s[i + 1..], &format!("{prefix}{}", item.trim()), out);
                    item.clear();
                }
                b'}' | b',' => {
                    push_item(prefix, &item, out);
                    item.clear();
                    i += 1;
                    if b[i - 1] == b'}' {
                        return i;
                    }
                }
                _ => {
                    let ch = s[i..].chars().next().unwrap_or(' ');
                    item.push(ch);
                    i += ch.len_utf8();
                }
            }
        }
        i
    }
    fn push_item(prefix: &str, item: &str, out: &mut Vec<String>) {
        let name = item.split(" as ").next().unwrap_or("").trim();
        if name.is_empty() {
            return;
        }
        let full = format!("{prefix}{name}");
        out.push(full.strip_suffix("::self").unwrap_or(&full).to_string());
    }
    let mut out = Vec::new();
    if let Some(inner) = rest.strip_prefix('{') {
        group(inner, "", &mut out);
    } else {
        let path: String = rest
            .chars()
            .take_while(|&ch| is_ident(ch) || ch == ':')
            .collect();
        out.push(path.trim_end_matches(':').to_string());
    }
    out
}

/// What breaks the rules, as `file:line: why`, for one layer's files.
fn terminal_in(files: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (file, code) in files {
        for word in ["ratatui", "crossterm"] {
            for at in word_at(code, word) {
                found.push(format!("{file}:{}: names {word}", line_of(code, at)));
            }
        }
    }
    found
}

fn database_in(files: &[(String, String)]) -> Vec<String> {
    let allowed: Vec<&str> = UI_MAY_NAME_FROM_STORE.iter().map(|(p, _)| *p).collect();
    let mut found = Vec::new();
    for (file, code) in files {
        let mut bad = |at: usize, why: String| {
            found.push(format!("{file}:{}: {why}", line_of(code, at)));
        };
        for word in ["rusqlite", "Store", "Connection"] {
            for at in word_at(code, word) {
                bad(at, format!("names {word}"));
            }
        }
        for at in word_at(code, "store")
            .into_iter()
            .chain(word_at(code, "conn"))
        {
            let before = code[..at].chars().next_back();
            let path = code[at..].strip_prefix("store::");
            if before == Some('.') {
                bad(
                    at,
                    "reaches into the store through a field or method".into(),
                );
            } else if let Some(path) = path {
                if !code[..at].ends_with("crate::") {
                    bad(
                        at,
                        "names the store module other than as crate::store".into(),
                    );
                    continue;
                }
                for item in store_paths(path) {
                    if !allowed.contains(&item.as_str()) {
                        bad(
                            at,
                            format!("names crate::store::{item}, not a listed plain item"),
                        );
                    }
                }
            }
        }
    }
    found
}

#[test]
fn store_and_domain_know_nothing_of_the_terminal() {
    let mut files = sources("store");
    files.extend(sources("domain"));
    let found = terminal_in(&files);
    assert!(
        found.is_empty(),
        "terminal types below the ui:\n{}",
        found.join("\n")
    );
}

#[test]
fn ui_does_not_reach_the_database() {
    let found = database_in(&sources("ui"));
    assert!(
        found.is_empty(),
        "the ui reaches the database:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_listed_store_item_exists_and_is_used_by_the_ui() {
    // A stale entry would quietly allow something else by that name later.
    let ui: String = sources("ui").into_iter().map(|(_, c)| c).collect();
    for (path, _) in UI_MAY_NAME_FROM_STORE {
        let name = path.rsplit("::").next().unwrap();
        assert!(
            !word_at(&ui, name).is_empty(),
            "{path} is listed but the ui does not use it"
        );
    }
}

// The checks themselves, on lines that break the rules.

#[test]
fn comments_are_ignored_but_code_strings_and_lifetimes_are_not_lost() {
    let code = strip_comments(
        "let a = '\"'; let q = '\\''; // ratatui\nfn f<'a>(x: &'a str) /* crossterm /* nested */ */ {}\nlet s = r#\"// kept\"#;",
    );
    assert!(
        !code.contains("ratatui") && !code.contains("crossterm"),
        "{code}"
    );
    assert!(code.contains("let a = '\"'; let q = '\\'';"), "{code}");
    assert!(code.contains("fn f<'a>(x: &'a str)"), "{code}");
    assert!(code.contains("r#\"// kept\"#"), "{code}");
    assert_eq!(code.lines().count(), 3);
}

#[test]
fn terminal_names_below_the_ui_are_caught() {
    let files = |code: &str| vec![("src/domain/x.rs".to_string(), strip_comments(code))];
    assert_eq!(terminal_in(&files("use ratatui::style::Color;")).len(), 1);
    assert_eq!(
        terminal_in(&files("fn f(k: crossterm::event::KeyEvent) {}")).len(),
        1
    );
    assert!(terminal_in(&files("// like ratatui does\nlet my_ratatui_ish = 1;")).is_empty());
}

#[test]
fn database_access_from_the_ui_is_caught() {
    let check = |code: &str| database_in(&[("src/ui/x.rs".to_string(), strip_comments(code))]);
    for bad in [
        "use rusqlite::Connection;",
        "use crate::store::Store;",
        "let d = app.store.client_detail(id);",
        "let n = app.store().notes(id);",
        "let c = app.conn();",
        "use crate::store::{ClientDetail, notes::save};",
        "use crate::store::{followups::{Followup, add}};",
        "let v = crate::store::clients::list(conn);",
        "use super::super::store::ClientDetail;",
    ] {
        assert!(!check(bad).is_empty(), "not caught: {bad}");
    }
    for fine in [
        "use crate::store::ClientDetail;",
        "use crate::store::{ClientDetail, followups::Followup as F};",
        "use crate::store::stages::StageVisit;",
        "let parts = crate::store::search::snippet_parts(s);",
        "// the store keeps app.store.path()",
        "let restore = 1; let stored = 2;",
    ] {
        assert!(
            check(fine).is_empty(),
            "wrongly caught: {fine}: {:?}",
            check(fine)
        );
    }
}
