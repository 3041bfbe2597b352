//! The main loop: block until something happens, turn it into an Action,
//! update, and redraw only if something changed, once the input already
//! waiting has been handled. No polling: the loop wakes by itself only at a
//! deadline, and there are four: writing a draft (only while there is
//! unsaved typing), the idle lock (a while after the last key, only while
//! the screen is open and the lock is on), the end of a wait after wrong
//! tries at the lock, and the start of a search once typing pauses.
//! Searches run on a thread of their own (see `searcher`); their answers
//! come in with the input.

use crate::app::{App, Drawn, Effect, Msg, Update};
use crate::searcher::Searcher;
use crate::terminal;
use crate::ui::{self, Theme};
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc::{self, RecvTimeoutError, TryRecvError};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Typing is in its draft at most this long after it was typed, however
/// steadily the typing goes on and however much input is waiting.
const DRAFT_DELAY: Duration = Duration::from_secs(1);

enum Input {
    /// An event, and whether more input was already waiting behind it
    /// when it was read (then the next one is moments away: no frame yet).
    Term(Event, bool),
    /// The terminal's input is gone (read error): treat like a hang-up.
    Closed,
    Signal(i32),
    /// The input thread has stopped reading (see `InputGate`).
    Parked,
    /// A search's answer, from the searching thread.
    Searched(crate::store::search_reader::Answer),
    /// The rest of the caseload, from the thread that read it.
    Rest(crate::rest_loader::Loaded),
}

/// How the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Signal(i32),
    InputClosed,
}

/// Lets the main thread stop the input thread from reading the terminal, so
/// that an external editor gets every key.
#[derive(Default)]
struct InputGate {
    paused: Mutex<bool>,
    open: Condvar,
}

impl InputGate {
    fn set(&self, paused: bool) {
        if let Ok(mut p) = self.paused.lock() {
            *p = paused;
        }
        self.open.notify_all();
    }
    fn is_paused(&self) -> bool {
        self.paused.lock().map(|p| *p).unwrap_or(false)
    }
    fn wait_open(&self) {
        let Ok(mut p) = self.paused.lock() else {
            return;
        };
        while *p {
            match self.open.wait(p) {
                Ok(g) => p = g,
                Err(_) => return,
            }
        }
    }
}

/// When the unsaved typing must be written: `DRAFT_DELAY` after the oldest
/// typing that is not in the database yet.
#[derive(Debug, Default)]
struct DraftClock {
    since: Option<Instant>,
}

impl DraftClock {
    fn deadline(&self) -> Option<Instant> {
        Some(self.since? + DRAFT_DELAY)
    }
    fn due(&self, now: Instant) -> bool {
        self.deadline().is_some_and(|d| d <= now)
    }
    /// After an input: count from the first typing not written yet.
    fn track(&mut self, pending: bool, now: Instant) {
        if pending {
            self.since.get_or_insert(now);
        } else {
            self.since = None;
        }
    }
    /// After a write: what could not be written (a full disk) is tried
    /// again a `DRAFT_DELAY` later, not over and over at once.
    fn written(&mut self, pending: bool, now: Instant) {
        self.since = pending.then_some(now);
    }
}

/// When the screen locks: `after` the last key (or paste), while it is
/// open. A resize is not someone at the keyboard, so it does not count.
#[derive(Debug)]
struct IdleClock {
    after: Option<Duration>,
    last_key: Instant,
}

impl IdleClock {
    fn new(after: Option<Duration>, now: Instant) -> Self {
        IdleClock {
            after,
            last_key: now,
        }
    }
    fn deadline(&self, locked: bool) -> Option<Instant> {
        if locked {
            return None;
        }
        self.last_key.checked_add(self.after?)
    }
    fn due(&self, locked: bool, now: Instant) -> bool {
        self.deadline(locked).is_some_and(|d| d <= now)
    }
    fn key(&mut self, now: Instant) {
        self.last_key = now;
    }
}

/// The earliest of the deadlines there are, if any.
fn first_deadline(deadlines: [Option<Instant>; 4]) -> Option<Instant> {
    deadlines.into_iter().flatten().min()
}

pub fn run(app: &mut App, theme: &Theme) -> io::Result<Exit> {
    let (tx, rx) = mpsc::channel();
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    let sig_tx = tx.clone();
    thread::spawn(move || {
        for s in signals.forever() {
            if sig_tx.send(Input::Signal(s)).is_err() {
                break;
            }
        }
    });
    let answers = Mutex::new(tx.clone());
    let mut searcher = Searcher::new(app.store().source(), move |answer| {
        if let Ok(tx) = answers.lock() {
            let _ = tx.send(Input::Searched(answer));
        }
    });
    let rest_tx = tx.clone();
    let source = app.store().source();
    let load_rest = move |request| {
        let tx = rest_tx.clone();
        crate::rest_loader::spawn(source.clone(), request, move |loaded| {
            let _ = tx.send(Input::Rest(loaded));
        });
    };
    let gate = Arc::new(InputGate::default());
    let reader_gate = Arc::clone(&gate);
    thread::spawn(move || {
        loop {
            reader_gate.wait_open();
            let msg = match event::read() {
                // A zero-timeout poll only looks: is the next event (or its
                // first byte) already here?
                Ok(ev) => Input::Term(ev, event::poll(Duration::ZERO).unwrap_or(false)),
                Err(_) => Input::Closed,
            };
            let closed = matches!(msg, Input::Closed);
            if tx.send(msg).is_err() || closed {
                break;
            }
            if reader_gate.is_paused() && tx.send(Input::Parked).is_err() {
                break;
            }
        }
    });

    let mut term = terminal::enter()?;
    // A panic must not cost typing: once it has unwound out of the loop (and
    // any open transaction has rolled back), write the draft, then go on.
    let result = catch_unwind(AssertUnwindSafe(|| {
        drive(&mut term, app, theme, &rx, &gate, &mut searcher, &load_rest)
    }));
    let result = match result {
        Ok(r) => r,
        Err(panic) => {
            let _ = app.update(Msg::Closing);
            // The panic ends the program: typing the database would not
            // take goes to a recovery file, said after the terminal is back.
            let kept = crate::recovery_files::keep_leftovers(app);
            terminal::restore();
            match kept {
                Ok(Some(said)) | Err(said) => crate::clean_text::warn(&format!("casework: {said}")),
                Ok(None) => {}
            }
            resume_unwind(panic);
        }
    };
    let _ = app.update(Msg::Closing);
    terminal::restore();
    result
}

fn drive(
    term: &mut terminal::Term,
    app: &mut App,
    theme: &Theme,
    rx: &mpsc::Receiver<Input>,
    gate: &InputGate,
    searcher: &mut Searcher,
    load_rest: &dyn Fn(crate::rest_loader::Request),
) -> io::Result<Exit> {
    // The terminal may have grown since the caseload's first rows were
    // read for its height: the rows that fit now are read before drawing.
    let _ = app.update(Msg::Resized(term.size()?.height));
    draw(term, app, theme)?;
    // The first frame was drawn from the top of the caseload: the rest is
    // read on a thread while the first frame is looked at. A key that
    // comes first loads it itself.
    let shown = app.update(Msg::Shown);
    for effect in shown.effects {
        if let Effect::LoadRest(request) = effect {
            load_rest(request);
        }
    }
    // Another session may have written since the first frame was read.
    if shown.redraw {
        draw(term, app, theme)?;
    }
    let mut clock = DraftClock::default();
    let lock_after = test_lock::after().or_else(|| app.config.lock_after());
    let mut idle = IdleClock::new(lock_after, Instant::now());
    let mut crash = test_crash::Countdown::from_env();
    let mut inbox = Inbox {
        rx,
        held: None,
        more: false,
    };
    // Something changed that is not on screen yet.
    let mut stale = false;
    // The terminal was resized since the last frame: the next is drawn on a
    // cleared screen. Two resizes back to the size last drawn leave ratatui
    // nothing to notice, while a terminal may have scrolled or kept rows.
    let mut resized = false;
    loop {
        // Take everything already queued before drawing: a burst of input
        // (a paste without bracketed paste, a slow link catching up) is
        // handled at the speed of the app, not of one frame per key.
        let next = match inbox.try_next() {
            Ok(input) => Ok(input),
            Err(TryRecvError::Disconnected) => Err(RecvTimeoutError::Disconnected),
            Err(TryRecvError::Empty) => {
                // More input already read from the terminal but not yet
                // handed over: apply it first, so a burst costs one frame.
                if stale && !inbox.more {
                    draw_frame(term, app, theme, resized)?;
                    stale = false;
                    resized = false;
                }
                let next = first_deadline([
                    clock.deadline(),
                    idle.deadline(app.is_locked()),
                    app.lock_hold_until(),
                    searcher.deadline(),
                ]);
                let got = match next {
                    None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                    Some(d) => rx.recv_timeout(d.saturating_duration_since(Instant::now())),
                };
                inbox.more = matches!(got, Ok(Input::Term(_, true)));
                got
            }
        };
        let update = match next {
            // The drafts are written, and the screen locked, below.
            Err(RecvTimeoutError::Timeout) => Update::default(),
            Ok(Input::Signal(s)) => return Ok(Exit::Signal(s)),
            Ok(Input::Closed) | Err(RecvTimeoutError::Disconnected) => {
                return Ok(Exit::InputClosed);
            }
            Ok(Input::Term(Event::Key(k), _)) if k.kind == KeyEventKind::Press => {
                idle.key(Instant::now());
                crash.tick();
                let run = app.typed_char(&k);
                match run.and_then(|c| gather_typing(c, &mut inbox, app, &mut crash)) {
                    Some(run) => app.update(Msg::Typed(run)),
                    None => app.on_key(k),
                }
            }
            Ok(Input::Term(Event::Paste(text), _)) => {
                idle.key(Instant::now());
                app.update(Msg::Paste(text))
            }
            Ok(Input::Searched(answer)) => app.update(Msg::Searched(answer)),
            Ok(Input::Rest(loaded)) => app.update(Msg::Rest(loaded)),
            Ok(Input::Term(Event::Resize(_, rows), _)) => {
                resized = true;
                app.update(Msg::Resized(rows))
            }
            Ok(Input::Term(..) | Input::Parked) => Update::default(),
        };
        let mut redraw = update.redraw;
        // `update` has written every draft before asking for any of these.
        for effect in update.effects {
            match effect {
                Effect::Quit => return Ok(Exit::Quit),
                // Whoever comes back from the shell or the editor is at the
                // keyboard: the idle time starts again from then.
                Effect::Suspend => {
                    terminal::suspend();
                    terminal::resume(term)?;
                    idle.key(Instant::now());
                    redraw = true;
                }
                Effect::Search { request, when_idle } => {
                    searcher.want(request, when_idle, Instant::now());
                }
                Effect::StopSearch => searcher.stop(),
                Effect::LoadRest(request) => load_rest(request),
                Effect::EditExternally(text) => {
                    if let Some(exit) = external_edit(term, app, &text, rx, gate)? {
                        return Ok(exit);
                    }
                    // What was waiting before the editor was dropped with it.
                    inbox.more = false;
                    idle.key(Instant::now());
                    redraw = true;
                }
            }
        }
        // Checked after every input, not only when the wait times out:
        // while input keeps coming (steady typing, a burst) it never does.
        let now = Instant::now();
        clock.track(app.drafts_pending(), now);
        if clock.due(now) {
            // Asks for nothing but a redraw (the "draft saved" mark).
            redraw |= app.update(Msg::DraftsDue).redraw;
            clock.written(app.drafts_pending(), Instant::now());
        }
        // Also checked after every input, for the same reason; the lock
        // writes the drafts before it shows.
        let now = Instant::now();
        if idle.due(app.is_locked(), now) {
            redraw |= app.update(Msg::Idle).redraw;
            clock.track(app.drafts_pending(), now);
        }
        if app.lock_hold_until().is_some_and(|t| t <= now) {
            redraw |= app.update(Msg::HoldOver).redraw;
        }
        // Keys are still coming (`inbox.more`): the search waits for them.
        if !inbox.more {
            searcher.start_due(Instant::now());
        }
        stale |= redraw;
    }
}

/// The inputs waiting their turn: the channel, and before it the one input
/// taken out to see where a run of typing ends.
struct Inbox<'a> {
    rx: &'a mpsc::Receiver<Input>,
    held: Option<Input>,
    /// The last input taken said more was already waiting behind it in the
    /// terminal: it is moments away, so no frame is drawn before it.
    more: bool,
}

impl Inbox<'_> {
    fn try_next(&mut self) -> Result<Input, TryRecvError> {
        let next = match self.held.take() {
            Some(input) => Ok(input),
            None => self.rx.try_recv(),
        };
        if let Ok(input) = &next {
            self.more = matches!(input, Input::Term(_, true));
        }
        next
    }
}

/// `first` and the keys of plain text already queued behind it, as one
/// string for `Msg::Typed`, or `None` if there are none. The first input
/// that is anything else waits in the inbox for its turn. Never waits for
/// more input.
fn gather_typing(
    first: char,
    inbox: &mut Inbox,
    app: &App,
    crash: &mut test_crash::Countdown,
) -> Option<String> {
    let mut run = String::from(first);
    let mut more = false;
    // (A requested test panic still comes after the keys before it.)
    while !crash.due_next() {
        let input = match inbox.try_next() {
            Ok(Input::Term(Event::Key(k), waiting)) if k.kind == KeyEventKind::Press => {
                if let Some(c) = app.typed_char(&k) {
                    crash.tick();
                    run.push(c);
                    more = true;
                    continue;
                }
                Input::Term(Event::Key(k), waiting)
            }
            Ok(other) => other,
            Err(_) => break,
        };
        inbox.held = Some(input);
        break;
    }
    more.then_some(run)
}

/// Draw a frame and tell the app what it showed.
fn draw(term: &mut terminal::Term, app: &mut App, theme: &Theme) -> io::Result<()> {
    draw_frame(term, app, theme, false)
}

/// `draw`, on a cleared screen when `afresh` (see `terminal::draw`).
fn draw_frame(
    term: &mut terminal::Term,
    app: &mut App,
    theme: &Theme,
    afresh: bool,
) -> io::Result<()> {
    let mut drawn = Drawn::default();
    terminal::draw(term, afresh, |f| drawn = ui::draw(f, app, theme))?;
    test_frames::drawn();
    let _ = app.update(Msg::Drawn(drawn));
    Ok(())
}

/// Suspend the TUI, run `$EDITOR` on the text, come back. A signal that
/// arrives meanwhile ends the program once the editor has returned, after
/// its text is in the draft.
fn external_edit(
    term: &mut terminal::Term,
    app: &mut App,
    text: &str,
    rx: &mpsc::Receiver<Input>,
    gate: &InputGate,
) -> io::Result<Option<Exit>> {
    // Whatever happens in the other program, the typing so far is safe:
    // `update` wrote the drafts before it asked for the editor.
    // Stop the input thread: close the gate, then wake its blocking read
    // with a harmless resize signal, and wait until it says it has stopped.
    gate.set(true);
    signal_hook::low_level::raise(signal_hook::consts::SIGWINCH)?;
    let mut exit = None;
    loop {
        match rx.recv() {
            Ok(Input::Parked) => break,
            Ok(Input::Signal(s)) => exit = Some(Exit::Signal(s)),
            Ok(Input::Closed) | Err(_) => {
                exit = Some(Exit::InputClosed);
                break;
            }
            // The rest of the caseload, if it comes now, is loaded by the
            // next input instead.
            Ok(Input::Term(..) | Input::Searched(_) | Input::Rest(_)) => {}
        }
    }
    if exit.is_none() {
        terminal::restore();
        // What the text belongs to, beside it: if this process is killed
        // while the editor runs, the next start offers it back.
        let about = app
            .note_for_external_editor()
            .map(|note| crate::external_editor::About {
                owner: crate::store::session::Session::this_process().key(),
                db: std::fs::canonicalize(app.store().path())
                    .unwrap_or_else(|_| app.store().path().to_path_buf()),
                note,
            });
        let result = crate::external_editor::edit(text, about.as_ref());
        let _ = app.update(Msg::Edited(result));
        *term = terminal::enter()?;
        term.clear()?;
    }
    // Signals that came in while the editor ran (the reader is still
    // parked, so nothing typed is in the queue yet).
    while let Ok(input) = rx.try_recv() {
        match input {
            Input::Signal(s) => exit = Some(Exit::Signal(s)),
            Input::Closed => exit = exit.or(Some(Exit::InputClosed)),
            _ => {}
        }
    }
    gate.set(false);
    Ok(exit)
}

/// Debug builds only: `CASEWORK_TEST_LOCK_AFTER_MS=N` locks the screen N
/// milliseconds after the last key instead of the configured minutes, so
/// the terminal tests can watch the real loop lock without waiting a
/// minute. Release builds compile this to nothing.
mod test_lock {
    use std::time::Duration;

    pub fn after() -> Option<Duration> {
        #[cfg(debug_assertions)]
        return std::env::var("CASEWORK_TEST_LOCK_AFTER_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map(Duration::from_millis);
        #[cfg(not(debug_assertions))]
        None
    }
}

/// Debug builds only: `CASEWORK_TEST_FRAMES_FILE=PATH` keeps the number of
/// frames drawn so far in PATH, so the terminal tests can count frames (a
/// burst of keys must not cost a frame each) without timing anything.
/// Release builds compile this to nothing.
mod test_frames {
    #[cfg(debug_assertions)]
    static FRAMES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

    pub fn drawn() {
        #[cfg(debug_assertions)]
        if let Some(path) = std::env::var_os("CASEWORK_TEST_FRAMES_FILE") {
            let n = FRAMES.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            let _ = std::fs::write(path, n.to_string());
        }
    }
}

/// Debug builds only: `CASEWORK_TEST_PANIC_AFTER_KEYS=N` panics on the Nth
/// key press, so the tests can prove that a panic gives the terminal back
/// and keeps what was typed. Release builds compile this to nothing.
mod test_crash {
    #[derive(Default)]
    pub struct Countdown(#[cfg(debug_assertions)] Option<u32>);

    impl Countdown {
        pub fn from_env() -> Self {
            #[cfg(debug_assertions)]
            {
                let n = std::env::var("CASEWORK_TEST_PANIC_AFTER_KEYS")
                    .ok()
                    .and_then(|v| v.parse().ok());
                Countdown(n)
            }
            #[cfg(not(debug_assertions))]
            Countdown()
        }

        /// Will the next key panic?
        pub fn due_next(&self) -> bool {
            #[cfg(debug_assertions)]
            return matches!(self.0, Some(0 | 1));
            #[cfg(not(debug_assertions))]
            false
        }

        pub fn tick(&mut self) {
            #[cfg(debug_assertions)]
            if let Some(n) = &mut self.0 {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    panic!("test panic requested by CASEWORK_TEST_PANIC_AFTER_KEYS");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_is_due_a_second_after_the_first_unwritten_key_however_steady() {
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        let mut clock = DraftClock::default();
        clock.track(false, at(0));
        assert_eq!(clock.deadline(), None, "nothing typed, no timer");
        // A key every 300 ms: the later keys do not push the deadline on.
        for ms in [0, 300, 600, 900] {
            clock.track(true, at(ms));
            assert!(!clock.due(at(ms)));
        }
        assert_eq!(clock.deadline(), Some(at(1000)));
        assert!(clock.due(at(1000)));
        // Written: the next key starts a new second.
        clock.written(false, at(1000));
        assert_eq!(clock.deadline(), None);
        clock.track(true, at(1200));
        assert_eq!(clock.deadline(), Some(at(2200)));
        // A write that failed is tried again a second later.
        clock.written(true, at(2200));
        assert_eq!(clock.deadline(), Some(at(3200)));
    }

    #[test]
    fn the_idle_lock_is_one_deadline_after_the_last_key_and_none_while_locked_or_off() {
        let t0 = Instant::now();
        let at = |s| t0 + Duration::from_secs(s);
        let mut idle = IdleClock::new(Some(Duration::from_secs(600)), t0);
        assert_eq!(idle.deadline(false), Some(at(600)));
        assert!(!idle.due(false, at(599)) && idle.due(false, at(600)));
        // Each key starts the time again.
        idle.key(at(300));
        assert_eq!(idle.deadline(false), Some(at(900)));
        // Locked: nothing to wait for, no wake-up.
        assert_eq!(idle.deadline(true), None);
        assert!(!idle.due(true, at(10_000)));
        // Off (lock_after_minutes = 0): never.
        let off = IdleClock::new(None, t0);
        assert_eq!(off.deadline(false), None);
        // The loop waits for the earliest deadline there is, or for input only.
        assert_eq!(first_deadline([None, None, None, None]), None);
        assert_eq!(
            first_deadline([Some(at(5)), Some(at(3)), None, None]),
            Some(at(3))
        );
    }
}
