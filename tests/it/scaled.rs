//! A brochure `n` times the size of the shipped one, generated from the
//! Dutch source (never committed): every numbered section's blocks repeated
//! `n` times with their ids suffixed. The benchmarks (`benches/pipeline.rs`)
//! include this file to time the 20× brochure; the test checks it loads.

use std::path::Path;

/// Writes a copy of the project under `root` into `dir` (`source/` with the
/// Dutch content only, and `fonts/`) whose sections hold every block `n`
/// times. Front matter, translations and the reference list stay as they are.
pub fn scaled_project(root: &Path, dir: &Path, n: usize) {
    copy(&root.join("fonts"), &dir.join("fonts"));
    let src = root.join("source");
    let out = dir.join("source");
    std::fs::create_dir_all(out.join("nl")).expect("mkdir");
    copy(&src.join("images"), &out.join("images"));
    for f in ["brochure.toml", "references.toml"] {
        std::fs::copy(src.join(f), out.join(f)).expect("copy");
    }
    // one language: the translations would all be stale
    let settings = std::fs::read_to_string(out.join("brochure.toml")).expect("read");
    let settings = settings.replace(
        "languages = [\"nl\", \"en\", \"ar\", \"hi\"]",
        "languages = [\"nl\"]",
    );
    std::fs::write(out.join("brochure.toml"), settings).expect("write");
    for entry in std::fs::read_dir(src.join("nl")).expect("read dir") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_owned();
        let text = std::fs::read_to_string(&path).expect("read");
        let scaled = if text.contains("\n[section]") || text.starts_with("[section]") {
            repeat_blocks(&text, n)
        } else {
            text
        };
        std::fs::write(out.join("nl").join(name), scaled).expect("write");
    }
}

/// The file with its `[[block]]` tables repeated `n` times, ids suffixed
/// `-2`, `-3`, … from the second copy on.
fn repeat_blocks(text: &str, n: usize) -> String {
    let Some(start) = text.find("[[block]]") else {
        return text.to_string();
    };
    let (head, blocks) = text.split_at(start);
    let mut out = head.to_string();
    for k in 1..=n {
        if k == 1 {
            out.push_str(blocks);
            continue;
        }
        for line in blocks.split_inclusive('\n') {
            match line.strip_prefix("id = \"") {
                Some(rest) => {
                    let id = rest.trim_end().trim_end_matches('"');
                    out.push_str(&format!("id = \"{id}-{k}\"\n"));
                }
                None => out.push_str(line),
            }
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Copies a folder tree.
fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn the_scaled_brochure_loads_with_n_times_the_blocks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let one = brochure::source::load(root, None)
        .expect("the project loads")
        .doc;
    let dir = tempfile::tempdir().expect("temp dir");
    scaled_project(root, dir.path(), 3);
    let three = brochure::source::load(dir.path(), None)
        .unwrap_or_else(|e| panic!("the scaled project loads: {:?}", e.diagnostics))
        .doc;
    let blocks = |d: &brochure::model::Document| -> usize {
        d.sections.iter().map(|s| s.blocks.len()).sum()
    };
    assert_eq!(blocks(&three), 3 * blocks(&one));
    assert_eq!(three.front.len(), one.front.len());
}
