//! The caseload as shown: which of the loaded rows, in what order. The rows
//! are shared with the roster, not copied: a filter that matches 50,000
//! clients gives a list of 50,000 indexes, not of 50,000 cloned names.

use super::client::ClientSummary;
use std::ops::Index;
use std::sync::Arc;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shown {
    rows: Arc<Vec<ClientSummary>>,
    /// Indexes into `rows`, in the order shown.
    picked: Vec<u32>,
}

impl Shown {
    /// `picked` indexes `rows`; any that does not is left out.
    pub fn new(rows: Arc<Vec<ClientSummary>>, mut picked: Vec<u32>) -> Shown {
        picked.retain(|&i| (i as usize) < rows.len());
        Shown { rows, picked }
    }

    pub fn len(&self) -> usize {
        self.picked.len()
    }

    pub fn is_empty(&self) -> bool {
        self.picked.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&ClientSummary> {
        self.rows.get(*self.picked.get(i)? as usize)
    }

    pub fn first(&self) -> Option<&ClientSummary> {
        self.get(0)
    }

    pub fn last(&self) -> Option<&ClientSummary> {
        self.get(self.len().checked_sub(1)?)
    }

    /// The shown clients in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &ClientSummary> + ExactSizeIterator {
        self.iter_from(0)
    }

    /// The shown clients from the `first`th on (without stepping through
    /// those before it).
    pub fn iter_from(
        &self,
        first: usize,
    ) -> impl DoubleEndedIterator<Item = &ClientSummary> + ExactSizeIterator {
        self.picked
            .get(first..)
            .unwrap_or_default()
            .iter()
            .map(|&i| &self.rows[i as usize])
    }

    /// Where the client with this id is shown.
    pub fn position(&self, id: i64) -> Option<usize> {
        self.iter().position(|c| c.id == id)
    }

    /// Where the client shown `i`th in `before` is shown now. When both
    /// show the same rows that is a search through indexes only.
    pub fn position_of(&self, before: &Shown, i: usize) -> Option<usize> {
        if Arc::ptr_eq(&self.rows, &before.rows) {
            let row = before.picked.get(i)?;
            self.picked.iter().position(|r| r == row)
        } else {
            self.position(before.get(i)?.id)
        }
    }
}

impl Index<usize> for Shown {
    type Output = ClientSummary;

    fn index(&self, i: usize) -> &ClientSummary {
        &self.rows[self.picked[i] as usize]
    }
}
