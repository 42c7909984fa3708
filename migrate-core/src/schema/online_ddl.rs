//! MySQL and MariaDB's online DDL options of an alter: how the server may carry the change
//! out (`ALGORITHM`) and what it lets other sessions do meanwhile (`LOCK`). The server
//! refuses a statement it cannot carry out as asked, rather than falling back to copying
//! the table behind a lock.

use std::fmt;

/// How MySQL or MariaDB carries out an `ALTER TABLE`: [`Blueprint::algorithm`].
///
/// [`Blueprint::algorithm`]: super::Blueprint::algorithm
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// The server's choice: the cheapest it can (`ALGORITHM=DEFAULT`).
    Default,
    /// In place, without copying the table (it may still rebuild it in place).
    Inplace,
    /// Only the data dictionary changes: no rebuild, no wait beyond a moment's metadata lock.
    Instant,
    /// A copy of the table, with writes blocked while it is made.
    Copy,
}

/// What other sessions may do while MySQL or MariaDB alters a table: [`Blueprint::lock`].
///
/// [`Blueprint::lock`]: super::Blueprint::lock
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LockMode {
    /// The least locking the algorithm allows (`LOCK=DEFAULT`).
    Default,
    /// Reads and writes go on (`LOCK=NONE`), or the server refuses the statement.
    None,
    /// Reads go on, writes wait (`LOCK=SHARED`).
    Shared,
    /// Reads and writes wait (`LOCK=EXCLUSIVE`).
    Exclusive,
}

impl Algorithm {
    /// The keyword, as SQL writes it.
    pub fn keyword(self) -> &'static str {
        match self {
            Algorithm::Default => "default",
            Algorithm::Inplace => "inplace",
            Algorithm::Instant => "instant",
            Algorithm::Copy => "copy",
        }
    }
}

impl LockMode {
    /// The keyword, as SQL writes it.
    pub fn keyword(self) -> &'static str {
        match self {
            LockMode::Default => "default",
            LockMode::None => "none",
            LockMode::Shared => "shared",
            LockMode::Exclusive => "exclusive",
        }
    }
}

/// The online DDL options of one Blueprint; empty unless asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OnlineDdl {
    /// `ALGORITHM=...`, when given.
    pub algorithm: Option<Algorithm>,
    /// `LOCK=...`, when given.
    pub lock: Option<LockMode>,
}

impl OnlineDdl {
    /// Whether no option was given.
    pub fn is_empty(&self) -> bool {
        self.algorithm.is_none() && self.lock.is_none()
    }

    /// Whether the server, given these options, either lets writes go on during the whole
    /// statement or refuses it: `LOCK=NONE`, or `ALGORITHM=INSTANT`.
    pub fn keeps_writes_going(&self) -> bool {
        self.lock == Some(LockMode::None) || self.algorithm == Some(Algorithm::Instant)
    }

    /// The options as `algorithm = x` and `lock = y`, in that order.
    pub(crate) fn clauses(&self) -> Vec<String> {
        let algorithm = self
            .algorithm
            .map(|a| format!("algorithm = {}", a.keyword()));
        let lock = self.lock.map(|l| format!("lock = {}", l.keyword()));
        algorithm.into_iter().chain(lock).collect()
    }
}

impl fmt::Display for OnlineDdl {
    /// As the builder spells them: `algorithm(instant)`, `lock(none)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let algorithm = self
            .algorithm
            .map(|a| format!("algorithm({})", a.keyword()));
        let lock = self.lock.map(|l| format!("lock({})", l.keyword()));
        let parts: Vec<String> = algorithm.into_iter().chain(lock).collect();
        f.write_str(&parts.join(", "))
    }
}
