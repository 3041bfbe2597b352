//! Terminals of every kind: themes chosen by flag and config, NO_COLOR
//! honoured to the byte.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is a panic

use crate::harness::{Session, TIMEOUT, casework, generate_db, stderr};

/// Every SGR parameter list the program wrote (`ESC [ ... m`).
fn sgr_params(out: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < out.len() {
        if out[i] == 0x1b && out[i + 1] == b'[' {
            let start = i + 2;
            let mut j = start;
            while j < out.len() && (out[j].is_ascii_digit() || out[j] == b';') {
                j += 1;
            }
            if j < out.len() && out[j] == b'm' {
                found.push(String::from_utf8_lossy(&out[start..j]).into_owned());
            }
            i = j;
        } else {
            i += 1;
        }
    }
    found
}

/// Does an SGR parameter list set a colour (not reset it to the default)?
fn sets_colour(params: &str) -> bool {
    params.split(';').any(|p| {
        matches!(
            p.parse::<u16>(),
            Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
        )
    })
}

fn run_and_quit(args: &[&str], env: &[(&str, &str)]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let db = generate_db(dir.path());
    let mut all = vec!["--db", db.to_str().unwrap()];
    all.extend_from_slice(args);
    let mut s = Session::spawn(&all, env, 100, 30);
    s.wait_for("Caseload", TIMEOUT).unwrap();
    // Move and open help: more of the screen drawn in more styles.
    s.send("jj?");
    s.wait_for("Everywhere", TIMEOUT).unwrap();
    s.send("\x1b");
    s.wait_gone("Everywhere", TIMEOUT).unwrap();
    s.send("q");
    let status = s.wait_exit(TIMEOUT).expect("quits");
    assert!(status.success(), "{status:?}");
    s.raw_output()
}

#[test]
fn no_color_means_not_one_colour_escape_whatever_the_theme() {
    for theme in ["default", "ansi16", "light"] {
        let out = run_and_quit(&["--theme", theme], &[("NO_COLOR", "1")]);
        let params = sgr_params(&out);
        assert!(!params.is_empty(), "no styles at all?");
        let coloured: Vec<_> = params.iter().filter(|p| sets_colour(p)).collect();
        assert!(coloured.is_empty(), "{theme} with NO_COLOR: {coloured:?}");
    }
    // And the test can fail: the same run with colour allowed has some.
    let out = run_and_quit(&["--theme", "ansi16"], &[]);
    assert!(sgr_params(&out).iter().any(|p| sets_colour(p)));
}

#[test]
fn an_unknown_theme_or_a_broken_file_is_refused_before_the_screen_opens() {
    let home = tempfile::tempdir().unwrap();
    let o = casework(&["--theme", "sepia"], home.path());
    assert!(!o.status.success());
    assert!(stderr(&o).contains("high-contrast"), "{}", stderr(&o));
    let cfg = home.path().join("config/casework");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(
        cfg.join("mine.toml"),
        "[styles]\ntext = {}\ncrisis = { fg = \"scarlet\" }\n",
    )
    .unwrap();
    std::fs::write(cfg.join("config.toml"), "theme = \"mine.toml\"\n").unwrap();
    let o = casework(&[], home.path());
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("mine.toml:3:") && err.contains("scarlet"),
        "{err}"
    );
}

#[test]
fn ascii_mode_writes_not_one_byte_above_0x7f_to_the_terminal() {
    let out = run_and_quit(&["--ascii"], &[("LANG", "C"), ("LC_ALL", "C")]);
    let high: Vec<_> = out.iter().filter(|b| **b > 0x7f).take(10).collect();
    assert!(high.is_empty(), "bytes above 0x7f: {high:?}");
    assert!(out.len() > 1000, "drew a screen");
    // And from config.toml, the same.
    let cfg = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(cfg.path().join("casework")).unwrap();
    std::fs::write(
        cfg.path().join("casework/config.toml"),
        "glyphs = \"ascii\"\n",
    )
    .unwrap();
    let from_config = run_and_quit(&[], &[("XDG_CONFIG_HOME", cfg.path().to_str().unwrap())]);
    assert!(from_config.iter().all(|b| *b <= 0x7f));
    // Without either, the default draws box lines: the test can fail.
    let unicode = run_and_quit(&[], &[]);
    assert!(unicode.iter().any(|b| *b > 0x7f));
}

#[test]
fn keys_toml_remaps_the_real_binary_and_a_clash_is_refused_with_its_line() {
    let cfg = tempfile::tempdir().unwrap();
    let dir = cfg.path().join("casework");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("keys.toml"),
        "[everywhere]\ntoggle_help = \"F1\"\n",
    )
    .unwrap();
    let env = [("XDG_CONFIG_HOME", cfg.path().to_str().unwrap())];
    let home = tempfile::tempdir().unwrap();
    let db = generate_db(home.path());
    let mut s = Session::spawn(&["--db", db.to_str().unwrap()], &env, 100, 30);
    s.wait_for("F1 help", TIMEOUT).unwrap();
    s.send("\x1bOP"); // F1
    s.wait_for("Everywhere", TIMEOUT).unwrap();
    s.send("\x1b");
    s.wait_gone("Everywhere", TIMEOUT).unwrap();
    s.send("q");
    assert!(s.wait_exit(TIMEOUT).unwrap().success());

    std::fs::write(
        dir.join("keys.toml"),
        "[everywhere]\n\ntoggle_help = \"q\"\n",
    )
    .unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_casework"));
    let o = cmd
        .args(["--db", db.to_str().unwrap()])
        .env("XDG_CONFIG_HOME", cfg.path())
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("keys.toml:3:") && err.contains("`quit`"),
        "{err}"
    );
}

#[test]
fn progress_goes_to_a_terminal_and_never_into_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let args = [
        "generate",
        "--db",
        db.to_str().unwrap(),
        "--clients",
        "20",
        "--notes",
        "40",
    ];
    let mut s = Session::spawn(&args, &[], 100, 30);
    assert!(s.wait_exit(TIMEOUT).expect("exits").success());
    let out = String::from_utf8_lossy(&s.raw_output()).into_owned();
    assert!(
        out.contains("generate: 50%") && out.contains("generate: 100%"),
        "{out:?}"
    );
    let piped = casework(
        &[
            "generate",
            "--db",
            dir.path().join("q.db").to_str().unwrap(),
            "--clients",
            "20",
        ],
        dir.path(),
    );
    assert!(piped.status.success(), "{}", stderr(&piped));
    assert!(!stderr(&piped).contains('%'), "{}", stderr(&piped));
    // Check, on a terminal: a line while it works, cleared after.
    let mut s = Session::spawn(&["check", "--db", db.to_str().unwrap()], &[], 100, 30);
    s.wait_exit(TIMEOUT).expect("exits");
    assert!(String::from_utf8_lossy(&s.raw_output()).contains("check..."));
    let piped = casework(&["check", "--db", db.to_str().unwrap()], dir.path());
    assert!(!stderr(&piped).contains("check..."), "{}", stderr(&piped));
}
