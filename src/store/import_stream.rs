//! A JSON export read from its file a client at a time, and a trail row at
//! a time, so that importing needs the memory of one client whatever the
//! size of the file. Its parts may come in any order (a tool that rewrote
//! the file may have sorted its keys), so it is read more than once: whole
//! to check it before any database is opened, then (in one transaction)
//! for its trail and for its clients, because the trail is written first.
//! A file laid out as exported (the trail's scope and head before its
//! rows) is read three times in all; one laid out otherwise, or refused,
//! is read again header first, as the header's problems are named first.

use super::Store;
use super::audit_exchange::{AuditRowExport, ChainCheck, known_scope};
use super::chain::Head;
use super::error::{Result, StoreError};
use super::export::ClientExport;
use super::import_check::{self, Ids};
use super::import_fast::{Walked, walk_fast};
use super::imports::{Importer, oversized};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;
use std::io::Read;

/// What reading the file meets. `Header` and `NoTrail` come at the end,
/// once the whole top level has been read.
pub(super) enum Event {
    Header {
        format: u32,
        schema_version: i64,
    },
    /// The file has no trail (a format-1 export).
    NoTrail,
    /// The trail's scope and head, as each is read (before its rows, in
    /// an export as written).
    TrailScope(String),
    TrailHead(Option<Head>),
    TrailRow(usize, AuditRowExport),
    TrailEnd {
        scope: String,
        head: Option<Head>,
    },
    Client(usize, Box<ClientExport>),
}

/// Which lists to read; the rest is skipped without being kept.
#[derive(Clone, Copy)]
pub(super) struct Parts {
    pub clients: bool,
    pub trail_rows: bool,
}

const HEADER_ONLY: Parts = Parts {
    clients: false,
    trail_rows: false,
};

/// The small values at the top of an export: its format and schema
/// version, and its trail's scope and head (`None`: no trail).
struct Header {
    format: u32,
    schema_version: i64,
    trail: Option<(String, Option<Head>)>,
}

impl Header {
    /// The format and schema version an `Event::Header` gave.
    fn saw(&mut self, format: u32, schema_version: i64) -> Result<()> {
        self.format = format;
        self.schema_version = schema_version;
        Ok(())
    }
}

/// The header, checked: a format and schema version this program reads,
/// a trail where the format needs one, a known scope.
fn read_header<R: Read>(reader: R) -> Result<Header> {
    let mut header = Header {
        format: 0,
        schema_version: 0,
        trail: None,
    };
    walk(reader, HEADER_ONLY, &mut |event| {
        match event {
            Event::Header {
                format,
                schema_version,
            } => header.saw(format, schema_version)?,
            Event::TrailEnd { scope, head } => header.trail = Some((scope, head)),
            _ => {}
        }
        Ok(())
    })?;
    check_header(&header)?;
    Ok(header)
}

fn check_header(header: &Header) -> Result<()> {
    import_check::header(header.format, header.schema_version)?;
    match &header.trail {
        None => import_check::trail_missing(header.format),
        Some((scope, _)) => known_scope(scope),
    }
}

/// Check a whole export file without a database: everything
/// [`import_check::check`] checks. `open` is called once, or three times
/// for a file that is refused or not laid out as exported.
/// Returns how many clients it holds.
pub fn check_file<R: Read>(open: impl Fn() -> std::io::Result<R>) -> Result<usize> {
    match check_in_one_reading(open()?) {
        Ok(Some(count)) => Ok(count),
        // The reading in two names the problem the header has first, and
        // checks a trail whose rows come before its scope.
        Ok(None) | Err(_) => check_header_first(open),
    }
}

/// [`check_file`] in one reading of the file, for a file whose trail gives
/// its scope before its rows (`None`: one that does not).
fn check_in_one_reading<R: Read>(reader: R) -> Result<Option<usize>> {
    let mut header = Header {
        format: 0,
        schema_version: 0,
        trail: None,
    };
    let (mut scope, mut chain, mut unordered) = (None::<String>, None::<ChainCheck>, false);
    let mut ids = Ids::default();
    let mut count = 0;
    let everything = Parts {
        clients: true,
        trail_rows: true,
    };
    let walked = walk_fast(reader, everything, &mut |event| match event {
        Event::Header {
            format,
            schema_version,
        } => header.saw(format, schema_version),
        Event::TrailScope(s) => {
            chain = (s == "all").then(ChainCheck::default);
            scope = Some(s);
            Ok(())
        }
        Event::TrailRow(i, r) => match (&scope, &mut chain) {
            (None, _) => {
                unordered = true;
                Err(rows_before_scope())
            }
            (Some(_), Some(c)) => c.row(i, &r),
            (Some(_), None) => Ok(()),
        },
        Event::TrailEnd { scope, head } => {
            let end = chain.as_ref().map_or(Ok(()), |c| c.end(head.as_ref()));
            header.trail = Some((scope, head));
            end
        }
        Event::Client(i, c) => {
            count += 1;
            one_client(&c, i, &mut ids)
        }
        _ => Ok(()),
    });
    if unordered || walked? == Walked::Other {
        return Ok(None);
    }
    check_header(&header)?;
    Ok(Some(count))
}

/// [`check_file`] reading the header first, then everything.
fn check_header_first<R: Read>(open: impl Fn() -> std::io::Result<R>) -> Result<usize> {
    let header = read_header(open()?)?;
    let mut chain = match &header.trail {
        Some((scope, _)) if scope == "all" => Some(ChainCheck::default()),
        _ => None,
    };
    let mut ids = Ids::default();
    let mut count = 0;
    let everything = Parts {
        clients: true,
        trail_rows: true,
    };
    walk(open()?, everything, &mut |event| match event {
        Event::TrailRow(i, r) => chain.as_mut().map_or(Ok(()), |c| c.row(i, &r)),
        Event::TrailEnd { head, .. } => chain.as_ref().map_or(Ok(()), |c| c.end(head.as_ref())),
        Event::Client(i, c) => {
            count += 1;
            one_client(&c, i, &mut ids)
        }
        _ => Ok(()),
    })?;
    Ok(count)
}

/// Stops a reading that needed the trail's scope before its rows.
fn rows_before_scope() -> StoreError {
    StoreError::InFile {
        at: "audit.rows".into(),
        problem: "come before audit.scope and audit.head".into(),
    }
}

/// What every client is checked for, on each reading.
fn one_client(c: &ClientExport, i: usize, ids: &mut Ids) -> Result<()> {
    let p = format!("clients[{i}]");
    import_check::client(c, &p, ids)?;
    oversized(c, &p)
}

impl Store {
    /// Import an export file that [`check_file`] passed, reading it again
    /// with `open` (twice, or three times for a file whose trail lists its
    /// rows before its scope), into this database, which must hold no
    /// clients. One transaction: all of it or none of it. `progress` is
    /// told how many clients are in.
    pub fn import_file<R: Read>(
        &mut self,
        open: impl Fn() -> std::io::Result<R>,
        mut progress: impl FnMut(usize),
    ) -> Result<usize> {
        self.refuse_unless_empty()?;
        let mut other = false;
        let fast = self.write(|tx| match import_in(tx, &open, &mut progress, true)? {
            Some(count) => Ok(count),
            None => {
                other = true;
                Err(not_as_exported())
            }
        });
        if !other {
            return fast;
        }
        // Not laid out as exported (or changed since it was checked): all
        // of it again, read by serde_json, which names any problem.
        self.write(|tx| import_in(tx, &open, &mut progress, false)?.ok_or_else(not_as_exported))
    }
}

/// The import in one transaction, each reading `fast` or by serde_json.
/// `None`: a fast reading met what only serde_json reads.
fn import_in<R: Read>(
    tx: &rusqlite::Transaction<'_>,
    open: &impl Fn() -> std::io::Result<R>,
    progress: &mut impl FnMut(usize),
    fast: bool,
) -> Result<Option<usize>> {
    let mut import = Importer::new(tx)?;
    // The header is checked again as the trail is written: the file may
    // have changed since it was checked.
    if !trail_in_one_reading(open()?, &mut import, fast)? {
        if fast {
            return Ok(None);
        }
        let header = read_header(open()?)?;
        if let Some((scope, head)) = header.trail {
            import.trail_start(&scope, head)?;
            let rows = Parts {
                clients: false,
                trail_rows: true,
            };
            walk(open()?, rows, &mut |event| match event {
                Event::TrailRow(i, r) => import.trail_row(i, &r),
                Event::TrailEnd { .. } => import.trail_end(),
                _ => Ok(()),
            })?;
        }
    }
    let mut ids = Ids::default();
    let clients = Parts {
        clients: true,
        trail_rows: false,
    };
    let walked = read(open()?, clients, fast, &mut |event| match event {
        Event::Client(i, c) => {
            one_client(&c, i, &mut ids)?;
            import.client(i, &c).map_err(|e| duplicate_id(e, i))?;
            progress(i + 1);
            Ok(())
        }
        _ => Ok(()),
    })?;
    if walked == Walked::Other {
        return Ok(None);
    }
    import.finish().map(Some)
}

/// Stands for a fast reading that stopped: never shown.
fn not_as_exported() -> StoreError {
    StoreError::InFile {
        at: String::new(),
        problem: "not laid out as exported".into(),
    }
}

/// Read fast, or with serde_json.
fn read<R: Read>(
    reader: R,
    parts: Parts,
    fast: bool,
    on: &mut dyn FnMut(Event) -> Result<()>,
) -> Result<Walked> {
    if fast {
        walk_fast(reader, parts, on)
    } else {
        walk(reader, parts, on).map(|()| Walked::Done)
    }
}

/// Write the trail (if any) in one reading that also checks the header,
/// starting it when its first row comes, after its scope and head. `false`:
/// its rows came first, and nothing was written; or a fast reading met
/// what only serde_json reads, and the transaction is to be given up.
fn trail_in_one_reading<R: Read>(reader: R, import: &mut Importer<'_>, fast: bool) -> Result<bool> {
    let (mut scope, mut head) = (None::<String>, None::<Option<Head>>);
    let (mut started, mut unordered) = (false, false);
    let mut header = Header {
        format: 0,
        schema_version: 0,
        trail: None,
    };
    let rows = Parts {
        clients: false,
        trail_rows: true,
    };
    let walked = read(reader, rows, fast, &mut |event| match event {
        Event::TrailScope(s) => {
            scope = Some(s);
            Ok(())
        }
        Event::TrailHead(h) => {
            head = Some(h);
            Ok(())
        }
        Event::TrailRow(i, r) => {
            if !started {
                let (Some(scope), Some(head)) = (&scope, &head) else {
                    unordered = true;
                    return Err(rows_before_scope());
                };
                import.trail_start(scope, head.clone())?;
                started = true;
            }
            import.trail_row(i, &r)
        }
        Event::TrailEnd { scope, head } => {
            if !started {
                import.trail_start(&scope, head.clone())?;
                started = true;
            }
            header.trail = Some((scope, head));
            import.trail_end()
        }
        Event::Header {
            format,
            schema_version,
        } => header.saw(format, schema_version),
        _ => Ok(()),
    });
    if unordered || walked? == Walked::Other {
        return Ok(false);
    }
    check_header(&header)?;
    Ok(true)
}

/// The database's keys refuse an id an earlier client's record used: say
/// so in the file's words.
fn duplicate_id(e: StoreError, i: usize) -> StoreError {
    let unique = |e: &rusqlite::Error| {
        matches!(e, rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
    };
    match e {
        StoreError::Sql(ref s) if unique(s) => StoreError::InFile {
            at: format!("clients[{i}]"),
            problem: format!("duplicate id: a record here has the id of an earlier one ({s})"),
        },
        other => other,
    }
}

/// Large reads: the file is read several times over.
const READ_BUFFER: usize = 256 << 10;

/// Read `reader` as an export, handing each part asked for to `on` as it
/// is read; an error from `on` stops the reading and is returned as it is.
pub(super) fn walk<R: Read>(
    reader: R,
    parts: Parts,
    on: &mut dyn FnMut(Event) -> Result<()>,
) -> Result<()> {
    let ctx = Ctx {
        on: RefCell::new(on),
        failed: RefCell::new(None),
        parts,
    };
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(
        READ_BUFFER,
        reader,
    ));
    let read = Top(&ctx).deserialize(&mut de).and_then(|()| de.end());
    if let Some(e) = ctx.failed.into_inner() {
        return Err(e);
    }
    read.map_err(syntax)
}

/// A file that is not an export: where, by line and column, and what.
fn syntax(e: serde_json::Error) -> StoreError {
    if e.is_io() || e.line() == 0 {
        return StoreError::Io(e.into());
    }
    let place = format!(" at line {} column {}", e.line(), e.column());
    let text = e.to_string();
    StoreError::InFile {
        at: place.trim_start_matches(" at ").to_string(),
        problem: text.strip_suffix(&place).unwrap_or(&text).to_string(),
    }
}

struct Ctx<'a> {
    on: RefCell<&'a mut dyn FnMut(Event) -> Result<()>>,
    failed: RefCell<Option<StoreError>>,
    parts: Parts,
}

impl Ctx<'_> {
    fn emit<E: de::Error>(&self, event: Event) -> std::result::Result<(), E> {
        let done = (self.on.borrow_mut())(event);
        done.map_err(|e| {
            *self.failed.borrow_mut() = Some(e);
            E::custom("stopped")
        })
    }
}

const FIELDS: &[&str] = &["casework_export", "schema_version", "clients", "audit"];

struct Top<'c, 'a>(&'c Ctx<'a>);

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a casework export")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let ctx = self.0;
        let (mut format, mut schema) = (None::<u32>, None::<i64>);
        let (mut clients, mut audit) = (false, false);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "casework_export" if format.is_none() => format = Some(map.next_value()?),
                "schema_version" if schema.is_none() => schema = Some(map.next_value()?),
                "clients" if !clients => {
                    clients = true;
                    if ctx.parts.clients {
                        map.next_value_seed(Clients(ctx))?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                "audit" if !audit => {
                    audit = true;
                    map.next_value_seed(Trail(ctx))?;
                }
                k if FIELDS.contains(&k) => {
                    return Err(de::Error::custom(format!("duplicate field `{k}`")));
                }
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        let format = format.ok_or_else(|| de::Error::missing_field("casework_export"))?;
        let schema_version = schema.ok_or_else(|| de::Error::missing_field("schema_version"))?;
        if !clients {
            return Err(de::Error::missing_field("clients"));
        }
        if !audit {
            ctx.emit(Event::NoTrail)?;
        }
        ctx.emit(Event::Header {
            format,
            schema_version,
        })
    }
}

struct Clients<'c, 'a>(&'c Ctx<'a>);

impl<'de> DeserializeSeed<'de> for Clients<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Clients<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of clients")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut i = 0;
        while let Some(client) = seq.next_element::<ClientExport>()? {
            self.0.emit(Event::Client(i, Box::new(client)))?;
            i += 1;
        }
        Ok(())
    }
}

/// The trail: `null` (no trail) or its scope, head and rows, in that order.
struct Trail<'c, 'a>(&'c Ctx<'a>);

impl<'de> DeserializeSeed<'de> for Trail<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for Trail<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an audit trail")
    }

    fn visit_none<E: de::Error>(self) -> std::result::Result<(), E> {
        self.0.emit(Event::NoTrail)
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
        self.visit_none()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let ctx = self.0;
        let (mut scope, mut head) = (None::<String>, None::<Option<Head>>);
        let mut rows = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "scope" if scope.is_none() => {
                    let s: String = map.next_value()?;
                    ctx.emit(Event::TrailScope(s.clone()))?;
                    scope = Some(s);
                }
                "head" if head.is_none() => {
                    let h: Option<Head> = map.next_value()?;
                    ctx.emit(Event::TrailHead(h.clone()))?;
                    head = Some(h);
                }
                "rows" if !rows => {
                    rows = true;
                    if ctx.parts.trail_rows {
                        map.next_value_seed(Rows(ctx))?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                k @ ("scope" | "head" | "rows") => {
                    return Err(de::Error::custom(format!("duplicate field `{k}`")));
                }
                other => return Err(de::Error::unknown_field(other, &["scope", "head", "rows"])),
            }
        }
        if !rows {
            return Err(de::Error::missing_field("rows"));
        }
        let scope = scope.ok_or_else(|| de::Error::missing_field("scope"))?;
        ctx.emit(Event::TrailEnd {
            scope,
            head: head.flatten(),
        })
    }
}

struct Rows<'c, 'a>(&'c Ctx<'a>);

impl<'de> DeserializeSeed<'de> for Rows<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Rows<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of audit rows")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut i = 0;
        while let Some(row) = seq.next_element::<AuditRowExport>()? {
            self.0.emit(Event::TrailRow(i, row))?;
            i += 1;
        }
        Ok(())
    }
}
