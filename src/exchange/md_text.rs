//! Putting stored text into Markdown so that it reads back as the same
//! text: a goal called "<b>" or a note line starting "# " must not turn
//! into markup, and a converter (pandoc) must not swallow any of it.

/// Characters that are markup anywhere in a line (CommonMark allows a
/// backslash before any ASCII punctuation).
const ANYWHERE: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&', '!'];

/// One line of stored text as inline Markdown: markup characters escaped,
/// and a line break becomes a space (a table cell, a list item's head).
pub fn inline(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    escape_line(flat.trim())
}

/// Several lines of stored text as Markdown paragraphs: each line kept as
/// a line (a hard break), blank lines as paragraph breaks, nothing read as
/// a heading, list, quote, code block or HTML.
pub fn block(s: &str) -> String {
    let mut out = String::new();
    let mut paragraph: Vec<String> = Vec::new();
    let flush = |out: &mut String, p: &mut Vec<String>| {
        if !p.is_empty() {
            out.push_str(&p.join("\\\n"));
            out.push_str("\n\n");
            p.clear();
        }
    };
    for line in s.lines() {
        let line = line.trim();
        if line.is_empty() {
            flush(&mut out, &mut paragraph);
        } else {
            paragraph.push(escape_line(line));
        }
    }
    flush(&mut out, &mut paragraph);
    out
}

/// A trimmed line with every character that could start or be markup
/// escaped.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if ANYWHERE.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    // What is markup only at the start of a line: headings, list bullets,
    // setext underlines, thematic breaks, ordered list numbers.
    if out.starts_with(['#', '-', '+', '=']) {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(inline("# a *b* <i>|"), "\\# a \\*b\\* \\<i\\>\\|");
        assert_eq!(inline("1. first"), "1\\. first");
        assert_eq!(inline("- x\ny"), "\\- x y");
        assert_eq!(block("a\n  - b\n\n\n c"), "a\\\n\\- b\n\nc\n\n");
    }
}
