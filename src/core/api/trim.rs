//! The opt-in sliding window: which messages to drop so a conversation fits a token
//! target. Drops the oldest messages first, never a system/developer or pinned message,
//! never the latest message, never a tool call without its results (they go together),
//! and, where the API demands it, never leaves an assistant message first.
//! Pure: indices and counts in, indices to keep out; the API modules rebuild the body.

/// One message as trimming sees it.
#[derive(Debug, Clone)]
pub struct Item {
    pub tokens: u64,
    /// System/developer or pinned: never dropped.
    pub keep: bool,
    pub assistant: bool,
    /// Part of the unit started by the previous item (a tool result after its call).
    pub joins_previous: bool,
}

/// The indices to keep, or `None` when nothing needs to (or can) be dropped. `fixed` is
/// the tokens outside the messages (tools, framing) that always stay.
pub fn plan(items: &[Item], fixed: u64, target: u64, first_must_be_user: bool) -> Option<Vec<usize>> {
    let total: u64 = fixed + items.iter().map(|i| i.tokens).sum::<u64>();
    if total <= target || items.len() < 2 {
        return None;
    }
    // Units: an item plus the items that join it.
    let mut units: Vec<Vec<usize>> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match units.last_mut() {
            Some(unit) if item.joins_previous => unit.push(i),
            _ => units.push(vec![i]),
        }
    }
    let last_unit = units.len().saturating_sub(1);
    let mut dropped = vec![false; items.len()];
    let mut remaining = total;
    for (u, unit) in units.iter().enumerate() {
        if remaining <= target || u == last_unit {
            break;
        }
        if unit.iter().any(|i| items.get(*i).is_some_and(|it| it.keep)) {
            continue;
        }
        for i in unit {
            if let (Some(d), Some(it)) = (dropped.get_mut(*i), items.get(*i)) {
                *d = true;
                remaining = remaining.saturating_sub(it.tokens);
            }
        }
    }
    if first_must_be_user {
        // After trimming, the first kept non-system message must be a user message.
        for (u, unit) in units.iter().enumerate() {
            let Some(first) = unit.iter().find(|i| !dropped.get(**i).copied().unwrap_or(true)) else {
                continue;
            };
            let Some(item) = items.get(*first) else { break };
            if item.keep && !item.assistant {
                continue; // a system-like item
            }
            if item.assistant && !item.keep && u != last_unit {
                for i in unit {
                    if let Some(d) = dropped.get_mut(*i) {
                        *d = true;
                    }
                }
                continue;
            }
            break;
        }
    }
    let keep: Vec<usize> = (0..items.len())
        .filter(|i| !dropped.get(*i).copied().unwrap_or(false))
        .collect();
    (keep.len() < items.len()).then_some(keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(tokens: u64, keep: bool, assistant: bool, joins: bool) -> Item {
        Item {
            tokens,
            keep,
            assistant,
            joins_previous: joins,
        }
    }

    #[test]
    fn oldest_first_keeping_system_pins_and_tool_pairs() {
        let items = [
            item(10, true, false, false),   // 0 system
            item(100, false, false, false), // 1 user
            item(100, false, true, false),  // 2 assistant tool call
            item(100, false, false, true),  // 3 its tool result
            item(100, true, false, false),  // 4 pinned user
            item(100, false, true, false),  // 5 assistant
            item(50, false, false, false),  // 6 latest user
        ];
        // 560 total; target 300: drop 1 (460), then 2+3 together (260).
        assert_eq!(plan(&items, 0, 300, false), Some(vec![0, 4, 5, 6]));
        assert_eq!(plan(&items, 0, 1000, false), None);
        // Never the latest message, even if the target cannot be met.
        assert_eq!(plan(&items, 0, 10, false), Some(vec![0, 4, 6]));
    }

    #[test]
    fn anthropic_never_starts_with_an_assistant_message() {
        let items = [
            item(100, false, false, false),
            item(100, false, true, false),
            item(100, false, false, false),
            item(10, false, true, false),
            item(10, false, false, false),
        ];
        // Dropping the first user message alone would leave the assistant first.
        assert_eq!(plan(&items, 0, 250, true), Some(vec![2, 3, 4]));
    }
}
