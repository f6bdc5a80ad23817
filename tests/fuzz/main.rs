//! In-repo fuzzing on the stable toolchain (no nightly, no cargo-fuzz): a mutation
//! driver seeded from tests/fixtures runs each target of `targets.rs` for a number of
//! executions, deterministic from a seed, catching panics (`catch_unwind`) and failed
//! invariants; a finding is saved under target/fuzz-findings/ with the command that
//! replays it. Every committed case under tests/fixtures/fuzz/ is replayed first.
//! Touches only target/fuzz-findings/.
//!
//! `cargo test -p tollgate-core --test fuzz` runs the brief pass (part of the
//! normal test run); `make fuzz` the long one. Options (after `--`):
//!   --execs=N       executions per target (default: the brief pass's count)
//!   --seed=N        PRNG seed (default 1)
//!   --target=NAME   only this target (repeatable)
//!   --jobs=N        targets fuzzed on N threads at once (default 1)
//!   --max-seconds=S stop each target after S seconds (brief pass: 4; with --execs: none)
//!   --replay=PATH   only replay a saved case (file) or every case in a directory

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::explicit_auto_deref
)]

mod case;
mod mutate;
mod seeds;
mod targets;

use std::cell::RefCell;
use std::collections::HashSet;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use case::Case;
use mutate::{Mutator, Rng};
use targets::Target;

/// Executions per target in the brief pass (debug build, all targets well under 30 s).
const BRIEF_EXECS: u64 = 3_000;
/// The brief pass's bound per target, for a loaded machine (the inputs stay the same
/// sequence; only fewer of them run).
const BRIEF_SECONDS: u64 = 4;
/// Inputs kept besides the seeds (those that produced a new outcome class).
const POOL_MAX: usize = 2_048;
/// An execution slower than this is reported (not failed: speed is benchmarked).
const SLOW: Duration = Duration::from_secs(1);

thread_local! {
    /// The last panic's message and place on this thread (the hook records it).
    static PANIC_MSG: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn take_panic() -> Option<String> {
    PANIC_MSG.with(|m| m.borrow_mut().take())
}

struct Options {
    execs: u64,
    seed: u64,
    targets: Vec<String>,
    replay: Option<PathBuf>,
    jobs: usize,
    /// Stop a target after this long even if it has not reached `execs`.
    max_seconds: Option<u64>,
}

fn options() -> Options {
    let mut o = Options {
        execs: BRIEF_EXECS,
        seed: 1,
        targets: Vec::new(),
        replay: None,
        jobs: 1,
        max_seconds: Some(BRIEF_SECONDS),
    };
    let mut execs_given = false;
    for arg in std::env::args().skip(1) {
        if let Some(v) = arg.strip_prefix("--execs=") {
            o.execs = v.replace('_', "").parse().unwrap_or(BRIEF_EXECS);
            execs_given = true;
        } else if let Some(v) = arg.strip_prefix("--seed=") {
            o.seed = v.parse().unwrap_or(1);
        } else if let Some(v) = arg.strip_prefix("--target=") {
            o.targets.push(v.to_string());
        } else if let Some(v) = arg.strip_prefix("--max-seconds=") {
            o.max_seconds = v.parse().ok();
        } else if let Some(v) = arg.strip_prefix("--jobs=") {
            o.jobs = v.parse().unwrap_or(1).max(1);
        } else if let Some(v) = arg.strip_prefix("--replay=") {
            o.replay = Some(PathBuf::from(v));
        }
        // Anything else (libtest flags such as --nocapture, filters) is ignored.
    }
    if execs_given && !std::env::args().any(|a| a.starts_with("--max-seconds=")) {
        o.max_seconds = None; // a long run goes the whole way unless told otherwise
    }
    o
}

fn findings_dir() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("target/fuzz-findings")
}

/// Runs one case, turning a panic into an error.
fn run_one(target: &mut dyn Target, case: &Case) -> Result<u64, String> {
    let _ = take_panic();
    match panic::catch_unwind(AssertUnwindSafe(|| target.run(case))) {
        Ok(v) => v,
        Err(_) => Err(format!(
            "PANIC: {}",
            take_panic().unwrap_or_else(|| "(no message)".into())
        )),
    }
}

fn save(kind: &str, case: &Case) -> PathBuf {
    let dir = findings_dir();
    let _ = fs::create_dir_all(&dir);
    let path = dir.join(format!("{}-{kind}-{:016x}.case", case.target, case.hash()));
    let _ = fs::write(&path, case.to_bytes());
    path
}

fn replay_cmd(path: &Path) -> String {
    format!("cargo test -p tollgate-core --test fuzz -- --replay={}", path.display())
}

#[derive(Default)]
struct Tally {
    failures: usize,
    slow: usize,
}

fn report_failure(tally: &mut Tally, case: &Case, msg: &str, seen: &mut HashSet<String>) {
    tally.failures += 1;
    let first = msg.lines().next().unwrap_or_default();
    let key: String = first
        .chars()
        .take_while(|c| *c != '[')
        .filter(|c| !c.is_ascii_digit())
        .take(60)
        .collect();
    if !seen.insert(key) {
        return; // the same failure again: count it, do not print it again
    }
    let path = save("crash", case);
    eprintln!(
        "FINDING [{}] {msg}\n  saved: {}\n  replay: {}",
        case.target,
        path.display(),
        replay_cmd(&path)
    );
}

/// Replays saved cases (a file or every `.case` under a directory, recursively).
fn replay(targets: &mut [Box<dyn Target + Send>], path: &Path, tally: &mut Tally) -> usize {
    let mut files = Vec::new();
    collect_cases(path, &mut files);
    files.sort();
    let mut seen = HashSet::new();
    for f in &files {
        let bytes = match fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("cannot read {}: {e}", f.display());
                tally.failures += 1;
                continue;
            }
        };
        let case = match Case::from_bytes(&bytes) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{}: {e}", f.display());
                tally.failures += 1;
                continue;
            }
        };
        let Some(t) = targets.iter_mut().find(|t| t.name() == case.target) else {
            eprintln!("{}: no target named {}", f.display(), case.target);
            tally.failures += 1;
            continue;
        };
        let start = Instant::now();
        let result = run_one(t.as_mut(), &case);
        let took = start.elapsed();
        match result {
            Ok(_) => println!("replayed {} ({} ms): ok", f.display(), took.as_millis()),
            Err(msg) => {
                eprintln!("replayed {}: FAILED", f.display());
                report_failure(tally, &case, &msg, &mut seen);
            }
        }
    }
    files.len()
}

fn collect_cases(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        if let Ok(rd) = fs::read_dir(path) {
            for e in rd.flatten() {
                collect_cases(&e.path(), out);
            }
        }
    } else if path.extension().is_some_and(|e| e == "case") {
        out.push(path.to_path_buf());
    }
}

struct Stats {
    execs: u64,
    took: Duration,
    pool: usize,
    classes: usize,
}

fn fuzz(target: &mut dyn Target, execs: u64, seed: u64, max_seconds: Option<u64>, tally: &mut Tally) -> Stats {
    let name = target.name();
    let mut rng = Rng::new(seed ^ case::fnv(name.as_bytes()));
    let seeds = target.seeds();
    assert!(!seeds.is_empty(), "target {name} has no seeds");
    let seed_parts: Vec<&[u8]> = seeds.iter().flat_map(|c| c.parts.iter().map(Vec::as_slice)).collect();
    let mutator = Mutator::new(&seed_parts, target.max_len());
    let mut pool: Vec<Case> = seeds.clone();
    let n_seeds = pool.len();
    let mut classes: HashSet<u64> = HashSet::new();
    let mut seen = HashSet::new();
    // Every seed must pass as it is.
    for s in &seeds {
        match run_one(target, s) {
            Ok(c) => {
                classes.insert(c);
            }
            Err(msg) => report_failure(tally, s, &format!("seed fails: {msg}"), &mut seen),
        }
    }
    let start = Instant::now();
    let mut others: Vec<&[u8]> = Vec::new();
    let inflight = findings_dir().join(format!("{name}-inflight.case"));
    let deadline = max_seconds.map(|s| start + Duration::from_secs(s));
    let mut done = 0;
    for i in 0..execs {
        if i % 256 == 0 && deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        done = i + 1;
        let mut deep = false;
        let mut case = pool[rng.below(pool.len())].clone();
        // Mostly the bytes; sometimes only the settings.
        if !case.parts.is_empty() && !rng.chance(8) {
            let p = rng.below(case.parts.len());
            // Splice donors: the same part of a few seeds.
            others.clear();
            for _ in 0..4 {
                if let Some(part) = seeds[rng.below(n_seeds)].parts.get(p) {
                    others.push(part);
                }
            }
            deep = mutator.mutate(&mut rng, &mut case.parts[p], &others, target.rounds());
        }
        target.mutate_meta(&mut rng, &mut case);
        if deep {
            // A stack overflow cannot be caught: keep the input on disk while it runs.
            let _ = fs::create_dir_all(findings_dir());
            let _ = fs::write(&inflight, case.to_bytes());
        }
        let t0 = Instant::now();
        let result = run_one(target, &case);
        let took = t0.elapsed();
        if deep {
            let _ = fs::remove_file(&inflight);
        }
        if took > SLOW {
            tally.slow += 1;
            let path = save("slow", &case);
            eprintln!(
                "SLOW [{name}] {} ms for {} bytes: {} ({})",
                took.as_millis(),
                case.parts.iter().map(Vec::len).sum::<usize>(),
                path.display(),
                replay_cmd(&path)
            );
        }
        match result {
            Ok(c) => {
                if classes.insert(c) {
                    if pool.len() < POOL_MAX {
                        pool.push(case);
                    } else {
                        let at = n_seeds + rng.below(POOL_MAX - n_seeds);
                        pool[at] = case;
                    }
                }
            }
            Err(msg) => report_failure(tally, &case, &msg, &mut seen),
        }
        if execs >= 1_000_000 && (i + 1) % 1_000_000 == 0 {
            let s = start.elapsed().as_secs_f64();
            println!(
                "  {name}: {} M execs, {:.0} execs/s",
                (i + 1) / 1_000_000,
                (i + 1) as f64 / s
            );
        }
    }
    Stats {
        execs: done,
        took: start.elapsed(),
        pool: pool.len(),
        classes: classes.len(),
    }
}

fn main() {
    let opts = options();
    panic::set_hook(Box::new(|info| {
        let msg = match info.payload().downcast_ref::<&str>() {
            Some(s) => s.to_string(),
            None => info.payload().downcast_ref::<String>().cloned().unwrap_or_default(),
        };
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        PANIC_MSG.with(|m| *m.borrow_mut() = Some(format!("{msg}{at}")));
    }));
    // Targets run on a thread with a generous stack: the driver's own recursion must not
    // be what overflows.
    let code = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || drive(opts))
        .map(|h| {
            h.join().unwrap_or_else(|e| {
                let msg = e.downcast_ref::<String>().cloned().unwrap_or_default();
                eprintln!("fuzz driver panicked: {msg}");
                2
            })
        })
        .unwrap_or(2);
    std::process::exit(code);
}

fn drive(opts: Options) -> i32 {
    let mut targets = targets::all();
    let mut tally = Tally::default();
    if let Some(path) = &opts.replay {
        let n = replay(&mut targets, path, &mut tally);
        println!("replayed {n} case(s): {} failure(s)", tally.failures);
        return i32::from(tally.failures > 0 || n == 0);
    }
    let committed = Path::new(seeds::FIXTURES).join("fuzz");
    let n = replay(&mut targets, &committed, &mut tally);
    println!("fuzz: replayed {n} committed case(s) from tests/fixtures/fuzz");
    println!(
        "fuzz: {} execs per target (at most {} s each), seed {}, {} job(s)",
        opts.execs,
        opts.max_seconds.map_or("unbounded".to_string(), |s| s.to_string()),
        opts.seed,
        opts.jobs
    );
    let queue: Mutex<Vec<Box<dyn Target + Send>>> = Mutex::new(
        targets
            .into_iter()
            .filter(|t| opts.targets.is_empty() || opts.targets.iter().any(|n| n == t.name()))
            .rev()
            .collect(),
    );
    let shared = Mutex::new(tally);
    let wall = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..opts.jobs {
            std::thread::Builder::new()
                .stack_size(64 << 20)
                .spawn_scoped(scope, || {
                    loop {
                        let Some(mut t) = queue.lock().ok().and_then(|mut q| q.pop()) else {
                            break;
                        };
                        let mut local = Tally::default();
                        let s = fuzz(t.as_mut(), opts.execs, opts.seed, opts.max_seconds, &mut local);
                        println!(
                            "fuzz target {:<9} {:>11} execs in {:>8.1} s = {:>9.0} execs/s (pool {}, outcome classes {})",
                            t.name(),
                            s.execs,
                            s.took.as_secs_f64(),
                            s.execs as f64 / s.took.as_secs_f64().max(1e-9),
                            s.pool,
                            s.classes
                        );
                        if let Ok(mut g) = shared.lock() {
                            g.failures += local.failures;
                            g.slow += local.slow;
                        }
                    }
                })
                .map(|_| ())
                .unwrap_or_else(|e| eprintln!("cannot start a fuzz thread: {e}"));
        }
    });
    let tally = shared.into_inner().unwrap_or_default();
    println!(
        "fuzz: {:.1} s wall, {} failure(s), {} slow input(s)",
        wall.elapsed().as_secs_f64(),
        tally.failures,
        tally.slow
    );
    i32::from(tally.failures > 0)
}
