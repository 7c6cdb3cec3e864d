//! Work shared out on the caller's rayon thread pool (the global one unless
//! the caller installs its own) with the feature `parallel`, done in order on
//! the calling thread without it. Either way the results are the same.
//!
//! Only texts of up to [`MAX_TEXT`] bytes are shared out: each thread of the
//! pool allocates from its own memory arena, and a large document's memory
//! spread over several arenas costs more than the time saved (a large input is
//! best cleaned in pieces, [`Cleaner::clean_pieces`](crate::Cleaner::clean_pieces),
//! which `zhdoc clean --out` cleans on all cores).

/// The shortest text whose cleaning is shared out between threads, in bytes:
/// below it handing work over costs more than it saves.
#[cfg_attr(not(feature = "parallel"), allow(dead_code))]
pub(crate) const MIN_TEXT: usize = 4 << 10;

/// The longest text whose cleaning is shared out between threads, in bytes.
#[cfg_attr(not(feature = "parallel"), allow(dead_code))]
pub(crate) const MAX_TEXT: usize = 1 << 20;

/// How many threads may share the work on a text of `len` bytes.
#[inline]
pub(crate) fn threads(len: usize) -> usize {
    #[cfg(feature = "parallel")]
    if (MIN_TEXT..=MAX_TEXT).contains(&len) {
        return rayon::current_num_threads();
    }
    let _ = len;
    1
}

/// `f` of each item, in order; on several threads when `share`.
pub(crate) fn map<P: Sync, T: Send>(
    items: &[P],
    share: bool,
    f: impl Fn(&P) -> T + Sync + Send,
) -> Vec<T> {
    #[cfg(feature = "parallel")]
    if share && items.len() > 1 {
        use rayon::prelude::*;
        return items.par_iter().map(f).collect();
    }
    let _ = share;
    items.iter().map(f).collect()
}

/// `a()` and `b()`; side by side when `share`.
pub(crate) fn join<A: Send, B: Send>(
    share: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    #[cfg(feature = "parallel")]
    if share {
        return rayon::join(a, b);
    }
    let _ = share;
    (a(), b())
}
