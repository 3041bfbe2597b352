//! An export file read as [`super::import_stream::walk`] reads it, but
//! faster: serde_json's reader takes a file a byte at a time through
//! `Read`, which was most of the time an import spent reading. Here the
//! bytes of each client and trail row are found by their brackets in large
//! reads, and each is parsed from its own slice (the memory of one client,
//! as before).
//!
//! Only a file laid out as an export is read this way. Anything else (an
//! unknown or repeated key, a key written with escapes, bytes that do not
//! parse) stops the reading with [`Walked::Other`]: the caller reads the
//! file again with `walk`, which names the problem exactly as before.

use super::audit_exchange::AuditRowExport;
use super::chain::Head;
use super::error::Result;
use super::export::ClientExport;
use super::import_stream::{Event, Parts};
use serde::de::DeserializeOwned;
use std::io::{BufRead, BufReader, Read};

/// How a fast reading ended.
#[derive(Debug, PartialEq)]
pub(super) enum Walked {
    /// Read to its end; every part asked for was handed on.
    Done,
    /// Something only `walk` can say what is wrong with (or read).
    Other,
}

/// Large reads: a note's body is found in a few of them.
const READ_BUFFER: usize = 1 << 20;

/// Read `reader` as an export, handing each part asked for to `on` as it
/// is read. An error from `on`, or from reading, stops it and is returned.
pub(super) fn walk_fast<R: Read>(
    reader: R,
    parts: Parts,
    on: &mut dyn FnMut(Event) -> Result<()>,
) -> Result<Walked> {
    let mut r = Scan {
        r: BufReader::with_capacity(READ_BUFFER, reader),
        value: Vec::new(),
    };
    Ok(match top(&mut r, parts, on)? {
        Some(()) => Walked::Done,
        None => Walked::Other,
    })
}

/// `Ok(None)`: not as exported; read it with `walk`.
type Step<T> = Result<Option<T>>;

/// Stop this reading: the file is not laid out as this reader expects.
macro_rules! other {
    ($e:expr) => {
        match $e {
            Some(v) => v,
            None => return Ok(None),
        }
    };
}

fn top<R: Read>(
    r: &mut Scan<R>,
    parts: Parts,
    on: &mut dyn FnMut(Event) -> Result<()>,
) -> Step<()> {
    let (mut format, mut schema) = (None::<u32>, None::<i64>);
    let (mut clients, mut audit) = (false, false);
    other!(r.expect(b'{')?);
    if r.next_is(b'}')? {
        return Ok(None);
    }
    loop {
        let key = other!(r.key()?);
        match key.as_str() {
            "casework_export" if format.is_none() => format = Some(other!(r.parse()?)),
            "schema_version" if schema.is_none() => schema = Some(other!(r.parse()?)),
            "clients" if !clients => {
                clients = true;
                if parts.clients {
                    other!(r.list(|r, i| {
                        let c: ClientExport = other!(r.parse()?);
                        on(Event::Client(i, Box::new(c)))?;
                        Ok(Some(()))
                    })?);
                } else {
                    other!(r.skip()?);
                }
            }
            "audit" if !audit => {
                audit = true;
                other!(trail(r, parts, on)?);
            }
            _ => return Ok(None),
        }
        if !other!(r.more(b'}')?) {
            break;
        }
    }
    if !other!(r.at_end()?) {
        return Ok(None);
    }
    let (Some(format), Some(schema_version), true) = (format, schema, clients) else {
        return Ok(None);
    };
    if !audit {
        on(Event::NoTrail)?;
    }
    on(Event::Header {
        format,
        schema_version,
    })?;
    Ok(Some(()))
}

/// The trail: `null`, or its scope, head and rows.
fn trail<R: Read>(
    r: &mut Scan<R>,
    parts: Parts,
    on: &mut dyn FnMut(Event) -> Result<()>,
) -> Step<()> {
    if other!(r.peek()?) == b'n' {
        let _: Option<()> = other!(r.parse()?);
        on(Event::NoTrail)?;
        return Ok(Some(()));
    }
    let (mut scope, mut head) = (None::<String>, None::<Option<Head>>);
    let mut rows = false;
    other!(r.expect(b'{')?);
    if r.next_is(b'}')? {
        return Ok(None);
    }
    loop {
        let key = other!(r.key()?);
        match key.as_str() {
            "scope" if scope.is_none() => {
                let s: String = other!(r.parse()?);
                on(Event::TrailScope(s.clone()))?;
                scope = Some(s);
            }
            "head" if head.is_none() => {
                let h: Option<Head> = other!(r.parse()?);
                on(Event::TrailHead(h.clone()))?;
                head = Some(h);
            }
            "rows" if !rows => {
                rows = true;
                if parts.trail_rows {
                    other!(r.list(|r, i| {
                        let row: AuditRowExport = other!(r.parse()?);
                        on(Event::TrailRow(i, row))?;
                        Ok(Some(()))
                    })?);
                } else {
                    other!(r.skip()?);
                }
            }
            _ => return Ok(None),
        }
        if !other!(r.more(b'}')?) {
            break;
        }
    }
    let (Some(scope), true) = (scope, rows) else {
        return Ok(None);
    };
    on(Event::TrailEnd {
        scope,
        head: head.flatten(),
    })?;
    Ok(Some(()))
}

/// The file, read in large pieces, and the bytes of the value being read.
struct Scan<R> {
    r: BufReader<R>,
    value: Vec<u8>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl<R: Read> Scan<R> {
    /// The next byte that is not whitespace, left unread (`None`: the end).
    fn peek(&mut self) -> Step<u8> {
        loop {
            let buf = self.r.fill_buf()?;
            if buf.is_empty() {
                return Ok(None);
            }
            match buf.iter().position(|&b| !is_space(b)) {
                Some(i) => {
                    let b = buf[i];
                    self.r.consume(i);
                    return Ok(Some(b));
                }
                None => {
                    let n = buf.len();
                    self.r.consume(n);
                }
            }
        }
    }

    /// Only whitespace is left.
    fn at_end(&mut self) -> Step<bool> {
        Ok(Some(self.peek()?.is_none()))
    }

    /// The next byte is `b`: read it.
    fn expect(&mut self, b: u8) -> Step<()> {
        if self.peek()? != Some(b) {
            return Ok(None);
        }
        self.r.consume(1);
        Ok(Some(()))
    }

    /// Is the next byte `b`? Then it is read.
    fn next_is(&mut self, b: u8) -> Result<bool> {
        Ok(self.expect(b)?.is_some())
    }

    /// After a member or element: `,` (more to come) or `close` (no more).
    fn more(&mut self, close: u8) -> Step<bool> {
        match self.peek()? {
            Some(b',') => {
                self.r.consume(1);
                Ok(Some(true))
            }
            Some(b) if b == close => {
                self.r.consume(1);
                Ok(Some(false))
            }
            _ => Ok(None),
        }
    }

    /// A member's key and its colon. A key with escapes is left to `walk`.
    fn key(&mut self) -> Step<String> {
        other!(self.take()?);
        let Some(inner) = self
            .value
            .strip_prefix(b"\"")
            .and_then(|v| v.strip_suffix(b"\""))
        else {
            return Ok(None);
        };
        if inner.contains(&b'\\') {
            return Ok(None);
        }
        let key = other!(std::str::from_utf8(inner).ok()).to_string();
        other!(self.expect(b':')?);
        Ok(Some(key))
    }

    /// The next value, parsed from its bytes.
    fn parse<T: DeserializeOwned>(&mut self) -> Step<T> {
        other!(self.take()?);
        Ok(serde_json::from_slice(&self.value).ok())
    }

    /// The next value, passed over.
    fn skip(&mut self) -> Step<()> {
        self.extent(false)
    }

    /// The next value's bytes into `self.value`.
    fn take(&mut self) -> Step<()> {
        self.value.clear();
        self.extent(true)
    }

    /// A list, each element handed to `each` with its index.
    fn list(&mut self, mut each: impl FnMut(&mut Self, usize) -> Step<()>) -> Step<()> {
        other!(self.expect(b'[')?);
        if self.next_is(b']')? {
            return Ok(Some(()));
        }
        let mut i = 0;
        loop {
            other!(each(self, i)?);
            i += 1;
            if !other!(self.more(b']')?) {
                return Ok(Some(()));
            }
        }
    }

    /// Read one value's bytes (kept in `self.value` if `keep`): a string
    /// to its closing quote, an object or list to its closing bracket, any
    /// other to the next delimiter. What is between is not checked here:
    /// the parse of the slice checks it.
    fn extent(&mut self, keep: bool) -> Step<()> {
        let first = other!(self.peek()?);
        if matches!(first, b',' | b':' | b'}' | b']') {
            return Ok(None);
        }
        let scalar = !matches!(first, b'"' | b'{' | b'[');
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        loop {
            let buf = self.r.fill_buf()?;
            if buf.is_empty() {
                // A number or literal may end the file; anything else is cut short.
                return Ok(scalar.then_some(()));
            }
            let mut end = None;
            let mut i = 0;
            while i < buf.len() {
                let b = buf[i];
                if scalar {
                    if matches!(b, b',' | b'}' | b']' | b':') || is_space(b) {
                        end = Some(i);
                        break;
                    }
                } else if in_string {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_string = false;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    } else if let Some(j) = memchr::memchr2(b'"', b'\\', &buf[i..]) {
                        // Most of a file is text: straight to its next quote or escape.
                        i += j;
                        continue;
                    } else {
                        i = buf.len();
                        continue;
                    }
                } else {
                    match b {
                        b'"' => in_string = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = other!(depth.checked_sub(1));
                            if depth == 0 {
                                end = Some(i + 1);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                i += 1;
            }
            let n = end.unwrap_or(buf.len());
            if keep {
                self.value.extend_from_slice(&buf[..n]);
            }
            self.r.consume(n);
            if end.is_some() {
                return Ok(Some(()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::import_stream::walk;
    use super::*;
    use crate::domain::ChecklistTemplate;

    /// A generated caseload's export, as `export` writes it.
    fn export() -> Vec<u8> {
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut store, _) = super::super::Store::open(&dir.path().join("c.db")).expect("open");
        let opts = crate::demo::GenerateOptions {
            clients: 6,
            notes: 40,
            seed: 3,
            today: "2026-11-23".parse().expect("date"),
            progress: false,
        };
        crate::demo::generate(&mut store, &opts).expect("generate");
        let mut bytes = Vec::new();
        super::super::export_stream::write_json(
            &store,
            &ChecklistTemplate::builtin(),
            None,
            &mut bytes,
            |_, _| {},
        )
        .expect("export");
        bytes
    }

    const ALL: Parts = Parts {
        clients: true,
        trail_rows: true,
    };

    fn said(event: Event) -> String {
        let json = |v: serde_json::Result<String>| v.expect("json");
        match event {
            Event::Header {
                format,
                schema_version,
            } => format!("header {format} {schema_version}"),
            Event::NoTrail => "no trail".into(),
            Event::TrailScope(s) => format!("scope {s}"),
            Event::TrailHead(h) => format!("head {}", json(serde_json::to_string(&h))),
            Event::TrailRow(i, r) => format!("row {i} {}", json(serde_json::to_string(&r))),
            Event::TrailEnd { scope, head } => {
                format!("end {scope} {}", json(serde_json::to_string(&head)))
            }
            Event::Client(i, c) => format!("client {i} {}", json(serde_json::to_string(&c))),
        }
    }

    fn by_serde(bytes: &[u8], parts: Parts) -> Vec<String> {
        let mut seen = Vec::new();
        walk(bytes, parts, &mut |e| {
            seen.push(said(e));
            Ok(())
        })
        .expect("walk");
        seen
    }

    fn fast(bytes: &[u8], parts: Parts) -> (Walked, Vec<String>) {
        let mut seen = Vec::new();
        let walked = walk_fast(bytes, parts, &mut |e| {
            seen.push(said(e));
            Ok(())
        })
        .expect("fast");
        (walked, seen)
    }

    #[test]
    fn an_export_reads_fast_as_serde_reads_it_pretty_compact_or_sorted() {
        let pretty = export();
        let value: serde_json::Value = serde_json::from_slice(&pretty).expect("value");
        // serde_json's map sorts its keys: the trail's rows before its scope.
        let sorted = serde_json::to_vec(&value).expect("compact");
        assert!(!sorted.starts_with(&pretty[..20]));
        for bytes in [&pretty, &sorted] {
            for parts in [
                ALL,
                Parts {
                    clients: false,
                    trail_rows: true,
                },
                Parts {
                    clients: true,
                    trail_rows: false,
                },
            ] {
                let want = by_serde(bytes, parts);
                assert!(want.iter().any(|e| e.starts_with("header")));
                assert_eq!(fast(bytes, parts), (Walked::Done, want));
            }
        }
        let no_trail = String::from_utf8(pretty.clone()).expect("utf8").replacen(
            "\"audit\": {",
            "\"audit\": null, \"x\": {",
            1,
        );
        assert_eq!(fast(no_trail.as_bytes(), ALL).0, Walked::Other);
    }

    #[test]
    fn anything_not_laid_out_as_exported_is_left_to_serde() {
        let text = String::from_utf8(export()).expect("utf8");
        let cases = [
            text.replacen("\"clients\": [", "\"clients\": [,", 1),
            text.replacen("\"schema_version\"", "\"schema\\u005fversion\"", 1),
            text.replacen(
                "\"schema_version\"",
                "\"schema_version\": 1, \"schema_version\"",
                1,
            ),
            text.replacen(
                "\"casework_export\"",
                "\"other\": 1, \"casework_export\"",
                1,
            ),
            text[..text.len() / 2].to_string(),
            format!("{text} x"),
            text.replacen("\"name\": \"", "\"name\": 1, \"x\": \"", 1),
            text.replacen("\"scope\"", "\"scopes\"", 1),
            "{}".into(),
            "[]".into(),
            String::new(),
        ];
        for bytes in cases {
            assert_eq!(fast(bytes.as_bytes(), ALL).0, Walked::Other, "{bytes:.300}");
        }
    }
}
