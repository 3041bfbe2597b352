//! Fitting text into fixed-width columns, by display width.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Cut `s` to at most `width` columns (ending in `…` if cut) and pad with spaces.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = String::new();
    if s.width() <= width {
        out.push_str(s);
    } else if width > 0 {
        let mut used = 0;
        for c in s.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width - 1 {
                break;
            }
            used += w;
            out.push(c);
        }
        out.push('…');
    }
    let pad = width.saturating_sub(out.width());
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// Like `fit`, but a name that is cut keeps its end as well as its start
/// (`Alexandra…ontgomery`), so two names that share a long beginning still
/// differ on screen.
pub fn fit_middle(s: &str, width: usize) -> String {
    if s.width() <= width || width < 5 {
        return fit(s, width);
    }
    let tail_w = (width - 1) / 2;
    let head_w = width - 1 - tail_w;
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in s.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > tail_w {
            break;
        }
        used += w;
        tail.push(c);
    }
    let head = fit(s, head_w + 1);
    // `fit` ended the head with its own `…`: keep it as the middle mark.
    let mut out: String = head.trim_end().to_string();
    out.extend(tail.into_iter().rev());
    fit(&out, width)
}

/// A date in a column: ISO when there is room, `14 Dec` (6 cells) when not.
pub fn date_label(d: crate::domain::Date, wide: bool) -> String {
    if wide {
        d.to_string()
    } else {
        d.format("%d %b").to_string()
    }
}

/// Like `fit` but without the padding.
pub fn clip(s: &str, width: usize) -> String {
    fit(s, width).trim_end().to_string()
}

/// Break text into lines of at most `width` columns at spaces. A word
/// longer than the width is broken across lines, never cut: every
/// character of the text is on some line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = if line.is_empty() {
            word.width()
        } else {
            line.width() + 1 + word.width()
        };
        if needed > width && !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        for c in word.chars() {
            if line.width() + c.width().unwrap_or(0) > width {
                out.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

/// `text` wrapped to `width`, each line of it on its own (a text's own
/// line breaks are kept), with `first` before the first line and as many
/// spaces as `first` is wide before the rest.
pub fn wrap_after(first: &str, text: &str, width: usize) -> Vec<String> {
    let indent = first.width();
    let room = width.saturating_sub(indent);
    let mut out = Vec::new();
    for part in text.lines() {
        for l in wrap(part, room) {
            let lead = if out.is_empty() {
                first.to_string()
            } else {
                " ".repeat(indent)
            };
            out.push(format!("{lead}{l}"));
        }
    }
    if out.is_empty() {
        out.push(first.to_string());
    }
    out
}

/// A count with its thousands marked ("49,457"): a long run of digits is
/// easy to misread by a factor of ten.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_by_thousands() {
        let cases = [(0, "0"), (999, "999"), (1000, "1,000"), (49457, "49,457")];
        for (n, want) in cases {
            assert_eq!(super::grouped(n), want);
        }
        assert_eq!(super::grouped(1_234_567), "1,234,567");
    }

    use super::*;

    #[test]
    fn fit_pads_and_cuts_by_display_width() {
        assert_eq!(fit("Ana", 5), "Ana  ");
        assert_eq!(fit("Anastasia", 5), "Anas…");
        assert_eq!(fit("日本語", 5), "日本…");
        assert_eq!(fit("x", 0), "");
    }

    #[test]
    fn wrap_breaks_at_spaces() {
        assert_eq!(
            wrap("I want a place of my own", 10),
            ["I want a", "place of", "my own"]
        );
        assert_eq!(wrap("", 10), [""]);
        // A word wider than the line is broken, not cut.
        assert_eq!(
            wrap("see https://example.org/abcdefgh end", 10),
            ["see", "https://ex", "ample.org/", "abcdefgh", "end"]
        );
    }

    #[test]
    fn wrap_after_indents_the_rest_under_the_first() {
        assert_eq!(
            wrap_after("Why: ", "one two three four", 14),
            ["Why: one two", "     three", "     four"]
        );
        assert_eq!(wrap_after("  ", "a\nb", 10), ["  a", "  b"]);
    }

    #[test]
    fn fit_middle_keeps_both_ends() {
        assert_eq!(fit_middle("Alexandra Montgomery", 12), "Alexan…omery");
        assert_eq!(fit_middle("Ana Lee", 12), "Ana Lee     ");
    }
}
