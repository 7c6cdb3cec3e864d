//! A budget shared by the jobs of `clean --out`: units (bytes of input, pieces
//! being cleaned) taken before the work and given back after it, so that
//! several large files on several threads together stay within what one of
//! them alone may hold (issue 19).
//!
//! Waiting happens on the jobs' own threads, never on a rayon worker: a worker
//! that waits could be the one a holder's parallel work needs (a worker waiting
//! for its stolen tasks may pick up another job and block in it).

use std::sync::{Condvar, Mutex};

/// A counting semaphore of `total` units.
#[derive(Debug)]
pub struct Budget {
    total: usize,
    free: Mutex<usize>,
    freed: Condvar,
}

/// Units taken from a [`Budget`], given back when dropped.
#[derive(Debug)]
pub struct Taken<'a> {
    budget: &'a Budget,
    units: usize,
}

impl Taken<'_> {
    /// How many units were taken.
    pub fn units(&self) -> usize {
        self.units
    }
}

impl Drop for Taken<'_> {
    fn drop(&mut self) {
        let mut free = self.budget.lock();
        *free += self.units;
        self.budget.freed.notify_all();
    }
}

impl Budget {
    /// A budget of `total` units (at least one).
    pub fn new(total: usize) -> Budget {
        let total = total.max(1);
        Budget {
            total,
            free: Mutex::new(total),
            freed: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, usize> {
        self.free.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes `units` (at most the whole budget: a need larger than it waits
    /// for the whole budget, and then goes alone), waiting until they are free.
    pub fn take(&self, units: usize) -> Taken<'_> {
        let units = units.clamp(1, self.total);
        let mut free = self.lock();
        while *free < units {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= units;
        Taken {
            budget: self,
            units,
        }
    }

    /// Takes as many units as are free, at most `most` and at least one,
    /// waiting until one is free.
    pub fn take_up_to(&self, most: usize) -> Taken<'_> {
        let mut free = self.lock();
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        let units = most.clamp(1, *free);
        *free -= units;
        Taken {
            budget: self,
            units,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_given_back_and_shared() {
        let budget = Budget::new(10);
        let a = budget.take(7);
        let b = budget.take_up_to(5);
        assert_eq!((a.units(), b.units()), (7, 3));
        drop(b);
        // A need larger than the budget takes all of it.
        drop(a);
        let all = budget.take(100);
        assert_eq!(all.units(), 10);
        drop(all);
        assert_eq!(*budget.lock(), 10);
    }

    #[test]
    fn a_taker_waits_for_units_to_be_given_back() {
        let budget = Budget::new(4);
        let held = budget.take(4);
        let order = Mutex::new(Vec::new());
        std::thread::scope(|s| {
            s.spawn(|| {
                let got = budget.take(3);
                order.lock().unwrap().push("taken");
                drop(got);
            });
            std::thread::sleep(std::time::Duration::from_millis(50));
            order.lock().unwrap().push("given back");
            drop(held);
        });
        assert_eq!(*order.lock().unwrap(), ["given back", "taken"]);
    }
}
