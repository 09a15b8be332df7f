// Throughput of Shrink's vector kernels (the inner loops of coordinate descent) against a
// STREAM-style triad measured in the same process, so the fraction of attainable memory bandwidth
// can be read off directly.
//
// Every benchmark reports wall clock, throughput (kernel calls per second) and `MB/s`: the
// nominal bytes moved per call divided by the time of the call (STREAM counting: bytes read plus
// bytes written, no write-allocate traffic; sparse kernels count 8 B value + 4 B index + 8 B
// gathered element, plus 8 B written back for sparseAxpy).
//
//   dot        16 n bytes      axpy       24 n bytes      triad a = b + s c   24 n bytes
//   sparseDot  20 nnz bytes    sparseAxpy 28 nnz bytes    sum (read only)     8 n bytes
//
// The epoch benchmarks run one coordinate-descent pass of the dense gaussian solver (`DenseEpoch`:
// the solver's `DenseResidual` over the zero-copy standardized view) over an FHT design of 160 MB,
// five times the last-level cache, in three shapes; their `MB/s` counts the design's bytes once,
// 8 n p per pass (the least any pass must read), so its ratio to the triad at n = 1e7 is the
// fraction of the attainable memory bandwidth one epoch reaches.
//
//   epoch      8 n p bytes, every coordinate moves (ridge): a gradient and a residual update each;
//              as the solver chooses (rows split over two threads from 8,192 rows), and forced
//              ("epoch split", "epoch single") where the choice could go either way
//
// `triad two-threads` runs the triad's two halves on two threads: the memory bandwidth both cores
// reach together, the fair reference for a pass that uses both.
//   gradients  8 n p bytes, the gradients of every feature (a KKT check), as the solver's batch
//              (plain columns four at a time) and one at a time ("gradients single")
import Benchmark
import Dispatch
import FHTDesign
@_spi(Benchmarks) import Shrink

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory per second, MB/s (10^6 bytes), of the timed kernel calls of one iteration.
let bandwidth = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)

/// Three dense vectors of length n, allocated once and reused by every iteration.
final class DenseVectors: @unchecked Sendable {
    let n: Int
    let a: UnsafeMutablePointer<Double>
    let b: UnsafeMutablePointer<Double>
    let c: UnsafeMutablePointer<Double>

    init(_ n: Int) {
        self.n = n
        a = .allocate(capacity: n)
        b = .allocate(capacity: n)
        c = .allocate(capacity: n)
        for i in 0..<n {
            a[i] = 1 + Double(i % 7) * 0.125
            b[i] = 2 - Double(i % 5) * 0.25
            c[i] = 0.5 + Double(i % 3) * 0.0625
        }
    }

    deinit {
        a.deallocate()
        b.deallocate()
        c.deallocate()
    }
}

/// A sparse vector (`nnz` sorted random positions in 0..<n) and a dense vector of length n.
final class SparseVectors: @unchecked Sendable {
    let n: Int
    let nnz: Int
    let values: UnsafeMutablePointer<Double>
    let indices: UnsafeMutablePointer<Int32>
    let dense: UnsafeMutablePointer<Double>

    init(n: Int, nnz: Int) {
        self.n = n
        self.nnz = nnz
        values = .allocate(capacity: nnz)
        indices = .allocate(capacity: nnz)
        dense = .allocate(capacity: n)
        for i in 0..<n { dense[i] = 1 + Double(i % 11) * 0.01 }
        // Sorted distinct positions: one random position in each of nnz equal strata.
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for k in 0..<nnz {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let lo = k * n / nnz, hi = (k + 1) * n / nnz
            indices[k] = Int32(lo + Int((state >> 33) % UInt64(hi - lo)))
            values[k] = 0.5 + Double(k % 13) * 0.01
        }
    }

    deinit {
        values.deallocate()
        indices.deallocate()
        dense.deallocate()
    }
}

/// STREAM triad `a = b + s c`: plain loop, vectorized by the compiler (no reduction).
@inline(never)
func triad(_ a: UnsafeMutablePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafePointer<Double>,
           _ s: Double, count n: Int) {
    for i in 0..<n { a[i] = b[i] + s * c[i] }
}

/// Every kernel result (or written vector) goes to `blackHole` after each call: without that the
/// optimizer hoists a read-only kernel on unchanged inputs out of the repeat loop.
///
/// Runs `body` `repeats` times and records the nominal bandwidth of the calls.
@inline(__always)
func timed(_ benchmark: Benchmark, bytesPerCall: Double, repeats: Int, _ body: () -> Void) {
    let clock = ContinuousClock()
    let start = clock.now
    for _ in 0..<repeats { body() }
    let d = clock.now - start
    let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    if seconds > 0 {
        benchmark.measurement(bandwidth, Int((bytesPerCall * Double(repeats) / seconds / 1e6).rounded()))
    }
}

/// The size label used in benchmark names: 1e3, 1e5, ...
func label(_ n: Int) -> String {
    var e = 0, v = n
    while v >= 10 && v % 10 == 0 { v /= 10; e += 1 }
    return v == 1 ? "1e\(e)" : "\(n)"
}

/// A short run by default; `SHRINK_BENCH_MAX_MS` overrides the per-benchmark duration.
let maxDuration: Duration = {
    if let s = getenv("SHRINK_BENCH_MAX_MS"), let ms = Int(String(cString: s)) { return .milliseconds(ms) }
    return .milliseconds(500)
}()

/// Small vectors are called many times per iteration so that timer overhead vanishes.
func scaling(_ n: Int) -> BenchmarkScalingFactor { n <= 10_000 ? .kilo : .one }

/// The coordinate coverage of an epoch: percent of the features whose coefficient moved.
let moved = BenchmarkMetric.custom("moved %", polarity: .prefersLarger, useScalingFactor: false)

/// A 160 MB FHT design (rho = 0.5) and the solver epochs on it, generated on first use so that
/// filtered runs do not pay for it.
final class EpochCase: @unchecked Sendable {
    let n: Int
    let p: Int
    private var made: [Int: DenseEpoch] = [:]
    private var forced: [Bool: DenseEpoch] = [:]
    private var generated: (x: DenseMatrix, y: [Double])?

    /// The design and response, generated once.
    private var data: (x: DenseMatrix, y: [Double]) {
        if let generated { return generated }
        let design = FHTDesign(rows: n, columns: p, rho: 0.5)
        let value = (DenseMatrix(rowCount: n, columnCount: p, columnMajor: design.x), design.y)
        generated = value
        return value
    }

    init(n: Int, p: Int) {
        self.n = n
        self.p = p
    }

    /// The ridge epoch (alpha = 0, lambda = 1e-3 lambda_max: every coordinate moves).
    var ridge: DenseEpoch { epoch(0) }
    /// A lasso state for the gradient sweeps.
    var gradients: DenseEpoch { epoch(1) }

    /// Each made on first use: a split residual uses its second thread only while it is the only
    /// one alive in the process, so a benchmark must not make epochs it does not run.
    private func epoch(_ alpha: Int) -> DenseEpoch {
        if let epoch = made[alpha] { return epoch }
        let (x, y) = data
        let epoch = DenseEpoch(x: x, y: y, alpha: Double(alpha), lambdaFraction: alpha == 0 ? 1e-3 : 0.1)
        made[alpha] = epoch
        return epoch
    }

    /// The ridge epoch with the rows split over two threads, or not, whatever the solver would choose.
    func ridge(splitsRows: Bool) -> DenseEpoch {
        if let epoch = forced[splitsRows] { return epoch }
        let (x, y) = data
        let epoch = DenseEpoch(x: x, y: y, alpha: 0, lambdaFraction: 1e-3, splitsRows: splitsRows)
        forced[splitsRows] = epoch
        return epoch
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, bandwidth],
        units: [bandwidth: .count],
        warmupIterations: 2,
        maxDuration: maxDuration,
        maxIterations: 10_000
    )

    for n in [1_000, 100_000, 10_000_000] {
        let config = Benchmark.Configuration(scalingFactor: scaling(n))
        let v = DenseVectors(n)

        Benchmark("dot n=\(label(n))", configuration: config) { benchmark in
            timed(benchmark, bytesPerCall: 16 * Double(n), repeats: benchmark.scaledIterations.count) {
                blackHole(Kernels.dot(v.b, v.c, count: n))
            }
        }

        Benchmark("axpy n=\(label(n))", configuration: config) { benchmark in
            // Alternating signs keep the values bounded however many iterations run.
            var sign = 1e-9
            timed(benchmark, bytesPerCall: 24 * Double(n), repeats: benchmark.scaledIterations.count) {
                Kernels.axpy(sign, v.b, v.a, count: n)
                blackHole(v.a)
                sign = -sign
            }
            blackHole(v.a[n / 2])
        }

        Benchmark("triad n=\(label(n))", configuration: config) { benchmark in
            timed(benchmark, bytesPerCall: 24 * Double(n), repeats: benchmark.scaledIterations.count) {
                triad(v.a, v.b, v.c, 0.5, count: n)
                blackHole(v.a)
            }
            blackHole(v.a[n / 2])
        }

        if n == 10_000_000 {
            Benchmark("triad two-threads n=\(label(n))", configuration: config) { benchmark in
                let half = n / 2
                timed(benchmark, bytesPerCall: 24 * Double(n), repeats: benchmark.scaledIterations.count) {
                    DispatchQueue.concurrentPerform(iterations: 2) { part in
                        let start = part * half, count = part == 0 ? half : n - half
                        triad(v.a + start, v.b + start, v.c + start, 0.5, count: count)
                    }
                    blackHole(v.a)
                }
                blackHole(v.a[n / 2])
            }
        }

        Benchmark("sum n=\(label(n))", configuration: config) { benchmark in
            timed(benchmark, bytesPerCall: 8 * Double(n), repeats: benchmark.scaledIterations.count) {
                blackHole(Kernels.sum(v.b, count: n))
            }
        }
    }

    // Sparse: a short column gathered from a cache-resident residual, and longer columns gathering
    // from a residual far larger than the caches.
    for (n, nnz) in [(100_000, 10_000), (10_000_000, 100_000), (10_000_000, 1_000_000)] {
        let config = Benchmark.Configuration(scalingFactor: scaling(nnz))
        let s = SparseVectors(n: n, nnz: nnz)
        let name = "n=\(label(n)) nnz=\(label(nnz))"

        Benchmark("sparseDot \(name)", configuration: config) { benchmark in
            timed(benchmark, bytesPerCall: 20 * Double(nnz), repeats: benchmark.scaledIterations.count) {
                blackHole(Kernels.sparseDot(s.values, s.indices, count: nnz, s.dense))
            }
        }

        Benchmark("sparseAxpy \(name)", configuration: config) { benchmark in
            var sign = 1e-9
            timed(benchmark, bytesPerCall: 28 * Double(nnz), repeats: benchmark.scaledIterations.count) {
                Kernels.sparseAxpy(sign, s.values, s.indices, count: nnz, s.dense)
                blackHole(s.dense)
                sign = -sign
            }
            blackHole(s.dense[n / 2])
        }
    }
    // One solver epoch over a design far larger than the caches: short columns (n = 1000, the
    // column and the residual stay in L1 between the gradient and the update), columns of 800 kB
    // (they and the residual fit in L2) and of 8 MB (they do not).
    // (The last two shapes: 4 MB designs, cache-resident, where instructions rather than memory bound.)
    for (n, p) in [(1_000, 20_000), (5_000, 4_000), (10_000, 2_000), (30_000, 667), (100_000, 200), (1_000_000, 20), (100, 5_000),
                   (1_000, 500)] {
        let data = EpochCase(n: n, p: p)
        let bytes = 8 * Double(n) * Double(p)
        let config = Benchmark.Configuration(metrics: [.wallClock, .throughput, bandwidth, moved],
                                             units: [bandwidth: .count, moved: .count])
        Benchmark("epoch n=\(label(n)) p=\(label(p))", configuration: config) { benchmark in
            let epoch = data.ridge
            var count = 0
            timed(benchmark, bytesPerCall: bytes, repeats: benchmark.scaledIterations.count) {
                count = epoch.pass()
                blackHole(count)
            }
            benchmark.measurement(moved, count * 100 / p)
        }
        for splits in [true, false] where n >= 5_000 {
            Benchmark("epoch \(splits ? "split" : "single") n=\(label(n)) p=\(label(p))", configuration: config) { benchmark in
                let epoch = data.ridge(splitsRows: splits)
                timed(benchmark, bytesPerCall: bytes, repeats: benchmark.scaledIterations.count) {
                    blackHole(epoch.pass())
                }
            }
        }
        for batched in [true, false] {
            let name = batched ? "gradients" : "gradients single"
            Benchmark("\(name) n=\(label(n)) p=\(label(p))", configuration: config) { benchmark in
                let epoch = data.gradients
                timed(benchmark, bytesPerCall: bytes, repeats: benchmark.scaledIterations.count) {
                    blackHole(epoch.gradientSweep(batched: batched))
                }
            }
        }
    }
}
