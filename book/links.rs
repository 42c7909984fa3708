//! Every link between chapters leads to a chapter of the book, and every `#anchor` to one of
//! its headings (spelled as mdBook spells heading ids); SUMMARY.md names every chapter.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every Markdown file under `src/`, relative to it.
fn chapters() -> Vec<PathBuf> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("book/src is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path.strip_prefix(root).expect("under src").to_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(&src(), &src(), &mut out);
    out.sort();
    out
}

/// The text outside fenced code blocks.
fn prose(text: &str) -> String {
    let mut fenced = false;
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The targets of `[text](target)` links.
fn links(text: &str) -> Vec<String> {
    let prose = prose(text);
    let mut out = Vec::new();
    let mut rest = prose.as_str();
    while let Some(start) = rest.find("](") {
        rest = &rest[start + 2..];
        if let Some(end) = rest.find(')') {
            out.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
    out
}

/// The ids mdBook gives a chapter's headings: lowercase, spaces as `-`, other punctuation
/// dropped.
fn anchors(text: &str) -> BTreeSet<String> {
    prose(text)
        .lines()
        .filter_map(|line| line.strip_prefix('#'))
        .map(|heading| {
            heading
                .trim_start_matches('#')
                .trim()
                .chars()
                .filter_map(|c| match c {
                    c if c.is_alphanumeric() || c == '_' || c == '-' => {
                        Some(c.to_ascii_lowercase())
                    }
                    c if c.is_whitespace() => Some('-'),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// `base/../x.md` without the `..`.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn every_link_between_chapters_leads_somewhere() {
    let chapters = chapters();
    let mut broken = Vec::new();
    for chapter in &chapters {
        let text = std::fs::read_to_string(src().join(chapter)).expect("a chapter");
        for link in links(&text) {
            if link.starts_with("https://") || link.starts_with("http://") {
                continue;
            }
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = if file.is_empty() {
                chapter.clone()
            } else {
                normalize(&chapter.parent().unwrap_or(Path::new("")).join(file))
            };
            let Ok(target_text) = std::fs::read_to_string(src().join(&target)) else {
                broken.push(format!("{}: `{link}`: no such chapter", chapter.display()));
                continue;
            };
            if !anchor.is_empty() && !anchors(&target_text).contains(anchor) {
                broken.push(format!("{}: `{link}`: no such heading", chapter.display()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_summary_names_every_chapter() {
    let summary = std::fs::read_to_string(src().join("SUMMARY.md")).expect("SUMMARY.md");
    let listed: BTreeSet<PathBuf> = links(&summary).into_iter().map(PathBuf::from).collect();
    let present: BTreeSet<PathBuf> = chapters()
        .into_iter()
        .filter(|c| c != Path::new("SUMMARY.md"))
        .collect();
    let missing: Vec<_> = listed.difference(&present).collect();
    let unlisted: Vec<_> = present.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "SUMMARY.md names missing chapters: {missing:?}"
    );
    assert!(
        unlisted.is_empty(),
        "chapters not in SUMMARY.md: {unlisted:?}"
    );
}

#[test]
fn mdbook_heading_ids() {
    assert_eq!(
        anchors("# The schema! macro\n## Setting up: `init`\n```\n# not a heading\n```\n"),
        BTreeSet::from(["the-schema-macro".to_owned(), "setting-up-init".to_owned()])
    );
}

#[test]
fn every_chapter_is_tested() {
    let lib = include_str!("lib.rs");
    let untested: Vec<_> = chapters()
        .into_iter()
        .filter(|c| c != Path::new("SUMMARY.md"))
        .filter(|c| !lib.contains(&format!("=> \"{}\",", c.display())))
        .collect();
    assert!(
        untested.is_empty(),
        "chapters lib.rs does not include: {untested:?}"
    );
}
