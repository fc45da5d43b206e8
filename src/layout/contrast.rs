//! Colour contrast as WCAG 2 defines it: relative luminance of sRGB colours
//! and the contrast ratio `(L1 + 0.05) / (L2 + 0.05)`, from 1 (none) to 21
//! (black on white). Level AA asks 4.5 for normal text.

use crate::model::Rgb;

/// Relative luminance of an sRGB colour (0 black, 1 white).
pub fn luminance(c: Rgb) -> f32 {
    let lin = |v: u8| {
        let s = f32::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// The contrast ratio of two colours, from 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `c` mixed with `toward` by `t` (0 keeps `c`, 1 gives `toward`).
fn mix(c: Rgb, toward: Rgb, t: f32) -> Rgb {
    let m = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * t).round() as u8;
    Rgb(m(c.0, toward.0), m(c.1, toward.1), m(c.2, toward.2))
}

/// The colour nearest to `c` (mixed with black, or with white, whichever
/// needs less) whose contrast with every colour of `against` is at least
/// `min`; `c` itself when it already has it. Black or white when nothing
/// else reaches `min`.
pub fn ensure(c: Rgb, against: &[Rgb], min: f32) -> Rgb {
    let ok = |x: Rgb| against.iter().all(|&b| contrast(x, b) >= min);
    if ok(c) {
        return c;
    }
    for step in 1..=100 {
        let t = step as f32 / 100.0;
        for toward in [Rgb(0, 0, 0), Rgb(255, 255, 255)] {
            let x = mix(c, toward, t);
            if ok(x) {
                return x;
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The WCAG 2 AA minimum for normal text.
    const AA: f32 = 4.5;

    #[test]
    fn known_ratios() {
        let black = Rgb(0, 0, 0);
        let white = Rgb(255, 255, 255);
        assert!((contrast(black, white) - 21.0).abs() < 0.01);
        assert!((contrast(white, white) - 1.0).abs() < 1e-6);
        // #777777 on white is the classic just-fails-AA grey (4.48)
        assert!((contrast(Rgb(0x77, 0x77, 0x77), white) - 4.48).abs() < 0.01);
    }

    #[test]
    fn ensure_reaches_the_minimum_with_the_least_change() {
        let white = Rgb(255, 255, 255);
        let tint = Rgb(0xfb, 0xe3, 0xe6);
        let yellow = Rgb(0xff, 0xcc, 0x00);
        let fixed = ensure(yellow, &[white, tint], AA);
        assert!(contrast(fixed, white) >= AA && contrast(fixed, tint) >= AA);
        assert!(contrast(mix(yellow, Rgb(0, 0, 0), 0.0), white) < AA);
        // a colour that passes is kept
        let red = Rgb(0xc8, 0x10, 0x2e);
        assert_eq!(ensure(red, &[white], AA), red);
    }
}
