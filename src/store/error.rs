use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum StoreError {
    /// The file was not opened and has not been touched.
    Refused {
        path: PathBuf,
        reason: String,
    },
    Sql(rusqlite::Error),
    Io(std::io::Error),
    /// A value in the database that the program cannot read back.
    Invalid(String),
    /// A value in a file being imported that casework would not have
    /// written: where it is in the file (`clients[3].notes[2].signed_at`)
    /// and what is wrong. Nothing was written.
    InFile {
        at: String,
        problem: String,
    },
    /// A change the practice rules do not allow (nothing was written).
    Rule(String),
    /// A draft another live session is typing into (nothing was written);
    /// with when it took the draft.
    HeldElsewhere {
        since: String,
    },
    /// The file failed its health check: nothing is written to it.
    Damaged(String),
    /// Another session changed the record after the user saw it (nothing
    /// was written); carries the record as it is now.
    Conflict(Box<super::conflict::Conflict>),
}

impl StoreError {
    /// Did this fail because another session held the write lock?
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            StoreError::Sql(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        )
    }

    pub fn refused(path: &Path, reason: impl Into<String>) -> Self {
        StoreError::Refused {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Refused { path, reason } => write!(f, "{}: {}", path.display(), reason),
            StoreError::Sql(e) => write!(f, "database error: {e}"),
            StoreError::Io(e) => write!(f, "{e}"),
            StoreError::Invalid(m) => write!(f, "unreadable value in the database: {m}"),
            StoreError::InFile { at, problem } => write!(f, "at {at}: {problem}"),
            StoreError::Rule(m) => write!(f, "{m}"),
            StoreError::Damaged(problem) => write!(
                f,
                "the database file is damaged ({problem}); nothing was written to it. \
                 Run `casework check`, and restore a backup"
            ),
            StoreError::HeldElsewhere { since } => {
                write!(f, "this draft is open in another session since {since}")
            }
            StoreError::Conflict(c) => write!(
                f,
                "another session changed this {} since you opened it",
                c.theirs.what()
            ),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sql(e)
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::Io(e)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
