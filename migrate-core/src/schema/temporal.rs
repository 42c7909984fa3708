//! Temporal helpers of the Blueprint beyond the column types themselves.

use super::blueprint::Blueprint;
use super::column::ColumnDefinition;

impl Blueprint {
    /// A nullable `deleted_at` timestamp with time zone, for soft deletes (Laravel's
    /// `softDeletesTz()`).
    pub fn soft_deletes_tz(&mut self) -> &mut ColumnDefinition {
        self.soft_deletes_tz_with(0)
    }

    /// [`Blueprint::soft_deletes_tz`] keeping `precision` digits of fractional seconds, as
    /// Laravel's `softDeletesTz('deleted_at', $precision)`.
    pub fn soft_deletes_tz_with(&mut self, precision: u32) -> &mut ColumnDefinition {
        self.timestamp_tz_with("deleted_at", precision).nullable()
    }
}
