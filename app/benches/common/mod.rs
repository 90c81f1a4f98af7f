//! Timing shared by the benchmarks.

use std::time::Instant;

/// Runs `f` in batches and prints the median time per call.
pub fn measure(name: &str, mut f: impl FnMut()) {
    let mut batch = 1u32;
    loop {
        let start = Instant::now();
        for _ in 0..batch {
            f();
        }
        if start.elapsed().as_millis() >= 50 {
            break;
        }
        batch *= 2;
    }
    let mut per_call: Vec<f64> = (0..15)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..batch {
                f();
            }
            start.elapsed().as_secs_f64() / f64::from(batch)
        })
        .collect();
    per_call.sort_by(f64::total_cmp);
    let median = per_call[per_call.len() / 2];
    let (low, high) = (per_call[0], per_call[per_call.len() - 1]);
    println!(
        "{name}: median {:.2} µs (min {:.2}, max {:.2}; {batch} calls per sample, 15 samples)",
        median * 1e6,
        low * 1e6,
        high * 1e6
    );
}
