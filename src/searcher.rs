//! Searches for the event loop: held until typing pauses, answered on a
//! thread of their own with a connection of their own, and stopped by the
//! next key. The app only asks (`Effect::Search`) and takes the answer
//! (`Msg::Searched`); no frame ever waits on a query.

use crate::store::search_reader::{Answer, Reader, Request, Source, Wanted};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

/// How long the keys must pause before a search typed for starts. Most
/// keys of a practised typist come closer together than this, so a word
/// typed at speed costs one query, not one per letter; and it is short
/// enough that results still seem to follow the typing (a tenth of a
/// second reads as at once). Over a slow SSH link keys arrive in clumps
/// with gaps in between, and the gaps are what this waits for.
pub const IDLE: Duration = Duration::from_millis(120);

/// The one search waiting to start: the newest asked for, and when. Pure
/// bookkeeping, with the time given, so it is tested without a clock.
#[derive(Debug, Default)]
pub struct Queue {
    pending: Option<(Request, Instant)>,
}

impl Queue {
    /// `request` replaces whatever was waiting. Typed for (`when_idle`),
    /// it starts `IDLE` after `now` unless another comes first; otherwise
    /// at once.
    pub fn want(&mut self, request: Request, when_idle: bool, now: Instant) {
        let at = if when_idle { now + IDLE } else { now };
        self.pending = Some((request, at));
    }

    /// Nothing is wanted any more.
    pub fn clear(&mut self) {
        self.pending = None;
    }

    /// When the waiting search is due, if one is waiting.
    pub fn deadline(&self) -> Option<Instant> {
        self.pending.as_ref().map(|(_, at)| *at)
    }

    /// The waiting search, if it is due by `now`.
    pub fn take_due(&mut self, now: Instant) -> Option<Request> {
        match &self.pending {
            Some((_, at)) if *at <= now => self.pending.take().map(|(r, _)| r),
            _ => None,
        }
    }
}

/// The searches of one session: the queue, the wanted id the running
/// query watches, and the thread that answers.
pub struct Searcher {
    queue: Queue,
    wanted: Wanted,
    source: Source,
    /// Where answers go (the event loop's inbox).
    reply: Arc<dyn Fn(Answer) + Send + Sync>,
    /// Requests for the answering thread; started with the first search.
    jobs: Option<mpsc::Sender<Request>>,
}

impl Searcher {
    pub fn new(source: Source, reply: impl Fn(Answer) + Send + Sync + 'static) -> Self {
        Searcher {
            queue: Queue::default(),
            wanted: Wanted::default(),
            source,
            reply: Arc::new(reply),
            jobs: None,
        }
    }

    /// A search asked for: it is the only one wanted from now on, so one
    /// running for older words stops at once, and one still waiting to
    /// start never starts.
    pub fn want(&mut self, request: Request, when_idle: bool, now: Instant) {
        self.wanted.set(request.id);
        self.queue.want(request, when_idle, now);
    }

    /// No search is wanted: stop the running one, drop the waiting one.
    pub fn stop(&mut self) {
        self.wanted.set(0);
        self.queue.clear();
    }

    pub fn deadline(&self) -> Option<Instant> {
        self.queue.deadline()
    }

    /// Hand the waiting search to the answering thread if it is due.
    pub fn start_due(&mut self, now: Instant) {
        let Some(request) = self.queue.take_due(now) else {
            return;
        };
        let id = request.id;
        let sent = match &self.jobs {
            Some(jobs) => jobs.send(request).map_err(|e| e.0),
            None => Err(request),
        };
        if let Err(request) = sent {
            // No thread yet, or it is gone: start one.
            let jobs = self.spawn();
            if jobs.send(request).is_err() {
                (self.reply)(Answer::Failed {
                    id,
                    error: "the search could not be started".into(),
                });
            }
            self.jobs = Some(jobs);
        }
    }

    fn spawn(&self) -> mpsc::Sender<Request> {
        let (tx, rx) = mpsc::channel::<Request>();
        let source = self.source.clone();
        let wanted = self.wanted.clone();
        let reply = Arc::clone(&self.reply);
        thread::spawn(move || answer_all(&source, &wanted, &rx, &*reply));
        tx
    }
}

/// The answering thread: one request at a time, only the newest of those
/// waiting (the others were replaced before they could start).
fn answer_all(
    source: &Source,
    wanted: &Wanted,
    jobs: &mpsc::Receiver<Request>,
    reply: &dyn Fn(Answer),
) {
    let mut reader: Option<Reader> = None;
    while let Ok(mut request) = jobs.recv() {
        while let Ok(newer) = jobs.try_recv() {
            request = newer;
        }
        if wanted.get() != request.id {
            reply(Answer::Stopped { id: request.id });
            continue;
        }
        let answer = match &mut reader {
            Some(r) => r.answer(&request, wanted),
            None => match source.open() {
                Ok(r) => reader.insert(r).answer(&request, wanted),
                Err(e) => Answer::Failed {
                    id: request.id,
                    error: e.to_string(),
                },
            },
        };
        reply(answer);
    }
}

/// Answer `request` here and now, on a connection of its own, as the
/// answering thread would: for tests and measurements that drive the app
/// without an event loop.
pub fn answer_now(source: &Source, request: &Request) -> Answer {
    let wanted = Wanted::default();
    wanted.set(request.id);
    match source.open() {
        Ok(mut r) => r.answer(request, &wanted),
        Err(e) => Answer::Failed {
            id: request.id,
            error: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::search::{Cursor, Scope};

    fn request(id: u64, text: &str) -> Request {
        Request {
            id,
            text: text.into(),
            scope: Scope::All,
            from: Cursor::START,
            limit: 50,
            count: true,
        }
    }

    #[test]
    fn five_quick_keys_start_one_search_for_the_last_words_once_they_pause() {
        let t0 = Instant::now();
        let at = |ms| t0 + Duration::from_millis(ms);
        let mut q = Queue::default();
        let mut started = Vec::new();
        // A key every 60 ms: each replaces the search before it.
        for (i, text) in ["h", "ho", "hou", "hous", "house"].into_iter().enumerate() {
            let now = at(60 * i as u64);
            q.want(request(i as u64 + 1, text), true, now);
            started.extend(q.take_due(now));
            assert_eq!(q.deadline(), Some(now + IDLE), "{text}");
        }
        // Just before the pause is long enough: still nothing.
        started.extend(q.take_due(at(240) + IDLE - Duration::from_millis(1)));
        assert!(started.is_empty());
        started.extend(q.take_due(at(240) + IDLE));
        assert_eq!(started, vec![request(5, "house")]);
        // Nothing more waits: no deadline, no wake-up.
        assert_eq!((q.deadline(), q.take_due(at(10_000))), (None, None));
    }

    #[test]
    fn a_search_not_typed_for_starts_at_once_and_clear_drops_a_waiting_one() {
        let t0 = Instant::now();
        let mut q = Queue::default();
        q.want(request(1, "house"), false, t0);
        assert_eq!(q.take_due(t0), Some(request(1, "house")));
        q.want(request(2, "houses"), true, t0);
        q.clear();
        assert_eq!(q.deadline(), None);
        assert_eq!(q.take_due(t0 + IDLE), None);
    }
}
