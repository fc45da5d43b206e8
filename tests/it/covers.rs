//! The covers: the front cover takes an optional image from `brochure.toml`
//! (`cover_image`, checked like a photo's path); the back cover carries the
//! colophon.

use std::path::Path;

use crate::common::{project_copy, run_in};

/// Builds the project in `root` to `out.pdf`: exit code and stderr.
fn build(root: &Path) -> (i32, String) {
    let out = root.join("out.pdf");
    let (code, _, err) = run_in(root, &["build", "-o", out.to_str().expect("utf-8")]);
    (code, err)
}

/// Sets `cover_image` in the copy's brochure.toml.
fn set_cover(root: &Path, value: &str) {
    let p = root.join("source/brochure.toml");
    let t = std::fs::read_to_string(&p).expect("read");
    let t = t.replacen(
        "website = ",
        &format!("cover_image = \"{value}\"\nwebsite = "),
        1,
    );
    std::fs::write(&p, t).expect("write");
}

/// The number of XObjects the first page draws.
fn first_page_draws(pdf: &Path) -> usize {
    let doc = lopdf::Document::load(pdf).expect("a PDF");
    let first = *doc.get_pages().get(&1).expect("page 1");
    let content = doc.get_and_decode_page_content(first).expect("content");
    content
        .operations
        .iter()
        .filter(|o| o.operator == "Do")
        .count()
}

#[test]
fn a_cover_image_is_drawn_on_the_cover() {
    let dir = project_copy();
    let root = dir.path();
    let (code, err) = build(root);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        first_page_draws(&root.join("out.pdf")),
        0,
        "no image by default"
    );
    set_cover(root, "images/gopi.png");
    let (code, err) = build(root);
    assert_eq!(code, 0, "{err}");
    assert_eq!(first_page_draws(&root.join("out.pdf")), 1);
}

#[test]
fn a_cover_image_outside_the_project_is_an_error_at_its_key() {
    let dir = project_copy();
    let root = dir.path();
    set_cover(root, "../../etc/passwd");
    let (code, err) = build(root);
    assert_ne!(code, 0);
    assert!(err.contains("cannot use image ../../etc/passwd"), "{err}");
    assert!(err.contains("brochure.toml:"), "{err}");
    assert!(!root.join("out.pdf").exists());
}
