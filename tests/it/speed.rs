//! Speed-related behaviour of the command line: `build --timings` and
//! `brochure watch` (run as a child process, killed at the end), and
//! `build --all --edition all`, whose files do not depend on the threads.

use crate::common::{cli, pdftotext, project_copy, root};

#[test]
fn timings_name_every_stage() {
    let dir = project_copy();
    let root = dir.path().to_str().expect("utf-8 path");
    let pdf = dir.path().join("out.pdf");
    let out = cli(&[
        "-C",
        root,
        "build",
        "--timings",
        "-o",
        pdf.to_str().expect("utf-8 path"),
    ]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("timings: "))
        .unwrap_or_else(|| panic!("no timings line in:\n{stderr}"));
    let mut total = 0.0;
    let mut stages = Vec::new();
    for part in line["timings: ".len()..].split(", ") {
        let (name, value) = part
            .rsplit_once(' ')
            .and_then(|(n, u)| {
                assert_eq!(u, "ms", "{part}");
                n.rsplit_once(' ')
            })
            .expect("`name value ms`");
        let ms: f64 = value.parse().expect("a number of milliseconds");
        assert!(ms >= 0.0);
        if !matches!(name, "total" | "shape+break" | "guard" | "layout") {
            total += ms;
        }
        stages.push(name.to_string());
    }
    assert_eq!(
        stages,
        [
            "load",
            "fonts",
            "shape+break",
            "layout",
            "guard",
            "pdf write",
            "compress",
            "save",
            "total"
        ]
    );
    // the text engine and the guard did real work
    let ms = |name: &str| -> f64 {
        let part = line.split(", ").find(|p| p.contains(name)).expect("stage");
        part.rsplit(' ')
            .nth(1)
            .and_then(|v| v.parse().ok())
            .expect("ms")
    };
    assert!(ms("shape+break") > 0.0 && ms("compress") > 0.0);
    assert!(ms("total") >= total - 0.5, "{line}");
}

/// A running `brochure watch`, killed when dropped (also when a test fails).
struct Watching {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Watching {
    /// Starts `brochure -C root watch -o pdf`.
    fn start(root: &std::path::Path, pdf: &std::path::Path) -> Watching {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_brochure"))
            .arg("-C")
            .arg(root)
            .arg("watch")
            .arg("-o")
            .arg(pdf)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start brochure watch");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watching {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits (at most a minute: the machine may be busy) for a line
    /// starting with `prefix`; fails the test with everything seen if none
    /// comes.
    fn wait_for(&mut self, prefix: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    assert!(!line.contains("panicked"), "{}", self.seen.join("\n"));
                    if line.starts_with(prefix) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "no line `{prefix}…` from brochure watch; it printed:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// The lines that come within `time`.
    fn lines_within(&mut self, time: std::time::Duration) -> Vec<String> {
        let deadline = std::time::Instant::now() + time;
        let mut out = Vec::new();
        while let Ok(line) = self
            .lines
            .recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
        {
            out.push(line);
        }
        out
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Replaces `from` by `to` in a file of the project, failing if it is not there.
fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read source");
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write source");
}

#[test]
fn watch_rebuilds_once_per_edit() {
    let dir = project_copy();
    let pdf = dir.path().join("watched.pdf");
    let mut w = Watching::start(dir.path(), &pdf);
    w.wait_for("build 1 done");
    let first = std::fs::read(&pdf).expect("the first build wrote the PDF");
    let file = dir.path().join("source/nl/01-inleiding.toml");
    edit(&file, "Behandeling van MS", "Zorg voor MS");
    let changed = w.wait_for("changed: ");
    assert_eq!(changed, "changed: source/nl/01-inleiding.toml");
    w.wait_for("build 2 done");
    let second = std::fs::read(&pdf).expect("PDF");
    assert_ne!(first, second, "the rebuild wrote the edited text");
    // one edit, one rebuild: the build's own reads and writes are no changes
    let later = w.lines_within(std::time::Duration::from_millis(1500));
    assert!(
        !later.iter().any(|l| l.starts_with("build ")),
        "a rebuild without an edit: {later:?}"
    );
}

/// The numbers of a watcher's `kept: A of B paragraphs set before, C of D
/// page checks made before, E of F streams compressed before` line.
fn kept(line: &str) -> [usize; 6] {
    let n: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    n.try_into()
        .unwrap_or_else(|_| panic!("six numbers in {line}"))
}

#[test]
fn a_rebuild_sets_only_the_edited_paragraph_and_writes_what_a_fresh_build_does() {
    let dir = project_copy();
    let pdf = dir.path().join("watched.pdf");
    let mut w = Watching::start(dir.path(), &pdf);
    w.wait_for("build 1 done");
    let first = kept(
        &w.seen
            .iter()
            .find(|l| l.starts_with("kept: "))
            .expect("kept line")
            .clone(),
    );
    assert!(first[1] > 500, "the guide's paragraphs: {first:?}");
    // one word of one body paragraph
    let file = dir.path().join("source/nl/01-inleiding.toml");
    edit(
        &file,
        "Behandeling van MS is gericht",
        "Zorg bij MS is gericht",
    );
    assert_eq!(
        w.wait_for("changed: "),
        "changed: source/nl/01-inleiding.toml"
    );
    let timings = w.wait_for("timings: ");
    let again = kept(&w.wait_for("kept: "));
    w.wait_for("build 2 done");
    // only the edited paragraph is set again (a few more where it moves
    // the text: none here), and most pages are not checked again
    assert_eq!(again[1], first[1], "{timings}");
    assert_eq!(again[1] - again[0], 1, "paragraphs set again: {again:?}");
    assert!(again[2] * 2 > again[3], "pages checked again: {again:?}");
    // and most streams (pages, fonts, object streams) are not compressed
    // again
    assert!(
        again[4] * 2 > again[5],
        "streams compressed again: {again:?}"
    );
    // one edit, one rebuild
    let later = w.lines_within(std::time::Duration::from_millis(1500));
    assert!(
        !later.iter().any(|l| l.starts_with("build ")),
        "a rebuild without an edit: {later:?}"
    );
    // the rebuilt PDF is the one a fresh build of the edited source makes
    let watched = std::fs::read(&pdf).expect("PDF");
    let fresh = dir.path().join("fresh.pdf");
    let root = dir.path().to_str().expect("utf-8 path");
    let out = cli(&[
        "-C",
        root,
        "build",
        "-o",
        fresh.to_str().expect("utf-8 path"),
    ]);
    assert!(out.status.success());
    let fresh = std::fs::read(&fresh).expect("PDF");
    assert!(watched == fresh, "the rebuild differs from a fresh build");
    if let Some(text) = pdftotext(&watched, &[]) {
        assert!(text.contains("Zorg bij MS"), "the edit is in the PDF");
    }
}

#[test]
fn failed_rebuild_keeps_the_last_good_pdf() {
    let dir = project_copy();
    let pdf = dir.path().join("watched.pdf");
    let mut w = Watching::start(dir.path(), &pdf);
    w.wait_for("build 1 done");
    let good = std::fs::read(&pdf).expect("the first build wrote the PDF");
    let file = dir.path().join("source/nl/01-inleiding.toml");
    edit(&file, "id = \"inleiding\"", "idd = \"inleiding\"");
    let failed = w.wait_for("build 2 ");
    assert!(failed.contains("failed"), "{failed}");
    assert!(
        w.seen.iter().any(|l| l.contains("unknown key `idd`")),
        "the diagnostics are printed: {:?}",
        w.seen
    );
    assert_eq!(
        std::fs::read(&pdf).expect("PDF"),
        good,
        "the last good PDF stays"
    );
    // still watching: the fix builds again
    edit(&file, "idd = \"inleiding\"", "id = \"inleiding\"");
    w.wait_for("build 3 done");
    assert_eq!(
        std::fs::read(&pdf).expect("PDF"),
        good,
        "same source, same bytes"
    );
}

/// The files of a folder, by name.
fn files(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            let e = e.expect("entry");
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

#[test]
fn build_all_is_the_same_on_one_thread_and_on_two() {
    let mut outs = Vec::new();
    for jobs in ["1", "2"] {
        let dir = project_copy();
        let root = dir.path().to_str().expect("utf-8 path");
        let out = cli(&[
            "-C",
            root,
            "build",
            "--all",
            "--draft",
            "--edition",
            "all",
            "--jobs",
            jobs,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let built = files(&dir_out(root));
        outs.push((dir, built));
    }
    let (one, two) = (&outs[0].1, &outs[1].1);
    // 4 languages × 4 built-in editions
    assert_eq!(one.len(), 16, "{:?}", one.keys());
    assert!(one.contains_key("wellnesspraktijken-ar-large-print.pdf"));
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in one {
        assert!(
            bytes == &two[name],
            "{name} differs between 1 and 2 threads"
        );
    }
    // sharing a language's text engine between its editions changes nothing
    let dir = &outs[0].0;
    let single = dir.path().join("single.pdf");
    let root = dir.path().to_str().expect("utf-8 path");
    let out = cli(&[
        "-C",
        root,
        "build",
        "--lang",
        "en",
        "--edition",
        "print",
        "-o",
        single.to_str().expect("utf-8 path"),
    ]);
    assert!(out.status.success());
    assert!(std::fs::read(&single).expect("pdf") == one["wellnesspraktijken-en-print.pdf"]);
}

/// The `out/` folder of a project root.
fn dir_out(root: &str) -> std::path::PathBuf {
    std::path::Path::new(root).join("out")
}

#[test]
fn objects_are_packed_in_compressed_object_streams() {
    let dir = project_copy();
    let root = dir.path().to_str().expect("utf-8 path");
    let pdf = dir.path().join("nl.pdf");
    let out = cli(&["-C", root, "build", "-o", pdf.to_str().expect("utf-8 path")]);
    assert!(out.status.success());
    let bytes = std::fs::read(&pdf).expect("pdf");
    // the structure elements are inside (compressed) object streams
    assert!(!bytes.windows(11).any(|w| w == b"/StructElem"));
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
    let catalog = doc.catalog().expect("catalog");
    assert!(catalog.has(b"StructTreeRoot"));
    let elems = doc
        .objects
        .values()
        .filter(|o| {
            o.as_dict()
                .is_ok_and(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"StructElem"))
        })
        .count();
    assert!(elems > 100, "{elems} structure elements");
    // the size without the photos (measured 231 KB; 406 KB before object streams)
    let images: usize = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image"))
        .map(|s| s.content.len())
        .sum();
    assert!(images > 50_000, "the photos are there: {images} bytes");
    let rest = bytes.len() - images;
    assert!(rest < 250_000, "{rest} bytes without the photos");
}

#[test]
fn setting_paragraphs_ahead_on_a_second_core_changes_no_byte() {
    let root = root();
    for lang in ["nl", "ar"] {
        let doc = brochure::source::load(root, Some(lang)).expect("loads").doc;
        let chars = brochure::document_chars(&doc);
        let screen = brochure::model::edition::Edition::screen();
        let mut made = Vec::new();
        for set_ahead in [false, true] {
            let ts = brochure::typesetter(root, &doc, &chars).expect("fonts");
            let options = brochure::layout::Options {
                set_ahead,
                ..brochure::layout::Options::for_document(&doc)
            };
            let memo = brochure::layout::GuardMemo::default();
            let (laid, _) =
                brochure::layout::lay_out_with(&doc, &ts, &screen, None, &options, &memo);
            let pdf = brochure::pdf::write(&laid, ts.fonts()).expect("pdf");
            // the helper's work is not counted: the memo says what the
            // layout itself asked
            let s = ts.paragraph_cache().stats();
            made.push((pdf, s.hits, s.misses));
        }
        assert!(made[0].0 == made[1].0, "{lang}: the PDFs differ");
        assert_eq!(
            made[0].1 + made[0].2,
            made[1].1 + made[1].2,
            "{lang}: lookups"
        );
    }
}
