//! What the figures were measured on.

use std::process::Command;

use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};

pub struct Machine {
    pub cpus: String,
    pub cpu_model: String,
    pub rustc: String,
    pub date: String,
    pub sqlite: String,
    pub postgres: String,
    pub tmp_filesystem: String,
    pub load: String,
    pub commit: String,
}

fn command(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".into())
}

#[derive(diesel::QueryableByName)]
struct Version {
    #[diesel(sql_type = diesel::sql_types::Text)]
    version: String,
}

pub fn describe() -> Machine {
    let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into());
    let sqlite = SqliteConnection::establish(":memory:")
        .ok()
        .and_then(|mut c| {
            diesel::sql_query("select sqlite_version() as version")
                .get_result::<Version>(&mut c)
                .ok()
        })
        .map_or_else(|| "unknown".into(), |v| v.version);
    let postgres = PgConnection::establish(&crate::target::postgres_url())
        .ok()
        .and_then(|mut c| {
            diesel::sql_query("show server_version")
                .get_result::<ServerVersion>(&mut c)
                .ok()
        })
        .map_or_else(|| "unknown".into(), |v| v.server_version);
    let tmp = std::env::temp_dir();
    Machine {
        cpus: command("nproc", &[]),
        cpu_model,
        rustc: command("rustc", &["-V"]),
        date: command("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        sqlite,
        postgres,
        commit: {
            let repo = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
            let head = command("git", &["-C", repo, "rev-parse", "--short", "HEAD"]);
            let dirty = command(
                "git",
                &["-C", repo, "status", "--porcelain", "--untracked-files=no"],
            );
            if dirty.is_empty() {
                head
            } else {
                format!("{head} plus uncommitted changes")
            }
        },
        load: std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|_| "unknown".into()),
        tmp_filesystem: command(
            "findmnt",
            &["-n", "-o", "FSTYPE", "-T", &tmp.to_string_lossy()],
        ),
    }
}

#[derive(diesel::QueryableByName)]
struct ServerVersion {
    #[diesel(sql_type = diesel::sql_types::Text)]
    server_version: String,
}
