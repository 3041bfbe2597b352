//! ASCII mode (`glyphs = "ascii"`, `--ascii`): for a Linux console font or
//! a terminal in a C locale, where box drawing, braille, blocks and ✓ come
//! out as garbage. The screen is drawn as always, then every cell is folded
//! to ASCII in one place, so no drawing code has to remember, and nothing
//! drawn later can slip through: borders become `+-|`, bars and charts
//! `#=-.:`, marks `x > ^ v ~ ! .`, accented letters their base letter, and
//! anything else `?`. Only the picture changes; the data is untouched.

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

/// Accented Latin letters and their base letters, pairwise.
const LATIN: &[(&str, char)] = &[
    ("ÀÁÂÃÄÅĀĂĄ", 'A'),
    ("àáâãäåāăą", 'a'),
    ("ÇĆĈĊČ", 'C'),
    ("çćĉċč", 'c'),
    ("ĎĐ", 'D'),
    ("ďđ", 'd'),
    ("ÈÉÊËĒĔĖĘĚ", 'E'),
    ("èéêëēĕėęě", 'e'),
    ("ĜĞĠĢ", 'G'),
    ("ĝğġģ", 'g'),
    ("ÌÍÎÏĨĪĬĮİ", 'I'),
    ("ìíîïĩīĭįı", 'i'),
    ("ĹĻĽĿŁ", 'L'),
    ("ĺļľŀł", 'l'),
    ("ÑŃŅŇ", 'N'),
    ("ñńņň", 'n'),
    ("ÒÓÔÕÖØŌŎŐ", 'O'),
    ("òóôõöøōŏő", 'o'),
    ("ŔŖŘ", 'R'),
    ("ŕŗř", 'r'),
    ("ŚŜŞŠ", 'S'),
    ("śŝşšß", 's'),
    ("ŢŤ", 'T'),
    ("ţť", 't'),
    ("ÙÚÛÜŨŪŬŮŰŲ", 'U'),
    ("ùúûüũūŭůűų", 'u'),
    ("ÝŸ", 'Y'),
    ("ýÿ", 'y'),
    ("ŹŻŽ", 'Z'),
    ("źżž", 'z'),
];

/// One character as ASCII.
pub fn fold(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    match c {
        // Box drawing: lines and their joins.
        '─' | '━' | '═' | '┄' | '┅' | '┈' | '┉' | '╌' | '╍' => '-',
        '│' | '┃' | '║' | '┆' | '┇' | '┊' | '┋' | '╎' | '╏' => '|',
        '\u{2500}'..='\u{257f}' => '+',
        // Block elements, lowest to full: a bar or a chart keeps its shape.
        '▁' | '▂' => '.',
        '▃' | '▄' => '-',
        '▅' | '▆' => '=',
        '\u{2580}'..='\u{259f}' => '#',
        // Braille (the sparklines): by how many dots are set.
        '\u{2800}'..='\u{28ff}' => match (u32::from(c) - 0x2800).count_ones() {
            0 => ' ',
            1 | 2 => '.',
            3 | 4 => ':',
            _ => '|',
        },
        '✓' | '✔' => 'x',
        '✗' | '✘' | '×' => 'X',
        '▶' | '▸' | '►' | '→' | '⟶' | '›' | '»' => '>',
        '◀' | '◂' | '◄' | '←' | '‹' | '«' => '<',
        '↑' | '▲' => '^',
        '↓' | '▼' => 'v',
        '…' => '~',
        // A middle dot separates and marks a stage to come: `.`, so it is
        // never mistaken for the overdue mark `*`.
        '·' | '∙' => '.',
        '•' | '●' | '○' | '◦' => '*',
        '⚠' | '‼' => '!',
        '✎' => '>',
        '–' | '—' | '‐' | '−' => '-',
        '“' | '”' | '„' | '″' => '"',
        '‘' | '’' | '‚' | '′' => '\'',
        '\u{a0}' => ' ',
        '£' => 'L',
        '€' => 'E',
        _ => LATIN
            .iter()
            .find(|(from, _)| from.contains(c))
            .map_or('?', |(_, to)| *to),
    }
}

/// A string as ASCII, one character for one character (a wide character
/// becomes `?` and a space, keeping its two columns).
pub fn fold_str(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let wide = !c.is_ascii() && UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4])) > 1;
            let first = fold(c);
            std::iter::once(first).chain(wide.then_some(' '))
        })
        .collect()
}

/// Fold every cell of a drawn screen to ASCII.
pub fn fold_buffer(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let cell = &mut buf[(x, y)];
            let sym = cell.symbol();
            if sym.is_ascii() {
                x += 1;
                continue;
            }
            let width = UnicodeWidthStr::width(sym).max(1);
            let folded: String = sym.chars().next().map(fold).unwrap_or(' ').to_string();
            cell.set_symbol(&folded);
            // The columns a wide character covered get a space of their
            // own, or they would stay blank to the terminal.
            for dx in 1..width as u16 {
                if x + dx < area.right() {
                    buf[(x + dx, y)].set_symbol(" ");
                }
            }
            x += width as u16;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_glyph_the_screens_use_folds_to_ascii_and_keeps_its_meaning() {
        assert_eq!(fold_str("┏━┓┃│└─┘╔═╗║"), "+-+||+-++-+|");
        assert_eq!(fold_str("✓1 ✓2 ▶4 ·5"), "x1 x2 >4 .5");
        assert_eq!(fold_str("6.5 → 3 ↓ 4 more ↑"), "6.5 > 3 v 4 more ^");
        assert_eq!(
            fold_str("Rosa Kowalc… “I'd like”"),
            "Rosa Kowalc~ \"I'd like\""
        );
        assert_eq!(fold_str("Zoë Łukasz Íñigo"), "Zoe Lukasz Inigo");
        assert_eq!(fold_str("日本"), "? ? ");
        assert_eq!(fold_str("▁▂▃▄▅▆▇█"), "..--==##");
        assert_eq!(fold_str("⣀⣤⣶⣿⡀"), ".:||.");
        assert!(fold_str("⚠✗✎●•–—£").is_ascii());
    }

    #[test]
    fn a_folded_buffer_holds_only_ascii_and_wide_cells_stay_two_columns() {
        let mut buf = Buffer::with_lines(["┌日本 ✓┐", "│é…  │"]);
        fold_buffer(&mut buf);
        for c in buf.content() {
            assert!(c.symbol().is_ascii(), "{:?}", c.symbol());
        }
        let row: String = (0..buf.area.width).map(|x| buf[(x, 0)].symbol()).collect();
        assert_eq!(row, "+? ?  x+");
    }
}
