//! Each command of the runner: connect, drive the [`Migrator`], print what happened.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use super::adopt::adopt;
use super::args::{
    CheckArgs, Cli, Command, CommitOptions, DatabaseAction, DatabaseOptions, DialectArg,
    GuardOptions, LockOptions, OutputOptions, SchemaArgs, StatusFormat, UrlOptions,
};
use super::database::{self, Missing};
use super::output::{Color, Painter, Progress};
use super::seed::seed;
use super::status::{self, Counts};
use super::{exit_code, fresh, lifecycle, lint, production, target, CliError};
use crate::{AnyConnection, Dialect, Migrator, Resolution, SchemaModel, DEFAULT_TABLE};

/// The Migrator for `table`, printing each migration as it runs (or, for a `fake` run, as it
/// is recorded) as `output` asks, counted by `progress` when its total is set.
fn migrator(table: &str, output: &OutputOptions, fake: bool, progress: &Arc<Progress>) -> Migrator {
    let output = output.clone();
    let progress = Arc::clone(progress);
    Migrator::new().table(table).on_event(move |event| {
        // Progress is a courtesy: a closed stdout must not fail the migration.
        let mut out = Painter::stdout(&output);
        let _ = if fake {
            out.recording(event)
        } else {
            out.progress(event, &progress)
        };
    })
}

/// How many migrations `migrator.run` will apply: the pending ones (every one on a new
/// database), up to `to`.
fn pending(
    migrator: &Migrator,
    conn: &mut AnyConnection,
    to: Option<&str>,
) -> Result<usize, CliError> {
    let within = |id: &str| to.is_none_or(|to| id <= to);
    Ok(match migrator.status(conn) {
        Ok(status) => status
            .iter()
            .filter(|s| !s.is_applied() && within(&s.id))
            .count(),
        Err(_) => migrator
            .migrations()?
            .iter()
            .filter(|m| within(m.id()))
            .count(),
    })
}

fn locked(migrator: Migrator, lock: &LockOptions) -> Migrator {
    migrator
        .lock(!lock.no_lock)
        .lock_timeout(Duration::from_secs(lock.lock_timeout))
}

fn guarded(migrator: Migrator, guard: &GuardOptions) -> Migrator {
    migrator
        .allow_drift(guard.allow_drift)
        .ignore_missing(guard.ignore_missing)
}

fn committing(migrator: Migrator, commit: &CommitOptions) -> Migrator {
    migrator
        .single_transaction(commit.single_transaction)
        .commit_window(Duration::from_millis(commit.commit_window))
        .ddl_lock_timeout(Duration::from_millis(commit.ddl_lock_timeout))
        .ddl_lock_retries(commit.ddl_lock_retries)
        .ddl_retry_delay(Duration::from_millis(commit.ddl_retry_delay))
        .statement_timeout(Duration::from_millis(commit.statement_timeout))
}

impl Command {
    /// The database options of every command but `database`, which has its own, and
    /// `squash`, which needs none.
    fn database(&self) -> &DatabaseOptions {
        match self {
            Command::Database(_) => unreachable!("`database` is handled apart"),
            Command::Squash(_) => unreachable!("`squash` is handled apart"),
            Command::Run(a) => &a.db,
            Command::Rollback(a) => &a.db,
            Command::Reset(a) => &a.db,
            Command::Refresh(a) => &a.db,
            Command::Fresh(a) => &a.db,
            Command::Status(a) => &a.db,
            Command::Install(a) => &a.db,
            Command::Repair(a) => &a.db,
            Command::Resolve(a) => &a.db,
            Command::Baseline(a) => &a.db,
            Command::Redo(a) => &a.db,
            Command::Forget(a) => &a.db,
            Command::Schema(a) => &a.db,
            Command::Check(a) => &a.db,
            Command::Seed(a) => &a.db,
            Command::Adopt(a) => &a.db,
            Command::Diff(a) => &a.db,
            Command::Lint(a) => &a.db,
        }
    }

    /// The crate `--crate` names, for the commands that take it.
    fn namespace(&self) -> Option<&str> {
        let options = match self {
            Command::Run(a) => &a.namespace,
            Command::Rollback(a) => &a.namespace,
            Command::Reset(a) => &a.namespace,
            Command::Refresh(a) => &a.namespace,
            Command::Status(a) => &a.namespace,
            _ => return None,
        };
        options.krate.as_deref()
    }
}

/// Runs one parsed command line to completion, printing to standard output.
pub(crate) fn execute(cli: Cli) -> Result<ExitCode, CliError> {
    let output = &cli.output;
    match &cli.command {
        Command::Schema(args) => return schema(args).map(|()| ExitCode::SUCCESS),
        Command::Check(args) => return check(args).map(|()| ExitCode::SUCCESS),
        Command::Diff(args) => return super::diff::diff(args).map(|()| ExitCode::SUCCESS),
        Command::Squash(args) => return super::squash::squash(args).map(|()| ExitCode::SUCCESS),
        Command::Lint(args) => return lint::lint(args, &mut Painter::stdout(output)),
        Command::Database(args) => {
            return database_command(&args.action, output).map(|()| ExitCode::SUCCESS)
        }
        _ => {}
    }
    let missing = match &cli.command {
        Command::Run(args) if args.pretend => Missing::Empty,
        Command::Run(_) | Command::Fresh(_) | Command::Install(_) => Missing::Create,
        _ => Missing::Refuse,
    };
    let db = cli.command.database();
    let url = database::resolve_url(db.url.database.as_deref(), missing)?;
    let table = db.table.clone().unwrap_or_else(|| DEFAULT_TABLE.to_owned());
    let mut conn = database::connect(&url, db.url.wait)?;
    let fake = matches!(&cli.command, Command::Baseline(_))
        || matches!(&cli.command, Command::Run(args) if args.fake);
    let progress = Arc::new(Progress::default());
    let migrator = migrator(&table, output, fake, &progress);
    let migrator = match cli.command.namespace() {
        Some(name) => migrator.namespace(name),
        None => migrator,
    };
    let mut out = Painter::stdout(output);
    let guarded_action = match &cli.command {
        Command::Run(a) if !a.pretend => Some((a.force, "run migrations")),
        Command::Rollback(a) if !a.pretend => Some((a.force, "roll back migrations")),
        Command::Reset(a) if !a.pretend => Some((a.force, "roll back every migration")),
        Command::Refresh(a) => Some((a.force, "roll back and run migrations again")),
        Command::Redo(a) => Some((a.force, "roll back and run migrations again")),
        Command::Seed(a) => Some((a.force, "run the seeders")),
        _ => None,
    };
    if let Some((force, action)) = guarded_action {
        production::guard(force, action, &database::masked(&url))?;
    }

    match cli.command {
        Command::Run(args) => {
            let migrator = committing(
                guarded(locked(migrator, &args.lock), &args.guard),
                &args.commit,
            )
            .strict_order(args.strict_order)
            .step(args.step)
            .pretend(args.pretend)
            .fake(args.fake);
            let to = match &args.to {
                Some(to) => {
                    let ids: Vec<String> = migrator
                        .migrations()?
                        .iter()
                        .map(|m| m.id().to_owned())
                        .collect();
                    Some(target::find(&ids, to)?.to_owned())
                }
                None => None,
            };
            if !args.pretend {
                progress.expect(pending(&migrator, &mut conn, to.as_deref())?);
            }
            if !args.fake {
                lint::warn_before_run(&mut out, &args.allow.apply(migrator.clone()), &mut conn)?;
            }
            let migrator = match to {
                Some(to) => migrator.up_to(to),
                None => migrator,
            };
            let report = migrator.run(&mut conn)?;
            if args.fake {
                out.recorded(&report, "Nothing to migrate.")?;
            } else {
                out.report(&report, "Nothing to migrate.")?;
            }
            if args.seed {
                seed(&migrator, &mut conn, None, &mut out)?;
            }
        }
        Command::Baseline(args) => {
            let migrator = guarded(locked(migrator, &args.lock), &args.guard);
            let report = migrator.pretend(args.pretend).fake(true).run(&mut conn)?;
            out.recorded(&report, "Nothing to baseline: every migration is recorded.")?;
        }
        Command::Rollback(args) => {
            let migrator = committing(
                guarded(locked(migrator, &args.lock), &args.guard),
                &args.commit,
            );
            let steps = match (&args.to, args.batch) {
                (Some(to), _) => Some(target::steps_to(&migrator.status(&mut conn)?, to)?),
                (None, Some(batch)) => Some(target::steps_from_batch(
                    &migrator.status(&mut conn)?,
                    batch,
                )),
                (None, None) => args.step.map(|n| n as usize),
            };
            let report = migrator.pretend(args.pretend).rollback(&mut conn, steps)?;
            out.report(&report, "Nothing to roll back.")?;
        }
        Command::Reset(args) => {
            let migrator = committing(
                guarded(locked(migrator, &args.lock), &args.guard),
                &args.commit,
            );
            let report = migrator.pretend(args.pretend).reset(&mut conn)?;
            out.report(&report, "Nothing to roll back.")?;
        }
        Command::Refresh(args) => {
            let migrator = committing(
                guarded(locked(migrator, &args.lock), &args.guard),
                &args.commit,
            )
            .strict_order(args.strict_order);
            let mut report = match args.step {
                None => migrator.reset(&mut conn)?,
                Some(n) => migrator.rollback(&mut conn, Some(n as usize))?,
            };
            let run = migrator.run(&mut conn)?;
            report.migrations.extend(run.migrations);
            report.notices.extend(run.notices);
            out.report(&report, "Nothing to migrate.")?;
        }
        Command::Fresh(args) => {
            let migrator = committing(
                guarded(locked(migrator, &args.lock), &args.guard),
                &args.commit,
            );
            let url = database::masked(&url);
            let question = format!("Drop every table of {url}, with all its data?");
            fresh::confirm(args.force, "drop every table", &question)?;
            let dropped = fresh::drop_all_tables(&mut conn)?;
            let noun = if dropped == 1 { "table" } else { "tables" };
            out.line(&format!(
                "{} {dropped} {noun}.",
                out.paint(Color::Green, "Dropped")
            ))?;
            progress.expect(migrator.migrations()?.len());
            let report = migrator.clone().step(args.step).run(&mut conn)?;
            out.report(&report, "Nothing to migrate.")?;
            if args.seed {
                seed(&migrator, &mut conn, None, &mut out)?;
            }
        }
        Command::Status(args) => {
            let status = migrator.status(&mut conn)?;
            match args.format {
                StatusFormat::Text => {
                    out.status(&table, &status)?;
                }
                StatusFormat::Json => println!("{:#}", status::to_json(&table, &status)),
            }
            let counts = Counts::of(&status);
            if counts.dirty > 0 {
                return Err(CliError::Dirty(counts.dirty));
            }
            if args.exit_code && !counts.up_to_date() {
                return Ok(ExitCode::from(exit_code::NOT_UP_TO_DATE));
            }
        }
        Command::Redo(args) => {
            let migrator = committing(
                guarded(locked(migrator, &args.lock), &args.guard),
                &args.commit,
            );
            let steps = args.step.unwrap_or(1) as usize;
            // What is redone may have been edited since it ran: that is what redo is for. Its
            // `down` is the current code's; the run after checks every other migration.
            let mut report = migrator
                .clone()
                .allow_drift(true)
                .rollback(&mut conn, Some(steps))?;
            report.notices.clear();
            let run = migrator.run(&mut conn)?;
            report.migrations.extend(run.migrations);
            report.notices.extend(run.notices);
            out.report(&report, "Nothing to redo.")?;
        }
        Command::Forget(args) => {
            let recorded: Vec<String> = migrator
                .status(&mut conn)?
                .into_iter()
                .filter(|s| s.is_applied())
                .map(|s| s.id)
                .collect();
            let id = target::find(&recorded, &args.id)?.to_owned();
            let question = format!(
                "Forget migration {id}, recorded in table `{table}`? What it did to the schema \
                 stays."
            );
            fresh::confirm(args.force, &format!("forget {id}"), &question)?;
            migrator.forget(&mut conn, &id)?;
            out.line(&format!(
                "{} {id}: its record is deleted.",
                out.paint(Color::Green, "Forgot")
            ))?;
        }
        Command::Install(args) => {
            let message = if locked(migrator, &args.lock).install(&mut conn)? {
                format!("Created the repository table `{table}`.")
            } else {
                format!("The repository table `{table}` already exists.")
            };
            out.line(&message)?;
        }
        Command::Repair(args) => {
            let repaired = migrator.pretend(args.pretend).repair(&mut conn)?;
            if repaired.is_empty() {
                out.line("Nothing to repair: every applied migration matches its code.")?;
            }
            for id in repaired {
                let verb = if args.pretend {
                    "Would repair:"
                } else {
                    "Repaired:"
                };
                out.line(&format!("{} {id}", out.paint(Color::Green, verb)))?;
            }
        }
        Command::Seed(args) => seed(&migrator, &mut conn, args.only.as_deref(), &mut out)?,
        Command::Adopt(args) => adopt(
            &locked(migrator, &args.lock),
            &mut conn,
            args.tool.into(),
            &mut out,
        )?,
        Command::Schema(_)
        | Command::Check(_)
        | Command::Diff(_)
        | Command::Squash(_)
        | Command::Lint(_)
        | Command::Database(_) => {
            unreachable!("handled without a database above")
        }
        Command::Resolve(args) => {
            let resolution = if args.applied {
                Resolution::Applied
            } else {
                Resolution::RolledBack
            };
            migrator.resolve(&mut conn, &args.id, resolution)?;
            let what = match resolution {
                Resolution::Applied => "recorded as applied",
                Resolution::RolledBack => "forgotten; it runs again on the next `run`",
            };
            out.line(&format!("Resolved: {} {what}.", args.id))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `database create | drop | reset`.
fn database_command(action: &DatabaseAction, output: &OutputOptions) -> Result<(), CliError> {
    let mut out = Painter::stdout(output);
    let url =
        |options: &UrlOptions| database::resolve_url(options.database.as_deref(), Missing::Create);
    match action {
        DatabaseAction::Create(options) => {
            let location = lifecycle::Location::of(&url(options)?)?;
            lifecycle::create(&mut out, &location, options.wait)
        }
        DatabaseAction::Drop(args) => {
            let location = lifecycle::Location::of(&url(&args.url)?)?;
            lifecycle::confirm_drop(args.force, &location)?;
            lifecycle::drop(&mut out, &location, args.url.wait)
        }
        DatabaseAction::Reset(args) => {
            let url = url(&args.db.url)?;
            let location = lifecycle::Location::of(&url)?;
            lifecycle::confirm_drop(args.force, &location)?;
            let wait = args.db.url.wait;
            lifecycle::drop(&mut out, &location, wait)?;
            lifecycle::create(&mut out, &location, wait)?;
            let table = args.db.table.as_deref().unwrap_or(DEFAULT_TABLE);
            let progress = Arc::new(Progress::default());
            let migrator = committing(
                locked(migrator(table, output, false, &progress), &args.lock),
                &args.commit,
            );
            progress.expect(migrator.migrations()?.len());
            let report = migrator.run(&mut database::connect(&url, wait)?)?;
            out.report(&report, "Nothing to migrate.")?;
            Ok(())
        }
    }
}

/// `schema`: replays the migrations into a model, without a database, and prints it.
fn schema(args: &SchemaArgs) -> Result<(), CliError> {
    let table = args.db.table.as_deref().unwrap_or(DEFAULT_TABLE);
    let dialect = match args.dialect {
        Some(dialect) => dialect.into(),
        None => {
            database::named_dialect(args.db.url.database.as_deref())?.unwrap_or(Dialect::Sqlite)
        }
    };
    let migrator = Migrator::new().table(table);
    let model = if args.applied {
        match newest_applied(&migrator, &args.db)? {
            Some(id) => migrator.schema_model_for(dialect, Some(&id))?,
            None => SchemaModel::default(),
        }
    } else {
        migrator.schema_model_for(dialect, args.at.as_deref())?
    };
    let text = if args.diesel {
        model.to_diesel(dialect)?
    } else {
        let mut ddl = String::new();
        for statement in model.to_ddl(dialect)? {
            ddl.push_str(&statement);
            // Notes about opaque tables are SQL comments already.
            ddl.push_str(if statement.starts_with("--") {
                "\n"
            } else {
                ";\n"
            });
        }
        ddl
    };
    match &args.output {
        None => print!("{text}"),
        Some(path) if args.check => {
            let current = std::fs::read_to_string(path).unwrap_or_default();
            if current != text {
                return Err(CliError::Stale {
                    path: path.display().to_string(),
                    command: rewrite_command(args, dialect),
                });
            }
            println!("{} is up to date.", path.display());
        }
        Some(path) => {
            std::fs::write(path, &text)?;
            println!("Wrote {}.", path.display());
        }
    }
    Ok(())
}

/// `schema --applied`: the newest migration the database records that this program has.
fn newest_applied(migrator: &Migrator, db: &DatabaseOptions) -> Result<Option<String>, CliError> {
    let url = database::resolve_url(db.url.database.as_deref(), Missing::Refuse)?;
    let mut conn = database::connect(&url, db.url.wait)?;
    Ok(migrator
        .status(&mut conn)?
        .into_iter()
        .filter(|s| s.is_applied() && !s.is_missing())
        .map(|s| s.id)
        .max())
}

/// The command that rewrites `schema --check`'s file: the same one, without `--check`, with
/// the dialect spelled out (it may have come from the environment).
fn rewrite_command(args: &SchemaArgs, dialect: Dialect) -> String {
    let mut words = vec!["cargo migrate schema".to_owned()];
    words.push(format!("--dialect {}", DialectArg::flag(dialect)));
    if let Some(at) = &args.at {
        words.push(format!("--at {}", shell_word(at)));
    }
    if args.applied {
        words.push("--applied".to_owned());
    }
    if let Some(table) = &args.db.table {
        words.push(format!("--table {}", shell_word(table)));
    }
    if args.diesel {
        words.push("--diesel".to_owned());
    }
    if let Some(output) = &args.output {
        words.push(format!(
            "--output {}",
            shell_word(&output.display().to_string())
        ));
    }
    words.join(" ")
}

/// `word` as a shell reads it back: as is when it is plain, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:=@%+,".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// `check`: up, down and up again for every migration, on a scratch database.
fn check(args: &CheckArgs) -> Result<(), CliError> {
    let url = match args.db.url.database.as_deref() {
        Some(url) => database::resolve_url(Some(url), Missing::Create)?,
        None => "sqlite://:memory:".to_owned(),
    };
    let mut conn = database::connect(&url, args.db.url.wait)?;
    let table = args.db.table.as_deref().unwrap_or(DEFAULT_TABLE);
    let report = Migrator::new().table(table).check(&mut conn)?;
    print!("{report}");
    if report.is_ok() {
        Ok(())
    } else {
        Err(CliError::CheckFailed(report.failures.len()))
    }
}
