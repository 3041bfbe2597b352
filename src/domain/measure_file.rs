//! Reading a measure's data file (`data/measures/*.toml` or the agency's
//! own in `<config dir>/measures/`). Every problem names the file and the
//! line: a broken file is refused whole, never half-used.

use super::measure::{Band, Choice, Instrument, Item, ItemFlag};
use super::vocabulary::{MAX_KEY_LEN, valid_key};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstrument {
    key: String,
    name: String,
    title: Option<String>,
    copyright: Option<String>,
    stem: Option<String>,
    cutoff: Option<u32>,
    reliable_change: Option<u32>,
    /// The options of every item that lists none of its own.
    #[serde(default)]
    options: Vec<RawChoice>,
    items: Vec<RawItem>,
    bands: Vec<RawBand>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    score: u8,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    text: String,
    #[serde(default = "yes")]
    scored: bool,
    #[serde(default)]
    optional: bool,
    options: Option<Vec<RawChoice>>,
    flag: Option<RawFlag>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlag {
    from: u8,
    says: String,
    /// Only a safety flag offers crisis and the safety plan. Left out, it
    /// is what the shipped measure with the same key has on that item.
    safety: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    from: u32,
    to: u32,
    label: String,
}

/// The line of the `n`th (0-based) occurrence of `needle` at a line's
/// start, or of the first line holding `key =` when there is none; 1 if
/// neither is found.
fn nth_line(text: &str, needle: &str, n: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with(needle))
        .nth(n)
        .map_or(1, |(i, _)| i + 1)
}

fn choices(raw: &[RawChoice]) -> Vec<Choice> {
    raw.iter()
        .map(|c| Choice {
            score: c.score,
            label: c.label.clone(),
        })
        .collect()
}

/// The first text of the file holding a control character, if any.
fn control_text(raw: &RawInstrument) -> Option<String> {
    let bad = |s: &str| s.chars().any(crate::clean_text::is_control);
    let mut texts: Vec<&str> = vec![&raw.name];
    texts.extend(raw.title.as_deref());
    texts.extend(raw.copyright.as_deref());
    texts.extend(raw.stem.as_deref());
    texts.extend(raw.options.iter().map(|c| c.label.as_str()));
    for it in &raw.items {
        texts.push(&it.text);
        texts.extend(it.options.iter().flatten().map(|c| c.label.as_str()));
        texts.extend(it.flag.as_ref().map(|f| f.says.as_str()));
    }
    texts.extend(raw.bands.iter().map(|b| b.label.as_str()));
    texts.into_iter().find(|s| bad(s)).map(str::to_string)
}

/// Parse one measure file. Errors start with `origin:line:`.
pub fn parse(text: &str, origin: &Path) -> Result<Instrument, String> {
    parse_over(text, origin, &[])
}

/// `parse` for a file that may replace one of `shipped`: a flag whose
/// `safety` is left out is about safety if the shipped measure's flag on
/// the same item is. An agency's copy of PHQ-9 made before `safety`
/// existed keeps item 9's crisis offer; `safety = false` still says no.
pub fn parse_over(text: &str, origin: &Path, shipped: &[Instrument]) -> Result<Instrument, String> {
    let raw: RawInstrument = crate::tomlfile::parse(text, origin)?;
    let replaced = shipped.iter().find(|i| i.key == raw.key);
    let shipped_safety = |n: usize| {
        replaced
            .and_then(|i| i.items.get(n))
            .and_then(|item| item.flag.as_ref())
            .is_some_and(|f| f.safety)
    };
    let at = |line: usize, msg: String| format!("{}:{line}: {msg}", origin.display());
    if !valid_key(&raw.key) {
        return Err(at(
            nth_line(text, "key", 0),
            format!(
                "measure key {:?}: use 1 to {MAX_KEY_LEN} lower-case letters, digits or _",
                raw.key
            ),
        ));
    }
    if raw.name.trim().is_empty() {
        return Err(at(
            nth_line(text, "name", 0),
            "the measure needs a name".into(),
        ));
    }
    if raw.items.is_empty() {
        return Err(at(1, "the measure has no [[items]]".into()));
    }
    let mut items = Vec::with_capacity(raw.items.len());
    let mut seen_optional = false;
    for (n, it) in raw.items.iter().enumerate() {
        let line = nth_line(text, "[[items]]", n);
        let item_at = |msg: &str| at(line, format!("item {}: {msg}", n + 1));
        if it.text.trim().is_empty() {
            return Err(item_at("needs a text"));
        }
        let opts = choices(it.options.as_deref().unwrap_or(&raw.options));
        if opts.len() < 2 {
            return Err(item_at(
                "needs at least two options (its own, or the measure's `options`)",
            ));
        }
        if opts.iter().any(|c| c.score > 9) {
            return Err(item_at("scores run from 0 to 9 (one key answers an item)"));
        }
        for (i, c) in opts.iter().enumerate() {
            if opts[..i].iter().any(|o| o.score == c.score) {
                return Err(item_at(&format!("two options score {}", c.score)));
            }
            if c.label.trim().is_empty() {
                return Err(item_at(&format!(
                    "the option scoring {} needs a label",
                    c.score
                )));
            }
        }
        if it.optional && it.scored {
            return Err(item_at(
                "only an unscored item may be optional (the total must mean the same every time)",
            ));
        }
        if seen_optional && !it.optional {
            return Err(item_at("optional items come last"));
        }
        seen_optional |= it.optional;
        let flag = match &it.flag {
            Some(f) if f.says.trim().is_empty() => return Err(item_at("the flag needs `says`")),
            Some(f) if !opts.iter().any(|c| c.score >= f.from) => {
                return Err(item_at(&format!("no answer reaches the flag's {}", f.from)));
            }
            Some(f) => Some(ItemFlag {
                from: f.from,
                says: f.says.clone(),
                safety: f.safety.unwrap_or_else(|| shipped_safety(n)),
            }),
            None => None,
        };
        // Saved scores keep what their flags say: one wording, one flag.
        if let Some(f) = &flag {
            let twice = items
                .iter()
                .filter_map(|i: &Item| i.flag.as_ref())
                .any(|o| o.says == f.says);
            if twice {
                return Err(item_at(&format!(
                    "another item's flag already says {:?}",
                    f.says
                )));
            }
        }
        items.push(Item {
            text: it.text.trim().to_string(),
            choices: opts,
            scored: it.scored,
            optional: it.optional,
            flag,
        });
    }
    // Text goes to the terminal as it is: a control character (a TOML
    // "\u001b") could act on the terminal instead of showing.
    if let Some(word) = control_text(&raw) {
        return Err(at(
            nth_line(text, "key", 0),
            format!("{word:?} holds a control character"),
        ));
    }
    let mut inst = Instrument {
        key: raw.key,
        name: raw.name.trim().to_string(),
        title: raw.title.unwrap_or_default(),
        copyright: raw.copyright.unwrap_or_default(),
        stem: raw.stem.unwrap_or_default(),
        items,
        bands: Vec::new(),
        cutoff: raw.cutoff,
        reliable_change: raw.reliable_change,
    };
    let max = inst.max_total();
    let mut next = 0;
    for (n, b) in raw.bands.iter().enumerate() {
        let line = nth_line(text, "[[bands]]", n);
        if b.from != next || b.to < b.from {
            return Err(at(
                line,
                format!(
                    "band {:?} runs {} to {}; bands run in order from 0 without gaps or overlaps, so this one starts at {next}",
                    b.label, b.from, b.to
                ),
            ));
        }
        if b.label.trim().is_empty() {
            return Err(at(line, "a band needs a label".into()));
        }
        next = b.to + 1;
        inst.bands.push(Band {
            from: b.from,
            to: b.to,
            label: b.label.trim().to_string(),
        });
    }
    if next != max + 1 {
        let line = nth_line(text, "[[bands]]", raw.bands.len().saturating_sub(1));
        return Err(at(
            line,
            format!("the bands must end at {max}, the highest total the items allow"),
        ));
    }
    if let Some(c) = inst.cutoff.filter(|c| *c > max) {
        return Err(at(
            nth_line(text, "cutoff", 0),
            format!("cutoff {c} is above the highest total, {max}"),
        ));
    }
    if let Some(r) = inst.reliable_change.filter(|r| *r == 0 || *r > max) {
        return Err(at(
            nth_line(text, "reliable_change", 0),
            format!("reliable_change {r} must be between 1 and {max}"),
        ));
    }
    Ok(inst)
}
