//! Image XObjects, built by hand so that nothing is re-encoded: JPEG bytes
//! go in untouched as `/DCTDecode`; a PNG whose samples PDF reads as they
//! are (grey at 1, 2, 4, 8 or 16 bits, RGB at 8 or 16, a palette as
//! `/Indexed`; no transparency, not interlaced) goes in as its own zlib data
//! (`/FlateDecode` with the PNG predictors, as PDF defines them for exactly
//! this), neither decoded nor compressed again here; any other PNG is
//! decoded to 8-bit samples that lopdf compresses losslessly with Flate, the
//! alpha channel becoming an `/SMask`. Passing PNG data through saves
//! inflating and deflating every picture on every build (the guide's five
//! photos are 4.6 MB of samples in 110 KB of PNG).
//!
//! The pass-through trusts the zlib data because the source stage has
//! decoded every PNG completely already (`source/images.rs`: a damaged file
//! is an error there, naming it); a display list made another way with a
//! damaged PNG would give an image that does not render, not a panic.
//!
//! For PDF/X (a [`ToCmyk`] given) no image stays RGB: an RGB or palette PNG
//! or an RGB JPEG is decoded (JPEG with `zune-jpeg`) and its samples
//! converted to the output intent's CMYK (`colour.rs`), written losslessly
//! with Flate. Grey and CMYK images are left as they are (DeviceGray prints
//! on the black plate; DeviceCMYK is taken to be for the output condition
//! already).

use std::collections::BTreeMap;

use printpdf::{DictItem, ExternalStream, ExternalXObject, XObject, XObjectId};

use super::colour::ToCmyk;
use super::error::PdfError;
use crate::layout::{ImageResource, Item, LaidOut};
use crate::model::ImageFormat;

/// The image XObjects of the document, by image index.
pub(crate) struct ImageTable {
    xobjects: BTreeMap<usize, (XObjectId, XObject)>,
}

impl ImageTable {
    /// Builds an XObject for every image an [`Item::Image`] draws; with
    /// `cmyk`, RGB images are converted to its CMYK.
    pub fn build(doc: &LaidOut, cmyk: Option<&ToCmyk>) -> Result<Self, PdfError> {
        let mut xobjects = BTreeMap::new();
        for page in &doc.pages {
            for item in &page.items {
                let Item::Image { image, .. } = item else {
                    continue;
                };
                if xobjects.contains_key(image) {
                    continue;
                }
                let res = doc
                    .images
                    .get(*image)
                    .ok_or(PdfError::MissingImage { image: *image })?;
                let xobject = image_xobject(res, cmyk).map_err(|reason| PdfError::BadImage {
                    image: *image,
                    reason,
                })?;
                xobjects.insert(*image, (XObjectId(format!("Im{image}")), xobject));
            }
        }
        Ok(ImageTable { xobjects })
    }

    /// The resource id of an image.
    pub fn id(&self, image: usize) -> Result<&XObjectId, PdfError> {
        self.xobjects
            .get(&image)
            .map(|(id, _)| id)
            .ok_or(PdfError::MissingImage { image })
    }

    /// Moves the XObjects into printpdf's resources (the ids stay here;
    /// the image bytes are not copied).
    pub fn register(&mut self, pdf: &mut printpdf::PdfDocument) {
        for (id, xobject) in self.xobjects.values_mut() {
            let xobject = std::mem::replace(xobject, XObject::External(empty_xobject()));
            pdf.resources.xobjects.map.insert(id.clone(), xobject);
        }
    }
}

/// A placeholder left in the table once an XObject has moved to printpdf.
fn empty_xobject() -> ExternalXObject {
    ExternalXObject {
        stream: ExternalStream {
            dict: BTreeMap::new(),
            content: Vec::new(),
            compress: false,
        },
        width: None,
        height: None,
        dpi: None,
    }
}

fn name(s: &str) -> DictItem {
    DictItem::Name(s.as_bytes().to_vec())
}

fn int(v: impl Into<i64>) -> DictItem {
    DictItem::Int(v.into())
}

/// The common entries of an image XObject dictionary (8 bits a sample).
fn image_dict(width: u32, height: u32, color_space: &str) -> BTreeMap<String, DictItem> {
    BTreeMap::from([
        ("Type".to_string(), name("XObject")),
        ("Subtype".to_string(), name("Image")),
        ("Width".to_string(), int(width)),
        ("Height".to_string(), int(height)),
        ("ColorSpace".to_string(), name(color_space)),
        ("BitsPerComponent".to_string(), int(8)),
    ])
}

fn xobject(dict: BTreeMap<String, DictItem>, content: Vec<u8>, compress: bool) -> XObject {
    XObject::External(ExternalXObject {
        stream: ExternalStream {
            dict,
            content,
            compress,
        },
        width: None,
        height: None,
        dpi: None,
    })
}

fn image_xobject(image: &ImageResource, cmyk: Option<&ToCmyk>) -> Result<XObject, String> {
    match image.format {
        ImageFormat::Jpeg => jpeg_xobject(&image.bytes, cmyk),
        ImageFormat::Png => png_xobject(&image.bytes, cmyk),
    }
}

/// What a JPEG's frame header says.
#[derive(Debug, PartialEq)]
struct JpegInfo {
    width: u32,
    height: u32,
    components: u8,
    /// An Adobe APP14 segment is present (CMYK data is then stored inverted).
    adobe: bool,
}

/// Reads the frame header of a JPEG file.
fn jpeg_info(bytes: &[u8]) -> Result<JpegInfo, String> {
    if bytes.get(..2) != Some(&[0xFF, 0xD8]) {
        return Err("not a JPEG file".into());
    }
    let mut adobe = false;
    let mut pos = 2;
    loop {
        // Skip fill bytes before the marker.
        while bytes.get(pos) == Some(&0xFF) && bytes.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(pos), bytes.get(pos + 1)) else {
            return Err("no frame header found".into());
        };
        pos += 2;
        if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            continue;
        }
        if marker == 0xD9 || marker == 0xDA {
            return Err("no frame header before the image data".into());
        }
        let len = match bytes.get(pos..pos + 2) {
            Some(l) => usize::from(u16::from_be_bytes([l[0], l[1]])),
            None => return Err("truncated JPEG".into()),
        };
        let seg = bytes
            .get(pos + 2..pos + len)
            .ok_or_else(|| "truncated JPEG segment".to_string())?;
        if marker == 0xEE && seg.starts_with(b"Adobe") {
            adobe = true;
        }
        let is_sof = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            if seg.len() < 6 {
                return Err("truncated frame header".into());
            }
            if seg[0] != 8 {
                return Err(format!("{}-bit JPEG samples are not supported", seg[0]));
            }
            return Ok(JpegInfo {
                height: u32::from(u16::from_be_bytes([seg[1], seg[2]])),
                width: u32::from(u16::from_be_bytes([seg[3], seg[4]])),
                components: seg[5],
                adobe,
            });
        }
        pos += len;
    }
}

/// A JPEG, embedded byte for byte; an RGB one converted to CMYK when
/// `cmyk` is given.
fn jpeg_xobject(bytes: &[u8], cmyk: Option<&ToCmyk>) -> Result<XObject, String> {
    let info = jpeg_info(bytes)?;
    if let (3, Some(to)) = (info.components, cmyk) {
        return jpeg_to_cmyk(bytes, to);
    }
    let color_space = match info.components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        n => return Err(format!("JPEG with {n} colour components")),
    };
    if info.width == 0 || info.height == 0 {
        return Err("JPEG with an empty frame".into());
    }
    let mut dict = image_dict(info.width, info.height, color_space);
    dict.insert("Filter".into(), name("DCTDecode"));
    if info.components == 4 && info.adobe {
        dict.insert(
            "Decode".into(),
            DictItem::Array([1, 0, 1, 0, 1, 0, 1, 0].into_iter().map(int).collect()),
        );
    }
    Ok(xobject(dict, bytes.to_vec(), false))
}

/// An RGB JPEG decoded and converted to CMYK (from its own ICC profile, if
/// it has one).
fn jpeg_to_cmyk(bytes: &[u8], to: &ToCmyk) -> Result<XObject, String> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(bytes, options);
    let rgb = decoder.decode().map_err(|e| format!("{e:?}"))?;
    let (w, h) = decoder
        .dimensions()
        .ok_or_else(|| "JPEG without a size".to_string())?;
    let (w, h) = (w as u32, h as u32);
    if decoder.get_output_colorspace() != Some(ColorSpace::RGB)
        || rgb.len() != (w as usize) * (h as usize) * 3
    {
        return Err("the JPEG did not decode to RGB samples".into());
    }
    let icc = decoder.icc_profile();
    let samples = to.convert(&rgb, icc.as_deref());
    Ok(xobject(image_dict(w, h, "DeviceCMYK"), samples, true))
}

/// A PNG: its zlib data as it is when PDF can read that ([`png_passthrough`];
/// not when its colours are to become CMYK), else decoded to 8-bit samples,
/// alpha going to a soft mask, RGB converted to CMYK when `cmyk` is given.
fn png_xobject(bytes: &[u8], cmyk: Option<&ToCmyk>) -> Result<XObject, String> {
    if let Some(png) = png_passthrough(bytes)
        && (cmyk.is_none() || png.colour == PNG_GREY)
    {
        return Ok(png.xobject());
    }
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "PNG too large".to_string())?;
    let mut buf = vec![0; size];
    let icc: Option<Vec<u8>> = reader.info().icc_profile.as_ref().map(|p| p.to_vec());
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    buf.truncate(info.buffer_size());
    if info.bit_depth != png::BitDepth::Eight {
        return Err("PNG did not decode to 8-bit samples".into());
    }
    let (channels, color_space, has_alpha) = match info.color_type {
        png::ColorType::Grayscale => (1, "DeviceGray", false),
        png::ColorType::GrayscaleAlpha => (2, "DeviceGray", true),
        png::ColorType::Rgb => (3, "DeviceRGB", false),
        png::ColorType::Rgba => (4, "DeviceRGB", true),
        png::ColorType::Indexed => return Err("palette PNG was not expanded".into()),
    };
    let (width, height) = (info.width, info.height);
    // converted to CMYK: PDF/X has no DeviceRGB
    let to_cmyk = cmyk.filter(|_| color_space == "DeviceRGB");
    // Rows are tightly packed at 8 bits per sample.
    let pixels = (width as usize) * (height as usize);
    if buf.len() < pixels * channels {
        return Err("PNG data is shorter than its size".into());
    }

    let mut dict = image_dict(
        width,
        height,
        if to_cmyk.is_some() {
            "DeviceCMYK"
        } else {
            color_space
        },
    );
    let samples = if has_alpha {
        let colour = channels - 1;
        let mut color = Vec::with_capacity(pixels * colour);
        let mut alpha = Vec::with_capacity(pixels);
        for px in buf.chunks_exact(channels).take(pixels) {
            color.extend_from_slice(&px[..colour]);
            alpha.push(px[colour]);
        }
        if alpha.iter().any(|&a| a != 255) {
            let mask = image_dict(width, height, "DeviceGray");
            dict.insert(
                "SMask".into(),
                DictItem::Stream {
                    stream: ExternalStream {
                        dict: mask,
                        content: alpha,
                        compress: true,
                    },
                },
            );
        }
        color
    } else {
        buf.truncate(pixels * channels);
        buf
    };
    let samples = match to_cmyk {
        Some(to) => to.convert(&samples, icc.as_deref()),
        None => samples,
    };
    Ok(xobject(dict, samples, true))
}

/// PNG colour types (the IHDR byte).
const PNG_GREY: u8 = 0;
const PNG_RGB: u8 = 2;
const PNG_PALETTE: u8 = 3;

/// A PNG whose zlib data PDF can read as it is.
#[derive(Debug)]
struct PassThrough {
    width: u32,
    height: u32,
    /// Bits per sample (per palette index for a palette image).
    depth: u8,
    /// [`PNG_GREY`], [`PNG_RGB`] or [`PNG_PALETTE`].
    colour: u8,
    /// The PLTE chunk: RGB triples.
    palette: Vec<u8>,
    /// The IDAT chunks joined.
    idat: Vec<u8>,
}

impl PassThrough {
    /// The image XObject: the zlib data with `/FlateDecode` and the PNG
    /// predictors (`/Predictor 15`: each row says its own filter).
    fn xobject(self) -> XObject {
        let (colors, space) = match self.colour {
            PNG_RGB => (3, name("DeviceRGB")),
            PNG_PALETTE => {
                let entries = self.palette.len() / 3;
                let space = DictItem::Array(vec![
                    name("Indexed"),
                    name("DeviceRGB"),
                    int(entries as i64 - 1),
                    DictItem::String {
                        data: self.palette,
                        literal: false,
                    },
                ]);
                (1, space)
            }
            _ => (1, name("DeviceGray")),
        };
        let mut dict = image_dict(self.width, self.height, "DeviceGray");
        dict.insert("ColorSpace".into(), space);
        dict.insert("BitsPerComponent".into(), int(self.depth));
        dict.insert("Filter".into(), name("FlateDecode"));
        dict.insert(
            "DecodeParms".into(),
            DictItem::Dict {
                map: BTreeMap::from([
                    ("Predictor".to_string(), int(15)),
                    ("Colors".to_string(), int(colors)),
                    ("BitsPerComponent".to_string(), int(self.depth)),
                    ("Columns".to_string(), int(self.width)),
                ]),
            },
        );
        xobject(dict, self.idat, false)
    }
}

/// The parts of a PNG whose samples PDF can read as they are: grey at 1, 2,
/// 4, 8 or 16 bits, RGB at 8 or 16, a palette of at most 2^depth colours at
/// 1, 2, 4 or 8 bits; not interlaced, no transparency chunk. `None` for any
/// other PNG (and for a file whose chunks do not parse).
fn png_passthrough(bytes: &[u8]) -> Option<PassThrough> {
    let mut rest = bytes.strip_prefix(b"\x89PNG\r\n\x1a\n")?;
    let mut header = None;
    let mut palette = Vec::new();
    let mut idat = Vec::new();
    while rest.len() >= 12 {
        let len = u32::from_be_bytes(rest[..4].try_into().ok()?) as usize;
        let kind = &rest[4..8];
        let data = rest.get(8..8 + len)?;
        match kind {
            b"IHDR" => {
                let field = |at: usize| data.get(at..at + 4).and_then(|b| b.try_into().ok());
                let (width, height) =
                    (u32::from_be_bytes(field(0)?), u32::from_be_bytes(field(4)?));
                let (depth, colour) = (*data.get(8)?, *data.get(9)?);
                let methods = data.get(10..13)?;
                let readable = match colour {
                    PNG_GREY => matches!(depth, 1 | 2 | 4 | 8 | 16),
                    PNG_RGB => matches!(depth, 8 | 16),
                    PNG_PALETTE => matches!(depth, 1 | 2 | 4 | 8),
                    _ => false,
                };
                if !readable || methods != [0, 0, 0] || width == 0 || height == 0 {
                    return None;
                }
                header = Some((width, height, depth, colour));
            }
            b"PLTE" => palette = data.to_vec(),
            b"tRNS" => return None,
            b"IDAT" => idat.extend_from_slice(data),
            b"IEND" => break,
            _ => {}
        }
        rest = rest.get(12 + len..)?;
    }
    let (width, height, depth, colour) = header?;
    if colour == PNG_PALETTE {
        let entries = palette.len() / 3;
        if palette.len() % 3 != 0 || entries == 0 || entries > 1 << depth {
            return None;
        }
    } else {
        palette.clear();
    }
    (!idat.is_empty()).then_some(PassThrough {
        width,
        height,
        depth,
        colour,
        palette,
        idat,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(
        colour: png::ColorType,
        depth: png::BitDepth,
        samples: &[u8],
        w: u32,
        h: u32,
    ) -> Vec<u8> {
        png_with(colour, depth, None, samples, w, h)
    }

    fn png_with(
        colour: png::ColorType,
        depth: png::BitDepth,
        palette: Option<&[u8]>,
        samples: &[u8],
        w: u32,
        h: u32,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(colour);
        enc.set_depth(depth);
        if let Some(p) = palette {
            enc.set_palette(p.to_vec());
        }
        let mut writer = enc.write_header().unwrap();
        writer.write_image_data(samples).unwrap();
        writer.finish().unwrap();
        out
    }

    /// The XObject's stream as lopdf sees it, and the samples a reader
    /// applying its filter and predictor gets (lopdf's predictor is right
    /// for 8 and 16 bits).
    fn decoded(x: &XObject) -> (lopdf::Stream, Vec<u8>) {
        let XObject::External(x) = x else {
            panic!("external xobject expected")
        };
        assert!(
            !x.stream.compress,
            "passed-through data is not compressed again"
        );
        let dict = printpdf::xobject::build_dict(&x.stream.dict);
        let stream = lopdf::Stream::new(dict, x.stream.content.clone());
        let samples = stream.decompressed_content().unwrap();
        (stream, samples)
    }

    #[test]
    fn opaque_rgb_png_data_passes_through_and_alpha_does_not() {
        let rgb = png(
            png::ColorType::Rgb,
            png::BitDepth::Eight,
            &[10, 20, 30, 40, 50, 60],
            2,
            1,
        );
        let idat = png_passthrough(&rgb)
            .expect("an 8-bit RGB PNG passes through")
            .idat;
        let x = png_xobject(&rgb, None).unwrap();
        let (stream, samples) = decoded(&x);
        assert_eq!(stream.content, idat);
        assert_eq!(samples, vec![10, 20, 30, 40, 50, 60]);
        let parms = stream
            .dict
            .get(b"DecodeParms")
            .and_then(lopdf::Object::as_dict)
            .unwrap();
        assert_eq!(
            parms.get(b"Predictor").and_then(lopdf::Object::as_i64).ok(),
            Some(15)
        );
        assert_eq!(
            parms.get(b"Colors").and_then(lopdf::Object::as_i64).ok(),
            Some(3)
        );

        let rgba = png(
            png::ColorType::Rgba,
            png::BitDepth::Eight,
            &[1, 2, 3, 128],
            1,
            1,
        );
        assert!(png_passthrough(&rgba).is_none());
        assert!(png_passthrough(b"not a png").is_none());
    }

    #[test]
    fn sixteen_bit_and_palette_pngs_pass_through() {
        // 16-bit grey: two samples of two bytes each, big-endian as in PDF
        let grey16 = png(
            png::ColorType::Grayscale,
            png::BitDepth::Sixteen,
            &[1, 2, 250, 251],
            2,
            1,
        );
        let (stream, samples) = decoded(&png_xobject(&grey16, None).unwrap());
        assert_eq!(samples, vec![1, 2, 250, 251]);
        assert_eq!(
            stream
                .dict
                .get(b"BitsPerComponent")
                .and_then(lopdf::Object::as_i64)
                .ok(),
            Some(16)
        );

        // a palette: /Indexed over DeviceRGB with the PLTE bytes
        let palette = [255, 0, 0, 0, 0, 255];
        let indexed = png_with(
            png::ColorType::Indexed,
            png::BitDepth::Eight,
            Some(&palette),
            &[0, 1, 1, 0],
            2,
            2,
        );
        let (stream, samples) = decoded(&png_xobject(&indexed, None).unwrap());
        assert_eq!(samples, vec![0, 1, 1, 0]);
        let space = stream
            .dict
            .get(b"ColorSpace")
            .and_then(lopdf::Object::as_array)
            .unwrap();
        assert_eq!(space[0].as_name().ok(), Some(&b"Indexed"[..]));
        assert_eq!(space[2].as_i64().ok(), Some(1));
        assert_eq!(space[3].as_str().ok(), Some(&palette[..]));

        // a palette with transparency does not pass through
        let mut trns = png_with(
            png::ColorType::Indexed,
            png::BitDepth::Eight,
            Some(&palette),
            &[0],
            1,
            1,
        );
        let at = trns.len() - 12; // before IEND
        let chunk = [0, 0, 0, 1, b't', b'R', b'N', b'S', 0, 0, 0, 0, 0];
        trns.splice(at..at, chunk);
        assert!(png_passthrough(&trns).is_none());
    }

    #[test]
    fn reads_jpeg_frame_header() {
        // SOI, APP0 (JFIF, 16 bytes), SOF0 for 3×2 RGB, EOI.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        jpeg.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        jpeg.extend_from_slice(&[
            0xFF, 0xC0, 0x00, 0x11, 8, 0x00, 0x02, 0x00, 0x03, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11,
            1,
        ]);
        jpeg.extend_from_slice(&[0xFF, 0xD9]);
        assert_eq!(
            jpeg_info(&jpeg),
            Ok(JpegInfo {
                width: 3,
                height: 2,
                components: 3,
                adobe: false
            })
        );
        assert!(jpeg_info(b"\x89PNG").is_err());
        assert!(jpeg_info(&jpeg[..8]).is_err());
    }
}
