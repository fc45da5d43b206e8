//! Memos of pure functions by the exact bytes of their input, kept across
//! builds by `brochure watch` and swept of what a build did not use.
//!
//! Every stage that keeps work between a watcher's builds uses one: the
//! source's image checks, the text engine's typeset paragraphs, the
//! reading-order guard's page checks, the PDF's compressed streams. Keys
//! are the exact bytes of the input, not hashes of them: a hit is always the
//! same input, so a build with a memo writes the same bytes as one without.
//! Written by hand: a map behind a mutex and a generation counter do what a
//! caching crate would, in sixty lines.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How often a memo was asked, and how often it had the answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Answers found in the memo.
    pub hits: usize,
    /// Answers computed anew (and kept).
    pub misses: usize,
    /// Answers the memo holds.
    pub entries: usize,
}

/// One kept value and the generation that last used it.
#[derive(Debug)]
struct Entry<V> {
    value: V,
    used: u64,
}

#[derive(Debug)]
struct Inner<V> {
    map: FxHashMap<Box<[u8]>, Entry<V>>,
    generation: u64,
}

/// Values of a pure function by the exact bytes of its input, kept across
/// builds and swept of what a build did not use; shared by threads. The
/// paragraph cache here and the layout's reading-order guard use it.
#[derive(Debug)]
pub(crate) struct Memo<V> {
    inner: Mutex<Inner<V>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
    /// Most values kept; beyond it, values are computed without being kept.
    cap: usize,
}

impl<V: Clone> Memo<V> {
    /// An empty memo keeping at most `cap` values.
    pub(crate) fn new(cap: usize) -> Memo<V> {
        Memo {
            inner: Mutex::new(Inner {
                map: FxHashMap::default(),
                generation: 0,
            }),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
            cap,
        }
    }

    /// The kept value of `key`, if any (and marks it used).
    pub(crate) fn get(&self, key: &[u8]) -> Option<V> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let generation = inner.generation;
        let found = inner.map.get_mut(key).map(|e| {
            e.used = generation;
            e.value.clone()
        });
        drop(inner);
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// The kept value of `key`, if any, without counting or marking it as
    /// used: for work done ahead on another thread, which the build's own
    /// use then counts.
    pub(crate) fn peek(&self, key: &[u8]) -> Option<V> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.map.get(key).map(|e| e.value.clone())
    }

    /// Keeps the value of `key`.
    pub(crate) fn put(&self, key: Box<[u8]>, value: V) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.map.len() < self.cap {
            let used = inner.generation;
            inner.map.insert(key, Entry { value, used });
        }
    }

    /// Ends a build: drops the values it did not use, then starts counting
    /// the next build's hits and misses.
    pub(crate) fn sweep(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let generation = inner.generation;
        inner.map.retain(|_, e| e.used == generation);
        inner.generation += 1;
        self.hits.store(0, Ordering::Relaxed);
        self.misses.store(0, Ordering::Relaxed);
    }

    /// Drops every value: a build that will not ask again frees them.
    pub(crate) fn clear(&self) {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .map
            .clear();
    }

    /// Hits and misses since the last [`sweep`](Self::sweep), and the size.
    pub(crate) fn stats(&self) -> CacheStats {
        let entries = self
            .inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .map
            .len();
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries,
        }
    }
}

/// A fast, deterministic hasher for memo tables (FxHash, as in rustc):
/// many of their keys are short words, for which SipHash would cost more
/// than the lookup saves. Not resistant to crafted collisions, which do not
/// matter for a document's own text.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub(crate) type FxHashMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;
