//! Standard measures (PHQ-9, GAD-7, an agency's own): what an instrument
//! is and how it is scored. The instruments themselves are data files
//! (`data/measures/*.toml`, see [`super::measure_file`]); nothing here names
//! one. Scoring follows each file exactly: the sum of the scored items, the
//! band the total falls in, and the flags some answers raise.

/// One answer option: what it scores and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub score: u8,
    pub label: String,
}

/// An answer that is shown beside the score wherever it is, not only
/// summed into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFlag {
    /// The lowest score that raises it.
    pub from: u8,
    /// What the flag says, beside the score.
    pub says: String,
    /// About the client's safety (PHQ-9 item 9 above 0): never just a
    /// number. On saving, it is said plainly with the offer to mark the
    /// client in crisis and open the safety plan. Other flags only show.
    pub safety: bool,
}

/// A safety flag an answer raised: which item, and what was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetyAnswer {
    /// 1-based, as the item is numbered on screen.
    pub item: usize,
    pub text: String,
    pub score: u8,
    /// The answer's words ("Several days").
    pub answer: String,
    /// What the flag says.
    pub says: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub text: String,
    pub choices: Vec<Choice>,
    /// Counted in the total (PHQ-9's "how difficult" question is not).
    pub scored: bool,
    /// May be left unanswered (only unscored items at the end may be).
    pub optional: bool,
    pub flag: Option<ItemFlag>,
}

impl Item {
    pub fn max(&self) -> u8 {
        self.choices.iter().map(|c| c.score).max().unwrap_or(0)
    }

    pub fn choice(&self, score: u8) -> Option<&Choice> {
        self.choices.iter().find(|c| c.score == score)
    }
}

/// A range of totals and its label, both ends included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    pub from: u32,
    pub to: u32,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instrument {
    /// Stable key, stored with every score.
    pub key: String,
    /// Short name shown in lists: "PHQ-9".
    pub name: String,
    pub title: String,
    /// The line the publisher asks to be shown with the items.
    pub copyright: String,
    /// The question the items answer.
    pub stem: String,
    pub items: Vec<Item>,
    /// Ordered, contiguous, from 0 to the highest possible total.
    pub bands: Vec<Band>,
    /// A total at or above this screens positive.
    pub cutoff: Option<u32>,
    /// A change of at least this many points is reliable (where published).
    pub reliable_change: Option<u32>,
}

/// One answer per item, in order; `None` only for an optional item left
/// unanswered.
pub type Answers = Vec<Option<u8>>;

/// What a set of answers comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    pub total: u32,
    pub band: String,
    /// What each raised flag says.
    pub flags: Vec<String>,
}

impl Instrument {
    /// The highest total the scored items can reach.
    pub fn max_total(&self) -> u32 {
        self.items
            .iter()
            .filter(|i| i.scored)
            .map(|i| u32::from(i.max()))
            .sum()
    }

    /// How many answers must be given: every item up to the last one that
    /// is not optional.
    pub fn required(&self) -> usize {
        self.items
            .iter()
            .rposition(|i| !i.optional)
            .map_or(0, |p| p + 1)
    }

    pub fn band_of(&self, total: u32) -> &str {
        self.bands
            .iter()
            .find(|b| (b.from..=b.to).contains(&total))
            .map_or("", |b| b.label.as_str())
    }

    pub fn screens_positive(&self, total: u32) -> Option<bool> {
        self.cutoff.map(|c| total >= c)
    }

    /// Score answers given in order; the trailing optional items may be
    /// left off. Refused, in words, if the count is wrong or an answer is
    /// not one of its item's options.
    pub fn score(&self, given: &[u8]) -> Result<(Answers, Scored), String> {
        let (need, all) = (self.required(), self.items.len());
        if given.len() < need || given.len() > all {
            let expect = if need == all {
                format!("{all}")
            } else {
                format!("{need} (or {all} with the optional question)")
            };
            return Err(format!(
                "{} has {expect} items; {} given",
                self.name,
                given.len()
            ));
        }
        let mut answers: Answers = Vec::with_capacity(all);
        for (n, item) in self.items.iter().enumerate() {
            let a = given.get(n).copied();
            if let Some(score) = a {
                if item.choice(score).is_none() {
                    return Err(format!(
                        "{} item {}: {score} is not an answer (0 to {})",
                        self.name,
                        n + 1,
                        item.max()
                    ));
                }
            }
            answers.push(a);
        }
        let scored = self.tally(&answers);
        Ok((answers, scored))
    }

    /// Total, band and flags of answers already checked.
    pub fn tally(&self, answers: &[Option<u8>]) -> Scored {
        let mut total = 0;
        let mut flags = Vec::new();
        for (item, a) in self.items.iter().zip(answers) {
            let Some(a) = *a else { continue };
            if item.scored {
                total += u32::from(a);
            }
            if let Some(f) = item.flag.as_ref().filter(|f| a >= f.from) {
                flags.push(f.says.clone());
            }
        }
        Scored {
            total,
            band: self.band_of(total).to_string(),
            flags,
        }
    }

    /// The safety flags these answers raise, in item order.
    pub fn safety_raised(&self, answers: &[Option<u8>]) -> Vec<SafetyAnswer> {
        self.items
            .iter()
            .zip(answers)
            .enumerate()
            .filter_map(|(n, (item, a))| {
                let a = (*a)?;
                let flag = item.flag.as_ref().filter(|f| f.safety && a >= f.from)?;
                Some(SafetyAnswer {
                    item: n + 1,
                    text: item.text.clone(),
                    score: a,
                    answer: item.choice(a).map_or(String::new(), |c| c.label.clone()),
                    says: flag.says.clone(),
                })
            })
            .collect()
    }

    /// Is a flag that says this (as saved with a score) about safety? A
    /// flag this instrument no longer has counts as one: when unsure, the
    /// flag keeps its weight.
    pub fn is_safety_flag(&self, says: &str) -> bool {
        self.items
            .iter()
            .filter_map(|i| i.flag.as_ref())
            .find(|f| f.says == says)
            .is_none_or(|f| f.safety)
    }

    /// The running total of the answers so far (for the form).
    pub fn running_total(&self, answers: &[Option<u8>]) -> u32 {
        self.items
            .iter()
            .zip(answers)
            .filter(|(i, _)| i.scored)
            .filter_map(|(_, a)| a.map(u32::from))
            .sum()
    }
}

/// Parse `1,0,2,...` into item scores. Refused, in words, for anything but
/// small whole numbers separated by commas.
pub fn parse_item_list(text: &str) -> Result<Vec<u8>, String> {
    text.split(',')
        .enumerate()
        .map(|(n, s)| {
            let s = s.trim();
            s.parse::<u8>().map_err(|_| {
                format!(
                    "item {}: {s:?} is not a score (give whole numbers separated by commas)",
                    n + 1
                )
            })
        })
        .collect()
}

/// The change from a client's first score on an instrument to the latest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub first: u32,
    pub latest: u32,
    /// latest - first (negative is fewer symptoms on PHQ-9 and GAD-7).
    pub delta: i64,
    /// Whether |delta| reaches the instrument's reliable-change figure;
    /// `None` where the instrument defines none.
    pub reliable: Option<bool>,
}

impl Change {
    /// Over totals oldest first; `None` with fewer than two.
    pub fn over(inst: Option<&Instrument>, totals: &[u32]) -> Option<Change> {
        let (&first, &latest) = (totals.first()?, totals.last()?);
        if totals.len() < 2 {
            return None;
        }
        let delta = i64::from(latest) - i64::from(first);
        Some(Change {
            first,
            latest,
            delta,
            reliable: inst
                .and_then(|i| i.reliable_change)
                .map(|r| delta.unsigned_abs() >= u64::from(r)),
        })
    }

    /// "-7 since first (21 to 14, reliable)" and the like.
    pub fn words(&self) -> String {
        let sign = match self.delta {
            d if d > 0 => "+",
            0 => "",
            _ => "-",
        };
        let reliable = match self.reliable {
            Some(true) => ", reliable",
            Some(false) => ", not reliable",
            None => "",
        };
        format!(
            "{sign}{} since first ({} to {}{reliable})",
            self.delta.unsigned_abs(),
            self.first,
            self.latest
        )
    }
}

/// One time a client answered a measure, as saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub id: i64,
    pub client_id: i64,
    /// The instrument's key.
    pub instrument: String,
    pub taken_on: super::Date,
    pub items: Answers,
    pub total: u32,
    pub band: String,
    pub flags: Vec<String>,
    /// The login name of the worker who recorded it.
    pub recorded_by: String,
    /// UTC RFC 3339; empty for a record not read from the file.
    pub created_at: String,
    pub error: Option<super::InError>,
}

impl super::Markable for Response {
    fn in_error(&self) -> Option<&super::InError> {
        self.error.as_ref()
    }
}

impl Response {
    /// "14 moderate" with the flag beside it, wherever a score is shown.
    pub fn score_words(&self) -> String {
        let mut s = format!("{} {}", self.total, self.band);
        for f in &self.flags {
            s.push_str(" ! ");
            s.push_str(f);
        }
        s
    }
}
