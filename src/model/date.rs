//! Calendar dates and Unix time: the one conversion between them, both ways
//! (Howard Hinnant's `days_from_civil` and `civil_from_days`), in UTC.

/// A civil date and time in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    /// Year (proleptic Gregorian).
    pub year: i64,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
    /// Hour, 0–23.
    pub hour: u32,
    /// Minute, 0–59.
    pub minute: u32,
    /// Second, 0–59.
    pub second: u32,
}

impl DateTime {
    /// Midnight (UTC) at the start of a calendar date `(year, month, day)`.
    pub fn midnight((year, month, day): (u16, u8, u8)) -> DateTime {
        DateTime {
            year: year.into(),
            month: month.into(),
            day: day.into(),
            hour: 0,
            minute: 0,
            second: 0,
        }
    }

    /// Seconds since 1970-01-01 00:00 UTC.
    pub fn unix(&self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = if m <= 2 { self.year - 1 } else { self.year };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    /// The UTC date and time of a Unix timestamp.
    pub fn from_unix(secs: i64) -> DateTime {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400) as u32;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        DateTime {
            year,
            month,
            day,
            hour: rem / 3600,
            minute: rem / 60 % 60,
            second: rem % 60,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(DateTime::midnight((1970, 1, 1)).unix(), 0);
        assert_eq!(DateTime::midnight((2024, 12, 1)).unix(), 20058 * 86_400);
    }

    #[test]
    fn round_trip() {
        for secs in [0, 951_782_400, 1_733_011_199, 4_102_444_800, -86_400] {
            assert_eq!(DateTime::from_unix(secs).unix(), secs);
        }
        let d = DateTime::from_unix(1_733_011_199);
        assert_eq!((d.year, d.month, d.day), (2024, 11, 30));
        assert_eq!((d.hour, d.minute, d.second), (23, 59, 59));
    }
}
