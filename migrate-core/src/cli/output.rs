//! What the runner prints: one line per migration as Laravel and Orator print them, a
//! summary, the status table; colors only on a terminal and never under `NO_COLOR`.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::time::Duration;

use super::args::{ColorChoice, OutputOptions};
use crate::{Direction, Event, MigrationStatus, Report};

/// ANSI colors the runner uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Color {
    Green,
    Yellow,
    Red,
    Bold,
    Dim,
}

impl Color {
    fn code(self) -> &'static str {
        match self {
            Color::Green => "32",
            Color::Yellow => "33",
            Color::Red => "31",
            Color::Bold => "1",
            Color::Dim => "2",
        }
    }
}

/// The `--color` of the command line being run, for the error printed after it returns.
static COLOR: AtomicU8 = AtomicU8::new(0);

/// Remembers `--color` for [`Painter::stderr`].
pub(crate) fn set_color(choice: ColorChoice) {
    COLOR.store(choice as u8, Ordering::Relaxed);
}

fn color_choice() -> ColorChoice {
    match COLOR.load(Ordering::Relaxed) {
        1 => ColorChoice::Always,
        2 => ColorChoice::Never,
        _ => ColorChoice::Auto,
    }
}

/// Whether colors go to a stream: as `--color` says; for `auto`, when the stream is a
/// terminal and `NO_COLOR` is unset or empty.
pub(crate) fn colors_for(choice: ColorChoice, stream_is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// How far an operation is, for the `[37/200]` before each migration's lines: the number of
/// migrations it will run, when known, how many have started and how many are done; and,
/// on a terminal, whether a starting line is on screen, to be replaced by the next line.
#[derive(Debug, Default)]
pub(crate) struct Progress {
    total: AtomicUsize,
    started: AtomicUsize,
    finished: AtomicUsize,
    open: AtomicBool,
}

impl Progress {
    /// The next operation runs `total` migrations.
    pub(crate) fn expect(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        self.started.store(0, Ordering::Relaxed);
        self.finished.store(0, Ordering::Relaxed);
    }

    /// A migration starts: its `[n/total] `, or nothing when the total is unknown.
    fn start(&self) -> String {
        self.count(self.started.fetch_add(1, Ordering::Relaxed) + 1)
    }

    /// A migration is done (announced once its commit is durable, so possibly after later
    /// ones started): `[n/total] ` with n the number done.
    fn finish(&self) -> String {
        self.count(self.finished.fetch_add(1, Ordering::Relaxed) + 1)
    }

    /// The current migration's `[n/total] `; it will run again, and keep its number.
    fn retry(&self) -> String {
        let current = self.count(self.started.load(Ordering::Relaxed));
        let _ = self
            .started
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
        current
    }

    fn count(&self, n: usize) -> String {
        let total = self.total.load(Ordering::Relaxed);
        // SQLite may run migrations of a failed shared commit again: never past the total.
        if total == 0 {
            String::new()
        } else {
            format!("[{}/{total}] ", n.min(total))
        }
    }

    /// Notes whether a starting line is on screen, returning whether one was.
    fn set_open(&self, open: bool) -> bool {
        self.open.swap(open, Ordering::Relaxed)
    }
}

/// Writes text to a stream, coloring it when the stream allows.
pub(crate) struct Painter<W> {
    out: W,
    colors: bool,
    /// `--quiet`: only errors are written.
    quiet: bool,
    /// `--verbose`: each migration's SQL too.
    verbose: bool,
    /// A terminal: a migration's starting line is overwritten when it finishes.
    live: bool,
}

impl Painter<io::Stdout> {
    /// Standard output, as the output options say.
    pub(crate) fn stdout(options: &OutputOptions) -> Self {
        let out = io::stdout();
        let live = out.is_terminal();
        let colors = colors_for(options.color, live);
        Painter {
            out,
            colors,
            quiet: options.quiet,
            verbose: options.verbose,
            live,
        }
    }
}

impl Painter<io::Stderr> {
    /// Standard error, colored as `--color` says.
    pub(crate) fn stderr() -> Self {
        let out = io::stderr();
        let colors = colors_for(color_choice(), out.is_terminal());
        Painter {
            out,
            colors,
            quiet: false,
            verbose: false,
            live: false,
        }
    }
}

impl<W: Write> Painter<W> {
    /// A painter on any writer (tests use a `Vec<u8>`).
    #[cfg(test)]
    pub(crate) fn new(out: W, colors: bool) -> Self {
        Painter {
            out,
            colors,
            quiet: false,
            verbose: false,
            live: false,
        }
    }

    /// `text` in `color` (or plain).
    pub(crate) fn paint(&self, color: Color, text: &str) -> String {
        if self.colors {
            format!("\x1b[{}m{text}\x1b[0m", color.code())
        } else {
            text.to_owned()
        }
    }

    /// Writes one line (none under `--quiet`).
    pub(crate) fn line(&mut self, text: &str) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        writeln!(self.out, "{text}")
    }

    /// Writes one line that was asked for (`--pretend`'s SQL), even under `--quiet`.
    fn asked(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{text}")
    }

    /// Writes an error, `error: ` in red, every line of the message after it.
    pub(crate) fn error(&mut self, message: &str) -> io::Result<()> {
        let label = self.paint(Color::Red, "error:");
        writeln!(self.out, "{label} {message}")
    }

    /// Prints what a fake run (`baseline`, `run --fake`) did: it ran nothing, so it says so.
    pub(crate) fn recorded(&mut self, report: &Report, nothing: &str) -> io::Result<()> {
        if report.pretend || report.is_empty() {
            return self.report(report, nothing);
        }
        for notice in &report.notices {
            let label = self.paint(Color::Yellow, "notice:");
            self.line(&format!("{label} {notice}"))?;
        }
        let count = report.migrations.len();
        let noun = if count == 1 {
            "migration"
        } else {
            "migrations"
        };
        self.line(&format!("Recorded {count} {noun} as applied (not run)."))
    }

    /// `Recorded as applied (not run): <id>` as a fake run records a migration.
    pub(crate) fn recording(&mut self, event: &Event<'_>) -> io::Result<()> {
        match *event {
            Event::Finished(ran) => {
                let done = self.paint(Color::Green, "Recorded as applied (not run):");
                self.line(&format!("{done} {}", ran.id))
            }
            _ => Ok(()),
        }
    }

    /// Prints what a Migrator operation did; `nothing` is the message for an empty report.
    pub(crate) fn report(&mut self, report: &Report, nothing: &str) -> io::Result<()> {
        for notice in &report.notices {
            let label = self.paint(Color::Yellow, "notice:");
            self.line(&format!("{label} {notice}"))?;
        }
        if report.is_empty() {
            return self.line(nothing);
        }
        if report.pretend {
            for ran in &report.migrations {
                let id = self.paint(Color::Bold, &ran.id);
                self.asked(&format!("{id}:"))?;
                for sql in &ran.statements {
                    self.asked(&format!("    {sql};"))?;
                }
            }
            return self.line(&self.paint(Color::Dim, "Pretended: nothing was changed."));
        }
        // Each migration was printed as it ran (see `progress`): only the summary is left.
        let done: Vec<_> = report
            .migrations
            .iter()
            .map(|r| (r.direction, r.duration))
            .collect();
        self.line(&summary(&done))
    }

    /// `Migrating: <id>` as a migration starts, `Migrated:  <id> (12 ms)` once its commit is
    /// durable, or the same for rolling back; after `[n/total] ` when the total is known. On a
    /// terminal a starting line stays on screen only until the next line takes its place: one
    /// line per migration.
    pub(crate) fn progress(&mut self, event: &Event<'_>, progress: &Progress) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        if self.live && progress.set_open(false) {
            // Back to the start of the starting line, which is cleared.
            write!(self.out, "\r\x1b[2K")?;
        }
        match *event {
            Event::Starting { id, direction } => {
                let count = progress.start();
                let doing = match direction {
                    Direction::Up => "Migrating:",
                    Direction::Down => "Rolling back:",
                };
                let doing = self.paint(Color::Yellow, doing);
                if self.live {
                    progress.set_open(true);
                    write!(self.out, "{count}{doing} {id}")?;
                    return self.out.flush();
                }
                self.line(&format!("{count}{doing} {id}"))
            }
            Event::Finished(ran) => {
                let count = progress.finish();
                let done = match ran.direction {
                    Direction::Up => "Migrated:",
                    Direction::Down => "Rolled back:",
                };
                let done = self.paint(Color::Green, done);
                let line = format!("{count}{done}  {} ({})", ran.id, millis(ran.duration));
                self.line(&line)?;
                if self.verbose {
                    for sql in &ran.statements {
                        self.line(&format!("    {sql};"))?;
                    }
                }
                Ok(())
            }
            Event::Retrying {
                id,
                attempt,
                attempts,
                timeout,
                delay,
            } => {
                let count = progress.retry();
                let retrying = self.paint(Color::Yellow, "Retrying:");
                self.line(&format!(
                    "{count}{retrying} {id} (a lock was busy; attempt {attempt} of {attempts} \
                     in {}, lock timeout {})",
                    millis(delay),
                    millis(timeout)
                ))
            }
            Event::WithoutTimeouts { id } => {
                let notice = self.paint(Color::Yellow, "Notice:");
                self.line(&format!(
                    "{notice} {id} runs outside a transaction, so without the DDL lock timeout \
                     and the statement timeout: its statements may wait for a table's lock as \
                     long as it is held (only a session setting would do, which a transaction \
                     pooler such as PgBouncer would hand to other clients)"
                ))
            }
        }
    }

    /// Prints the status table; returns how many migrations are dirty.
    pub(crate) fn status(&mut self, table: &str, status: &[MigrationStatus]) -> io::Result<usize> {
        if status.is_empty() {
            self.line(&format!(
                "No migrations: none in this program, none recorded in table `{table}`."
            ))?;
            return Ok(0);
        }
        let width = status
            .iter()
            .map(|s| s.id.len())
            .max()
            .unwrap_or(0)
            .max("Migration".len());
        let header = format!(
            "{:<width$}  {:<7}  {:>5}  {:<19}",
            "Migration", "Status", "Batch", "Applied at"
        );
        self.line(&self.paint(Color::Bold, header.trim_end()))?;
        let (mut applied, mut dirty, mut pending) = (0, 0, 0);
        for s in status {
            let (state, batch, at) = match &s.applied {
                Some(a) => {
                    let state = if a.dirty {
                        dirty += 1;
                        self.paint(Color::Red, "Dirty  ")
                    } else {
                        applied += 1;
                        self.paint(Color::Green, "Applied")
                    };
                    (
                        state,
                        a.batch.to_string(),
                        a.applied_at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    )
                }
                None if s.is_skipped() => (
                    self.paint(Color::Dim, "Skipped"),
                    String::new(),
                    String::new(),
                ),
                None => {
                    pending += 1;
                    (
                        self.paint(Color::Yellow, "Pending"),
                        String::new(),
                        String::new(),
                    )
                }
            };
            let note = if s.is_dirty() {
                self.paint(Color::Red, "  ! dirty: failed part way, see `resolve`")
            } else if s.changed {
                self.paint(Color::Red, "  ! changed since it was applied")
            } else if s.is_missing() {
                self.paint(Color::Red, "  ! missing from the code")
            } else if let Some(squash) = &s.replaced_by {
                format!("  replaced by `{squash}`")
            } else if let Some(deletable) = s.replaced_files_deletable() {
                squash_note(s.replaces.len(), deletable)
            } else {
                String::new()
            };
            let row = format!("{:<width$}  {state}  {batch:>5}  {at:<19}", s.id);
            self.line(&format!("{}{note}", row.trim_end()))?;
        }
        let dirty_count = if dirty > 0 {
            format!("{dirty} dirty, ")
        } else {
            String::new()
        };
        self.line(&format!(
            "\n{applied} applied, {dirty_count}{pending} pending."
        ))?;
        Ok(dirty)
    }
}

/// What `status` says of a squash of `count` migrations: whether this database still needs
/// their files.
fn squash_note(count: usize, deletable: bool) -> String {
    if deletable {
        format!(
            "  squash of {count}: this database no longer needs their files (safe to delete \
             the replaced files once every environment shows this)"
        )
    } else {
        format!("  squash of {count}: keep their files until it is applied here")
    }
}

/// `text` with its first letter in upper case, for a sentence that starts with it.
pub(crate) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `12 ms`.
fn millis(duration: Duration) -> String {
    format!("{} ms", duration.as_millis())
}

/// "Migrated 2 migrations in 15 ms." / "Rolled back 1 migration in 3 ms." (both, for refresh).
pub(crate) fn summary(done: &[(Direction, Duration)]) -> String {
    let mut parts = Vec::new();
    for (direction, verb) in [
        (Direction::Down, "Rolled back"),
        (Direction::Up, "Migrated"),
    ] {
        let ran: Vec<Duration> = done
            .iter()
            .filter(|(d, _)| *d == direction)
            .map(|(_, duration)| *duration)
            .collect();
        if ran.is_empty() {
            continue;
        }
        let total: Duration = ran.iter().sum();
        let noun = if ran.len() == 1 {
            "migration"
        } else {
            "migrations"
        };
        parts.push(format!("{verb} {} {noun} in {}", ran.len(), millis(total)));
    }
    format!("{}.", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(print: impl FnOnce(&mut Painter<Vec<u8>>) -> io::Result<()>) -> String {
        let mut painter = Painter::new(Vec::new(), false);
        print(&mut painter).unwrap();
        String::from_utf8(painter.out).unwrap()
    }

    #[test]
    fn migrations_print_like_laravel() {
        let ran = |direction, ms| crate::Ran {
            id: "m1_a".into(),
            direction,
            batch: 1,
            duration: Duration::from_millis(ms),
            statements: vec!["create table x (a int)".into()],
        };
        let up = ran(Direction::Up, 12);
        assert_eq!(
            printed(|p| {
                p.progress(
                    &Event::Starting {
                        id: "m1_a",
                        direction: Direction::Up,
                    },
                    &Progress::default(),
                )?;
                p.progress(&Event::Finished(&up), &Progress::default())
            }),
            "Migrating: m1_a\nMigrated:  m1_a (12 ms)\n"
        );
        let down = ran(Direction::Down, 3);
        assert_eq!(
            printed(|p| {
                p.progress(
                    &Event::Starting {
                        id: "m1_a",
                        direction: Direction::Down,
                    },
                    &Progress::default(),
                )?;
                p.progress(&Event::Finished(&down), &Progress::default())
            }),
            "Rolling back: m1_a\nRolled back:  m1_a (3 ms)\n"
        );
        assert_eq!(
            printed(|p| p.report(&Report::default(), "Nothing to migrate.")),
            "Nothing to migrate.\n"
        );
    }

    #[test]
    fn a_known_total_counts_migrations() {
        let ran = crate::Ran {
            id: "m2_b".into(),
            direction: Direction::Up,
            batch: 1,
            duration: Duration::from_millis(12),
            statements: Vec::new(),
        };
        let progress = Progress::default();
        progress.expect(200);
        let start = Event::Starting {
            id: "m2_b",
            direction: Direction::Up,
        };
        assert_eq!(
            printed(|p| {
                p.progress(&start, &progress)?;
                p.progress(&Event::Finished(&ran), &progress)
            }),
            "[1/200] Migrating: m2_b\n[1/200] Migrated:  m2_b (12 ms)\n"
        );
        let mut live = Painter::new(Vec::new(), false);
        live.live = true;
        live.progress(&start, &progress).unwrap();
        live.progress(&Event::Finished(&ran), &progress).unwrap();
        assert_eq!(
            String::from_utf8(live.out).unwrap(),
            "[2/200] Migrating: m2_b\r\x1b[2K[2/200] Migrated:  m2_b (12 ms)\n"
        );
    }

    #[test]
    fn migrations_that_share_a_commit_are_announced_after_it_counted_as_done() {
        let ran = |id: &str| crate::Ran {
            id: id.into(),
            direction: Direction::Up,
            batch: 1,
            duration: Duration::from_millis(1),
            statements: Vec::new(),
        };
        let (a, b) = (ran("m1_a"), ran("m2_b"));
        let start = |id| Event::Starting {
            id,
            direction: Direction::Up,
        };
        let events = [
            start("m1_a"),
            start("m2_b"),
            Event::Finished(&a),
            Event::Finished(&b),
        ];
        let progress = Progress::default();
        progress.expect(2);
        assert_eq!(
            printed(|p| events.iter().try_for_each(|e| p.progress(e, &progress))),
            "[1/2] Migrating: m1_a\n[2/2] Migrating: m2_b\n\
             [1/2] Migrated:  m1_a (1 ms)\n[2/2] Migrated:  m2_b (1 ms)\n"
        );
        let mut live = Painter::new(Vec::new(), false);
        live.live = true;
        progress.expect(2);
        for event in &events {
            live.progress(event, &progress).unwrap();
        }
        assert_eq!(
            String::from_utf8(live.out).unwrap(),
            "[1/2] Migrating: m1_a\r\x1b[2K[2/2] Migrating: m2_b\r\x1b[2K\
             [1/2] Migrated:  m1_a (1 ms)\n[2/2] Migrated:  m2_b (1 ms)\n"
        );
    }

    #[test]
    fn a_retry_keeps_the_migration_s_number() {
        let progress = Progress::default();
        progress.expect(3);
        let start = Event::Starting {
            id: "m1_a",
            direction: Direction::Up,
        };
        let retry = Event::Retrying {
            id: "m1_a",
            attempt: 2,
            attempts: 4,
            timeout: Duration::from_millis(7500),
            delay: Duration::from_secs(1),
        };
        assert_eq!(
            printed(|p| {
                p.progress(&start, &progress)?;
                p.progress(&retry, &progress)?;
                p.progress(&start, &progress)
            }),
            "[1/3] Migrating: m1_a\n[1/3] Retrying: m1_a (a lock was busy; attempt 2 of 4 in \
             1000 ms, lock timeout 7500 ms)\n[1/3] Migrating: m1_a\n"
        );
    }

    #[test]
    fn a_migration_without_timeouts_is_announced() {
        let progress = Progress::default();
        let notice = Event::WithoutTimeouts { id: "m1_a" };
        assert_eq!(
            printed(|p| p.progress(&notice, &progress)),
            "Notice: m1_a runs outside a transaction, so without the DDL lock timeout and the \
             statement timeout: its statements may wait for a table's lock as long as it is \
             held (only a session setting would do, which a transaction pooler such as \
             PgBouncer would hand to other clients)\n"
        );
    }

    #[test]
    fn fake_runs_say_nothing_ran() {
        let ran = crate::Ran {
            id: "m1_a".into(),
            direction: Direction::Up,
            batch: 1,
            duration: Duration::ZERO,
            statements: Vec::new(),
        };
        let report = Report {
            migrations: vec![ran.clone()],
            ..Report::default()
        };
        assert_eq!(
            printed(|p| {
                p.recording(&Event::Starting {
                    id: "m1_a",
                    direction: Direction::Up,
                })?;
                p.recording(&Event::Finished(&ran))?;
                p.recorded(&report, "Nothing to migrate.")
            }),
            "Recorded as applied (not run): m1_a\nRecorded 1 migration as applied (not run).\n"
        );
    }

    #[test]
    fn dirty_migrations_are_counted_apart() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
            .and_then(|d| d.and_hms_opt(14, 3, 12))
            .unwrap();
        let row = |id: &str, dirty: bool| MigrationStatus {
            id: id.into(),
            location: Some("src/m.rs:3".into()),
            applied: Some(crate::Applied {
                batch: 1,
                applied_at: at,
                execution_ms: 1,
                checksum: String::new(),
                dirty,
            }),
            changed: false,
            replaced_by: None,
            replaces: Vec::new(),
        };
        let mut dirty = 0;
        let text = printed(|p| {
            dirty = p.status("migrations", &[row("m1_a", false), row("m2_b", true)])?;
            Ok(())
        });
        assert_eq!(dirty, 1);
        assert_eq!(
            text,
            "Migration  Status   Batch  Applied at\n\
             m1_a       Applied      1  2026-11-25 14:03:12\n\
             m2_b       Dirty        1  2026-11-25 14:03:12  ! dirty: failed part way, see `resolve`\n\
             \n\
             1 applied, 1 dirty, 0 pending.\n"
        );
    }

    #[test]
    fn squashes_say_when_the_files_they_replace_can_go() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
            .and_then(|d| d.and_hms_opt(14, 3, 12))
            .unwrap();
        let row = |id: &str, applied: bool, replaced_by: Option<&str>, replaces: &[&str]| {
            MigrationStatus {
                id: id.into(),
                location: Some("src/m.rs:3".into()),
                applied: applied.then(|| crate::Applied {
                    batch: 1,
                    applied_at: at,
                    execution_ms: 1,
                    checksum: String::new(),
                    dirty: false,
                }),
                changed: false,
                replaced_by: replaced_by.map(str::to_owned),
                replaces: replaces.iter().map(|id| (*id).to_owned()).collect(),
            }
        };
        let text = printed(|p| {
            p.status(
                "migrations",
                &[
                    row("m1_a", false, Some("m2_a_squashed"), &[]),
                    row("m2_a_squashed", true, None, &["m1_a"]),
                    row("m3_b", false, None, &[]),
                ],
            )?;
            Ok(())
        });
        assert_eq!(
            text,
            "Migration      Status   Batch  Applied at\n\
             m1_a           Skipped  replaced by `m2_a_squashed`\n\
             m2_a_squashed  Applied      1  2026-11-25 14:03:12  squash of 1: this database no \
             longer needs their files (safe to delete the replaced files once every environment \
             shows this)\n\
             m3_b           Pending\n\
             \n\
             1 applied, 1 pending.\n"
        );
        let pending = printed(|p| {
            p.status(
                "migrations",
                &[row("m2_a_squashed", false, None, &["m1_a"])],
            )?;
            Ok(())
        });
        assert!(
            pending.contains("Pending  squash of 1: keep their files until it is applied here"),
            "{pending}"
        );
    }

    #[test]
    fn summaries_count_each_direction() {
        let ms = Duration::from_millis;
        assert_eq!(
            summary(&[(Direction::Up, ms(12)), (Direction::Up, ms(3))]),
            "Migrated 2 migrations in 15 ms."
        );
        assert_eq!(
            summary(&[(Direction::Down, ms(1)), (Direction::Up, ms(2))]),
            "Rolled back 1 migration in 1 ms; Migrated 1 migration in 2 ms."
        );
    }

    #[test]
    fn colors_only_when_asked() {
        assert_eq!(Painter::new(Vec::new(), false).paint(Color::Red, "x"), "x");
        assert_eq!(
            Painter::new(Vec::new(), true).paint(Color::Red, "x"),
            "\x1b[31mx\x1b[0m"
        );
        assert!(!colors_for(ColorChoice::Auto, false));
        assert!(colors_for(ColorChoice::Always, false));
        assert!(!colors_for(ColorChoice::Never, true));
    }
}
