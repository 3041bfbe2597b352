//! Keeping notes out of places the user never sees: a core dump (written
//! when the shell allows them, readable wherever the system collects them)
//! holds every name and note in memory, and another process of the same
//! user could attach with a debugger (ptrace) or read /proc/PID/mem.

/// No core dumps, not even if a child raises the limit again (both limits
/// are 0, and children inherit them), and, on Linux, not dumpable: no core
/// and no ptrace attach or /proc/PID/mem from other processes of the same
/// user (root with CAP_SYS_PTRACE still can; nothing stops root). Call
/// first thing in `main`. Failures are ignored: a sandbox that forbids
/// these calls has already taken the choice away.
pub fn keep_memory_private() {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let _ = setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    );
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
}
