//! The standards the editions claim: the print edition as PDF/X-4 (output
//! intent with an embedded CMYK profile, identification, `/Trapped`, no
//! DeviceRGB anywhere, images in CMYK, a resolution warning), `[print]` in
//! `brochure.toml`, and a reading edition built `--pdfa` as PDF/A-2a.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use lopdf::content::Content;
use lopdf::{Document, Object};

use super::{Built, deref, dict, get, print};
use crate::common::{project_copy, root};

/// Builds the project at `dir` with `opts` (output in a temporary folder):
/// the PDF's bytes and the warnings rendered, or the errors rendered.
fn build_at(dir: &Path, opts: brochure::BuildOptions) -> Result<(Vec<u8>, String), String> {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out.pdf");
    let opts = brochure::BuildOptions {
        output: Some(out.clone()),
        ..opts
    };
    match brochure::build(dir, &opts) {
        Ok(b) => {
            let warnings: Vec<String> = b.warnings.iter().map(|d| b.sources.render(d)).collect();
            Ok((std::fs::read(&out).expect("written"), warnings.join("\n")))
        }
        Err(e) => Err(e
            .diagnostics
            .iter()
            .map(|d| e.sources.render(d))
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

/// The screen edition with `--pdfa`, built once.
fn pdfa() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        let opts = brochure::BuildOptions {
            pdfa: true,
            ..Default::default()
        };
        let (bytes, _) = build_at(root(), opts).unwrap_or_else(|e| panic!("build fails:\n{e}"));
        let pdf = Document::load_mem(&bytes).expect("lopdf reads the PDF");
        Built { bytes, pdf }
    })
}

/// The catalog's single output intent.
fn output_intent(pdf: &Document) -> &lopdf::Dictionary {
    let catalog = pdf.catalog().expect("catalog");
    let intents = get(pdf, catalog, "OutputIntents")
        .expect("/OutputIntents")
        .as_array()
        .expect("an array");
    assert_eq!(intents.len(), 1, "one output intent");
    dict(pdf, &intents[0])
}

/// The profile stream of an output intent, decompressed.
fn dest_profile(pdf: &Document, intent: &lopdf::Dictionary) -> (i64, Vec<u8>) {
    let Object::Stream(s) = get(pdf, intent, "DestOutputProfile").expect("DestOutputProfile")
    else {
        panic!("DestOutputProfile is not a stream")
    };
    let n = s.dict.get(b"N").and_then(Object::as_i64).expect("/N");
    let bytes = s
        .decompressed_content()
        .unwrap_or_else(|_| s.content.clone());
    (n, bytes)
}

fn string(pdf: &Document, d: &lopdf::Dictionary, key: &str) -> String {
    let o = get(pdf, d, key).unwrap_or_else(|| panic!("no /{key}"));
    let bytes = o.as_str().expect("a string");
    String::from_utf8(bytes.to_vec()).expect("ASCII")
}

/// A PDF text string (PDFDocEncoding taken as Latin-1, or UTF-16BE).
fn text_string(o: &Object) -> String {
    let b = o.as_str().expect("a string");
    match b.strip_prefix(&[0xFE, 0xFF]) {
        Some(u) => String::from_utf16(
            &u.chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        )
        .expect("UTF-16"),
        None => b.iter().map(|&c| char::from(c)).collect(),
    }
}

/// The XMP packet's text.
fn xmp(pdf: &Document) -> String {
    let catalog = pdf.catalog().expect("catalog");
    let Object::Stream(s) = get(pdf, catalog, "Metadata").expect("/Metadata") else {
        panic!("no metadata stream")
    };
    String::from_utf8(s.content.clone()).expect("UTF-8 XMP")
}

/// The Info dictionary.
fn info(pdf: &Document) -> &lopdf::Dictionary {
    dict(pdf, pdf.trailer.get(b"Info").expect("/Info"))
}

fn qpdf_check(bytes: &[u8]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, bytes).expect("written");
    match Command::new("qpdf").arg("--check").arg(&path).output() {
        Ok(out) => assert!(
            out.status.success(),
            "qpdf --check fails:\n{}",
            String::from_utf8_lossy(&out.stdout)
        ),
        Err(_) => eprintln!("qpdf not found: check skipped"),
    }
}

#[test]
fn print_carries_a_pdfx4_output_intent_with_a_cmyk_profile() {
    let b = print();
    let pdf = &b.pdf;
    assert!(b.bytes.starts_with(b"%PDF-1.6\n"), "PDF/X-4 is PDF 1.6");
    let intent = output_intent(pdf);
    assert_eq!(
        get(pdf, intent, "S").and_then(|o| o.as_name().ok()),
        Some(&b"GTS_PDFX"[..])
    );
    assert_eq!(string(pdf, intent, "OutputConditionIdentifier"), "FOGRA39");
    assert_eq!(
        string(pdf, intent, "Info"),
        "Coated FOGRA39 (ISO 12647-2:2004)"
    );
    let (n, profile) = dest_profile(pdf, intent);
    assert_eq!(n, 4);
    assert_eq!(&profile[36..40], b"acsp", "an ICC profile");
    assert_eq!(&profile[12..20], b"prtrCMYK", "a CMYK output profile");
    assert_eq!(profile, brochure::model::edition::FOGRA39_PROFILE);

    let info = info(pdf);
    assert_eq!(string(pdf, info, "GTS_PDFXVersion"), "PDF/X-4");
    assert_eq!(
        get(pdf, info, "Trapped").and_then(|o| o.as_name().ok()),
        Some(&b"False"[..])
    );
    let xmp = xmp(pdf);
    for want in [
        "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>",
        "xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"",
        "<pdf:Trapped>False</pdf:Trapped>",
        "<xmpMM:VersionID>1</xmpMM:VersionID>",
        "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
    ] {
        assert!(xmp.contains(want), "XMP lacks {want}");
    }
    assert!(!xmp.contains("pdfaid"), "print does not claim PDF/A");
    qpdf_check(&b.bytes);
}

/// Whether `o` holds the name `DeviceRGB` anywhere, references not followed.
fn names_device_rgb(o: &Object) -> bool {
    match o {
        Object::Name(n) => n == b"DeviceRGB",
        Object::Array(a) => a.iter().any(names_device_rgb),
        Object::Dictionary(d) => d.iter().any(|(_, v)| names_device_rgb(v)),
        Object::Stream(s) => s.dict.iter().any(|(_, v)| names_device_rgb(v)),
        _ => false,
    }
}

#[test]
fn print_has_no_device_rgb_and_its_images_are_cmyk() {
    let pdf = &print().pdf;
    let mut cmyk_images = 0;
    for (id, o) in &pdf.objects {
        assert!(!names_device_rgb(o), "object {id:?} names DeviceRGB: {o:?}");
        let Object::Stream(s) = o else { continue };
        let subtype = s.dict.get(b"Subtype").and_then(Object::as_name).ok();
        if subtype == Some(b"Image") {
            let cs = deref(pdf, s.dict.get(b"ColorSpace").expect("ColorSpace"));
            let cs = cs.as_name().expect("a device colour space");
            assert!(
                cs == b"DeviceCMYK" || cs == b"DeviceGray",
                "image {id:?} in {}",
                String::from_utf8_lossy(cs)
            );
            if cs == b"DeviceCMYK" {
                let w = s
                    .dict
                    .get(b"Width")
                    .and_then(Object::as_i64)
                    .expect("Width");
                let h = s
                    .dict
                    .get(b"Height")
                    .and_then(Object::as_i64)
                    .expect("Height");
                let samples = s.decompressed_content().expect("Flate samples");
                assert_eq!(
                    samples.len() as i64,
                    w * h * 4,
                    "image {id:?}: 4 inks a pixel"
                );
                // the stand-ins' light backgrounds print with little ink, not none or all
                let first = &samples[..4];
                assert!(first.iter().map(|&v| u32::from(v)).sum::<u32>() < 4 * 255);
                cmyk_images += 1;
            }
        }
        if subtype == Some(b"Form") {
            let ops = Content::decode(&s.decompressed_content().unwrap_or(s.content.clone()))
                .expect("form content decodes")
                .operations;
            assert!(
                !ops.iter()
                    .any(|op| op.operator == "rg" || op.operator == "RG"),
                "form {id:?} paints in DeviceRGB"
            );
        }
    }
    assert_eq!(cmyk_images, 5, "the five photos are CMYK");
}

#[test]
fn print_warns_of_images_under_250_ppi_and_screen_does_not() {
    let opts = |edition: &str| brochure::BuildOptions {
        edition: Some(edition.into()),
        ..Default::default()
    };
    let (_, warnings) = build_at(root(), opts("print")).expect("print builds");
    let low: Vec<&str> = warnings
        .lines()
        .filter(|l| l.starts_with("warning: ") && l.contains("ppi"))
        .collect();
    assert_eq!(low.len(), 5, "{warnings}");
    for l in &low {
        assert!(
            l.contains("source/images/") && l.contains(".png prints at 195 ppi on page "),
            "{l}"
        );
    }
    assert!(warnings.contains("the photo `s4-foto-gopi`"), "{warnings}");
    assert!(warnings.contains("it needs at least 822 × 617 pixels and has 640 × 480"));
    let (_, warnings) = build_at(root(), opts("screen")).expect("screen builds");
    assert!(!warnings.contains("ppi"), "{warnings}");
}

#[test]
fn print_output_intent_is_configurable() {
    let dir = project_copy();
    let toml = dir.path().join("source/brochure.toml");
    let base = std::fs::read_to_string(&toml).expect("brochure.toml");
    let with = |extra: &str| std::fs::write(&toml, format!("{base}\n{extra}")).expect("written");
    let print = || brochure::BuildOptions {
        edition: Some("print".into()),
        ..Default::default()
    };

    // another condition needs its own profile
    with("[print]\noutput_intent = \"FOGRA51\"\n");
    let err = build_at(dir.path(), print()).expect_err("no profile");
    assert!(
        err.contains("no profile for the output intent `FOGRA51`"),
        "{err}"
    );
    assert!(
        err.contains("brochure.toml:"),
        "the error names its place: {err}"
    );

    // an RGB display profile is not an output profile
    std::fs::create_dir_all(dir.path().join("profiles")).expect("mkdir");
    std::fs::copy(
        root().join("profiles/sRGB.icc"),
        dir.path().join("profiles/rgb.icc"),
    )
    .expect("copy");
    with("[print]\noutput_intent = \"FOGRA51\"\nprofile = \"profiles/rgb.icc\"\n");
    let err = build_at(dir.path(), print()).expect_err("not CMYK");
    assert!(err.contains("not an output (`prtr`) profile"), "{err}");
    with("[print]\noutput_intent = \"FOGRA51\"\nprofile = \"profiles/none.icc\"\n");
    let err = build_at(dir.path(), print()).expect_err("missing");
    assert!(
        err.contains("cannot read profile profiles/none.icc"),
        "{err}"
    );

    // a CMYK output profile with its condition
    std::fs::copy(
        root().join("profiles/FOGRA39-brochure.icc"),
        dir.path().join("profiles/cmyk.icc"),
    )
    .expect("copy");
    with(
        "[print]\noutput_intent = \"FOGRA51\"\noutput_condition = \"PSO Coated v3\"\nprofile = \"profiles/cmyk.icc\"\n",
    );
    let (bytes, _) = build_at(dir.path(), print()).unwrap_or_else(|e| panic!("{e}"));
    let pdf = Document::load_mem(&bytes).expect("lopdf reads it");
    let intent = output_intent(&pdf);
    assert_eq!(string(&pdf, intent, "OutputConditionIdentifier"), "FOGRA51");
    assert_eq!(string(&pdf, intent, "Info"), "PSO Coated v3");
}

#[test]
fn pdfa_makes_a_reading_edition_pdfa2a_with_an_srgb_intent() {
    let b = pdfa();
    let pdf = &b.pdf;
    assert!(b.bytes.starts_with(b"%PDF-1.7\n"));
    let intent = output_intent(pdf);
    assert_eq!(
        get(pdf, intent, "S").and_then(|o| o.as_name().ok()),
        Some(&b"GTS_PDFA1"[..])
    );
    assert_eq!(
        string(pdf, intent, "OutputConditionIdentifier"),
        "sRGB IEC61966-2.1"
    );
    let (n, profile) = dest_profile(pdf, intent);
    assert_eq!(n, 3);
    assert_eq!(&profile[12..20], b"mntrRGB ", "an RGB display profile");
    let xmp = xmp(pdf);
    for want in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
        // PDF/A predefines no pdfuaid schema: it is described
        "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>",
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>",
    ] {
        assert!(xmp.contains(want), "XMP lacks {want}");
    }
    assert!(!xmp.contains("pdfxid") && !xmp.contains("Trapped"));
    // the level a claim needs the tags
    let catalog = pdf.catalog().expect("catalog");
    assert!(catalog.get(b"StructTreeRoot").is_ok());
    assert!(catalog.get(b"Encrypt").is_err() && pdf.trailer.get(b"Encrypt").is_err());
    // Info and XMP agree
    let info = info(pdf);
    let title = text_string(get(pdf, info, "Title").expect("/Title"));
    assert!(
        xmp.contains(&format!("<rdf:li xml:lang=\"x-default\">{title}</rdf:li>")),
        "dc:title is not the Info title {title}"
    );
    assert!(get(pdf, info, "Trapped").is_none());
    qpdf_check(&b.bytes);
}

#[test]
fn pdfa_is_refused_for_print_and_booklet_and_screen_claims_neither() {
    for edition in ["print", "booklet"] {
        let opts = brochure::BuildOptions {
            edition: Some(edition.into()),
            pdfa: true,
            ..Default::default()
        };
        let err = build_at(root(), opts).expect_err("--pdfa refused");
        assert!(
            err.contains("--pdfa makes a reading edition PDF/A-2a"),
            "{err}"
        );
        assert!(err.contains(&format!("edition `{edition}`")), "{err}");
    }
    let (bytes, _) = build_at(root(), brochure::BuildOptions::default()).expect("screen");
    let pdf = Document::load_mem(&bytes).expect("lopdf reads it");
    assert!(pdf.catalog().unwrap().get(b"OutputIntents").is_err());
    let xmp = xmp(&pdf);
    assert!(!xmp.contains("pdfaid") && !xmp.contains("pdfxid"));
}
