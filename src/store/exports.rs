//! A file written out of the database (an export, a pack, a sheet, a
//! calendar) leaves an audit row: who wrote which format, for which
//! client, to where. Chained and anchored like every other row.

use super::Store;
use super::audit::{self, AuditEntry};
use super::error::Result;

impl Store {
    /// Record that `format` was written to `path` (for `client`, or for
    /// the whole caseload).
    pub fn record_export(
        &mut self,
        format: &str,
        client: Option<i64>,
        path: &std::path::Path,
    ) -> Result<()> {
        let detail = format!(
            "{format} by {} to {}",
            super::in_error::worker(),
            path.display()
        );
        self.write(|tx| {
            audit::record(
                tx,
                &super::codec::now(),
                &AuditEntry {
                    action: "export",
                    entity: "file",
                    entity_id: None,
                    client_id: client,
                    detail: &detail,
                    seal: None,
                },
            )
        })
    }
}
