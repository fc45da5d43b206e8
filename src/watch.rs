//! `brochure watch`: builds, then rebuilds whenever a file under `source/`
//! or `fonts/` (or a `brochure.toml` beside them) changes.
//!
//! The file system is watched with the `notify` crate (inotify on Linux).
//! Events are debounced here rather than with a debouncer crate (one more
//! dependency for twenty lines): after the first change the watcher waits
//! until [`QUIET`] passes without another, so that an editor's save (often a
//! temporary file, a rename and a metadata change) gives one rebuild.
//! Only changes count: reading a file (as every build does) gives access
//! events, which are ignored, or the watcher would rebuild for ever.
//!
//! A failed build writes nothing ([`crate::build`] writes the PDF only when
//! every stage succeeded), so the last good PDF stays while the error is
//! fixed.
//!
//! The builds share a [`Session`]: the text engine with its memo of typeset
//! paragraphs and the reading-order guard's answers stay from one build to
//! the next, so a rebuild after an edit in `source/` shapes and breaks only
//! the paragraphs that changed and checks only the pages that changed. A
//! change anywhere else (`fonts/`, `brochure.toml`) makes a new engine.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::{BuildError, BuildOptions, Built, Session};

/// How long the file system must be quiet after a change before rebuilding.
pub const QUIET: Duration = Duration::from_millis(50);

/// One build made by the watcher.
#[derive(Debug)]
pub struct Rebuild {
    /// 1 for the first build, then counting up.
    pub number: usize,
    /// The changed files that caused it, relative to the project root
    /// (none for the first build).
    pub changed: Vec<PathBuf>,
    /// How long the build took.
    pub took: Duration,
    /// The build's result.
    pub result: Result<Built, BuildError>,
}

/// Builds the brochure under `root` once, then again after every change,
/// handing each build to `report`; returns only if the watch cannot be set
/// up (the error says why) or the watcher stops.
pub fn watch(
    root: &Path,
    opts: &BuildOptions,
    mut report: impl FnMut(&Rebuild),
) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        // the receiver is gone only when the watch is over
        let _ = tx.send(event);
    })
    .map_err(|e| format!("cannot watch for changes: {e}"))?;
    // absolute and without `./`, so that events can be named relative to it
    let base = root
        .canonicalize()
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let watched = watched_paths(&base);
    if watched.is_empty() {
        return Err(format!(
            "nothing to watch: {} has no source/ folder",
            root.display()
        ));
    }
    for path in &watched {
        watcher
            .watch(path, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
    }
    let mut changed: Vec<PathBuf> = Vec::new();
    let mut session = Session::new();
    for number in 1.. {
        if changed.is_empty() || changed.iter().any(|p| !p.starts_with("source")) {
            session.forget_engine();
        }
        let start = Instant::now();
        let result = session.build(root, opts);
        report(&Rebuild {
            number,
            changed: std::mem::take(&mut changed),
            took: start.elapsed(),
            result,
        });
        changed = next_changes(&rx)?
            .into_iter()
            .map(|p| p.strip_prefix(&base).map(Path::to_path_buf).unwrap_or(p))
            .collect();
    }
    Ok(())
}

/// The folders and files watched: `source/` and `fonts/`, and a
/// `brochure.toml` in the project root if there is one.
fn watched_paths(root: &Path) -> Vec<PathBuf> {
    ["source", "fonts", "brochure.toml"]
        .iter()
        .map(|p| root.join(p))
        .filter(|p| p.exists())
        .collect()
}

/// Waits for a change, then for [`QUIET`] without one; returns the changed
/// paths, sorted, each once.
fn next_changes(
    rx: &mpsc::Receiver<notify::Result<notify::Event>>,
) -> Result<Vec<PathBuf>, String> {
    let mut paths = Vec::new();
    let stopped = || "the file watcher stopped".to_string();
    // the first change: block until it comes
    while paths.is_empty() {
        collect(rx.recv().map_err(|_| stopped())?, &mut paths);
    }
    // then until the files have been quiet for a while
    loop {
        match rx.recv_timeout(QUIET) {
            Ok(event) => collect(event, &mut paths),
            Err(mpsc::RecvTimeoutError::Timeout) => break,
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err(stopped()),
        }
    }
    paths.sort();
    paths.dedup();
    Ok(paths)
}

/// Adds the paths of an event that changes something (content, names,
/// files made or removed) to `paths`; reads and metadata changes are not
/// changes. A watcher error counts as a change to nothing in particular, so
/// that a lost event (an overflowing queue) still gives a rebuild.
fn collect(event: notify::Result<notify::Event>, paths: &mut Vec<PathBuf>) {
    match event {
        Ok(e) => {
            if is_change(&e.kind) {
                paths.extend(e.paths);
            }
        }
        Err(e) => paths.extend(e.paths),
    }
}

/// Whether an event kind is a change worth a rebuild.
fn is_change(kind: &EventKind) -> bool {
    use notify::event::ModifyKind;
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, MetadataKind, ModifyKind};

    #[test]
    fn reads_are_not_changes() {
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!is_change(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::AccessTime
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Data(
            DataChange::Content
        ))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn changes_are_debounced_into_one_list() {
        let (tx, rx) = mpsc::channel();
        let event = |kind, path: &str| Ok(notify::Event::new(kind).add_path(PathBuf::from(path)));
        let data = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        tx.send(event(EventKind::Access(AccessKind::Read), "a"))
            .unwrap();
        tx.send(event(data, "b")).unwrap();
        tx.send(event(EventKind::Create(CreateKind::File), "a"))
            .unwrap();
        tx.send(event(data, "b")).unwrap();
        let got = next_changes(&rx).expect("changes");
        assert_eq!(got, [PathBuf::from("a"), PathBuf::from("b")]);
        drop(tx);
        assert!(next_changes(&rx).is_err());
    }
}
