//! Speed-related behaviour of the command line: `build --timings`.

use crate::common::{cli, project_copy};

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
