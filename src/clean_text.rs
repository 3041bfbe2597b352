//! Text from the database (a client's name, a note) on its way to a
//! terminal. Anything a user or an imported file typed may hold escape
//! sequences: printed raw, they clear the screen, set the window title or
//! write the clipboard (OSC 52). On a terminal every control character is
//! shown instead as a visible placeholder; redirected to a file or a pipe,
//! the bytes are left exactly as they are (that is the format's job).
//!
//! One function, `control_free`, for every command that prints user text;
//! `Sink` decides once per stream whether it is a terminal.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};

/// Characters a terminal acts on rather than shows: C0 (except line feed
/// and tab, which only move the cursor forward), DEL and C1. ESC is C0.
pub fn is_control(c: char) -> bool {
    matches!(c, '\0'..='\x1f' | '\x7f' | '\u{80}'..='\u{9f}') && c != '\n' && c != '\t'
}

/// `text` with every control character replaced by a visible, harmless
/// placeholder: caret notation for C0 and DEL (`^[` for ESC, `^M` for a
/// carriage return, `^?` for DEL), U+FFFD for C1 (which has none).
pub fn control_free(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !is_control(c) => out.push(c),
            '\x7f' => out.push_str("^?"),
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from(b'@' + c as u8));
            }
            _ => out.push('\u{FFFD}'),
        }
    }
    Cow::Owned(out)
}

/// Standard output or error, cleaned when (and only when) it is a terminal.
pub struct Sink<W: Write> {
    out: W,
    terminal: bool,
}

/// Standard output, locked.
pub fn stdout() -> Sink<std::io::StdoutLock<'static>> {
    let out = std::io::stdout();
    let terminal = out.is_terminal();
    Sink {
        out: out.lock(),
        terminal,
    }
}

/// Standard error.
pub fn stderr() -> Sink<std::io::Stderr> {
    let out = std::io::stderr();
    let terminal = out.is_terminal();
    Sink { out, terminal }
}

impl<W: Write> Sink<W> {
    /// A sink that cleans when `terminal` (for tests).
    pub fn new(out: W, terminal: bool) -> Sink<W> {
        Sink { out, terminal }
    }

    pub fn is_terminal(&self) -> bool {
        self.terminal
    }

    /// `text` as this sink will show it.
    pub fn clean<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.terminal {
            control_free(text)
        } else {
            Cow::Borrowed(text)
        }
    }

    /// Write user text (cleaned on a terminal).
    pub fn text(&mut self, text: &str) -> std::io::Result<()> {
        let clean = self.clean(text);
        self.out.write_all(clean.as_bytes())
    }

    /// Write bytes that may be user text: on a terminal, invalid UTF-8 is
    /// shown as U+FFFD and controls as placeholders; elsewhere, as given.
    pub fn bytes(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if self.terminal {
            let text = String::from_utf8_lossy(bytes);
            self.out.write_all(control_free(&text).as_bytes())
        } else {
            self.out.write_all(bytes)
        }
    }

    /// A line of user text.
    pub fn line(&mut self, text: &str) -> std::io::Result<()> {
        self.text(text)?;
        self.out.write_all(b"\n")
    }

    /// Bytes written as given: our own styling (bold, underline), never
    /// user text.
    pub fn raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.out.write_all(bytes)
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    /// A writer for a stream of bytes that may be user text, cleaned as
    /// [`Sink::bytes`] cleans, however the stream is cut into writes.
    pub fn writer(&mut self) -> SinkWriter<'_, W> {
        SinkWriter {
            sink: self,
            carry: Vec::new(),
        }
    }
}

/// See [`Sink::writer`]. A character cut in two by a write is kept until
/// its end arrives, so it is not shown as two broken ones.
pub struct SinkWriter<'s, W: Write> {
    sink: &'s mut Sink<W>,
    carry: Vec<u8>,
}

impl<W: Write> Write for SinkWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.sink.terminal {
            return self.sink.out.write(buf);
        }
        self.carry.extend_from_slice(buf);
        // Up to the last character that may still be incomplete (at most 3
        // bytes of one).
        let whole = match std::str::from_utf8(&self.carry) {
            Ok(_) => self.carry.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => self.carry.len(),
        };
        let rest = self.carry.split_off(whole);
        let done = std::mem::replace(&mut self.carry, rest);
        self.sink.bytes(&done)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let rest = std::mem::take(&mut self.carry);
        self.sink.bytes(&rest)?;
        self.sink.flush()
    }
}

/// Print a line of user text to standard output. A closed pipe
/// (`casework audit | head`) is not an error worth a message.
pub fn say(text: &str) {
    let mut out = stdout();
    let _ = out.line(text).and_then(|()| out.flush());
}

/// Print a line to standard error, cleaned on a terminal.
pub fn warn(text: &str) {
    let _ = stderr().line(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_cut_inside_a_character_is_cleaned_as_if_whole() {
        // "é", then C1 CSI (U+009B, two bytes), then ESC: cut every way.
        let text = "caf\u{e9} \u{9b}31m \x1b[2J ok";
        let whole = control_free(text).into_owned();
        let bytes = text.as_bytes();
        for cut in 0..bytes.len() {
            let mut out = Vec::new();
            {
                let mut sink = Sink::new(&mut out, true);
                let mut w = sink.writer();
                w.write_all(&bytes[..cut]).expect("write");
                w.write_all(&bytes[cut..]).expect("write");
                w.flush().expect("flush");
            }
            assert_eq!(String::from_utf8(out).expect("utf8"), whole, "cut at {cut}");
        }
        let mut out = Vec::new();
        Sink::new(&mut out, false)
            .writer()
            .write_all(bytes)
            .expect("write");
        assert_eq!(out, bytes, "not a terminal: as given");
    }

    #[test]
    fn escapes_become_visible_and_plain_text_is_untouched() {
        let hostile = "Ann\x1b]52;c;ZXZpbA==\x07 \x1b[2J\x1b]0;owned\x07\r\x7f\u{9b}31m\tok\n";
        let clean = control_free(hostile);
        assert!(!clean.chars().any(is_control), "{clean:?}");
        assert_eq!(
            clean,
            "Ann^[]52;c;ZXZpbA==^G ^[[2J^[]0;owned^G^M^?\u{FFFD}31m\tok\n"
        );
        assert!(matches!(
            control_free("Zoë Ånd 日本 \t\n"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn only_a_terminal_is_cleaned() {
        let hostile = "a\x1b[2Jb";
        let mut file = Sink::new(Vec::new(), false);
        file.text(hostile).expect("write");
        assert_eq!(file.out, hostile.as_bytes());
        let mut tty = Sink::new(Vec::new(), true);
        tty.text(hostile).expect("write");
        tty.bytes(b"\x1b]0;t\x07\xff").expect("write");
        assert_eq!(tty.out, "a^[[2Jb^[]0;t^G\u{FFFD}".as_bytes());
    }
}
