// shrink-bench-memory: the peak memory of one library-level fit relative to the design's bytes.
//
//   shrink-bench-memory [--rows N] [--columns P] [--rho R] [--family gaussian|binomial|ridge]
//                       [--solver automatic|naive|covariance] [--lambda-count K] [--weights]
//
// Generates the Friedman-Hastie-Tibshirani (2010) design in process (no CSV parser whose buffers
// would dominate the peak), N x P dense (default 20,000 x 500, rho 0.5), with y as generated
// (gaussian, ridge) or y > median (binomial), fits the path with ElasticNet.fit, Logistic.fit or
// Ridge.fitPath (100 lambdas, leave-one-out; its automatic grid), and
// prints one JSON line. Memory is read from /proc/self/status (Linux):
//   "baselineBytes": VmRSS before the data exist; "dataBytes": VmRSS with the data;
//   "peakBytes": VmHWM after the fit, the high-water mark since a reset just before the fit
//   (/proc/self/clear_refs; "peakReset": false when the kernel refused it, and then the mark is the
//   whole process's);
//   "peakOverDesign" = (peakBytes - baselineBytes) / (N P 8): the fit's peak including the design
//   itself, so 1.0 is the floor and a full copy of the design shows as about 2.0;
//   "fitExtraOverDesign" = (peakBytes - dataBytes) / (N P 8): what the fit adds on top.
// --weights passes unequal observation weights (1 + (i mod 3)).
import FHTDesign
import Shrink

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String) -> Never {
    let text = Array("shrink-bench-memory: \(message)\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

/// Returns a field of /proc/self/status in bytes (its value is in kB), or nil.
func statusBytes(_ field: String) -> Int? {
    guard let f = fopen("/proc/self/status", "r") else { return nil }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 512)
    while fgets(&line, Int32(line.count), f) != nil {
        let text = String(cString: line)
        if text.hasPrefix(field + ":") {
            let digits = text.dropFirst(field.count + 1).filter { $0.isNumber }
            return Int(digits).map { $0 * 1024 }
        }
    }
    return nil
}

/// Resets VmHWM to the current RSS; returns false when the kernel does not allow it.
func resetPeak() -> Bool {
    guard let f = fopen("/proc/self/clear_refs", "w") else { return false }
    let ok = fputs("5", f) >= 0
    return fclose(f) == 0 && ok
}

var args = Array(CommandLine.arguments.dropFirst())
var n = 20_000, p = 500, rho = 0.5, family = "gaussian", lambdaCount = 100, weighted = false
var solver = ElasticNetOptions.Solver.automatic
while !args.isEmpty {
    let a = args.removeFirst()
    func value() -> String {
        guard !args.isEmpty else { fail("\(a) needs a value") }
        return args.removeFirst()
    }
    switch a {
    case "--rows": n = Int(value()) ?? 0
    case "--columns": p = Int(value()) ?? 0
    case "--rho": rho = Double(value()) ?? -1
    case "--family": family = value()
    case "--lambda-count": lambdaCount = Int(value()) ?? 0
    case "--weights": weighted = true
    case "--solver":
        let s = value()
        guard let chosen = ElasticNetOptions.Solver(rawValue: s) else { fail("unknown solver \(s)") }
        solver = chosen
    default: fail("unexpected argument \(a)")
    }
}
guard n > 0, p > 0, lambdaCount > 0, rho >= 0, rho < 1 else { fail("bad sizes") }
guard ["gaussian", "binomial", "ridge"].contains(family) else { fail("unknown family \(family)") }

let baseline = statusBytes("VmRSS") ?? 0
let x: DesignMatrix
var y: [Double]
do {
    let data = FHTDesign(rows: n, columns: p, rho: rho)
    x = .dense(DenseMatrix(rowCount: n, columnCount: p, columnMajor: data.x))
    y = data.y
}
if family == "binomial" {
    let median = y.sorted()[n / 2]
    y = y.map { $0 > median ? 1 : 0 }
}
var options = ElasticNetOptions()
options.lambdaCount = lambdaCount
options.solver = solver
if weighted { options.weights = (0..<n).map { Double(1 + $0 % 3) } }
let dataBytes = statusBytes("VmRSS") ?? 0
let canReset = resetPeak()

let clock = ContinuousClock()
let t0 = clock.now
let solverName: String, pointCount: Int
do {
    if family == "ridge" {
        options.alpha = 0
        let path = try Ridge.fitPath(x: x, y: y, options: options)
        (solverName, pointCount) = (path.solver.rawValue, path.points.count)
    } else {
        let path = family == "binomial" ? try Logistic.fit(x: x, y: y, options: options)
            : try ElasticNet.fit(x: x, y: y, options: options)
        (solverName, pointCount) = (path.solver.rawValue, path.points.count)
    }
} catch {
    fail("fit failed: \(error)")
}
let elapsed = clock.now - t0
let peak = statusBytes("VmHWM") ?? 0
let designBytes = Double(n * p * 8)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
var out = "{\"rows\":\(n),\"columns\":\(p),\"family\":\"\(family)\",\"weighted\":\(weighted),"
out += "\"solver\":\"\(solverName)\",\"points\":\(pointCount),\"seconds\":\(seconds),"
out += "\"designBytes\":\(n * p * 8),\"baselineBytes\":\(baseline),\"dataBytes\":\(dataBytes),"
out += "\"peakBytes\":\(peak),\"peakReset\":\(canReset),"
out += "\"peakOverDesign\":\(Double(peak - baseline) / designBytes),"
out += "\"fitExtraOverDesign\":\(Double(peak - dataBytes) / designBytes)}"
print(out)
