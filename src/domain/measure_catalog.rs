//! The measures in use: the shipped ones (built into the program) and the
//! agency's files in `<config dir>/measures/`. A file whose key matches a
//! shipped measure replaces it; any other adds one. Read once at start,
//! like the vocabulary, and refused whole if any file is broken.

use super::measure::Instrument;
use super::measure_file;
use std::path::Path;
use std::sync::OnceLock;

/// The shipped measures, file name and text.
pub const SHIPPED: [(&str, &str); 2] = [
    (
        "data/measures/phq9.toml",
        include_str!("../../data/measures/phq9.toml"),
    ),
    (
        "data/measures/gad7.toml",
        include_str!("../../data/measures/gad7.toml"),
    ),
];

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    list: Vec<Instrument>,
}

impl Catalog {
    pub fn builtin() -> Self {
        // The shipped files are checked by a unit test, so none is dropped
        // at run time.
        Catalog {
            list: SHIPPED
                .iter()
                .filter_map(|(name, text)| measure_file::parse(text, Path::new(name)).ok())
                .collect(),
        }
    }

    /// Add or replace one measure (a replacement keeps its place).
    fn put(&mut self, inst: Instrument) {
        match self.list.iter_mut().find(|i| i.key == inst.key) {
            Some(slot) => *slot = inst,
            None => self.list.push(inst),
        }
    }

    /// The shipped measures with the agency's `*.toml` files in `dir` (if
    /// it exists) laid over them, in file-name order. Two agency files with
    /// one key are refused: which one counts would be a guess.
    pub fn load(dir: Option<&Path>) -> Result<Self, String> {
        let mut cat = Self::builtin();
        let Some(dir) = dir else { return Ok(cat) };
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(cat),
            Err(e) => return Err(format!("{}: {e}", dir.display())),
        };
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        let mut agency: Vec<String> = Vec::new();
        for path in files {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let inst = measure_file::parse_over(&text, &path, &Self::builtin().list)?;
            if agency.contains(&inst.key) {
                return Err(format!(
                    "{}:1: another file in {} has the key {:?} too",
                    path.display(),
                    dir.display(),
                    inst.key
                ));
            }
            agency.push(inst.key.clone());
            cat.put(inst);
        }
        Ok(cat)
    }

    pub fn all(&self) -> &[Instrument] {
        &self.list
    }

    pub fn get(&self, key: &str) -> Option<&Instrument> {
        self.list.iter().find(|i| i.key == key)
    }

    /// By key or by name, ignoring case and punctuation (`phq9`, `PHQ-9`).
    pub fn find(&self, word: &str) -> Option<&Instrument> {
        let fold = |s: &str| {
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect::<String>()
        };
        let w = fold(word);
        self.get(word).or_else(|| {
            self.list
                .iter()
                .find(|i| fold(&i.key) == w || fold(&i.name) == w)
        })
    }

    /// A measure's short name, or its key when the file is gone.
    pub fn name_of<'a>(&'a self, key: &'a str) -> &'a str {
        self.get(key).map_or(key, |i| i.name.as_str())
    }
}

static INSTALLED: OnceLock<Catalog> = OnceLock::new();

/// Make `c` the measures for the rest of the run (first thing at start).
pub fn install(c: Catalog) -> Result<(), String> {
    INSTALLED
        .set(c)
        .map_err(|_| "the measures were read before they were installed".to_string())
}

thread_local! {
    /// Measures for this thread alone (see `use_on_this_thread`).
    static ON_THREAD: std::cell::Cell<Option<&'static Catalog>> =
        const { std::cell::Cell::new(None) };
}

/// Use `c` on this thread only, over what is installed: for a test that
/// drives its own App with an agency's measures, beside tests that use the
/// shipped ones. The program itself installs once, with `install`. The
/// catalog lives for the rest of the run.
pub fn use_on_this_thread(c: Catalog) {
    let c: &'static Catalog = Box::leak(Box::new(c));
    ON_THREAD.with(|t| t.set(Some(c)));
}

/// The measures in use: this thread's, the installed ones, else the
/// shipped ones.
pub fn measures() -> &'static Catalog {
    ON_THREAD
        .with(std::cell::Cell::get)
        .unwrap_or_else(|| INSTALLED.get_or_init(Catalog::builtin))
}
