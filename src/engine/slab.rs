//! A slab: a `Vec` of slots with a free list, so that storage follows the number of items
//! alive at once (contacts in the system), never the number ever created.

/// A handle to an item in a [`Slab`]: its slot and the generation of that slot when the item
/// was inserted. A key whose item has been removed no longer resolves, even after the slot is
/// reused, which is what makes lazy cancellation of timers safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SlabKey {
    slot: u32,
    generation: u32,
}

#[derive(Debug)]
struct Slot<T> {
    generation: u32,
    item: Option<T>,
}

/// Storage of items with stable keys and slot reuse.
#[derive(Debug)]
pub struct Slab<T> {
    slots: Vec<Slot<T>>,
    free: Vec<u32>,
    len: usize,
}

impl<T> Default for Slab<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Slab<T> {
    /// An empty slab.
    pub fn new() -> Self {
        Self {
            slots: Vec::new(),
            free: Vec::new(),
            len: 0,
        }
    }

    /// Stores `item` and returns its key, reusing a free slot when there is one.
    pub fn insert(&mut self, item: T) -> SlabKey {
        self.len += 1;
        if let Some(slot) = self.free.pop() {
            let s = &mut self.slots[slot as usize];
            s.generation = s.generation.wrapping_add(1);
            s.item = Some(item);
            SlabKey {
                slot,
                generation: s.generation,
            }
        } else {
            let slot = u32::try_from(self.slots.len()).expect("more than 2^32 items alive at once");
            self.slots.push(Slot {
                generation: 0,
                item: Some(item),
            });
            SlabKey {
                slot,
                generation: 0,
            }
        }
    }

    /// The item behind `key`, or `None` if it was removed.
    pub fn get(&self, key: SlabKey) -> Option<&T> {
        let s = self.slots.get(key.slot as usize)?;
        if s.generation == key.generation {
            s.item.as_ref()
        } else {
            None
        }
    }

    /// The item behind `key`, mutably, or `None` if it was removed.
    pub fn get_mut(&mut self, key: SlabKey) -> Option<&mut T> {
        let s = self.slots.get_mut(key.slot as usize)?;
        if s.generation == key.generation {
            s.item.as_mut()
        } else {
            None
        }
    }

    /// Removes and returns the item behind `key`, freeing its slot.
    pub fn remove(&mut self, key: SlabKey) -> Option<T> {
        let s = self.slots.get_mut(key.slot as usize)?;
        if s.generation != key.generation {
            return None;
        }
        let item = s.item.take()?;
        self.free.push(key.slot);
        self.len -= 1;
        Some(item)
    }

    /// Number of items stored now.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the slab holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of slots ever allocated: the high-water mark of items alive at once.
    pub fn capacity_used(&self) -> usize {
        self.slots.len()
    }

    /// Iterates over the items stored now.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.slots.iter().filter_map(|s| s.item.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_reused_and_stale_keys_do_not_resolve() {
        let mut slab = Slab::new();
        let a = slab.insert("a");
        let b = slab.insert("b");
        assert_eq!(slab.remove(a), Some("a"));
        let c = slab.insert("c");
        assert_eq!(slab.capacity_used(), 2, "the slot of `a` is reused");
        assert_eq!(slab.get(a), None, "a stale key must not see the new item");
        assert_eq!(slab.get(c), Some(&"c"));
        assert_eq!(slab.get(b), Some(&"b"));
        assert_eq!(slab.remove(a), None);
        assert_eq!(slab.len(), 2);
    }

    #[test]
    fn storage_follows_items_alive_not_items_created() {
        let mut slab = Slab::new();
        for i in 0..100_000 {
            let k = slab.insert(i);
            if i % 2 == 1 {
                slab.remove(k);
            }
            // keep at most ~3 alive: remove the even ones lazily
            if slab.len() > 3 {
                let first = slab.slots.iter().position(|s| s.item.is_some()).unwrap();
                let key = SlabKey {
                    slot: first as u32,
                    generation: slab.slots[first].generation,
                };
                slab.remove(key);
            }
        }
        assert!(slab.capacity_used() <= 5, "{}", slab.capacity_used());
    }
}
