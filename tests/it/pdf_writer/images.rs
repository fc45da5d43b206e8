//! PNGs passed through as their own zlib data (`/FlateDecode` with the PNG
//! predictors): the dictionaries say what the samples are, and pdftoppm
//! renders the pixels the PNGs hold (grey at 2 bits, a 2-bit palette, RGB
//! at 16 bits).

use std::sync::Arc;

use brochure::layout::{ImageResource, Item, Rect};
use brochure::model::ImageFormat;
use brochure::pdf::write;
use lopdf::Object;

use super::{BLEED, SLUG, dict, font_book, resolve, run_tool_bytes, sample};

/// Image width and height in pixels.
const W: u32 = 4;
const H: u32 = 2;
/// Points (and pixels at 72 dpi) an image pixel is drawn at.
const CELL: f32 = 20.0;

fn png(
    colour: png::ColorType,
    depth: png::BitDepth,
    palette: Option<&[u8]>,
    data: &[u8],
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, W, H);
    enc.set_color(colour);
    enc.set_depth(depth);
    if let Some(p) = palette {
        enc.set_palette(p.to_vec());
    }
    let mut writer = enc.write_header().expect("png header");
    writer.write_image_data(data).expect("png data");
    writer.finish().expect("png end");
    out
}

/// The three test images and the RGB colour each of their pixels should
/// render as, row by row.
fn images() -> Vec<(Vec<u8>, Vec<[u8; 3]>)> {
    // grey, 2 bits: the levels 0..3 of each row, packed 4 to a byte
    let grey_levels = [0u8, 1, 2, 3, 3, 2, 1, 0];
    let grey = png(
        png::ColorType::Grayscale,
        png::BitDepth::Two,
        None,
        &[0b0001_1011, 0b1110_0100],
    );
    let grey_px = grey_levels.iter().map(|&l| [l * 85; 3]).collect();

    // a palette of four colours at 2 bits
    let palette = [255u8, 0, 0, 0, 160, 0, 0, 0, 255, 240, 240, 0];
    let indices = [3u8, 2, 1, 0, 0, 1, 2, 3];
    let indexed = png(
        png::ColorType::Indexed,
        png::BitDepth::Two,
        Some(&palette),
        &[0b1110_0100, 0b0001_1011],
    );
    let indexed_px = indices
        .iter()
        .map(|&i| {
            let at = usize::from(i) * 3;
            [palette[at], palette[at + 1], palette[at + 2]]
        })
        .collect();

    // RGB at 16 bits: the high bytes are the colours
    let colours: [[u8; 3]; 8] = [
        [200, 30, 30],
        [30, 200, 30],
        [30, 30, 200],
        [250, 250, 250],
        [0, 0, 0],
        [128, 64, 32],
        [32, 64, 128],
        [90, 180, 90],
    ];
    let mut samples = Vec::new();
    for c in colours {
        for v in c {
            samples.extend_from_slice(&[v, 0x55]);
        }
    }
    let rgb16 = png(png::ColorType::Rgb, png::BitDepth::Sixteen, None, &samples);
    vec![
        (grey, grey_px),
        (indexed, indexed_px),
        (rgb16, colours.to_vec()),
    ]
}

/// Renders page 1 at 72 dpi in colour; `None` without pdftoppm.
fn render(pdf: &[u8]) -> Option<(usize, Vec<u8>)> {
    let out = run_tool_bytes("pdftoppm", &["-r", "72", "-f", "1", "-l", "1"], pdf, false)?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Binary PPM: "P6", width, height, maxval, one whitespace, samples.
    let data = out.stdout;
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P6");
    let w: usize = fields[1].parse().expect("width");
    Some((w, data[i + 1..].to_vec()))
}

#[test]
fn png_data_passes_through_and_renders_its_pixels() {
    let images = images();
    let mut doc = sample();
    doc.images = images
        .iter()
        .map(|(bytes, _)| ImageResource {
            bytes: Arc::new(bytes.clone()),
            format: ImageFormat::Png,
            width: W,
            height: H,
        })
        .collect();
    let origin = |k: usize| (40.0 + k as f32 * 120.0, 200.0);
    doc.pages[0].items = (0..images.len())
        .map(|k| {
            let (x, y) = origin(k);
            Item::Image {
                rect: Rect {
                    x,
                    y,
                    w: W as f32 * CELL,
                    h: H as f32 * CELL,
                },
                image: k,
                alt: format!("Beeld {k}"),
                block: Some(2),
            }
        })
        .collect();
    let bytes = write(&doc, &font_book()).expect("PDF is written");

    // every image is Flate with the PNG predictors, at the PNG's own depth
    let pdf = lopdf::Document::load_mem(&bytes).expect("lopdf reads the output");
    let mut found = Vec::new();
    for obj in pdf.objects.values() {
        let Ok(s) = obj.as_stream() else { continue };
        if s.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(&b"Image"[..]) {
            continue;
        }
        assert_eq!(
            s.dict.get(b"Filter").and_then(Object::as_name).ok(),
            Some(&b"FlateDecode"[..])
        );
        let parms = dict(&pdf, s.dict.get(b"DecodeParms").expect("DecodeParms"));
        let parm = |k: &[u8]| parms.get(k).and_then(Object::as_i64).ok();
        assert_eq!(parm(b"Predictor"), Some(15));
        assert_eq!(parm(b"Columns"), Some(i64::from(W)));
        let bits = s
            .dict
            .get(b"BitsPerComponent")
            .and_then(Object::as_i64)
            .ok();
        assert_eq!(parm(b"BitsPerComponent"), bits);
        let space = resolve(&pdf, s.dict.get(b"ColorSpace").expect("ColorSpace"));
        let space = match space {
            Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
            Object::Array(a) => String::from_utf8_lossy(a[0].as_name().expect("name")).into_owned(),
            other => panic!("colour space {other:?}"),
        };
        found.push((space, bits.expect("bits"), parm(b"Colors").expect("Colors")));
    }
    found.sort();
    assert_eq!(
        found,
        vec![
            ("DeviceGray".to_string(), 2, 1),
            ("DeviceRGB".to_string(), 16, 3),
            ("Indexed".to_string(), 2, 1),
        ]
    );

    let Some((width, pixels)) = render(&bytes) else {
        return;
    };
    let offset = BLEED + SLUG;
    for (k, (_, want)) in images.iter().enumerate() {
        let (x0, y0) = origin(k);
        for (p, colour) in want.iter().enumerate() {
            let (col, row) = (p % W as usize, p / W as usize);
            // the middle of the image pixel, in device pixels
            let x = (offset + x0 + (col as f32 + 0.5) * CELL) as usize;
            let y = (offset + y0 + (row as f32 + 0.5) * CELL) as usize;
            let at = (y * width + x) * 3;
            let got = &pixels[at..at + 3];
            let close = got.iter().zip(colour).all(|(&g, &c)| g.abs_diff(c) <= 2);
            assert!(
                close,
                "image {k} pixel {p}: rendered {got:?}, want {colour:?}"
            );
        }
    }
}
