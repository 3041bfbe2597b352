//! The loaded clients' full names, found by their first word. Privacy mode
//! hides every loaded client's full name wherever it appears in text; asking
//! each name of a large caseload whether it is in each line drawn would cost
//! every frame time in proportion to the caseload. Built once when the
//! caseload is loaded, it gives a line only the names that could be in it.

use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct NameIndex {
    by_first_word: HashMap<String, Vec<String>>,
}

/// Lower-case words, split where a name's words split too (a name is only
/// found as whole words, so its first word is one of these).
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

impl NameIndex {
    pub fn of<'a>(names: impl IntoIterator<Item = &'a str>) -> NameIndex {
        let mut by_first_word: HashMap<String, Vec<String>> = HashMap::new();
        for name in names {
            if let Some(first) = words(name).next() {
                by_first_word
                    .entry(first)
                    .or_default()
                    .push(name.to_string());
            }
        }
        NameIndex { by_first_word }
    }

    /// The full names whose first word is a word of `text`: a superset of
    /// those `text` holds, to be matched exactly by the caller.
    pub fn candidates<'a>(&'a self, text: &str) -> Vec<&'a str> {
        let mut out: Vec<&str> = words(text)
            .filter_map(|w| self.by_first_word.get(&w))
            .flatten()
            .map(String::as_str)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_gets_only_the_names_that_could_be_in_it() {
        let index = NameIndex::of(["Rosa Kim", "Rosa Lee", "Ann Bell", "O'Brien Day"]);
        assert_eq!(
            index.candidates("Called ROSA's mother."),
            vec!["Rosa Kim", "Rosa Lee"]
        );
        assert_eq!(index.candidates("Annual review"), Vec::<&str>::new());
        assert_eq!(index.candidates("Met o'brien"), vec!["O'Brien Day"]);
        assert!(index.candidates("").is_empty());
    }
}
