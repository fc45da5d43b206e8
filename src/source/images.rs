//! Reading the images a source names, with the limits of `docs/limits.md`:
//! only regular files, at most [`MAX_IMAGE_BYTES`]; the pixel size read from
//! the header and capped before anything decodes the image; a PNG decoded
//! row by row (never the whole image in memory) and a JPEG checked for its
//! frame header and end marker, so that a damaged image is an error naming
//! its file here and not a broken PDF later.

use std::path::Path;

use crate::memo::{CacheStats, Memo};
use crate::model::ImageFormat;

/// The largest image file read, in bytes (50 MB).
pub const MAX_IMAGE_BYTES: u64 = 50 * 1024 * 1024;
/// The largest width or height of an image, in pixels.
pub const MAX_IMAGE_SIDE: u32 = 20_000;
/// The largest pixel count of an image (100 megapixels).
pub const MAX_IMAGE_PIXELS: u64 = 100_000_000;

/// Most images an [`ImageChecks`] keeps.
const MAX_CHECKED: usize = 256;

/// Images found whole before, by their exact bytes: kept by `brochure
/// watch`, so that a rebuild does not decode the same photos again (their
/// check was half of the load).
#[derive(Debug)]
pub struct ImageChecks(Memo<()>);

impl Default for ImageChecks {
    fn default() -> ImageChecks {
        ImageChecks(Memo::new(MAX_CHECKED))
    }
}

impl ImageChecks {
    /// Ends a build: drops the images it did not use, then starts counting
    /// the next build's hits and misses.
    pub fn sweep(&self) {
        self.0.sweep();
    }

    /// Hits and misses since the last [`sweep`](Self::sweep), and the size.
    pub fn stats(&self) -> CacheStats {
        self.0.stats()
    }
}

/// An image's bytes, format and pixel size.
pub(crate) type ReadImage = (Vec<u8>, (ImageFormat, u32, u32));

/// An error: its message and its label.
type Fail = (String, &'static str);

/// Reads the file `path` (written `rel` in the source) if it is an image
/// within the limits; one found whole before (in `checks`) is not decoded
/// again.
pub(crate) fn read_image(
    path: &Path,
    rel: &str,
    checks: Option<&ImageChecks>,
) -> Result<ReadImage, Fail> {
    let bytes = crate::files::read_regular(path, MAX_IMAGE_BYTES).map_err(|e| {
        let msg = format!("cannot read image {rel}: {e}");
        (msg, "image paths are relative to source/")
    })?;
    let Some(header) = image_header(&bytes) else {
        let msg = format!("{rel} is not a PNG or JPEG image");
        return Err((msg, "unsupported or damaged image"));
    };
    let (format, w, h) = header;
    if w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE || u64::from(w) * u64::from(h) > MAX_IMAGE_PIXELS {
        let msg = format!(
            "image {rel} is {w} × {h} pixels, over the limit of {MAX_IMAGE_SIDE} a side and \
             {} megapixels",
            MAX_IMAGE_PIXELS / 1_000_000
        );
        return Err((msg, "scale the image down"));
    }
    if checks.and_then(|c| c.0.get(&bytes)).is_some() {
        return Ok((bytes, header));
    }
    let check = match format {
        ImageFormat::Png => check_png(&bytes),
        ImageFormat::Jpeg => check_jpeg(&bytes),
    };
    check.map_err(|e| {
        (
            format!("image {rel} is damaged: {e}"),
            "unsupported or damaged image",
        )
    })?;
    if let Some(c) = checks {
        c.0.put(Box::from(bytes.as_slice()), ());
    }
    Ok((bytes, header))
}

/// Decodes a PNG row by row, within the pixel limits: an error when it is
/// truncated or corrupt.
fn check_png(bytes: &[u8]) -> Result<(), String> {
    let limits = png::Limits {
        bytes: 64 * 1024 * 1024,
    };
    let decoder = png::Decoder::new_with_limits(std::io::Cursor::new(bytes), limits);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    while reader.next_row().map_err(|e| e.to_string())?.is_some() {}
    reader.finish().map_err(|e| e.to_string())
}

/// Checks that a JPEG has a frame header (SOF) and ends with its end marker
/// (EOI; trailing zero bytes allowed).
fn check_jpeg(bytes: &[u8]) -> Result<(), String> {
    // image_header found the SOF
    let end = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    if end < 4 || bytes[end - 2..end] != [0xff, 0xd9] {
        return Err("no end-of-image marker (the file is truncated)".into());
    }
    Ok(())
}

/// Format and pixel size of a PNG or JPEG file, read from its header.
pub fn image_header(b: &[u8]) -> Option<(ImageFormat, u32, u32)> {
    if b.len() >= 24 && b.starts_with(b"\x89PNG\r\n\x1a\n") && &b[12..16] == b"IHDR" {
        let w = u32::from_be_bytes(b[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(b[20..24].try_into().ok()?);
        return (w > 0 && h > 0).then_some((ImageFormat::Png, w, h));
    }
    if b.starts_with(&[0xff, 0xd8]) {
        let mut i = 2;
        while i + 9 < b.len() {
            if b[i] != 0xff {
                return None;
            }
            let marker = b[i + 1];
            let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
            if matches!(marker, 0xc0..=0xc3 | 0xc5..=0xc7 | 0xc9..=0xcb | 0xcd..=0xcf) {
                let h = u16::from_be_bytes([b[i + 5], b[i + 6]]) as u32;
                let w = u16::from_be_bytes([b[i + 7], b[i + 8]]) as u32;
                return (w > 0 && h > 0).then_some((ImageFormat::Jpeg, w, h));
            }
            i += 2 + len;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_check_is_for_the_same_bytes_only() {
        let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("source/images/gopi.png");
        let checks = ImageChecks::default();
        for _ in 0..2 {
            read_image(&photo, "images/gopi.png", Some(&checks)).expect("a whole photo");
        }
        let s = checks.stats();
        assert_eq!((s.hits, s.misses), (1, 1), "decoded once");
        // the same photo cut short at the same path is decoded, and fails
        let dir = tempfile::tempdir().expect("temp dir");
        let bytes = std::fs::read(&photo).expect("photo");
        let cut = dir.path().join("gopi.png");
        std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).expect("write");
        let e = read_image(&cut, "images/gopi.png", Some(&checks)).expect_err("cut short");
        assert!(e.0.contains("is damaged"), "{}", e.0);
    }
}
