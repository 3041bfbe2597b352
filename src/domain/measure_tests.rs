//! Scoring of the shipped measures at every band edge and for PHQ-9 item 9,
//! and the agency's measure files (valid and broken).

use super::measure::{Change, parse_item_list};
use super::measure_catalog::{Catalog, SHIPPED};
use super::measure_file;
use std::path::Path;

fn phq9() -> super::measure::Instrument {
    measure_file::parse(SHIPPED[0].1, Path::new("phq9.toml")).expect("shipped PHQ-9")
}

fn gad7() -> super::measure::Instrument {
    measure_file::parse(SHIPPED[1].1, Path::new("gad7.toml")).expect("shipped GAD-7")
}

/// `n` answers summing to `total`, filled from the first item (3s first),
/// with item 9 (index 8) kept at 0 where it can be.
fn answers_for(n: usize, total: u32, spare: usize) -> Vec<u8> {
    let mut left = total;
    let mut order: Vec<usize> = (0..n).filter(|i| *i != spare).collect();
    order.push(spare);
    let mut out = vec![0u8; n];
    for i in order {
        let a = left.min(3);
        out[i] = a as u8;
        left -= a;
    }
    assert_eq!(left, 0, "{total} does not fit {n} items");
    out
}

#[test]
fn shipped_files_read_and_say_what_they_are() {
    let p = phq9();
    assert_eq!((p.key.as_str(), p.name.as_str()), ("phq9", "PHQ-9"));
    assert_eq!(p.items.len(), 10);
    assert_eq!(p.required(), 9);
    assert_eq!(p.max_total(), 27);
    assert!(p.copyright.contains("Pfizer"));
    assert!(!p.items[9].scored && p.items[9].optional);
    let g = gad7();
    assert_eq!((g.items.len(), g.required(), g.max_total()), (7, 7, 21));
    assert!(g.copyright.contains("Pfizer"));
    assert_eq!(Catalog::builtin().all().len(), SHIPPED.len());
}

#[test]
fn phq9_bands_at_every_edge() {
    let p = phq9();
    for (total, band) in [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ] {
        // Item 9 is filled last, so only the totals that need it flag.
        let given = answers_for(9, total, 8);
        let (_, s) = p.score(&given).expect("valid");
        assert_eq!((s.total, s.band.as_str()), (total, band), "{given:?}");
        assert_eq!(s.flags.is_empty(), given[8] == 0, "{given:?}");
        assert_eq!(p.screens_positive(total), Some(total >= 10));
    }
}

#[test]
fn gad7_bands_at_every_edge_and_screens_positive_from_10() {
    let g = gad7();
    for (total, band) in [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ] {
        let (_, s) = g.score(&answers_for(7, total, 6)).expect("valid");
        assert_eq!((s.total, s.band.as_str()), (total, band));
        assert!(s.flags.is_empty());
    }
    assert_eq!(g.screens_positive(9), Some(false));
    assert_eq!(g.screens_positive(10), Some(true));
}

#[test]
fn phq9_item_9_above_0_flags_even_at_a_minimal_total() {
    let p = phq9();
    let mut given = vec![0u8; 9];
    let (_, s) = p.score(&given).expect("valid");
    assert!(s.flags.is_empty());
    for a in 1..=3 {
        given[8] = a;
        let (_, s) = p.score(&given).expect("valid");
        assert_eq!(s.total, u32::from(a));
        assert_eq!(s.band, "minimal");
        assert_eq!(s.flags.len(), 1, "item 9 = {a}");
        assert!(s.flags[0].contains("item 9"), "{:?}", s.flags);
    }
    // The same score on any other item raises nothing.
    let (_, s) = p.score(&[3, 0, 0, 0, 0, 0, 0, 0, 0]).expect("valid");
    assert!(s.flags.is_empty());
}

#[test]
fn phq9_tenth_question_is_kept_but_never_scored() {
    let p = phq9();
    let (answers, s) = p.score(&[1, 1, 1, 1, 1, 0, 0, 0, 0, 3]).expect("valid");
    assert_eq!(s.total, 5);
    assert_eq!(answers[9], Some(3));
    let (answers, s) = p.score(&[1, 1, 1, 1, 1, 0, 0, 0, 0]).expect("valid");
    assert_eq!((s.total, answers.len(), answers[9]), (5, 10, None));
}

#[test]
fn wrong_count_or_out_of_range_is_refused_in_words() {
    let p = phq9();
    let err = p.score(&[0; 8]).unwrap_err();
    assert!(
        err.contains("9 (or 10 with the optional question)"),
        "{err}"
    );
    assert!(p.score(&[0; 11]).is_err());
    let err = p.score(&[0, 0, 4, 0, 0, 0, 0, 0, 0]).unwrap_err();
    assert_eq!(err, "PHQ-9 item 3: 4 is not an answer (0 to 3)");
    let err = gad7().score(&[0; 6]).unwrap_err();
    assert_eq!(err, "GAD-7 has 7 items; 6 given");
    assert!(parse_item_list("1,2,x").unwrap_err().contains("item 3"));
    assert!(parse_item_list("1,-1").is_err());
    assert_eq!(parse_item_list(" 1, 2 ,3"), Ok(vec![1, 2, 3]));
}

#[test]
fn change_since_first_is_reliable_only_at_the_published_figure() {
    let p = phq9();
    assert_eq!(Change::over(Some(&p), &[18]), None);
    let c = Change::over(Some(&p), &[18, 15, 12]).expect("two or more");
    assert_eq!((c.delta, c.reliable), (-6, Some(true)));
    assert_eq!(c.words(), "-6 since first (18 to 12, reliable)");
    let c = Change::over(Some(&p), &[18, 13]).expect("two");
    assert_eq!(c.reliable, Some(false));
    let c = Change::over(Some(&gad7()), &[6, 10]).expect("two");
    assert_eq!((c.delta, c.reliable), (4, Some(true)));
    let c = Change::over(None, &[6, 10]).expect("two");
    assert_eq!(c.reliable, None);
    assert_eq!(c.words(), "+4 since first (6 to 10)");
}

const AGENCY: &str = "key = \"wellbeing\"\nname = \"Wellbeing 3\"\noptions = [\n  { score = 0, label = \"no\" },\n  { score = 1, label = \"some\" },\n  { score = 2, label = \"yes\" },\n]\n\n[[items]]\ntext = \"Sleeping well\"\n\n[[items]]\ntext = \"Eating well\"\n\n[[items]]\ntext = \"Feeling safe\"\nflag = { from = 0, says = \"check safety\" }\n\n[[bands]]\nfrom = 0\nto = 2\nlabel = \"low\"\n\n[[bands]]\nfrom = 3\nto = 6\nlabel = \"high\"\n";

#[test]
fn agency_file_adds_a_measure_and_a_broken_one_is_refused_with_its_line() {
    let w = measure_file::parse(AGENCY, Path::new("w.toml")).expect("valid");
    let (_, s) = w.score(&[2, 1, 0]).expect("valid");
    assert_eq!((s.total, s.band.as_str()), (3, "high"));
    assert_eq!(w.reliable_change, None);

    // TOML syntax: the line of the fault.
    let broken = AGENCY.replace("text = \"Eating well\"", "text = \"Eating well");
    let err = measure_file::parse(&broken, Path::new("/agency/w.toml")).unwrap_err();
    assert!(err.starts_with("/agency/w.toml:13:"), "{err}");
    // A gap between bands: the band's own line.
    let gap = AGENCY.replace("from = 3", "from = 4");
    let err = measure_file::parse(&gap, Path::new("w.toml")).unwrap_err();
    assert!(err.starts_with("w.toml:24:"), "{err}");
    assert!(err.contains("starts at 3"), "{err}");
    // Bands that stop short of the highest total.
    let short = AGENCY.replace("to = 6", "to = 5");
    let err = measure_file::parse(&short, Path::new("w.toml")).unwrap_err();
    assert!(err.contains("must end at 6"), "{err}");
    // A scored item may not be optional.
    let opt = AGENCY.replace(
        "text = \"Sleeping well\"",
        "text = \"Sleeping well\"\noptional = true",
    );
    let err = measure_file::parse(&opt, Path::new("w.toml")).unwrap_err();
    assert!(err.starts_with("w.toml:9: item 1:"), "{err}");
    // A score two keys would need.
    let big = AGENCY.replace("score = 2", "score = 12");
    assert!(measure_file::parse(&big, Path::new("w.toml")).is_err());
    let escape = AGENCY.replace("Feeling safe", "Feeling safe\\u001b]52;c;x\\u0007");
    let err = measure_file::parse(&escape, Path::new("w.toml")).unwrap_err();
    assert!(err.contains("control character"), "{err}");
    let key = AGENCY.replace("\"wellbeing\"", "\"Well Being\"");
    let err = measure_file::parse(&key, Path::new("w.toml")).unwrap_err();
    assert!(err.starts_with("w.toml:1:"), "{err}");
}

#[test]
fn agency_dir_replaces_by_key_adds_the_rest_and_refuses_a_broken_file() {
    let dir = std::env::temp_dir().join(format!("casework-measures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let none = Catalog::load(Some(&dir.join("absent"))).expect("shipped ones");
    assert_eq!(none.all().len(), 2);
    std::fs::write(dir.join("w.toml"), AGENCY).expect("write");
    let own_gad = SHIPPED[1]
        .1
        .replace("name = \"GAD-7\"", "name = \"GAD-7 (agency)\"");
    std::fs::write(dir.join("gad.toml"), own_gad).expect("write");
    std::fs::write(dir.join("notes.txt"), "not a measure").expect("write");
    let cat = Catalog::load(Some(&dir)).expect("valid");
    let keys: Vec<&str> = cat.all().iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["phq9", "gad7", "wellbeing"]);
    assert_eq!(cat.name_of("gad7"), "GAD-7 (agency)");
    assert_eq!(cat.find("PHQ-9").map(|i| i.key.as_str()), Some("phq9"));
    assert_eq!(
        cat.find("Wellbeing3").map(|i| i.key.as_str()),
        Some("wellbeing")
    );
    assert_eq!(cat.name_of("gone"), "gone");

    // A copy of PHQ-9 from before `safety` existed keeps item 9's crisis
    // offer; `safety = false` in a copy says no; a measure of its own key
    // has only the safety its file gives.
    let old_copy = SHIPPED[0].1.replace(", safety = true", "");
    assert_ne!(old_copy, SHIPPED[0].1);
    std::fs::write(dir.join("phq.toml"), &old_copy).expect("write");
    let cat = Catalog::load(Some(&dir)).expect("valid");
    let phq = cat.get("phq9").expect("phq9");
    let item9: Vec<Option<u8>> = [0, 0, 0, 0, 0, 0, 0, 0, 1].map(Some).to_vec();
    assert_eq!(phq.safety_raised(&item9).len(), 1);
    let flag = |cat: &Catalog| {
        cat.get("phq9").expect("phq9").items[8]
            .flag
            .as_ref()
            .expect("flag")
            .safety
    };
    assert!(flag(&cat));
    let no = SHIPPED[0].1.replace("safety = true", "safety = false");
    std::fs::write(dir.join("phq.toml"), &no).expect("write");
    assert!(!flag(&Catalog::load(Some(&dir)).expect("valid")));
    let own = old_copy.replace("key = \"phq9\"", "key = \"phq9_own\"");
    assert_ne!(own, old_copy);
    std::fs::write(dir.join("phq.toml"), &own).expect("write");
    let cat = Catalog::load(Some(&dir)).expect("valid");
    assert!(
        cat.get("phq9_own")
            .expect("own")
            .safety_raised(&item9)
            .is_empty()
    );
    assert!(flag(&cat), "the shipped PHQ-9 is unchanged");
    std::fs::remove_file(dir.join("phq.toml")).expect("remove");

    std::fs::write(dir.join("x.toml"), "key = \"x\"\nname = 3\n").expect("write");
    let err = Catalog::load(Some(&dir)).unwrap_err();
    assert!(
        err.starts_with(&format!("{}:2:", dir.join("x.toml").display())),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_flag_is_about_safety_only_when_its_file_says_so() {
    // The shipped PHQ-9: item 9 is a safety flag, named with the answer.
    let p = phq9();
    let answers: Vec<Option<u8>> = [0, 0, 0, 0, 0, 0, 0, 0, 2].map(Some).to_vec();
    let raised = p.safety_raised(&answers);
    assert_eq!(raised.len(), 1);
    let r = &raised[0];
    assert_eq!((r.item, r.score), (9, 2));
    assert_eq!(r.answer, "More than half the days");
    assert!(
        r.text
            .starts_with("Thoughts that you would be better off dead")
    );
    assert!(p.is_safety_flag("item 9: thoughts of death or self-harm"));
    assert!(p.safety_raised(&[Some(0); 9]).is_empty());

    // An agency flag without `safety` shows, but is not about safety.
    let w = measure_file::parse(AGENCY, Path::new("w.toml")).expect("valid");
    let flag = w.items[2].flag.as_ref().expect("flag");
    assert!(!flag.safety);
    let (answers, s) = w.score(&[0, 0, 1]).expect("valid");
    assert_eq!(s.flags, ["check safety"]);
    assert!(w.safety_raised(&answers).is_empty());
    assert!(!w.is_safety_flag("check safety"));
    // A flag the file no longer has keeps its weight.
    assert!(w.is_safety_flag("some flag from an older file"));

    // `safety = true` makes it one.
    let safe = AGENCY.replace(
        "says = \"check safety\" }",
        "says = \"check safety\", safety = true }",
    );
    let w = measure_file::parse(&safe, Path::new("w.toml")).expect("valid");
    assert!(w.items[2].flag.as_ref().expect("flag").safety);
    assert_eq!(w.safety_raised(&[Some(0), Some(0), Some(0)]).len(), 1);

    // Anything but true or false is refused with its line.
    let bad = AGENCY.replace(
        "says = \"check safety\" }",
        "says = \"check safety\", safety = \"yes\" }",
    );
    let err = measure_file::parse(&bad, Path::new("w.toml")).unwrap_err();
    assert!(err.starts_with("w.toml:17:"), "{err}");
    // Two flags saying the same could not be told apart in a saved score.
    let twice = AGENCY.replace(
        "text = \"Eating well\"",
        "text = \"Eating well\"\nflag = { from = 2, says = \"check safety\", safety = true }",
    );
    let err = measure_file::parse(&twice, Path::new("w.toml")).unwrap_err();
    assert!(err.contains("already says"), "{err}");
}
