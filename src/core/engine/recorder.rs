//! `Recorder`: an in-memory `Metrics` sink that keeps everything the core reports
//! (counters, labelled metrics, alerts, the request's attribution) — the fake of the
//! host's metrics, as `MemStore` is the fake of its shared store, for native tests and
//! the command line's simulator. It only records; it must not interpret what it keeps.

use std::cell::RefCell;
use std::collections::HashMap;

use super::host::{Metric, Metrics};
use crate::observe::{Alert, LabeledMetric};

/// One labelled metric as reported, with its labels owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labeled {
    pub name: &'static str,
    pub labels: Vec<(&'static str, String)>,
    pub delta: i64,
    pub gauge: bool,
}

impl Labeled {
    /// The value of one label, if the metric carries it.
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }
}

/// Everything reported since the recorder was created or last taken.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recorded {
    pub counters: HashMap<Metric, u64>,
    pub labeled: Vec<Labeled>,
    pub alerts: Vec<Alert>,
    pub attributes: Vec<(&'static str, String)>,
}

/// A `Metrics` sink that records what it is told (single-threaded, like a VM).
#[derive(Debug, Default)]
pub struct Recorder(RefCell<Recorded>);

impl Recorder {
    pub fn new() -> Recorder {
        Recorder::default()
    }

    /// The sum of every increment of one counter (0 if never reported).
    pub fn count(&self, metric: Metric) -> u64 {
        self.0.borrow().counters.get(&metric).copied().unwrap_or(0)
    }

    /// Every report of one labelled metric, in order.
    pub fn labeled_named(&self, name: &str) -> Vec<Labeled> {
        self.0
            .borrow()
            .labeled
            .iter()
            .filter(|l| l.name == name)
            .cloned()
            .collect()
    }

    /// Every alert raised, in order.
    pub fn alerts(&self) -> Vec<Alert> {
        self.0.borrow().alerts.clone()
    }

    /// Every attribution field reported, in order.
    pub fn attributes(&self) -> Vec<(&'static str, String)> {
        self.0.borrow().attributes.clone()
    }

    /// A copy of everything recorded so far.
    pub fn recorded(&self) -> Recorded {
        self.0.borrow().clone()
    }

    /// Everything recorded so far; the recorder starts empty again.
    pub fn take(&self) -> Recorded {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

impl Metrics for Recorder {
    fn add(&self, metric: Metric, value: u64) {
        let mut r = self.0.borrow_mut();
        let slot = r.counters.entry(metric).or_default();
        *slot = slot.saturating_add(value);
    }

    fn labeled(&self, m: &LabeledMetric) {
        let labels = m.labels.iter().map(|(k, v)| (*k, (*v).to_string())).collect();
        self.0.borrow_mut().labeled.push(Labeled {
            name: m.name,
            labels,
            delta: m.delta,
            gauge: m.gauge,
        });
    }

    fn alert(&self, alert: &Alert) {
        self.0.borrow_mut().alerts.push(alert.clone());
    }

    fn attribute(&self, field: &'static str, value: &str) {
        self.0.borrow_mut().attributes.push((field, value.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_what_it_is_told() {
        let r = Recorder::new();
        r.add(Metric::RequestsAllowed, 2);
        r.add(Metric::RequestsAllowed, 3);
        r.add(Metric::OutputTokens, u64::MAX);
        r.add(Metric::OutputTokens, 1);
        r.labeled(&LabeledMetric {
            name: "m",
            labels: &[("user", "alice")],
            delta: -1,
            gauge: true,
        });
        r.attribute("user", "alice");
        assert_eq!(r.count(Metric::RequestsAllowed), 5);
        assert_eq!(r.count(Metric::OutputTokens), u64::MAX);
        assert_eq!(r.count(Metric::RequestsRejected), 0);
        assert_eq!(r.labeled_named("other"), vec![]);
        assert_eq!(r.labeled_named("m").len(), 1);
        let taken = r.take();
        assert_eq!(taken.labeled[0].label("user"), Some("alice"));
        assert_eq!((taken.labeled[0].delta, taken.labeled[0].gauge), (-1, true));
        assert_eq!(taken.attributes, vec![("user", "alice".to_string())]);
        assert_eq!(r.recorded(), Recorded::default());
    }
}
