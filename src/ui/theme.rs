//! Styles come from a TOML theme; the default one is compiled in so the
//! program never starts without one.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

pub const DEFAULT_THEME: &str = include_str!("../../themes/default.toml");

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
    styles: BTreeMap<String, RawStyle>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    fg: Option<String>,
    bg: Option<String>,
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

fn colour(name: &str, origin: &Path, key: &str) -> Result<Color, String> {
    Color::from_str(name).map_err(|_| {
        format!(
            "{}: style {key:?}: unknown colour {name:?}",
            origin.display()
        )
    })
}

impl RawStyle {
    fn to_style(&self, origin: &Path, key: &str, with_colour: bool) -> Result<Style, String> {
        let mut s = Style::default();
        if let Some(fg) = &self.fg {
            let c = colour(fg, origin, key)?;
            if with_colour {
                s = s.fg(c);
            }
        }
        if let Some(bg) = &self.bg {
            let c = colour(bg, origin, key)?;
            if with_colour {
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
        Ok(s)
    }
}

impl Theme {
    /// Parse a theme file. `with_colour: false` keeps only the modifiers (NO_COLOR).
    pub fn parse(text: &str, origin: &Path, with_colour: bool) -> Result<Theme, String> {
        let raw: RawTheme = crate::tomlfile::parse(text, origin)?;
        let known = [
            "text",
            "muted",
            "border",
            "border_focus",
            "title",
            "title_focus",
            "selected",
            "crisis",
            "overdue",
            "done",
            "current",
            "upcoming",
            "bar_filled",
            "bar_empty",
            "hint_key",
            "hint_text",
            "status",
            "heading",
        ];
        if let Some(k) = raw.styles.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(format!("{}: unknown style {k:?}", origin.display()));
        }
        let empty = RawStyle::default();
        let get = |k: &str| {
            raw.styles
                .get(k)
                .unwrap_or(&empty)
                .to_style(origin, k, with_colour)
        };
        let mut theme = Theme {
            text: get("text")?,
            muted: get("muted")?,
            border: get("border")?,
            border_focus: get("border_focus")?,
            title: get("title")?,
            title_focus: get("title_focus")?,
            selected: get("selected")?,
            crisis: get("crisis")?,
            overdue: get("overdue")?,
            done: get("done")?,
            current: get("current")?,
            upcoming: get("upcoming")?,
            bar_filled: get("bar_filled")?,
            bar_empty: get("bar_empty")?,
            hint_key: get("hint_key")?,
            hint_text: get("hint_text")?,
            status: get("status")?,
            heading: get("heading")?,
        };
        // Whatever a theme says, the selection and focus must show without colour.
        theme.selected = theme.selected.add_modifier(Modifier::REVERSED);
        theme.title_focus = theme.title_focus.add_modifier(Modifier::REVERSED);
        Ok(theme)
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
        assert_eq!(coloured.crisis.fg, Some(Color::LightRed));
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
}
