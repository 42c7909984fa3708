//! `status`: what the migrations' states add up to, and `--format json`'s document.
//!
//! The JSON shape is stable (documented in the book's CLI reference):
//!
//! ```json
//! {
//!   "table": "migrations",
//!   "up_to_date": false,
//!   "counts": { "applied": 1, "dirty": 0, "pending": 1, "changed": 0, "missing": 0 },
//!   "migrations": [
//!     { "id": "m2026_11_25_140312_create_users", "state": "applied", "batch": 1,
//!       "applied_at": "2026-11-25T14:03:12Z", "changed": false, "missing": false,
//!       "location": "src/migrations/m2026_11_25_140312_create_users.rs:4",
//!       "replaced_by": null, "replaces": [], "replaced_files_deletable": null }
//!   ]
//! }
//! ```

use serde_json::{json, Value};

use crate::MigrationStatus;

/// How many migrations are in each state; `changed` and `missing` ones are applied or dirty too.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub applied: usize,
    pub dirty: usize,
    pub pending: usize,
    pub changed: usize,
    pub missing: usize,
}

impl Counts {
    pub(crate) fn of(status: &[MigrationStatus]) -> Counts {
        let mut counts = Counts::default();
        for s in status {
            match &s.applied {
                Some(a) if a.dirty => counts.dirty += 1,
                Some(_) => counts.applied += 1,
                None if s.is_skipped() => {}
                None => counts.pending += 1,
            }
            counts.changed += usize::from(s.changed);
            counts.missing += usize::from(s.is_missing());
        }
        counts
    }

    /// Every migration applied with its current code, none dirty, nothing recorded that the
    /// program lacks: what `status --exit-code` exits with 0 for.
    pub(crate) fn up_to_date(self) -> bool {
        self.dirty == 0 && self.pending == 0 && self.changed == 0 && self.missing == 0
    }
}

/// The `--format json` document.
pub(crate) fn to_json(table: &str, status: &[MigrationStatus]) -> Value {
    let counts = Counts::of(status);
    let migrations: Vec<Value> = status
        .iter()
        .map(|s| {
            let state = match &s.applied {
                Some(a) if a.dirty => "dirty",
                Some(_) => "applied",
                None if s.is_skipped() => "skipped",
                None => "pending",
            };
            json!({
                "id": s.id,
                "state": state,
                "batch": s.applied.as_ref().map(|a| a.batch),
                "applied_at": s
                    .applied
                    .as_ref()
                    .map(|a| a.applied_at.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
                "changed": s.changed,
                "missing": s.is_missing(),
                "location": s.location,
                "replaced_by": s.replaced_by,
                "replaces": s.replaces,
                "replaced_files_deletable": s.replaced_files_deletable(),
            })
        })
        .collect();
    json!({
        "table": table,
        "up_to_date": counts.up_to_date(),
        "counts": {
            "applied": counts.applied,
            "dirty": counts.dirty,
            "pending": counts.pending,
            "changed": counts.changed,
            "missing": counts.missing,
        },
        "migrations": migrations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_shape() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
            .and_then(|d| d.and_hms_opt(14, 3, 12))
            .unwrap();
        let applied = MigrationStatus {
            id: "m1_a".into(),
            location: Some("src/m.rs:3".into()),
            applied: Some(crate::Applied {
                batch: 1,
                applied_at: at,
                execution_ms: 1,
                checksum: String::new(),
                dirty: false,
            }),
            changed: true,
            replaced_by: None,
            replaces: Vec::new(),
        };
        let pending = MigrationStatus {
            id: "m2_b".into(),
            location: Some("src/n.rs:3".into()),
            applied: None,
            changed: false,
            replaced_by: None,
            replaces: Vec::new(),
        };
        assert_eq!(
            to_json("migrations", &[applied, pending]).to_string(),
            r#"{"counts":{"applied":1,"changed":1,"dirty":0,"missing":0,"pending":1},"migrations":[{"applied_at":"2026-11-25T14:03:12Z","batch":1,"changed":true,"id":"m1_a","location":"src/m.rs:3","missing":false,"replaced_by":null,"replaced_files_deletable":null,"replaces":[],"state":"applied"},{"applied_at":null,"batch":null,"changed":false,"id":"m2_b","location":"src/n.rs:3","missing":false,"replaced_by":null,"replaced_files_deletable":null,"replaces":[],"state":"pending"}],"table":"migrations","up_to_date":false}"#
        );
    }
}
