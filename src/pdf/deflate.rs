//! Flate compression of the file's streams, and the memo that lets a
//! watcher's rebuild skip it for the streams an edit did not change.
//!
//! Every stream is compressed on its own with zlib's default level (flate2
//! on the `zlib-rs` backend, twice as fast as miniz_oxide here for the
//! same size within 1 %), so its bytes depend only on its content: the
//! same in every build, on any number of threads, with or without the memo.
//! A [`StreamMemo`] keeps the compressed bytes of each stream by its exact
//! uncompressed bytes (not a hash: a hit is always the same input); after a
//! one-paragraph edit most pages, the fonts and most object streams are the
//! same as in the build before, and are not compressed again.

use std::sync::Arc;

use crate::memo::{CacheStats, Memo};

/// Most streams a [`StreamMemo`] keeps.
const MAX_STREAMS: usize = 20_000;

/// Compressed streams by their uncompressed bytes, kept by `brochure watch`
/// from one build to the next; see the module docs.
#[derive(Debug)]
pub struct StreamMemo(Memo<Arc<[u8]>>);

impl Default for StreamMemo {
    fn default() -> StreamMemo {
        StreamMemo(Memo::new(MAX_STREAMS))
    }
}

impl StreamMemo {
    /// Ends a build: drops the streams it did not use, then starts counting
    /// the next build's hits and misses.
    pub fn sweep(&self) {
        self.0.sweep();
    }

    /// Hits and misses since the last [`sweep`](Self::sweep), and the size.
    pub fn stats(&self) -> CacheStats {
        self.0.stats()
    }
}

/// A zlib compressor, reused from stream to stream (setting one up costs
/// more than compressing most small streams), consulting a memo if given.
pub(crate) struct Deflater<'m> {
    z: flate2::Compress,
    memo: Option<&'m StreamMemo>,
}

impl<'m> Deflater<'m> {
    /// A compressor at zlib's default level.
    pub(crate) fn new(memo: Option<&'m StreamMemo>) -> Deflater<'m> {
        Deflater {
            z: flate2::Compress::new(flate2::Compression::default(), true),
            memo,
        }
    }

    /// `data` in zlib format, as a fresh `ZlibEncoder` would write it
    /// (copied into the memo or out of it only when there is one).
    pub(crate) fn zlib(&mut self, data: &[u8]) -> Vec<u8> {
        let Some(memo) = self.memo else {
            return self.compress(data);
        };
        if let Some(hit) = memo.0.get(data) {
            return hit.to_vec();
        }
        let packed = self.compress(data);
        memo.0.put(Box::from(data), Arc::from(packed.as_slice()));
        packed
    }

    fn compress(&mut self, data: &[u8]) -> Vec<u8> {
        self.z.reset();
        let mut packed = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let read = usize::try_from(self.z.total_in()).unwrap_or(usize::MAX);
            let rest = data.get(read..).unwrap_or_default();
            match self
                .z
                .compress_vec(rest, &mut packed, flate2::FlushCompress::Finish)
            {
                Ok(flate2::Status::StreamEnd) => break,
                Ok(_) => packed.reserve(packed.capacity().max(64)),
                Err(_) => unreachable!("deflate into a growing buffer does not fail"),
            }
        }
        packed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_memo_gives_the_same_bytes_and_counts_its_hits() {
        let data: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
        let plain = Deflater::new(None).zlib(&data);
        let memo = StreamMemo::default();
        let mut kept = Deflater::new(Some(&memo));
        assert_eq!(kept.zlib(&data), plain);
        assert_eq!(kept.zlib(&data), plain);
        let s = memo.stats();
        assert_eq!((s.hits, s.misses, s.entries), (1, 1, 1));
        let mut back = Vec::new();
        flate2::read::ZlibDecoder::new(&plain[..])
            .read_to_end(&mut back)
            .expect("zlib");
        assert_eq!(back, data);
        // a build that does not use a stream drops it at the next sweep
        memo.sweep();
        memo.sweep();
        assert_eq!(memo.stats().entries, 0);
    }
}
