//! Colour management for PDF/X: RGB image samples converted to the CMYK of
//! the output intent's ICC profile, with the perceptual intent, through
//! Little CMS (the `lcms2` crate; its C library is built from source, so
//! every machine converts with the same version and gives the same bytes).
//! A CMM is used rather than a formula of our own because a printer profile
//! is a table-based transform (ink limits, black generation, gamut mapping)
//! that only an ICC engine applies correctly.
//!
//! An image's own ICC profile (a PNG `iCCP` chunk, a JPEG `APP2` profile) is
//! its source space when Little CMS can read it as an RGB profile; every
//! other RGB image is taken to be sRGB ([`SRGB_PROFILE`]).

use lcms2::{ColorSpaceSignature, Intent, PixelFormat, Profile, Transform};

/// The sRGB IEC 61966-2.1 profile (`profiles/sRGB.icc`, Zlib): the source
/// space of untagged RGB images and the PDF/A output intent.
pub(crate) const SRGB_PROFILE: &[u8] = include_bytes!("../../profiles/sRGB.icc");

/// Converts 8-bit RGB samples to 8-bit CMYK for one output profile.
pub(crate) struct ToCmyk {
    /// The output profile, for transforms from images' own profiles.
    output: Profile,
    /// sRGB to the output profile, perceptual.
    from_srgb: Transform<[u8; 3], [u8; 4]>,
}

impl ToCmyk {
    /// A converter to the CMYK of `profile` (an ICC output profile).
    pub fn new(profile: &[u8]) -> Result<ToCmyk, String> {
        let output = Profile::new_icc(profile)
            .map_err(|e| format!("the output profile cannot be read: {e}"))?;
        if output.color_space() != ColorSpaceSignature::CmykData {
            return Err("the output profile is not a CMYK profile".into());
        }
        let srgb = Profile::new_icc(SRGB_PROFILE).map_err(|e| e.to_string())?;
        let from_srgb = transform(&srgb, &output)?;
        Ok(ToCmyk { output, from_srgb })
    }

    /// The CMYK samples (4 bytes a pixel, 0 = no ink) of `rgb` (3 bytes a
    /// pixel), read in the space of `icc` when that is a readable RGB
    /// profile, else as sRGB.
    pub fn convert(&self, rgb: &[u8], icc: Option<&[u8]>) -> Vec<u8> {
        let own = icc
            .and_then(|b| Profile::new_icc(b).ok())
            .filter(|p| p.color_space() == ColorSpaceSignature::RgbData)
            .and_then(|p| transform(&p, &self.output).ok());
        let t = own.as_ref().unwrap_or(&self.from_srgb);
        let pixels: Vec<[u8; 3]> = rgb.chunks_exact(3).map(|p| [p[0], p[1], p[2]]).collect();
        let mut out = vec![[0u8; 4]; pixels.len()];
        t.transform_pixels(&pixels, &mut out);
        out.into_iter().flatten().collect()
    }
}

/// The perceptual transform from an RGB profile to a CMYK one.
fn transform(from: &Profile, to: &Profile) -> Result<Transform<[u8; 3], [u8; 4]>, String> {
    Transform::new(
        from,
        PixelFormat::RGB_8,
        to,
        PixelFormat::CMYK_8,
        Intent::Perceptual,
    )
    .map_err(|e| format!("no colour transform to the output profile: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edition::FOGRA39_PROFILE;

    #[test]
    fn srgb_to_fogra39_inks() {
        let c = ToCmyk::new(FOGRA39_PROFILE).expect("the built-in profile loads");
        let px = c.convert(&[255, 255, 255, 0, 0, 0, 200, 16, 46, 128, 128, 128], None);
        let ink = |i: usize| &px[i * 4..i * 4 + 4];
        // white: no ink
        assert!(ink(0).iter().all(|&v| v <= 1), "white {:?}", ink(0));
        // black: rich black within the 330 % total ink limit
        let total: u32 = ink(1).iter().map(|&v| u32::from(v)).sum();
        assert!(
            ink(1)[3] > 200 && total <= 330 * 255 / 100 + 4,
            "black {:?}",
            ink(1)
        );
        // the brand red: magenta and yellow, no cyan to speak of
        assert!(
            ink(2)[1] > 200 && ink(2)[2] > 150 && ink(2)[0] < 10,
            "red {:?}",
            ink(2)
        );
        // a mid grey uses all four inks, cyan a little above magenta and yellow
        assert!(ink(3).iter().all(|&v| v > 0), "grey {:?}", ink(3));
        // an unreadable embedded profile falls back to sRGB
        assert_eq!(c.convert(&[200, 16, 46], Some(b"junk")), ink(2).to_vec());
        assert!(ToCmyk::new(SRGB_PROFILE).is_err());
    }
}
