//! The replay's report: sums the per-request outcomes per budget, feature, user and model,
//! lists the guard terminations, compares with a baseline, and renders a terminal table,
//! JSON, or an HTML page with an SVG chart of spend over time against each budget's
//! limit. Pure arithmetic on outcomes: no policy decisions, no I/O.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use serde::Serialize;
use serde_json::Value;
use tollgate_core::money::format_nanos_usd;

use crate::sim::{Decision, Outcome, Point};

/// Counts of one group of requests.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Row {
    pub requests: u64,
    pub admitted: u64,
    pub warned: u64,
    pub rejected: u64,
    pub passed: u64,
    pub rerouted: u64,
    pub trimmed: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cost_nanos: u64,
    pub cost_usd: String,
}

impl Row {
    fn add(&mut self, o: &Outcome) {
        self.requests += 1;
        match o.decision {
            Decision::Admitted => self.admitted += 1,
            Decision::Warned => self.warned += 1,
            Decision::Rejected => self.rejected += 1,
            Decision::Passed => self.passed += 1,
        }
        self.rerouted += u64::from(o.rerouted);
        self.trimmed += u64::from(o.trimmed);
        self.input_tokens += o.input_tokens;
        self.output_tokens += o.output_tokens;
        self.cost_nanos += o.cost_nanos;
        self.cost_usd = format_nanos_usd(self.cost_nanos);
    }
}

/// A session a guard stopped.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Termination {
    /// The session, when the guard knew it (a spend breaker stops before sessions).
    pub session: Option<String>,
    /// The session's request number (1-based) the guard refused.
    pub turn: Option<u64>,
    /// The request's number (1-based) in the replay's timestamp order.
    pub request: u64,
    pub code: String,
    pub rule: Option<String>,
    pub ts: u64,
    pub user: Option<String>,
    pub at: String,
}

/// A budget's spend over time and its limit.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub budget: String,
    pub key: String,
    pub unit: &'static str,
    pub limit: u64,
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub totals: Row,
    pub by_budget: BTreeMap<String, Row>,
    pub by_feature: BTreeMap<String, Row>,
    /// The top users by cost.
    pub by_user: Vec<(String, Row)>,
    pub by_model: BTreeMap<String, Row>,
    pub terminations: Vec<Termination>,
    /// Requests settled from the provider's recorded usage (the rest: the estimate).
    pub settled_from_recorded_usage: u64,
    pub bad_lines: u64,
    pub notes: Vec<String>,
    pub series: Vec<Series>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Box<Report>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<Value>,
}

/// Sums outcomes into a report (series and notes are added by the caller).
pub fn summarise(outcomes: &[Outcome], top: usize) -> Report {
    let mut totals = Row::default();
    let mut by_budget: BTreeMap<String, Row> = BTreeMap::new();
    let mut by_feature: BTreeMap<String, Row> = BTreeMap::new();
    let mut by_user: HashMap<String, Row> = HashMap::new();
    let mut by_model: BTreeMap<String, Row> = BTreeMap::new();
    let mut turns: HashMap<String, u64> = HashMap::new();
    let mut terminations = Vec::new();
    let mut recorded = 0;
    let mut stopped: Vec<String> = Vec::new();
    for (i, o) in outcomes.iter().enumerate() {
        totals.add(o);
        recorded += u64::from(o.recorded_usage && o.decision != Decision::Rejected);
        let mut budgets: Vec<&str> = o.budgets.iter().map(|(b, _)| b.as_str()).collect();
        if o.decision == Decision::Rejected && o.reason == "budget_exceeded" {
            if let Some(rule) = &o.rule {
                budgets.push(rule);
            }
        }
        budgets.sort_unstable();
        budgets.dedup();
        for b in budgets {
            by_budget.entry(b.to_string()).or_default().add(o);
        }
        by_feature
            .entry(o.feature.clone().unwrap_or_else(|| "(none)".into()))
            .or_default()
            .add(o);
        by_user
            .entry(o.user.clone().unwrap_or_else(|| "(none)".into()))
            .or_default()
            .add(o);
        by_model.entry(o.model.clone()).or_default().add(o);
        let turn = o.session.as_ref().map(|session| {
            let turn = turns.entry(session.clone()).or_default();
            *turn += 1;
            *turn
        });
        if let Some(code) = o.guard() {
            // One termination per session (or, without one, per detector and feature).
            let who = o.session.clone().unwrap_or_else(|| {
                format!(
                    "{}/{}",
                    o.rule.as_deref().unwrap_or(code),
                    o.feature.as_deref().unwrap_or("-")
                )
            });
            if !stopped.contains(&who) {
                stopped.push(who);
                terminations.push(Termination {
                    session: o.session.clone(),
                    turn,
                    request: i as u64 + 1,
                    code: code.to_string(),
                    rule: o.rule.clone(),
                    ts: o.ts,
                    user: o.user.clone(),
                    at: format!("{}:{}", o.source, o.line),
                });
            }
        }
    }
    let mut users: Vec<(String, Row)> = by_user.into_iter().collect();
    users.sort_by(|a, b| b.1.cost_nanos.cmp(&a.1.cost_nanos).then_with(|| a.0.cmp(&b.0)));
    users.truncate(top);
    totals.cost_usd = format_nanos_usd(totals.cost_nanos);
    Report {
        totals,
        by_budget,
        by_feature,
        by_user: users,
        by_model,
        terminations,
        settled_from_recorded_usage: recorded,
        bad_lines: 0,
        notes: Vec::new(),
        series: Vec::new(),
        baseline: None,
        difference: None,
    }
}

fn signed(new: u64, old: u64) -> i128 {
    i128::from(new) - i128::from(old)
}

fn signed_usd(nanos: i128) -> String {
    let sign = if nanos < 0 { "-" } else { "+" };
    format!(
        "{sign}{}",
        format_nanos_usd(u64::try_from(nanos.unsigned_abs()).unwrap_or(u64::MAX))
    )
}

/// Attaches a baseline and the difference new − baseline.
pub fn with_baseline(mut report: Report, baseline: Report) -> Report {
    let (n, o) = (&report.totals, &baseline.totals);
    let new_sessions: Vec<&str> = report
        .terminations
        .iter()
        .filter_map(|t| t.session.as_deref())
        .collect();
    let old_sessions: Vec<&str> = baseline
        .terminations
        .iter()
        .filter_map(|t| t.session.as_deref())
        .collect();
    report.difference = Some(serde_json::json!({
        "admitted": signed(n.admitted, o.admitted),
        "warned": signed(n.warned, o.warned),
        "rejected": signed(n.rejected, o.rejected),
        "rerouted": signed(n.rerouted, o.rerouted),
        "trimmed": signed(n.trimmed, o.trimmed),
        "input_tokens": signed(n.input_tokens, o.input_tokens),
        "output_tokens": signed(n.output_tokens, o.output_tokens),
        "cost_nanos": signed(n.cost_nanos, o.cost_nanos),
        "cost_usd": signed_usd(signed(n.cost_nanos, o.cost_nanos)),
        "sessions_stopped_only_by_new": new_sessions.iter().filter(|s| !old_sessions.contains(s)).collect::<Vec<_>>(),
        "sessions_stopped_only_by_baseline": old_sessions.iter().filter(|s| !new_sessions.contains(s)).collect::<Vec<_>>(),
    }));
    report.baseline = Some(Box::new(baseline));
    report
}

fn table(out: &mut String, title: &str, rows: &[(String, &Row)]) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}");
    let _ = writeln!(
        out,
        "  {:<28} {:>8} {:>8} {:>7} {:>8} {:>8} {:>7} {:>11} {:>10} {:>14}",
        "", "requests", "admitted", "warned", "rejected", "rerouted", "trimmed", "in tokens", "out tokens", "cost USD"
    );
    for (name, r) in rows {
        let name: String = name.chars().take(28).collect();
        let _ = writeln!(
            out,
            "  {:<28} {:>8} {:>8} {:>7} {:>8} {:>8} {:>7} {:>11} {:>10} {:>14}",
            name,
            r.requests,
            r.admitted,
            r.warned,
            r.rejected,
            r.rerouted,
            r.trimmed,
            r.input_tokens,
            r.output_tokens,
            format_nanos_usd(r.cost_nanos)
        );
    }
}

/// The terminal table.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    table(&mut out, "Total", &[("all requests".to_string(), &report.totals)]);
    fn rows(m: &BTreeMap<String, Row>) -> Vec<(String, &Row)> {
        m.iter().map(|(k, v)| (k.clone(), v)).collect()
    }
    table(&mut out, "Per budget", &rows(&report.by_budget));
    table(&mut out, "Per feature", &rows(&report.by_feature));
    let users: Vec<(String, &Row)> = report.by_user.iter().map(|(k, v)| (k.clone(), v)).collect();
    table(&mut out, "Top users (by cost)", &users);
    table(&mut out, "Per model (requested)", &rows(&report.by_model));
    let _ = writeln!(out, "\nGuard terminations: {}", report.terminations.len());
    for t in &report.terminations {
        let _ = writeln!(
            out,
            "  session {} stopped at turn {} (request {}) by {} ({}) at {}",
            t.session.as_deref().unwrap_or("(none)"),
            t.turn.map_or_else(|| "-".to_string(), |n| n.to_string()),
            t.request,
            t.code,
            t.rule.as_deref().unwrap_or("-"),
            t.at
        );
    }
    let _ = writeln!(
        out,
        "\nSettled from recorded usage: {} of {} admitted (the rest: the estimate)",
        report.settled_from_recorded_usage,
        report.totals.admitted + report.totals.warned
    );
    if report.bad_lines > 0 {
        let _ = writeln!(out, "Bad traffic lines skipped: {}", report.bad_lines);
    }
    if let (Some(d), Some(b)) = (&report.difference, &report.baseline) {
        let _ = writeln!(out, "\nAgainst the baseline (new − baseline):");
        for k in [
            "admitted",
            "warned",
            "rejected",
            "rerouted",
            "trimmed",
            "input_tokens",
            "output_tokens",
        ] {
            let _ = writeln!(out, "  {k:<14} {:>+10}", d.get(k).and_then(Value::as_i64).unwrap_or(0));
        }
        let _ = writeln!(
            out,
            "  {:<14} {:>10}  (baseline {} USD)",
            "cost USD",
            d.get("cost_usd").and_then(Value::as_str).unwrap_or(""),
            b.totals.cost_usd
        );
        for (k, label) in [
            ("sessions_stopped_only_by_new", "stopped only by the new policy"),
            ("sessions_stopped_only_by_baseline", "stopped only by the baseline"),
        ] {
            if let Some(list) = d.get(k).and_then(Value::as_array).filter(|l| !l.is_empty()) {
                let names: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
                let _ = writeln!(out, "  {label}: {}", names.join(", "));
            }
        }
    }
    for n in &report.notes {
        let _ = writeln!(out, "\nNote: {n}");
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn amount(unit: &str, v: u64) -> String {
    if unit == "usd" {
        format!("${}", format_nanos_usd(v))
    } else {
        format!("{v} tokens")
    }
}

/// One SVG chart: a budget key's in-window spend over time, and the limit as a line.
pub fn svg(s: &Series) -> String {
    let (w, h, pad) = (640u64, 220u64, 50u64);
    let t0 = s.points.first().map_or(0, |p| p.0);
    let t1 = s.points.last().map_or(1, |p| p.0).max(t0 + 1);
    let top = s.points.iter().map(|p| p.1).max().unwrap_or(0).max(s.limit).max(1);
    let x = |t: u64| pad + (t - t0) * (w - 2 * pad) / (t1 - t0);
    let y = |v: u64| h - pad + 10 - u64::try_from(u128::from(v) * u128::from(h - pad) / u128::from(top)).unwrap_or(0);
    let mut path = String::new();
    let mut prev: Option<(u64, u64)> = None;
    for &(t, v) in &s.points {
        let (px, py) = (x(t), y(v));
        match prev {
            None => {
                let _ = write!(path, "M{px},{py}");
            }
            Some((_, ly)) => {
                let _ = write!(path, " L{px},{ly} L{px},{py}");
            }
        }
        prev = Some((px, py));
    }
    let ly = y(s.limit);
    format!(
        concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" role=\"img\">",
            "<title>{title}</title>",
            "<line x1=\"{pad}\" y1=\"{base}\" x2=\"{right}\" y2=\"{base}\" stroke=\"#888\"/>",
            "<line x1=\"{pad}\" y1=\"{ly}\" x2=\"{right}\" y2=\"{ly}\" stroke=\"#c00\" stroke-dasharray=\"6 4\"/>",
            "<text x=\"{right}\" y=\"{lty}\" text-anchor=\"end\" font-size=\"11\" fill=\"#c00\">limit {limit}</text>",
            "<path d=\"{path}\" fill=\"none\" stroke=\"#06c\" stroke-width=\"2\"/>",
            "<text x=\"{pad}\" y=\"{bt}\" font-size=\"11\">{start}</text>",
            "<text x=\"{right}\" y=\"{bt}\" font-size=\"11\" text-anchor=\"end\">{end}</text>",
            "</svg>"
        ),
        w = w,
        h = h,
        pad = pad,
        right = w - pad,
        base = h - pad + 10,
        ly = ly,
        lty = ly.saturating_sub(4),
        limit = escape(&amount(s.unit, s.limit)),
        path = path,
        bt = h - pad + 26,
        start = t0,
        end = t1,
        title = escape(&format!("{} / {}", s.budget, s.key)),
    )
}

/// The HTML report: the terminal table, a chart per budget key, the JSON.
pub fn html(report: &Report) -> String {
    let mut out = String::from(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>tollgate simulate</title>\
         <style>body{font-family:sans-serif;margin:2em}pre{font-size:12px}</style></head><body>\
         <h1>tollgate simulate</h1>",
    );
    let _ = write!(
        out,
        "<pre>{}</pre><h2>Spend over time against each budget's limit</h2>",
        escape(&text(report))
    );
    if report.series.is_empty() {
        out.push_str("<p>No budget was charged.</p>");
    }
    for s in &report.series {
        let _ = write!(
            out,
            "<h3>{} — {} (in-window spend, Unix seconds on the axis)</h3>{}",
            escape(&s.budget),
            escape(if s.key.is_empty() { "(global)" } else { &s.key }),
            svg(s)
        );
    }
    out.push_str("</body></html>\n");
    out
}
