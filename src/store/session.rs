//! Who is writing: one identity per open store, so that a draft belongs to
//! one live session at a time. Two SSH sessions on one file are ordinary
//! (a dropped link leaves the old one running); each must know when a draft
//! is being typed into elsewhere, and a session whose process is gone must
//! not keep anything.

/// `host pid start nonce`: the process (its start time guards against a
/// reused pid) and which store in it (tests run two in one process).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    host: String,
    pid: u32,
    /// The process's start time in clock ticks since boot (Linux), else 0.
    start: u64,
    nonce: u64,
}

impl Session {
    /// This process, with a fresh nonce.
    pub fn this_process() -> Session {
        let pid = std::process::id();
        Session {
            host: hostname(),
            pid,
            start: process_start(pid).unwrap_or(0),
            nonce: fastrand::u64(..),
        }
    }

    /// How it is stored in an `owner` column.
    pub fn key(&self) -> String {
        format!("{} {} {} {:x}", self.host, self.pid, self.start, self.nonce)
    }

    pub fn from_key(key: &str) -> Option<Session> {
        let mut parts = key.split(' ');
        let host = parts.next()?.to_string();
        let pid = parts.next()?.parse().ok()?;
        let start = parts.next()?.parse().ok()?;
        let nonce = u64::from_str_radix(parts.next()?, 16).ok()?;
        Some(Session {
            host,
            pid,
            start,
            nonce,
        })
    }

    /// Could the session that wrote `owner` still be running? A process on
    /// another host cannot be asked, so it counts as running; one on this
    /// host is gone when its pid is gone or now belongs to a later process.
    /// An unreadable owner holds nothing.
    pub fn owner_alive(owner: &str) -> bool {
        let Some(s) = Session::from_key(owner) else {
            return false;
        };
        if s.host != hostname() {
            return true;
        }
        match process_start(s.pid) {
            Some(start) => s.start == 0 || start == s.start,
            // No /proc (not Linux): ask the kernel whether the pid exists.
            None if s.start == 0 => pid_exists(s.pid),
            None => false,
        }
    }
}

fn hostname() -> String {
    let name = rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned();
    // The key is space-separated.
    name.replace(' ', "_")
}

/// Field 22 of /proc/PID/stat: when the process started. `None` when the
/// process does not exist (or there is no /proc), or runs no more: a
/// process killed but not yet reaped by its parent (a zombie) still has
/// its /proc entry, and a session killed under tmux or a shell is one for
/// a while. Its drafts must be free for the next start at once.
fn process_start(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces; it ends at the last ')'.
    let mut fields = stat[stat.rfind(')')? + 1..].split_whitespace();
    if matches!(fields.next()?, "Z" | "X" | "x") {
        return None;
    }
    fields.nth(18)?.parse().ok()
}

fn pid_exists(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        // It exists but belongs to someone else.
        Err(e) => e == rustix::io::Errno::PERM,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The state of `pid` as /proc tells it ('Z' for a zombie).
    fn state(pid: u32) -> Option<String> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let rest = &stat[stat.rfind(')')? + 1..];
        rest.split_whitespace().next().map(str::to_string)
    }

    #[test]
    fn a_killed_session_not_yet_reaped_is_not_alive() {
        let mut child = std::process::Command::new("sleep")
            .arg("60")
            .spawn()
            .expect("sleep");
        let pid = child.id();
        let start = process_start(pid).expect("running");
        let key = format!("{} {pid} {start} 1f", hostname());
        assert!(Session::owner_alive(&key));
        child.kill().expect("kill");
        // Not waited for: a zombie until reaped. The kernel marks it so
        // soon after the signal; wait for that, not for a time.
        while state(pid).as_deref() != Some("Z") {
            std::thread::yield_now();
        }
        assert!(!Session::owner_alive(&key), "a zombie holds nothing");
        child.wait().expect("reap");
        assert!(!Session::owner_alive(&key));
    }

    #[test]
    fn a_key_reads_back_and_this_process_is_alive() {
        let me = Session::this_process();
        assert_eq!(Session::from_key(&me.key()), Some(me.clone()));
        assert!(Session::owner_alive(&me.key()));
        assert_ne!(
            Session::this_process().key(),
            me.key(),
            "each store its own"
        );
    }

    #[test]
    fn a_finished_process_owns_nothing_and_garbage_owns_nothing() {
        let mut child = std::process::Command::new("true")
            .spawn()
            .expect("run true");
        let pid = child.id();
        let start = process_start(pid);
        child.wait().expect("wait");
        let gone = Session {
            host: hostname(),
            pid,
            start: start.unwrap_or(0),
            nonce: 1,
        };
        assert!(!Session::owner_alive(&gone.key()));
        assert!(!Session::owner_alive("not a session"));
        let elsewhere = Session {
            host: "another-host".into(),
            ..gone
        };
        assert!(Session::owner_alive(&elsewhere.key()));
    }
}
