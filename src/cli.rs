//! The command line: what each subcommand does, start to finish.

use crate::app::App;
use crate::app::lock::Unlock;
use crate::clean_text::say;
use crate::config::Config;
use crate::demo::{self, GenerateOptions};
use crate::domain::{ChecklistTemplate, Date};
use crate::event_loop::{self, Exit};
use crate::paths;
use crate::store::{Store, export};
use crate::ui::Theme;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "casework",
    version,
    about = "A keyboard-driven terminal workspace for social workers and case managers"
)]
pub struct Cli {
    /// The database file (default: your own, in the platform data directory).
    #[arg(long, global = true, env = "CASEWORK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Open a generated, fictional caseload in its own file, never your own database.
    #[arg(long, conflicts_with = "db")]
    pub demo: bool,

    /// A shipped theme (default, light, high-contrast, ansi16) or a theme
    /// file's path; overrides `theme` in config.toml.
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,

    /// Draw with ASCII only (borders, marks, charts): for a Linux console
    /// or a C locale. The same as `glyphs = "ascii"` in config.toml.
    #[arg(long)]
    pub ascii: bool,

    /// Read an encrypted database's passphrase from FILE (only you may be
    /// able to read it: mode 0600) instead of asking at the terminal.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write a deterministic fictional caseload into a new database.
    Generate {
        /// How many clients.
        #[arg(long, default_value_t = 40)]
        clients: usize,
        /// How many notes, spread over the clients.
        #[arg(long, default_value_t = 400)]
        notes: usize,
        /// The same seed makes the same caseload.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Lay dates out around this day (YYYY-MM-DD) instead of today.
        #[arg(long, value_name = "DATE")]
        today: Option<Date>,
    },
    /// Write the database out: everything (json), case summaries (md), the
    /// caseload (csv), a de-identified consultation pack (consult), a
    /// client's progress sheet (sheet, sheet-html) or the agenda as a
    /// calendar (ics).
    Export {
        /// json (everything, for import), md (case summaries) or csv (the caseload).
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Only this client (needed for consult, sheet and sheet-html).
        #[arg(long, value_name = "ID")]
        client: Option<i64>,
        /// consult: the question to bring to the consultation (de-identified too).
        #[arg(long, value_name = "TEXT", default_value = "")]
        question: String,
        /// sheet: write the printable HTML page (the same as --format sheet-html).
        #[arg(long)]
        html: bool,
        /// sheet: add who to call in a crisis, from the safety plan, and any answer that raised a flag (PHQ-9 item 9).
        #[arg(long)]
        include_safety_plan: bool,
        /// sheet: add the worker's words too (the stage, SMART wording).
        #[arg(long)]
        worker_terms: bool,
        /// ics: how many days ahead.
        #[arg(long, value_name = "N", default_value_t = 90)]
        days: u32,
        /// ics: only the clients' initials in the calendar (always so when
        /// privacy mode is on in the config).
        #[arg(long)]
        initials: bool,
        /// Write to this file (a new file, 0600) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists (the result is still a new 0600 file).
        #[arg(long, requires = "output")]
        force: bool,
    },
    /// Read a full JSON export (into an empty database) or a CSV roster of
    /// clients. A roster row whose name (ignoring case and extra spaces)
    /// and date of birth match a client already there is reported and
    /// skipped, as is a row repeating one above it.
    Import {
        file: PathBuf,
        /// For a CSV roster: a row matching a client updates that client
        /// from its non-empty cells instead of being skipped.
        #[arg(long)]
        update: bool,
    },
    /// Copy the database to DEST (a new file, 0600) while it may be in use.
    Backup {
        dest: PathBuf,
        /// Replace DEST if it exists (the result is still a new 0600 file).
        #[arg(long)]
        force: bool,
    },
    /// Check the database: integrity, schema, the audit chain, every signed
    /// note and addendum, and the anchor kept outside the file.
    Check {
        /// After a deliberate restore from a backup: take the database's
        /// head as it is now as the anchor's new starting point (the
        /// earlier heads stay in the anchor file, but no longer count).
        #[arg(long)]
        accept_restore: bool,
    },
    /// Print the audit trail (every create, change, signature, stage move).
    Audit {
        /// Only this client's rows.
        #[arg(long, value_name = "ID")]
        client: Option<i64>,
    },
    /// Full-text search across every client's notes and addenda.
    ///
    /// Words given as arguments are visible to other users in `ps`; to keep
    /// them private, give `-` (or --stdin) and type or pipe them instead.
    Search {
        /// Words that must all appear (the last may be the start of a word);
        /// `-` reads them from standard input.
        #[arg(required_unless_present = "stdin", num_args = 1..)]
        query: Vec<String>,
        /// Read the words from standard input (not visible in `ps`).
        #[arg(long, conflicts_with = "query")]
        stdin: bool,
        /// At most this many results, newest first.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Only this client's notes and their addenda.
        #[arg(long, value_name = "ID")]
        client: Option<i64>,
    },
    /// Encrypt the database with a new passphrase (SQLCipher). The file is
    /// replaced by a checked, encrypted copy.
    Encrypt,
    /// Turn an encrypted database back into a plain SQLite file.
    Decrypt,
    /// Change an encrypted database's passphrase.
    Passphrase {
        /// Read the new passphrase from FILE (mode 0600) instead of asking.
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Record a standard measure (PHQ-9, GAD-7, an agency's own) for a
    /// client and print its total and band, and any flag. ITEMS are the
    /// item scores in order, separated by commas (PHQ-9's tenth, unscored
    /// question may be left off).
    Measure {
        #[arg(long, value_name = "ID")]
        client: i64,
        /// The measure's key or name: phq9, gad7, ...
        instrument: String,
        /// Item scores, e.g. 1,2,0,1,3,0,1,0,0
        items: String,
        /// The day it was taken (YYYY-MM-DD); today if not given.
        #[arg(long, value_name = "DATE")]
        date: Option<Date>,
    },
    /// Print a shell completion script to standard output (see the README
    /// for where each shell wants it).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output.
    Man,
    /// Set the PIN that opens the idle lock (typed twice, never shown), or remove it.
    LockPin {
        /// Remove the PIN: any key opens the lock again.
        #[arg(long)]
        clear: bool,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Md,
    Csv,
    /// A de-identified consultation pack (Markdown) for one client.
    Consult,
    /// The client's progress sheet in plain language (Markdown).
    Sheet,
    /// The client's progress sheet as one printable HTML page.
    SheetHtml,
    /// The agenda as an iCalendar file.
    Ics,
}

impl Format {
    /// Its name on the command line and in the audit trail.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Md => "md",
            Format::Csv => "csv",
            Format::Consult => "consult",
            Format::Sheet => "sheet",
            Format::SheetHtml => "sheet-html",
            Format::Ics => "ics",
        }
    }
}

/// A failure to report: one line on stderr and a non-zero exit.
pub type CliResult = Result<(), String>;

fn today() -> Date {
    chrono::Local::now().date_naive()
}

pub fn run(cli: Cli) -> CliResult {
    // These read no file at all: they must work before anything is set up.
    match cli.command {
        Some(Command::Completions { shell }) => return completions(shell),
        Some(Command::Man) => return man_page(),
        _ => {}
    }
    // Before anything reads a kind or a technique (the config does): a broken
    // agency file stops the program, like a broken checklist.
    crate::domain::vocabulary::install(load_vocabulary()?)?;
    // Likewise the measures: a broken agency file is refused with its line.
    crate::domain::measure_catalog::install(load_measures()?)?;
    let pass_file = cli.passphrase_file.as_deref();
    match cli.command {
        None => run_tui(cli.db, cli.demo, &cli.theme, cli.ascii, pass_file),
        Some(Command::Generate {
            clients,
            notes,
            seed,
            today: day,
        }) => {
            let path = cli.db.ok_or(
                "generate needs --db PATH (it never writes into your own database by default)",
            )?;
            generate(&path, clients, notes, seed, day.unwrap_or_else(today))
        }
        Some(Command::LockPin { clear }) => lock_pin(clear),
        Some(Command::Measure {
            client,
            instrument,
            items,
            date,
        }) => crate::cli_measure::run(
            cli.db,
            pass_file,
            client,
            &instrument,
            &items,
            date,
            today(),
        ),
        Some(Command::Completions { .. } | Command::Man) => Ok(()),
        Some(Command::Export {
            format,
            client,
            question,
            html,
            include_safety_plan,
            worker_terms,
            days,
            initials,
            output,
            force,
        }) => {
            let format = if html && format == Format::Sheet {
                Format::SheetHtml
            } else {
                format
            };
            let opts = ExportOptions {
                question,
                sheet: crate::exchange::sheet::SheetOptions {
                    safety_plan: include_safety_plan,
                    worker_terms,
                },
                days,
                initials,
            };
            export(
                cli.db,
                pass_file,
                format,
                client,
                &opts,
                output.as_deref(),
                force,
            )
        }
        Some(Command::Import { file, update }) => import(cli.db, pass_file, &file, update),
        Some(Command::Backup { dest, force }) => {
            let (store, _) = open_db(cli.db, pass_file)?;
            let mut shown: Option<crate::progress::Progress> = None;
            let progress = |done: i32, all: i32| {
                let p = shown.get_or_insert_with(|| {
                    crate::progress::Progress::new("backup", u64::try_from(all).unwrap_or(0))
                });
                p.set(u64::try_from(done).unwrap_or(0));
            };
            let existing = crate::safe_write::Existing::replace_if(force);
            let copied = store.backup_to(&dest, existing, progress);
            // A copy of a damaged file is still worth having, but it must
            // not pass for a good backup.
            refuse_if_damaged(&store).map_err(|e| match &copied {
                Ok(()) => format!("{e}; the copy holds the damage too"),
                Err(_) => format!("{e}; no backup was written"),
            })?;
            copied.map_err(|e| e.to_string())?;
            say(&format!(
                "backed up {} to {}",
                store.path().display(),
                dest.display()
            ));
            Ok(())
        }
        Some(Command::Search {
            query,
            stdin,
            limit,
            client,
        }) => {
            let words = if stdin || query == ["-"] {
                crate::cli_search::words_from_stdin()?
            } else {
                query
            };
            let (store, _) = open_db_to_read(cli.db, pass_file)?;
            crate::cli_search::run(&store, &words, limit, client)
        }
        Some(Command::Check { accept_restore }) => check(cli.db, pass_file, accept_restore),
        Some(Command::Encrypt) => crate::cli_crypt::encrypt(&db_path(cli.db)?, pass_file),
        Some(Command::Decrypt) => crate::cli_crypt::decrypt(&db_path(cli.db)?, pass_file),
        Some(Command::Passphrase {
            new_passphrase_file,
        }) => crate::cli_crypt::passphrase(
            &db_path(cli.db)?,
            pass_file,
            new_passphrase_file.as_deref(),
        ),
        Some(Command::Audit { client }) => {
            let (store, _) = open_db_to_read(cli.db, pass_file)?;
            let rows =
                crate::store::audit::list(store.conn(), client).map_err(|e| e.to_string())?;
            let mut out = String::new();
            for r in rows {
                let id = |v: Option<i64>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
                out.push_str(&format!(
                    "{}\t{}\t{}\t{}\tclient {}\t{}\n",
                    r.at,
                    r.action,
                    r.entity,
                    id(r.entity_id),
                    id(r.client_id),
                    r.detail
                ));
            }
            write_output(None, out.as_bytes(), false)
        }
    }
}

/// The completion script for `shell`, generated from the same definition
/// as the parser, so it always knows every subcommand and flag.
fn completions(shell: clap_complete::Shell) -> CliResult {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "casework", &mut out);
    write_output(None, &out, false)
}

/// `casework.1`, from the same definition as `--help`: the page clap_mangen
/// makes, then each subcommand's options (one page, not one per
/// subcommand), the environment and the files.
fn man_page() -> CliResult {
    use clap::CommandFactory;
    let cmd = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut out)
        .map_err(|e| e.to_string())?;
    let esc = |t: &str| t.replace('\\', "\\\\").replace('-', "\\-");
    let mut page = String::new();
    for sub in cmd.get_subcommands() {
        page.push_str(&format!(
            ".SH \"CASEWORK {}\"\n",
            sub.get_name().to_uppercase()
        ));
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            page.push_str(&format!("{}\n", esc(&about.to_string())));
        }
        for arg in sub
            .get_arguments()
            .filter(|a| !a.is_global_set() && !a.is_hide_set())
        {
            let name = match (arg.get_long(), arg.get_short()) {
                (Some(l), _) => format!("\\fB\\-\\-{}\\fR", esc(l)),
                (None, Some(c)) => format!("\\fB\\-{c}\\fR"),
                (None, None) => format!("\\fI{}\\fR", esc(arg.get_id().as_str())),
            };
            let help = arg
                .get_help()
                .map(|h| esc(&h.to_string()))
                .unwrap_or_default();
            page.push_str(&format!(".TP\n{name}\n{help}\n"));
        }
    }
    page.push_str(
        ".SH ENVIRONMENT\n.TP\nCASEWORK_DB\nThe database file, as \\fB\\-\\-db\\fR.\n\
         .TP\nNO_COLOR\nSet and not empty: no colour, only bold, underline and reverse.\n\
         .SH FILES\nIn the config directory (~/.config/casework on Linux):\n\
         .TP\nconfig.toml\nSettings: theme, glyphs, privacy, capacity, lock, new notes.\n\
         .TP\nkeys.toml\nYour own keys over the defaults.\n\
         .TP\ntheme.toml, checklist.toml, vocabulary.toml\nA theme, the stage checklist, note kinds and techniques.\n",
    );
    out.extend_from_slice(page.as_bytes());
    write_output(None, &out, false)
}

/// What some formats need besides a client.
struct ExportOptions {
    question: String,
    sheet: crate::exchange::sheet::SheetOptions,
    days: u32,
    initials: bool,
}

fn export(
    db: Option<PathBuf>,
    pass_file: Option<&Path>,
    format: Format,
    client: Option<i64>,
    opts: &ExportOptions,
    output: Option<&Path>,
    force: bool,
) -> CliResult {
    if client.is_none() && matches!(format, Format::Consult | Format::Sheet | Format::SheetHtml) {
        return Err("this format is for one client: give --client ID".into());
    }
    // The template first: a broken one must stop us before any file is opened.
    let template = load_template()?;
    let (mut store, _) = open_db_to_read(db, pass_file)?;
    refuse_if_damaged(&store)?;
    if store.is_encrypted() {
        eprintln!(
            "casework: warning: {} is encrypted, but this export is not: keep it as safe as the database",
            store.path().display()
        );
    }
    if format == Format::Ics {
        let bytes = calendar(&store, client, opts)?;
        return write_and_record(&mut store, format, client, output, &bytes, force);
    }
    if let Format::Json = format {
        let count = export_json(&store, &template, client, output, force)?;
        if count >= 1000 {
            eprintln!("exported {count} clients");
        }
        return record_file(&mut store, format, client, output);
    }
    let working = crate::progress::Progress::new("export", 0);
    let one_only = matches!(
        format,
        Format::Md | Format::Consult | Format::Sheet | Format::SheetHtml
    );
    let mut doc = match client {
        // A document about one client reads that client only (the whole
        // caseload took seconds at 2,000 clients); the JSON and CSV
        // documents keep their one path through the full export.
        Some(id) if one_only => {
            use crate::store::form_drafts::Record;
            if !store
                .record_exists(Record::Client, id)
                .map_err(|e| e.to_string())?
            {
                return Err(format!(
                    "{}: no client with id {id}",
                    store.path().display()
                ));
            }
            export::Export {
                casework_export: export::EXPORT_FORMAT,
                schema_version: store.schema_version().map_err(|e| e.to_string())?,
                clients: vec![
                    export::one_client(&store, &template, id).map_err(|e| e.to_string())?,
                ],
                audit: None,
            }
        }
        _ => export::export(&store, &template).map_err(|e| e.to_string())?,
    };
    if let Some(id) = client {
        if !doc.keep_only_client(id) {
            return Err(format!(
                "{}: no client with id {id}",
                store.path().display()
            ));
        }
    }
    let bytes = match format {
        Format::Json => unreachable!("written as it is read, above"),
        // A summary is for people, not a record to restore (JSON is): it
        // never carries control characters, in a file either, because
        // `cat summary.md` on a terminal is the next thing that happens.
        Format::Md => crate::clean_text::control_free(
            &doc.clients
                .iter()
                .map(crate::exchange::markdown::case_summary)
                .collect::<Vec<_>>()
                .join("\n---\n\n"),
        )
        .into_owned()
        .into_bytes(),
        Format::Csv => crate::exchange::caseload_csv::caseload(&doc)?,
        Format::Consult => {
            let pack = doc
                .clients
                .first()
                .map(|c| crate::exchange::consult::consultation_pack(c, &opts.question, today()));
            let pack = pack.ok_or("no client")?;
            eprintln!("replaced: {}", pack.replaced.summary());
            crate::clean_text::control_free(&pack.text)
                .into_owned()
                .into_bytes()
        }
        Format::Sheet | Format::SheetHtml => {
            use crate::exchange::sheet::{sheet_html, sheet_markdown};
            let c = doc.clients.first().ok_or("no client")?;
            let text = if format == Format::Sheet {
                sheet_markdown(c, today(), &opts.sheet)
            } else {
                sheet_html(c, today(), &opts.sheet)
            };
            crate::clean_text::control_free(&text)
                .into_owned()
                .into_bytes()
        }
        // Written above, without reading the whole record.
        Format::Ics => Vec::new(),
    };
    drop(working);
    if doc.clients.len() >= 1000 {
        eprintln!("exported {} clients", doc.clients.len());
    }
    write_and_record(&mut store, format, client, output, &bytes, force)
}

/// Write the bytes, and when they went to a file, say so in the audit trail.
fn write_and_record(
    store: &mut Store,
    format: Format,
    client: Option<i64>,
    output: Option<&Path>,
    bytes: &[u8],
    force: bool,
) -> CliResult {
    write_output(output, bytes, force)?;
    record_file(store, format, client, output)
}

/// A file now exists outside the database: the audit trail says so.
fn record_file(
    store: &mut Store,
    format: Format,
    client: Option<i64>,
    output: Option<&Path>,
) -> CliResult {
    if let Some(path) = output {
        let name = format.name();
        let shown = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        store.record_export(name, client, &shown).map_err(|e| {
            format!(
                "{} was written, but its audit row was not: {e}",
                path.display()
            )
        })?;
        warn_unanchored(store);
    }
    Ok(())
}

/// The agenda from today for `opts.days` days as iCalendar; names as
/// initials with `--initials` or when privacy mode is on.
fn calendar(store: &Store, client: Option<i64>, opts: &ExportOptions) -> Result<Vec<u8>, String> {
    use crate::exchange::ics::{CalendarOptions, calendar};
    let day = today();
    let until = day + chrono::Duration::days(i64::from(opts.days));
    let mut items =
        crate::store::agenda::with_refs(store.conn(), until).map_err(|e| e.to_string())?;
    if let Some(id) = client {
        items.retain(|(i, _)| i.client_id == id);
    }
    let token = crate::store::agenda::calendar_token(store.conn()).map_err(|e| e.to_string())?;
    let o = CalendarOptions {
        today: day,
        days: opts.days,
        initials: opts.initials || load_config()?.privacy,
        token,
        now: chrono::Utc::now(),
    };
    Ok(calendar(&items, &o).into_bytes())
}

/// The JSON export, written a client at a time to standard output or,
/// safely, to `output`. Returns how many clients it holds.
fn export_json(
    store: &Store,
    template: &crate::domain::ChecklistTemplate,
    client: Option<i64>,
    output: Option<&Path>,
    force: bool,
) -> Result<usize, String> {
    use crate::store::export_stream::write_json;
    // The line appears at the first client, when the total is known.
    let mut working: Option<crate::progress::Progress> = None;
    let progress = move |done: usize, of: usize| {
        working
            .get_or_insert_with(|| crate::progress::Progress::new("export", of as u64))
            .set(done as u64);
    };
    match output {
        None => {
            let mut out = crate::clean_text::stdout();
            let written = write_json(store, template, client, out.writer(), progress);
            match written {
                Ok(count) => Ok(count),
                // `casework export | head` is fine: the reader has had enough.
                Err(crate::store::StoreError::Io(e))
                    if e.kind() == std::io::ErrorKind::BrokenPipe =>
                {
                    Ok(0)
                }
                Err(e) => Err(e.to_string()),
            }
        }
        Some(p) => {
            let existing = crate::safe_write::Existing::replace_if(force);
            let mut pending = crate::safe_write::Pending::create(p, existing)?;
            let count = write_json(store, template, client, pending.file(), progress)
                .map_err(|e| format!("{}: {e}", p.display()))?;
            pending.commit()?;
            Ok(count)
        }
    }
}

/// The largest CSV roster `import` reads (it is read whole): far above any
/// real roster, low enough that a wrong file cannot exhaust memory. A JSON
/// export is read a client at a time and has no limit but the disk.
const MAX_ROSTER_BYTES: u64 = 1 << 30;

fn import(db: Option<PathBuf>, pass_file: Option<&Path>, file: &Path, update: bool) -> CliResult {
    let named = |e: &dyn std::fmt::Display| format!("{}: {e}", file.display());
    let meta = std::fs::metadata(file).map_err(|e| named(&e))?;
    if !meta.is_file() {
        return Err(named(&"not a regular file"));
    }
    let is_csv = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if update && !is_csv {
        return Err(named(
            &"--update is for a CSV roster; a JSON export goes only into an empty database",
        ));
    }
    // The file is read and checked whole before the database is opened: a
    // refused file changes nothing, and creates no database either.
    if is_csv {
        if meta.len() > MAX_ROSTER_BYTES {
            return Err(named(&format!(
                "{} bytes is larger than a roster may be",
                meta.len()
            )));
        }
        let bytes = std::fs::read(file).map_err(|e| named(&e))?;
        return import_roster(db, pass_file, file, &bytes, update);
    }
    let open_file = || std::fs::File::open(file);
    let checking = crate::progress::Progress::new("checking the file", 0);
    let total =
        crate::store::import_stream::check_file(open_file).map_err(|e| in_file(file, &e))?;
    drop(checking);
    if total >= 1000 {
        eprintln!("importing {total} clients…");
    }
    let made_here = std::fs::symlink_metadata(db_path(db.clone())?).is_err();
    let (mut store, _) = open_db(db, pass_file)?;
    let mut working = crate::progress::Progress::new("import", total as u64);
    let imported = store.import_file(open_file, |done| working.set(done as u64));
    drop(working);
    let count = match imported {
        Ok(count) => count,
        Err(e) => {
            // A refused import leaves no database it made behind.
            if made_here {
                let made = store.path().to_path_buf();
                drop(store);
                remove_new_database(&made);
            }
            return Err(in_file(file, &e));
        }
    };
    warn_unanchored(&mut store);
    say(&format!(
        "imported {count} clients from {} into {}",
        file.display(),
        store.path().display()
    ));
    Ok(())
}

/// A CSV roster: added, updated and skipped rows counted, and every row
/// not simply added named by its line, so nothing is dropped unseen.
fn import_roster(
    db: Option<PathBuf>,
    pass_file: Option<&Path>,
    file: &Path,
    bytes: &[u8],
    update: bool,
) -> CliResult {
    use crate::store::roster_import::OnMatch;
    let named = |e: &dyn std::fmt::Display| format!("{}: {e}", file.display());
    let rows = crate::exchange::roster::parse(bytes, file, today())?;
    let (mut store, _) = open_db(db, pass_file)?;
    let on_match = if update {
        OnMatch::Update
    } else {
        OnMatch::Skip
    };
    let out = store
        .import_roster(&rows, today(), on_match)
        .map_err(|e| named(&e))?;
    warn_unanchored(&mut store);
    say(&format!(
        "imported {} into {}: {} added, {} updated, {} skipped",
        file.display(),
        store.path().display(),
        out.added,
        out.updated.len(),
        out.skipped.len()
    ));
    for (what, list) in [("updated", &out.updated), ("skipped", &out.skipped)] {
        for r in list {
            say(&format!("  line {}: {what}: {}: {}", r.line, r.name, r.why));
        }
    }
    Ok(())
}

/// Remove a database this command created and left empty, with its
/// journal files.
fn remove_new_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// A problem in an imported file said as "in FILE at PATH: ..."; any other
/// (the database refused, say) as "FILE: ...".
fn in_file(file: &Path, e: &crate::store::StoreError) -> String {
    match e {
        crate::store::StoreError::InFile { at, problem } => {
            format!("in {} at {at}: {problem}", file.display())
        }
        other => format!("{}: {other}", file.display()),
    }
}

/// A damaged file must not be exported as if it were whole.
pub(crate) fn refuse_if_damaged(store: &Store) -> CliResult {
    // SQLite answers a badly damaged file with an error rather than a list.
    let first = match store.quick_check() {
        Ok(problems) => problems.into_iter().next(),
        Err(e) => Some(e.to_string()),
    };
    match first {
        None => Ok(()),
        Some(first) => Err(format!(
            "{}: is damaged ({first}); run `casework check` for the details",
            store.path().display()
        )),
    }
}

fn check(db: Option<PathBuf>, pass_file: Option<&Path>, accept_restore: bool) -> CliResult {
    let (mut store, mut notices) = match open_db_to_read(db.clone(), pass_file) {
        Ok(opened) => opened,
        Err(refused) => return check_refused(db, refused),
    };
    if accept_restore {
        let head = store.restart_anchor().map_err(|e| e.to_string())?;
        notices.push(match head {
            Some(h) => format!(
                "the anchor starts again from audit row {} (head {}); earlier heads no longer count",
                h.row, h.hash
            ),
            None => "there is no audit row to start the anchor from".into(),
        });
    }
    let working = crate::progress::Progress::new("check", 0);
    let mut report = store.check().map_err(|e| e.to_string())?;
    drop(working);
    if store.anchor().is_none() {
        report.problems.push(
            "no anchor of the audit chain can be kept here, so a rollback cannot be seen (see the note)"
                .into(),
        );
    }
    say(&format!(
        "{}: schema version {}, {} clients, {} notes",
        store.path().display(),
        report.schema_version,
        report.clients,
        report.notes
    ));
    // Where the chain ends, to compare with a backup's or an export's.
    if let Some(head) = store.audit_head().map_err(|e| e.to_string())? {
        say(&format!(
            "audit chain: {} rows, head {}",
            head.row, head.hash
        ));
    }
    for n in notices {
        say(&format!("note: {n}"));
    }
    if report.problems.is_empty() {
        say("ok");
        Ok(())
    } else {
        for p in &report.problems {
            say(&format!("problem: {p}"));
        }
        Err(format!(
            "{} problem(s) found in {}",
            report.problems.len(),
            store.path().display()
        ))
    }
}

/// A write landed but the anchor could not be written: say so (the next
/// `casework check` will report rows past the anchor).
pub(crate) fn warn_unanchored(store: &mut Store) {
    if let Some(trouble) = store.take_anchor_trouble() {
        crate::clean_text::warn(&format!("casework: warning: {trouble}"));
    }
}

/// A file casework will not open (a schema it did not make, say) is still
/// checked, without running anything in it, so that everything wrong with
/// it is named, not only the first thing.
fn check_refused(db: Option<PathBuf>, refused: String) -> CliResult {
    let path = match db {
        Some(p) => p,
        None => default_db("casework.db")?.0,
    };
    if std::fs::symlink_metadata(&path).is_err() {
        return Err(refused);
    }
    let anchors = paths::anchor_dir().ok();
    let Some(found) = Store::inspect_refused(&path, anchors.as_deref()) else {
        return Err(refused);
    };
    say(&format!("{}: not opened", path.display()));
    say(&format!("problem: {refused}"));
    for p in &found {
        say(&format!("problem: {p}"));
    }
    Err(format!(
        "{} problem(s) found in {}",
        found.len() + 1,
        path.display()
    ))
}

fn default_db(name: &str) -> Result<(PathBuf, Vec<String>), String> {
    let dir = paths::data_dir().map_err(|e| e.to_string())?;
    let notice = paths::ensure_private_dir(&dir).map_err(|e| e.to_string())?;
    Ok((dir.join(name), notice.into_iter().collect()))
}

/// Open the database for a command that writes (or may): with the anchor
/// of its audit chain, or not at all.
pub(crate) fn open_db(
    db: Option<PathBuf>,
    pass_file: Option<&Path>,
) -> Result<(Store, Vec<String>), String> {
    open_db_with(db, pass_file, Anchoring::Required)
}

/// Open the database for a command that only reads: without an anchor if
/// none can be kept (said in a notice).
fn open_db_to_read(
    db: Option<PathBuf>,
    pass_file: Option<&Path>,
) -> Result<(Store, Vec<String>), String> {
    open_db_with(db, pass_file, Anchoring::IfPossible)
}

#[derive(Clone, Copy, PartialEq)]
enum Anchoring {
    Required,
    IfPossible,
}

fn open_db_with(
    db: Option<PathBuf>,
    pass_file: Option<&Path>,
    anchoring: Anchoring,
) -> Result<(Store, Vec<String>), String> {
    let (path, mut notices) = match db {
        Some(p) => (p, Vec::new()),
        None => default_db("casework.db")?,
    };
    // A command that only reads never makes a database: a mistyped --db
    // must not be answered "ok" about a file made empty on the spot.
    if anchoring == Anchoring::IfPossible && std::fs::symlink_metadata(&path).is_err() {
        return Err(format!(
            "{}: no such database (nothing was created)",
            path.display()
        ));
    }
    let (mut store, more) = open_path(&path, pass_file)?;
    notices.extend(more);
    match anchor(&mut store) {
        // Worth a line where one reads (check); not a status line in the TUI.
        Ok(Some(said)) if anchoring == Anchoring::IfPossible => notices.push(said),
        Ok(_) => {}
        Err(e) if anchoring == Anchoring::IfPossible => {
            notices.push(format!("the audit chain's head cannot be anchored: {e}"))
        }
        Err(e) => return Err(e),
    }
    Ok((store, notices))
}

/// The database file a command works on (without opening it).
fn db_path(db: Option<PathBuf>) -> Result<PathBuf, String> {
    match db {
        Some(p) => Ok(p),
        None => Ok(default_db("casework.db")?.0),
    }
}

/// Open `path`; an encrypted file first asks for its passphrase (before
/// the screen is taken over), and the key is derived once for the session.
fn open_path(path: &Path, pass_file: Option<&Path>) -> Result<(Store, Vec<String>), String> {
    let key = crate::cli_crypt::key_if_encrypted(path, pass_file)?;
    Store::open_with_key(path, key).map_err(|e| e.to_string())
}

/// Open a database with the anchor of its audit chain kept in the state
/// directory: every program path that writes opens this way.
fn open_anchored(path: &Path, pass_file: Option<&Path>) -> Result<(Store, Vec<String>), String> {
    let (mut store, notices) = open_path(path, pass_file)?;
    anchor(&mut store)?;
    Ok((store, notices))
}

/// Keep the chain's head in the state directory from now on (see
/// store::anchor); a notice the first time a database is seen here.
fn anchor(store: &mut Store) -> Result<Option<String>, String> {
    let dir = paths::anchor_dir().map_err(|e| e.to_string())?;
    if !store.anchor_in(&dir).map_err(|e| e.to_string())? {
        return Ok(None);
    }
    Ok(store.anchor().map(|a| {
        format!(
            "first time on this account: the audit chain's head is kept from now on in {} (a rollback before now cannot be seen)",
            a.path().display()
        )
    }))
}

fn generate(path: &Path, clients: usize, notes: usize, seed: u64, today: Date) -> CliResult {
    generate_into(path, clients, notes, seed, today, false)
}

fn generate_into(
    path: &Path,
    clients: usize,
    notes: usize,
    seed: u64,
    today: Date,
    for_demo: bool,
) -> CliResult {
    let (mut store, _) = open_anchored(path, None)?;
    let existing = store.caseload().map_err(|e| e.to_string())?.len();
    if existing > 0 {
        return Err(format!(
            "{}: already holds {existing} clients; generate only writes into an empty database",
            path.display()
        ));
    }
    let started = std::time::Instant::now();
    let opts = GenerateOptions {
        clients,
        notes,
        seed,
        today,
        progress: true,
    };
    if for_demo {
        demo::generate_demo(&mut store, &opts).map_err(|e| e.to_string())?;
    } else {
        demo::generate(&mut store, &opts).map_err(|e| e.to_string())?;
    }
    warn_unanchored(&mut store);
    if clients >= 1000 {
        crate::clean_text::warn(&format!(
            "done in {:.1}s: {}",
            started.elapsed().as_secs_f64(),
            path.display()
        ));
    }
    Ok(())
}

/// The agency's checklist if it has one, else the shipped one. A broken
/// agency file stops the program: half a checklist is worse than none.
pub fn load_template() -> Result<ChecklistTemplate, String> {
    if let Some(path) = paths::config_dir().map(|d| d.join("checklist.toml")) {
        match std::fs::read_to_string(&path) {
            Ok(text) => return ChecklistTemplate::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    }
    Ok(ChecklistTemplate::builtin())
}

/// The agency's note kinds and techniques if it has a file, else the shipped ones.
pub fn load_vocabulary() -> Result<crate::domain::Vocabulary, String> {
    let path = paths::config_dir().map(|d| d.join("vocabulary.toml"));
    crate::domain::Vocabulary::load(path.as_deref())
}

/// The shipped measures with the agency's files in `<config dir>/measures/`.
pub fn load_measures() -> Result<crate::domain::measure_catalog::Catalog, String> {
    let dir = paths::config_dir().map(|d| d.join("measures"));
    crate::domain::measure_catalog::Catalog::load(dir.as_deref())
}

/// The theme: `--theme`, else `theme` in config.toml, else `theme.toml` in
/// the config directory if present, else the default. `NO_COLOR` (set and
/// not empty) drops every colour and keeps the modifiers.
pub fn load_theme(flag: Option<&str>, config: &Config) -> Result<Theme, String> {
    let with_colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let dir = paths::config_dir();
    if let Some(choice) = flag.or(config.theme.as_deref()) {
        return Theme::choose(choice, dir.as_deref(), with_colour);
    }
    if let Some(path) = dir.map(|d| d.join("theme.toml")) {
        match std::fs::read_to_string(&path) {
            Ok(text) => return Theme::parse(&text, &path, with_colour),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    }
    Ok(Theme::builtin(with_colour))
}

pub fn load_config() -> Result<Config, String> {
    match paths::config_dir() {
        Some(dir) => Config::load(&dir.join("config.toml")),
        None => Ok(Config::default()),
    }
}

fn run_tui(
    db: Option<PathBuf>,
    demo: bool,
    theme: &Option<String>,
    ascii: bool,
    pass_file: Option<&Path>,
) -> CliResult {
    let template = load_template()?;
    let mut config = load_config()?;
    if ascii {
        config.glyphs = crate::config::Glyphs::Ascii;
    }
    let theme = load_theme(theme.as_deref(), &config)?;
    if let Some(dir) = paths::config_dir() {
        if let Some(keys) = crate::keymap_file::load(&dir.join("keys.toml"))? {
            crate::keymap::install(keys);
        }
    }
    let (store, notices) = if demo {
        let (path, notices) = default_db("demo.db")?;
        let fresh = !path.exists();
        if fresh {
            let o = demo::demo_options(today());
            generate_into(&path, o.clients, o.notes, o.seed, o.today, true)?;
        }
        let (mut store, more) = open_anchored(&path, pass_file)?;
        if fresh {
            demo::showcase(&mut store, today()).map_err(|e| e.to_string())?;
        }
        (store, notices.into_iter().chain(more).collect())
    } else {
        open_db(db, pass_file)?
    };
    let mut store = store;
    let path = store.path().to_path_buf();
    let mut notices = notices;
    notices.extend(crate::recovery_files::take_back(&mut store));
    // Read before the app opens: a PIN file that cannot be trusted stops
    // the program rather than leave the lock open to any key.
    let pin = match crate::lock_pin::default_path() {
        Some(p) => crate::lock_pin::load(&p)?,
        None => None,
    };
    let encrypted = store.is_encrypted();
    // The first frame reads only as many caseload rows as the terminal is
    // tall; if its size cannot be had (or is not set yet: a terminal made
    // 0 rows tall until its client says), as many as a tall one could show.
    let rows = match ratatui::crossterm::terminal::size() {
        Ok((_, rows)) if rows > 0 => rows,
        _ => 300,
    };
    let mut app = App::start(store, template, config, today(), rows)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if let Some((hash, notice)) = pin {
        app.set_unlock(Unlock::Pin(hash));
        notices.extend(notice);
    }
    // An encrypted file's lock opens with its passphrase, PIN or not.
    if encrypted {
        app.set_unlock(Unlock::Passphrase(Box::new(
            |store: &Store, typed: &str| store.passphrase_matches(typed),
        )));
    }
    // Text `$EDITOR` held when an earlier session was killed: asked about
    // on top of everything else.
    if let Ok(base) = crate::external_editor::editing_dir_path() {
        let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        app.offer_editor_leftovers(crate::external_editor::leftovers(&base, &real));
    }
    // What the app found to say at start (restored drafts, drafts held by
    // another session) comes first; notices about the file after it.
    let mut said: Vec<String> = app.status.take().into_iter().collect();
    if demo {
        said.push("Demo caseload: fictional people, in its own file (demo.db).".into());
    }
    said.extend(notices);
    if !said.is_empty() {
        app.status = Some(said.join(" "));
    }
    let ran = event_loop::run(&mut app, &theme);
    // Only now, after the last write, can anything be called saved; and
    // whatever ended the loop (a terminal error too), typing comes first.
    if let Some(said) = crate::recovery_files::keep_leftovers(&app)? {
        return Err(said);
    }
    let exit = ran.map_err(|e| format!("terminal: {e}"))?;
    match exit {
        Exit::Quit | Exit::InputClosed => Ok(()),
        Exit::Signal(s) => Err(format!("stopped by signal {s}; everything saved")),
    }
}

/// `casework lock-pin [--clear]`: the PIN is read from the terminal twice,
/// without echo; only its salted hash is written.
fn lock_pin(clear: bool) -> CliResult {
    use crate::lock_pin::{self, PinHash};
    let path = lock_pin::default_path().ok_or("no home directory found for the config")?;
    if clear {
        let said = if lock_pin::clear(&path)? {
            "lock PIN removed: any key opens the lock"
        } else {
            "no lock PIN was set: any key opens the lock"
        };
        say(said);
        return Ok(());
    }
    let pin = read_pin("New lock PIN: ")?;
    lock_pin::check_pin(&pin)?;
    let again = read_pin("The same PIN again: ")?;
    if again != pin {
        return Err("the two PINs differ; nothing changed".into());
    }
    let hash = PinHash::new(&pin)?;
    lock_pin::save(&path, &hash)?;
    say(&format!(
        "lock PIN set; only a salted hash of it is kept, in {}",
        path.display()
    ));
    Ok(())
}

/// A PIN typed at the terminal, not shown (see `tty_secret`).
fn read_pin(prompt: &str) -> Result<zeroize::Zeroizing<String>, String> {
    use crate::tty_secret::Unread;
    // The longest PIN in bytes, and one more so that check_pin names it.
    crate::tty_secret::read(prompt, 4 * crate::lock_pin::MAX_LEN + 1).map_err(|e| match e {
        Unread::NoTerminal => "needs a terminal to read the PIN from".to_string(),
        Unread::Cancelled => "cancelled; nothing changed".to_string(),
        Unread::TooLong => format!(
            "a lock PIN has at most {} characters",
            crate::lock_pin::MAX_LEN
        ),
        Unread::NotUtf8 => "the PIN is not UTF-8 text".to_string(),
        Unread::Failed(e) => format!("terminal: {e}"),
    })
}

/// Write to a new file private to the user (0600, see `safe_write`), or to
/// standard output, where a terminal gets control characters shown, not
/// obeyed (`clean_text`); a pipe or a redirect gets the bytes as they are.
fn write_output(path: Option<&Path>, bytes: &[u8], force: bool) -> CliResult {
    match path {
        None => {
            let mut out = crate::clean_text::stdout();
            match out.bytes(bytes).and_then(|()| out.flush()) {
                Ok(()) => Ok(()),
                // `casework audit | head` is fine: the reader has had enough.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(e.to_string()),
            }
        }
        Some(p) => {
            crate::safe_write::write(p, bytes, crate::safe_write::Existing::replace_if(force))
        }
    }
}
