//! The `print` edition: nested boxes with bleed and slug, CMYK colours with
//! black text, the cover field in the bleed, printer's marks, determinism.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::Object;

use super::{
    A4_H, A4_W, MM, build, deref, dict, holds, operands, page_box, page_ids, page_ops, print,
};

#[test]
fn print_pages_have_nested_boxes_with_bleed_and_slug() {
    let pdf = &print().pdf;
    let pages = page_ids(pdf);
    assert!(pages.len() >= 16, "{} pages", pages.len());
    let bleed = 3.0 * MM;
    for (i, &p) in pages.iter().enumerate() {
        let media = page_box(pdf, p, "MediaBox");
        let crop = page_box(pdf, p, "CropBox");
        let bleed_box = page_box(pdf, p, "BleedBox");
        let trim = page_box(pdf, p, "TrimBox");
        let n = i + 1;
        assert!(
            (trim[2] - trim[0] - A4_W).abs() < 0.05 && (trim[3] - trim[1] - A4_H).abs() < 0.05,
            "page {n}: TrimBox {trim:?} is not A4"
        );
        for k in 0..4 {
            let sign = if k < 2 { -1.0 } else { 1.0 };
            assert!(
                (bleed_box[k] - (trim[k] + sign * bleed)).abs() < 0.01,
                "page {n}: BleedBox {bleed_box:?} is not TrimBox {trim:?} plus 3 mm"
            );
        }
        // room for the marks: at least 10 mm of slug outside the bleed
        assert!(
            holds(media, bleed_box, 10.0 * MM),
            "page {n}: MediaBox {media:?} ⊅ BleedBox {bleed_box:?} with a slug"
        );
        assert!(holds(bleed_box, trim, bleed - 0.01));
        assert_eq!(crop, media, "page {n}: CropBox");
        let d = pdf.get_dictionary(p).expect("page");
        assert!(
            d.get(b"Annots").is_err(),
            "page {n}: print has no link annotations"
        );
    }
}

#[test]
fn print_colours_are_cmyk_with_black_text() {
    let pdf = &print().pdf;
    let mut text_colours: BTreeMap<String, usize> = BTreeMap::new();
    let mut fills = BTreeSet::new();
    for &p in &page_ids(pdf) {
        let mut in_text = false;
        let mut colour = String::new();
        for op in page_ops(pdf, p) {
            match op.operator.as_str() {
                "rg" | "RG" | "g" | "G" | "sc" | "scn" => {
                    panic!("a DeviceRGB or DeviceGray colour in print: {op:?}")
                }
                "k" => {
                    colour = format!("{:?}", operands(&op));
                    fills.insert(colour.clone());
                }
                "BT" => in_text = true,
                "ET" => in_text = false,
                "TJ" | "Tj" if in_text => *text_colours.entry(colour.clone()).or_default() += 1,
                _ => {}
            }
        }
    }
    let body = text_colours
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(c, _)| c.clone());
    assert_eq!(
        body.as_deref(),
        Some("[0.0, 0.0, 0.0, 1.0]"),
        "{text_colours:?}"
    );
    // the brand colour as brochure.toml's [colors.cmyk] gives it:
    // 0 / 100 / 81 / 4, not the naive conversion of #c8102e (0 / 92 / 77 / 22)
    assert!(
        fills.contains("[0.0, 1.0, 0.81, 0.04]"),
        "brand colour missing from {fills:?}"
    );
}

#[test]
fn print_cover_field_runs_into_the_bleed() {
    let pdf = &print().pdf;
    let page = page_ids(pdf)[0];
    let bleed = page_box(pdf, page, "BleedBox");
    let trim = page_box(pdf, page, "TrimBox");
    let mut colour = Vec::new();
    let mut field = None;
    for op in page_ops(pdf, page) {
        match op.operator.as_str() {
            "k" => colour = operands(&op),
            "re" if colour == [0.0, 1.0, 0.81, 0.04] && field.is_none() => {
                let v = operands(&op);
                field = Some([v[0], v[1], v[0] + v[2], v[1] + v[3]]);
            }
            _ => {}
        }
    }
    let field = field.expect("the cover's colour field is drawn in the brand colour");
    assert!(
        (field[0] - bleed[0]).abs() < 0.01,
        "left edge {field:?} vs {bleed:?}"
    );
    assert!(
        (field[2] - bleed[2]).abs() < 0.01,
        "right edge {field:?} vs {bleed:?}"
    );
    assert!(
        (field[3] - bleed[3]).abs() < 0.01,
        "top edge {field:?} vs {bleed:?}"
    );
    assert!(
        field[1] > trim[1] + 100.0,
        "the field covers the top of the page only"
    );
}

#[test]
fn print_marks_lie_outside_the_trim_and_bleed() {
    let pdf = &print().pdf;
    for (i, &p) in page_ids(pdf).iter().enumerate() {
        let n = i + 1;
        let media = page_box(pdf, p, "MediaBox");
        let bleed = page_box(pdf, p, "BleedBox");
        let trim = page_box(pdf, p, "TrimBox");
        let ops = page_ops(pdf, p);
        let start = ops
            .iter()
            .position(|op| {
                op.operator == "BDC"
                    && op
                        .operands
                        .get(1)
                        .and_then(|d| d.as_dict().ok())
                        .is_some_and(|d| {
                            d.get(b"Type").and_then(Object::as_name).ok() == Some(&b"Page"[..])
                        })
            })
            .unwrap_or_else(|| panic!("page {n}: no printer's marks"));
        let mut points = Vec::new();
        let mut segments = Vec::new();
        let mut last = (0.0, 0.0);
        let mut uses_registration = false;
        for op in &ops[start..] {
            let v = operands(op);
            match op.operator.as_str() {
                "CS" => {
                    let name = op.operands[0].as_name().expect("a colour space name");
                    let res = dict(
                        pdf,
                        pdf.get_dictionary(p)
                            .expect("page")
                            .get(b"Resources")
                            .expect("resources"),
                    );
                    let spaces = dict(pdf, res.get(b"ColorSpace").expect("ColorSpace"));
                    let space = deref(pdf, spaces.get(name).expect("the colour space"))
                        .as_array()
                        .expect("array");
                    assert_eq!(space[0].as_name().ok(), Some(&b"Separation"[..]));
                    assert_eq!(
                        space[1].as_name().ok(),
                        Some(&b"All"[..]),
                        "registration colour"
                    );
                    uses_registration = true;
                }
                "m" => {
                    last = (v[0], v[1]);
                    points.push(last);
                }
                "l" => {
                    segments.push((last, (v[0], v[1])));
                    last = (v[0], v[1]);
                    points.push(last);
                }
                "c" => points.extend([(v[0], v[1]), (v[2], v[3]), (v[4], v[5])]),
                "re" => points.extend([(v[0], v[1]), (v[0] + v[2], v[1] + v[3])]),
                _ => {}
            }
        }
        assert!(
            uses_registration,
            "page {n}: marks in the registration colour"
        );
        for &(x, y) in &points {
            let outside_bleed = x < bleed[0] || x > bleed[2] || y < bleed[1] || y > bleed[3];
            let inside_media = x >= media[0] && x <= media[2] && y >= media[1] && y <= media[3];
            assert!(
                outside_bleed,
                "page {n}: a mark at ({x}, {y}) inside the bleed {bleed:?}"
            );
            assert!(
                inside_media,
                "page {n}: a mark at ({x}, {y}) off the media {media:?}"
            );
        }
        // a crop mark on each trim edge line at each corner: 4 horizontal
        // ones on the top and bottom trim lines, 4 vertical ones on the sides
        let on = |a: f32, b: f32| (a - b).abs() < 0.01;
        let horizontal = segments
            .iter()
            .filter(|((_, y0), (_, y1))| on(*y0, *y1) && (on(*y0, trim[1]) || on(*y0, trim[3])))
            .count();
        let vertical = segments
            .iter()
            .filter(|((x0, _), (x1, _))| on(*x0, *x1) && (on(*x0, trim[0]) || on(*x0, trim[2])))
            .count();
        assert_eq!((horizontal, vertical), (4, 4), "page {n}: crop marks");
    }
}

#[test]
fn print_builds_are_identical() {
    let again = build(Some("print"), &[]).expect("builds");
    assert!(again == print().bytes, "two print builds differ");
}
