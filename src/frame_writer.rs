//! A frame reaches the terminal in one write.
//!
//! Rust's stdout keeps at most 1 KiB before it writes, so a frame of a few
//! kilobytes used to leave in 1 KiB pieces (and the cursor's own commands
//! after them, each flushed on its own). Over SSH each piece can travel as
//! a packet of its own, and on a slow link the screen is seen half drawn.
//! Here what a frame sends is kept until the frame is complete, then
//! written at once.
//!
//! The frame is also bracketed by synchronized output (DEC private mode
//! 2026): a terminal that knows it shows the frame only once its end has
//! arrived, even when the link splits the write; a terminal that does not
//! know it ignores it, as terminals ignore private modes they do not know.
//! It costs 16 bytes a frame.

use std::io::{self, Write};

/// Begin and end of synchronized output (`CSI ? 2026 h` / `l`).
pub const BEGIN_SYNC: &[u8] = b"\x1b[?2026h";
pub const END_SYNC: &[u8] = b"\x1b[?2026l";

/// Writes through at once, except between `begin_frame` and `end_frame`,
/// when every flush waits for the frame's end.
pub struct FrameWriter<W: Write> {
    out: W,
    pending: Vec<u8>,
    in_frame: bool,
}

impl<W: Write> FrameWriter<W> {
    pub fn new(out: W) -> Self {
        FrameWriter {
            out,
            pending: Vec::new(),
            in_frame: false,
        }
    }

    /// From now until `end_frame`, hold everything written.
    pub fn begin_frame(&mut self) {
        self.in_frame = true;
        self.pending.extend_from_slice(BEGIN_SYNC);
    }

    /// Send the frame, all of it in one write (nothing at all if nothing
    /// was drawn).
    pub fn end_frame(&mut self) -> io::Result<()> {
        self.in_frame = false;
        if self.pending.ends_with(BEGIN_SYNC) {
            self.pending.truncate(self.pending.len() - BEGIN_SYNC.len());
        } else {
            self.pending.extend_from_slice(END_SYNC);
        }
        self.send()
    }

    /// What was written is gone to `out` even if writing failed (a terminal
    /// gone away): it is never sent late, after something written since.
    fn send(&mut self) -> io::Result<()> {
        let written = if self.pending.is_empty() {
            Ok(())
        } else {
            self.out.write_all(&self.pending)
        };
        self.pending.clear();
        written.and_then(|()| self.out.flush())
    }

    pub fn get_ref(&self) -> &W {
        &self.out
    }
}

impl<W: Write> Write for FrameWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.in_frame { Ok(()) } else { self.send() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each write it is given, as it was given.
    #[derive(Default)]
    struct Writes(Vec<Vec<u8>>);

    impl Write for Writes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn outside_a_frame_a_flush_writes_at_once() -> io::Result<()> {
        let mut w = FrameWriter::new(Writes::default());
        w.write_all(b"\x1b[2J")?;
        assert!(w.get_ref().0.is_empty(), "nothing before the flush");
        w.flush()?;
        assert_eq!(w.get_ref().0, vec![b"\x1b[2J".to_vec()]);
        w.flush()?;
        assert_eq!(w.get_ref().0.len(), 1, "an empty flush writes nothing");
        Ok(())
    }

    #[test]
    fn a_frame_with_its_flushes_leaves_in_one_write_inside_synchronized_output() -> io::Result<()> {
        let mut w = FrameWriter::new(Writes::default());
        w.begin_frame();
        w.write_all(b"cells")?;
        w.flush()?;
        w.write_all(b"cursor")?;
        w.flush()?;
        assert!(w.get_ref().0.is_empty(), "held until the frame ends");
        w.end_frame()?;
        assert_eq!(
            w.get_ref().0,
            vec![[BEGIN_SYNC, b"cellscursor", END_SYNC].concat()]
        );
        // A frame that drew nothing sends nothing, not an empty bracket.
        w.begin_frame();
        w.end_frame()?;
        assert_eq!(w.get_ref().0.len(), 1);
        Ok(())
    }
}
