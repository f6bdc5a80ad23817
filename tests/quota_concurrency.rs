//! 64 concurrent reserves through the quota service against one limit, on one Redis (two
//! service replicas, a settle going to the other replica) and on a 3-master Redis Cluster
//! (budgets whose slots live on different masters): the admitted holds never exceed the
//! limit, and after settling, Redis's own `used` counter equals the sum of the settled
//! amounts, so the overshoot is 0.
#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod quota_support;

use quota_support::*;
use serde_json::{Value, json};
use tollgate_quota::engine::Target;

const CLIENTS: u64 = 64;

/// The budgets of the run: (counter, window, limit).
type Budgets = Vec<(String, Value, u64)>;

/// Runs 64 concurrent reserve + settle pairs, the clients spread over the given service
/// replicas (a request's settle goes to the next replica); returns (admitted, slots, worst
/// case, usage) per client.
async fn storm(replicas: &[Http], budgets: &Budgets) -> Vec<(bool, Vec<String>, u64, u64)> {
    let mut tasks = Vec::new();
    for i in 0..CLIENTS {
        let http = replicas[i as usize % replicas.len()].clone();
        let budgets = budgets.clone();
        tasks.push(tokio::spawn(async move {
            // Worst cases between 100 and 415; usage a little below.
            let amount = 100 + (i * 37) % 316;
            let usage = amount - (i % 7) * 10;
            let list: Vec<Value> = budgets
                .iter()
                .map(|(c, w, l)| json!({"counter": c, "window": w, "limit": l, "amount": amount}))
                .collect();
            let id = format!("storm-{i}");
            let (status, a) = http
                .post("/v1/reserve", &json!({"id": id, "hold_seconds": 60, "budgets": list}))
                .await;
            assert_eq!(status, 200, "{a}");
            let admitted = a["admitted"].as_bool().unwrap();
            let slots: Vec<String> = a["budgets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b["slot"].as_str().unwrap().to_owned())
                .collect();
            (admitted, slots, amount, usage, id)
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    // Settle the admitted ones, concurrently too.
    let mut settles = Vec::new();
    for (i, (admitted, slots, _, usage, id)) in out.iter().enumerate() {
        if !admitted {
            continue;
        }
        let http = replicas[(i + 1) % replicas.len()].clone();
        let charges: Vec<Value> = slots.iter().map(|s| json!({"slot": s, "amount": usage})).collect();
        let body = json!({"id": id, "charges": charges});
        settles.push(tokio::spawn(async move { http.post("/v1/settle", &body).await }));
    }
    for s in settles {
        let (status, a) = s.await.unwrap();
        assert_eq!(status, 200, "{a}");
    }
    out.into_iter()
        .map(|(a, s, amount, usage, _)| (a, s, amount, usage))
        .collect()
}

/// The oracle: Redis's counters of every budget's slot.
fn check(
    results: &[(bool, Vec<String>, u64, u64)],
    budgets: &Budgets,
    conn_for: &mut dyn FnMut(&str) -> redis::Connection,
) {
    let admitted: Vec<_> = results.iter().filter(|r| r.0).collect();
    assert!(!admitted.is_empty(), "nothing admitted");
    assert!(
        admitted.len() < results.len(),
        "the demand must exceed the limit for the test to mean anything"
    );
    let held_sum: u64 = admitted.iter().map(|r| r.2).sum();
    let settled_sum: u64 = admitted.iter().map(|r| r.3).sum();
    for (i, (_, _, limit)) in budgets.iter().enumerate() {
        assert!(held_sum <= *limit, "admitted worst cases {held_sum} > limit {limit}");
        let slot = &admitted[0].1[i];
        let mut c = conn_for(slot);
        let (used, holds, held) = redis_state(&mut c, slot);
        assert_eq!((holds, held), (0, 0), "holds left in {slot}");
        assert_eq!(used, settled_sum, "Redis used of budget {i} vs the settled sum");
        assert!(used <= *limit, "overshoot {}", used - limit);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_reserves_never_overshoot() {
    let dir = tempfile::tempdir().unwrap();
    let redis = RedisServer::start(dir.path());
    // Two replicas of the service on one Redis: any of them serves any call.
    let (one, two) = (Service::single(&redis).await, Service::single(&redis).await);
    let replicas = [Http::new(&one.base), Http::new(&two.base)];
    // Two budgets: the per-user one is tight, the org one looser; both checked.
    let budgets: Budgets = vec![
        ("org\u{1f}org=acme".to_owned(), json!({"seconds": 3600}), 12_000),
        ("user\u{1f}user=alice".to_owned(), json!("day"), 5_000),
    ];
    let results = storm(&replicas, &budgets).await;
    // Only the user budget's limit binds; check it against the admitted set.
    let admitted: u64 = results.iter().filter(|r| r.0).map(|r| r.2).sum();
    assert!(admitted <= 5_000, "{admitted}");
    let tight: Budgets = vec![budgets[1].clone()];
    let user_results: Vec<_> = results
        .iter()
        .map(|(a, s, x, u)| (*a, vec![s[1].clone()], *x, *u))
        .collect();
    check(&user_results, &tight, &mut |_| redis.conn());
    // The org budget's counter equals the same settled sum (the refused requests' org holds
    // were rolled back).
    let org_results: Vec<_> = results
        .iter()
        .map(|(a, s, x, u)| (*a, vec![s[0].clone()], *x, *u))
        .collect();
    check(&org_results, &vec![budgets[0].clone()], &mut |_| redis.conn());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cluster_concurrent_reserves_never_overshoot() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = RedisCluster::start(dir.path());
    let service = Service::start(Target::Cluster(cluster.urls()), false).await;
    let http = Http::new(&service.base);
    // Pick three counters whose slots the cluster places on three different masters.
    let mut chosen: Vec<(String, u16)> = Vec::new();
    for n in 0..200 {
        let counter = format!("user\u{1f}user=u{n}");
        let (status, r) = http
            .post(
                "/v1/readout",
                &json!({"budgets": [{"counter": counter, "window": "day", "limit": 1}]}),
            )
            .await;
        assert_eq!(status, 200, "{r}");
        let slot = r["budgets"][0]["slot"].as_str().unwrap().to_owned();
        let owner = cluster.owner(&keys_of(&slot)[0]);
        if chosen.iter().all(|(_, o)| *o != owner) {
            chosen.push((counter, owner));
        }
        if chosen.len() == 3 {
            break;
        }
    }
    assert_eq!(chosen.len(), 3, "no counters on three masters");
    let budgets: Budgets = chosen.iter().map(|(c, _)| (c.clone(), json!("day"), 5_000)).collect();
    let results = storm(std::slice::from_ref(&http), &budgets).await;
    let owners: Vec<u16> = results[0].1.iter().map(|s| cluster.owner(&keys_of(s)[0])).collect();
    assert_eq!(owners.len(), 3);
    assert!(
        owners[0] != owners[1] && owners[1] != owners[2] && owners[0] != owners[2],
        "{owners:?}"
    );
    check(&results, &budgets, &mut |slot| {
        cluster.node_conn(cluster.owner(&keys_of(slot)[0]))
    });
    // The Functions ran: every master has the library (no silent fall-back to scripts).
    for node in &cluster.nodes {
        let libs: Vec<redis::Value> = redis::cmd("FUNCTION").arg("LIST").query(&mut node.conn()).unwrap();
        assert_eq!(libs.len(), 1, "master {} has no tollgate library", node.port);
    }
}
