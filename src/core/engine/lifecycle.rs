//! The start of a counter store's life: the first VM of an Envoy process to start finds
//! the shared data empty and says so once, at warn level — budget counters live in that
//! process's memory, so a restart forgets the spend recorded before it.
//! Pure: reads and writes only through the `SharedStore` trait; time comes in as `now`.

use super::Engine;
use crate::store::{CAS_CREATE, SharedStore, StoreError};
use crate::windows;

const STARTED_KEY: &str = "tollgate/v1/started";

impl Engine {
    /// Marks the store as started; returns the warning to log if this call found it
    /// empty (exactly one VM of a process gets it).
    pub fn note_start(&self, store: &dyn SharedStore, now: u64) -> Option<String> {
        match store.get(STARTED_KEY) {
            Ok((Some(_), _)) => return None,
            Ok((None, _)) => {}
            Err(e) => return Some(format!("tollgate: budget counters are unreadable at start: {e}")),
        }
        match store.set(STARTED_KEY, now.to_string().as_bytes(), Some(CAS_CREATE)) {
            Ok(()) => Some(format!(
                "tollgate: budget counters start empty at {}: spend recorded before this Envoy process started \
                 (before a restart) is not counted; windows already under way start again from zero",
                windows::rfc3339(now)
            )),
            Err(StoreError::CasMismatch) => None,
            Err(e) => Some(format!("tollgate: budget counters are unwritable at start: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Policy;
    use crate::engine::Engine;
    use crate::store::MemStore;

    #[test]
    fn only_the_first_start_of_a_store_warns() {
        let Ok(policy) = Policy::from_json("{}") else {
            unreachable!()
        };
        let engine = Engine::new(policy);
        let store = MemStore::new();
        let first = engine.note_start(&store, 1_796_000_000);
        assert!(first.is_some_and(|m| m.contains("start empty")));
        assert_eq!(engine.note_start(&store, 1_796_000_001), None);
        // A new process: a new, empty store.
        assert!(engine.note_start(&MemStore::new(), 1_796_000_002).is_some());
    }
}
