//! Styles come from a TOML theme; the default one is compiled in so the
//! program never starts without one.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::path::Path;
use std::str::FromStr;

pub const DEFAULT_THEME: &str = include_str!("../../themes/default.toml");

/// The themes shipped inside the binary, by the name `--theme` and
/// `theme = "..."` take. The first is the default.
pub const SHIPPED: &[(&str, &str)] = &[
    ("default", DEFAULT_THEME),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("ansi16", include_str!("../../themes/ansi16.toml")),
];

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub text: Style,
    pub muted: Style,
    pub border: Style,
    pub border_focus: Style,
    pub title: Style,
    pub title_focus: Style,
    pub selected: Style,
    pub crisis: Style,
    pub overdue: Style,
    pub done: Style,
    pub current: Style,
    pub upcoming: Style,
    pub bar_filled: Style,
    pub bar_empty: Style,
    pub hint_key: Style,
    pub hint_text: Style,
    pub status: Style,
    pub heading: Style,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    styles: RawStyles,
}

/// One field per style, so an unknown style or a bad colour is a serde
/// error, and so has its line in the message (`tomlfile::parse`).
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct RawStyles {
    text: RawStyle,
    muted: RawStyle,
    border: RawStyle,
    border_focus: RawStyle,
    title: RawStyle,
    title_focus: RawStyle,
    selected: RawStyle,
    crisis: RawStyle,
    overdue: RawStyle,
    done: RawStyle,
    current: RawStyle,
    upcoming: RawStyle,
    bar_filled: RawStyle,
    bar_empty: RawStyle,
    hint_key: RawStyle,
    hint_text: RawStyle,
    status: RawStyle,
    heading: RawStyle,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    fg: Option<Colour>,
    bg: Option<Colour>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    dim: bool,
    #[serde(default)]
    italic: bool,
    #[serde(default)]
    underlined: bool,
    #[serde(default)]
    reversed: bool,
}

/// A colour as a theme names it; refused while parsing, with its line.
struct Colour(Color);

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Color::from_str(&name).map(Colour).map_err(|_| {
            serde::de::Error::custom(format!(
                "unknown colour {name:?} (a name such as \"red\" or \"dark-gray\", or \"0\"..\"255\")"
            ))
        })
    }
}

impl RawStyle {
    fn to_style(&self, with_colour: bool) -> Style {
        let mut s = Style::default();
        if with_colour {
            if let Some(Colour(c)) = self.fg {
                s = s.fg(c);
            }
            if let Some(Colour(c)) = self.bg {
                s = s.bg(c);
            }
        }
        for (on, m) in [
            (self.bold, Modifier::BOLD),
            (self.dim, Modifier::DIM),
            (self.italic, Modifier::ITALIC),
            (self.underlined, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
        ] {
            if on {
                s = s.add_modifier(m);
            }
        }
        s
    }
}

impl Theme {
    /// Parse a theme file. `with_colour: false` keeps only the modifiers (NO_COLOR).
    pub fn parse(text: &str, origin: &Path, with_colour: bool) -> Result<Theme, String> {
        let raw: RawTheme = crate::tomlfile::parse(text, origin)?;
        let r = raw.styles;
        let get = |s: &RawStyle| s.to_style(with_colour);
        let mut theme = Theme {
            text: get(&r.text),
            muted: get(&r.muted),
            border: get(&r.border),
            border_focus: get(&r.border_focus),
            title: get(&r.title),
            title_focus: get(&r.title_focus),
            selected: get(&r.selected),
            crisis: get(&r.crisis),
            overdue: get(&r.overdue),
            done: get(&r.done),
            current: get(&r.current),
            upcoming: get(&r.upcoming),
            bar_filled: get(&r.bar_filled),
            bar_empty: get(&r.bar_empty),
            hint_key: get(&r.hint_key),
            hint_text: get(&r.hint_text),
            status: get(&r.status),
            heading: get(&r.heading),
        };
        // Whatever a theme says, the selection and focus must show without colour.
        theme.selected = theme.selected.add_modifier(Modifier::REVERSED);
        theme.title_focus = theme.title_focus.add_modifier(Modifier::REVERSED);
        Ok(theme)
    }

    /// A shipped theme by name; `None` if there is none of that name.
    pub fn shipped(name: &str, with_colour: bool) -> Option<Result<Theme, String>> {
        let (n, text) = SHIPPED.iter().find(|(n, _)| *n == name)?;
        let origin = format!("themes/{n}.toml");
        Some(Theme::parse(text, Path::new(&origin), with_colour))
    }

    /// The names of the shipped themes, for messages.
    pub fn shipped_names() -> String {
        SHIPPED
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `choice` as `--theme` or `theme = ` give it: a shipped theme's name,
    /// or a path to a theme file (anything with a `/` or ending `.toml`;
    /// relative to `base`, the config directory, when not absolute).
    pub fn choose(choice: &str, base: Option<&Path>, with_colour: bool) -> Result<Theme, String> {
        if let Some(t) = Theme::shipped(choice, with_colour) {
            return t;
        }
        if !(choice.contains('/') || choice.ends_with(".toml")) {
            return Err(format!(
                "no theme called {choice:?}: the shipped ones are {}, or give a path to a theme file",
                Theme::shipped_names()
            ));
        }
        let path = match base {
            Some(b) if Path::new(choice).is_relative() => b.join(choice),
            _ => Path::new(choice).to_path_buf(),
        };
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Theme::parse(&text, &path, with_colour)
    }

    /// The compiled-in default theme.
    pub fn builtin(with_colour: bool) -> Theme {
        Theme::parse(DEFAULT_THEME, Path::new("themes/default.toml"), with_colour)
            .unwrap_or_else(|_| Theme::plain())
    }

    /// No styling beyond what keeps the UI usable.
    pub fn plain() -> Theme {
        let s = Style::default();
        let b = Style::default().add_modifier(Modifier::BOLD);
        let r = Style::default().add_modifier(Modifier::REVERSED);
        Theme {
            text: s,
            muted: s,
            border: s,
            border_focus: b,
            title: b,
            title_focus: r,
            selected: r,
            crisis: b,
            overdue: b,
            done: s,
            current: b,
            upcoming: s,
            bar_filled: s,
            bar_empty: s,
            hint_key: b,
            hint_text: s,
            status: b,
            heading: b,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_theme_parses_and_no_color_drops_colours_only() {
        let p = Path::new("themes/default.toml");
        let coloured = Theme::parse(DEFAULT_THEME, p, true).expect("valid theme");
        assert_eq!(coloured.crisis.fg, Some(Color::Red));
        let mono = Theme::parse(DEFAULT_THEME, p, false).expect("valid theme");
        assert_eq!(mono.crisis.fg, None);
        assert!(mono.crisis.add_modifier.contains(Modifier::BOLD));
        assert!(mono.selected.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn bad_colour_is_named() {
        let err = Theme::parse(
            "[styles]\ntext = { fg = \"mauvish\" }\n",
            Path::new("t.toml"),
            true,
        )
        .unwrap_err();
        assert!(err.contains("t.toml") && err.contains("mauvish"), "{err}");
    }

    #[test]
    fn a_broken_theme_is_refused_with_its_file_and_line() {
        let p = Path::new("mine.toml");
        for (text, says) in [
            (
                "[styles]\ntext = {}\nborder = { fg = \"mauvish\" }\n",
                "mauvish",
            ),
            ("[styles]\ntext = {}\nbordre = { bold = true }\n", "bordre"),
            ("[styles]\ntext = {}\nborder = { blink = true }\n", "blink"),
            ("[styles]\ntext = {}\nborder = { bold = \n", ""),
        ] {
            let err = Theme::parse(text, p, true).unwrap_err();
            assert!(err.starts_with("mine.toml:3:"), "{text:?}: {err}");
            assert!(err.contains(says), "{text:?}: {err}");
        }
    }

    /// The promise of the default: nothing in the terminal's background's
    /// way. Borders, titles and text keep the terminal's own foreground;
    /// no style is yellow, white, gray or dark-gray (each vanishes on one
    /// of a dark or a light background).
    #[test]
    fn the_default_theme_reads_on_dark_and_light_backgrounds() {
        let t = Theme::builtin(true);
        for s in [
            t.text,
            t.border,
            t.border_focus,
            t.title,
            t.title_focus,
            t.hint_text,
            t.hint_key,
            t.heading,
            t.status,
        ] {
            assert_eq!(s.fg, None, "{s:?}");
            assert_eq!(s.bg, None, "{s:?}");
        }
        let all = [
            t.text,
            t.muted,
            t.border,
            t.border_focus,
            t.title,
            t.title_focus,
            t.selected,
            t.crisis,
            t.overdue,
            t.done,
            t.current,
            t.upcoming,
            t.bar_filled,
            t.bar_empty,
            t.hint_key,
            t.hint_text,
            t.status,
            t.heading,
        ];
        for s in all {
            for c in [s.fg, s.bg].into_iter().flatten() {
                assert!(
                    !matches!(
                        c,
                        Color::Yellow
                            | Color::LightYellow
                            | Color::White
                            | Color::Gray
                            | Color::DarkGray
                    ),
                    "{s:?}"
                );
            }
        }
        assert!(t.title_focus.add_modifier.contains(Modifier::REVERSED));
        assert!(t.border_focus.add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn every_shipped_theme_parses_and_names_or_paths_choose_one() {
        for (name, _) in SHIPPED {
            let t = Theme::shipped(name, true)
                .expect("shipped")
                .expect("parses");
            assert!(
                t.selected.add_modifier.contains(Modifier::REVERSED),
                "{name}"
            );
            let mono = Theme::shipped(name, false)
                .expect("shipped")
                .expect("parses");
            for s in [mono.crisis, mono.border, mono.text, mono.bar_filled] {
                assert_eq!(
                    (s.fg, s.bg),
                    (None, None),
                    "{name}: NO_COLOR keeps no colour"
                );
            }
        }
        let light = Theme::choose("light", None, true).expect("light");
        assert_ne!(light, Theme::builtin(true));
        let err = Theme::choose("solarised", None, true).unwrap_err();
        assert!(err.contains("high-contrast"), "{err}");
        let dir = std::env::temp_dir().join(format!("cw-theme-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(
            dir.join("mine.toml"),
            "[styles]\ntext = {}\ncrisis = { fg = \"blue\" }\n",
        )
        .expect("write");
        let mine = Theme::choose("mine.toml", Some(&dir), true).expect("a path");
        assert_eq!(mine.crisis.fg, Some(Color::Blue));
        std::fs::write(dir.join("bad.toml"), "[styles]\n\ncrisis = { fg = 3 }\n").expect("write");
        let err = Theme::choose("bad.toml", Some(&dir), true).unwrap_err();
        assert!(err.contains("bad.toml:3:"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
