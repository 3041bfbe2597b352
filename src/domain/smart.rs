//! The SMART check: which of Specific, Measurable, Achievable, Relevant and
//! Time-bound a goal does not yet show. It is advice for the worker, never a
//! reason to refuse a goal: an early goal may be only the client's words.

use super::Date;

/// The parts of a goal the check looks at, borrowed from a goal or a form.
#[derive(Debug, Clone, Copy, Default)]
pub struct SmartInput<'a> {
    pub client_words: &'a str,
    pub smart: Option<&'a str>,
    pub measure: Option<&'a str>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub due: Option<Date>,
}

/// One missing letter and the plain reason for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmartGap {
    pub letter: char,
    pub why: &'static str,
}

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// What is missing, in S-M-A-R-T order. A letter may appear more than once
/// when there is more than one reason for it.
pub fn smart_gaps(g: &SmartInput<'_>) -> Vec<SmartGap> {
    let mut gaps = Vec::new();
    let mut miss = |letter, why| gaps.push(SmartGap { letter, why });
    if blank(g.smart) {
        miss('S', "no SMART statement");
    }
    if blank(g.measure) {
        miss('M', "no measure");
    }
    if g.target.is_none() {
        // Without a target nothing can be measured against, nor judged reachable.
        miss('M', "no target");
    }
    if g.baseline.is_none() {
        miss('A', "no baseline to judge the step from");
    } else if g.target.is_none() {
        miss('A', "no target to judge as reachable");
    }
    if g.client_words.trim().is_empty() {
        // Relevance comes from the client: the goal is theirs, in their words.
        miss('R', "not in the client's own words");
    }
    if g.due.is_none() {
        miss('T', "no date");
    }
    gaps
}

/// The missing letters, each once, e.g. `"M A T"`.
pub fn missing_letters(gaps: &[SmartGap]) -> String {
    let mut letters: Vec<char> = Vec::new();
    for g in gaps {
        if !letters.contains(&g.letter) {
            letters.push(g.letter);
        }
    }
    letters
        .iter()
        .map(char::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One line for a form or the goal detail: all covered, or what is missing and why.
pub fn hint(gaps: &[SmartGap]) -> String {
    if gaps.is_empty() {
        return "SMART: all five covered".to_string();
    }
    let whys: Vec<&str> = gaps.iter().map(|g| g.why).collect();
    format!(
        "SMART: missing {} ({})",
        missing_letters(gaps),
        whys.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> SmartInput<'static> {
        SmartInput {
            client_words: "Sleep through the night",
            smart: Some("Six hours sleep on five nights a week by March"),
            measure: Some("nights with 6h+ sleep"),
            baseline: Some(1.0),
            target: Some(5.0),
            due: "2027-03-31".parse().ok(),
        }
    }

    fn letters(i: SmartInput<'_>) -> String {
        missing_letters(&smart_gaps(&i))
    }

    #[test]
    fn a_complete_goal_misses_nothing() {
        assert!(smart_gaps(&full()).is_empty());
        assert_eq!(hint(&[]), "SMART: all five covered");
    }

    #[test]
    fn each_gap_names_its_letter() {
        assert_eq!(
            letters(SmartInput {
                measure: None,
                ..full()
            }),
            "M"
        );
        assert_eq!(
            letters(SmartInput {
                measure: Some("  "),
                ..full()
            }),
            "M"
        );
        assert_eq!(
            letters(SmartInput {
                target: None,
                ..full()
            }),
            "M A"
        );
        assert_eq!(
            letters(SmartInput {
                baseline: None,
                ..full()
            }),
            "A"
        );
        assert_eq!(
            letters(SmartInput {
                due: None,
                ..full()
            }),
            "T"
        );
        assert_eq!(
            letters(SmartInput {
                smart: None,
                ..full()
            }),
            "S"
        );
        assert_eq!(
            letters(SmartInput {
                client_words: " ",
                ..full()
            }),
            "R"
        );
    }

    #[test]
    fn only_the_clients_words_misses_all_but_relevance() {
        let bare = SmartInput {
            client_words: "See my friends again",
            ..SmartInput::default()
        };
        let gaps = smart_gaps(&bare);
        assert_eq!(missing_letters(&gaps), "S M A T");
        let h = hint(&gaps);
        assert!(h.starts_with("SMART: missing S M A T ("), "{h}");
        assert!(h.contains("no measure; no target"), "{h}");
    }
}
