// shrink-bench-fit: the Shrink side of bench/compare.
//
//   shrink-bench-fit DATA.csv --target y [--lambdas FILE | --lambda l1,l2,...] [--repeat R]
//                    [--tolerance T] [--solver automatic|naive|covariance] [--dense-coefficients]
//                    [--family gaussian|binomial|multinomial] [--format csv|libsvm]
//
// Reads a numeric CSV with a header row (no quoting), or with --format libsvm a LIBSVM file
// (`label index:value ...`, 1-based increasing indices; the label is the target) into a sparse
// design, fits the lasso path (standardized, with intercept, glmnet's defaults otherwise) on the
// given lambdas, R times, and prints one JSON document on stdout. The family picks the library
// entry point: gaussian ElasticNet.fit, binomial Logistic.fit (target 0/1), multinomial
// Multinomial.fit (ungrouped; target the class 0..K-1, K = the largest label + 1). Output:
//   {"tool":"shrink", "rows", "columns", "solver", "stopReason", "parseSeconds",
//    "fitSeconds": [R values of RegularizationPath.fitSeconds], "callSeconds": [R wall times of the
//    fit call], "path": [{"lambda","intercept","indices","values","objective","dualityGap",
//    "kktViolation","passes","converged"}]}
// Coefficients are sparse (0-based indices of the non-zeros and their values) unless
// --dense-coefficients is given. Multinomial points have "intercepts" (K values) and
// "classes": K objects {"indices","values"} instead, and no dualityGap. Parsing is outside every
// timed region.
import Shrink

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String) -> Never {
    let text = Array("shrink-bench-fit: \(message)\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Reads a whole file into memory.
func readFile(_ path: String) -> [UInt8] {
    guard let f = fopen(path, "rb") else { fail("cannot open \(path)") }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let got = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 1 << 20, f) }
        if got == 0 { break }
        bytes.append(contentsOf: chunk[0..<got])
    }
    return bytes
}

/// Parses a numeric CSV with one header row; returns the header and the values row by row.
func parseCSV(_ path: String) -> (header: [String], rows: Int, values: [Double]) {
    var bytes = readFile(path)
    bytes.append(0)
    return bytes.withUnsafeMutableBufferPointer { buf -> ([String], Int, [Double]) in
        let base = UnsafeMutableRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self)
        var i = 0
        while i < buf.count - 1 && buf[i] != UInt8(ascii: "\n") { i += 1 }
        let headerLine = String(decoding: buf[0..<i], as: UTF8.self)
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: [" ", "\"", "\r"])
        }
        var values: [Double] = []
        values.reserveCapacity(buf.count / 8)
        var p = base + i
        var rows = 0, inRow = 0
        let end = base + (buf.count - 1)
        while p < end {
            let c = p.pointee
            if c == 10 {  // newline
                if inRow > 0 {
                    guard inRow == header.count else { fail("row \(rows + 1) has \(inRow) fields, header \(header.count)") }
                    rows += 1
                    inRow = 0
                }
                p += 1
            } else if c == 44 || c == 13 || c == 32 {  // comma, CR, space
                p += 1
            } else {
                var next: UnsafeMutablePointer<CChar>? = nil
                let v = strtod(p, &next)
                guard let q = next, q > p else { fail("cannot parse a number in data row \(rows + 1)") }
                values.append(v)
                inRow += 1
                p = q
            }
        }
        if inRow > 0 {
            guard inRow == header.count else { fail("last row has \(inRow) fields, header \(header.count)") }
            rows += 1
        }
        return (header, rows, values)
    }
}

/// Parses a LIBSVM file (`label index:value ...`, 1-based increasing indices, `#` comments) into a
/// sparse CSC design and the labels; the column count is the largest index.
func parseLIBSVM(_ path: String) -> (DesignMatrix, [Double]) {
    var bytes = readFile(path)
    bytes.append(0)
    var labels: [Double] = []
    var rows: [Int32] = [], cols: [Int32] = [], vals: [Double] = []
    var columnCount = 0
    bytes.withUnsafeMutableBufferPointer { buf in
        let base = UnsafeMutableRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self)
        let end = base + (buf.count - 1)
        var p = base
        var line = 0
        while p < end {
            line += 1
            while p < end && (p.pointee == 32 || p.pointee == 9 || p.pointee == 13) { p += 1 }
            if p.pointee == 10 { p += 1; continue }
            if p.pointee == 35 { while p < end && p.pointee != 10 { p += 1 }; continue }
            var next: UnsafeMutablePointer<CChar>? = nil
            let label = strtod(p, &next)
            guard let q = next, q > p else { fail("\(path): line \(line): cannot parse the label") }
            p = q
            let row = Int32(labels.count)
            labels.append(label)
            var previous = 0
            while p < end && p.pointee != 10 {
                let c = p.pointee
                if c == 32 || c == 9 || c == 13 { p += 1; continue }
                if c == 35 { while p < end && p.pointee != 10 { p += 1 }; break }
                let index = strtol(p, &next, 10)
                guard let q = next, q > p, q.pointee == 58 else { fail("\(path): line \(line): bad index") }
                guard index > previous, index <= Int(Int32.max) else { fail("\(path): line \(line): index \(index) does not increase") }
                previous = index
                p = q + 1
                let v = strtod(p, &next)
                guard let r = next, r > p else { fail("\(path): line \(line): bad value for index \(index)") }
                p = r
                rows.append(row); cols.append(Int32(index - 1)); vals.append(v)
                columnCount = max(columnCount, index)
            }
        }
    }
    // Counting sort by column; rows stay increasing within a column (the input is row-major).
    var starts = [Int](repeating: 0, count: columnCount + 1)
    for c in cols { starts[Int(c) + 1] += 1 }
    for j in 0..<columnCount { starts[j + 1] += starts[j] }
    var fill = starts
    var rowIndices = [Int32](repeating: 0, count: vals.count)
    var values = [Double](repeating: 0, count: vals.count)
    for k in 0..<vals.count {
        let j = Int(cols[k])
        rowIndices[fill[j]] = rows[k]
        values[fill[j]] = vals[k]
        fill[j] += 1
    }
    do {
        let m = try SparseMatrix(rowCount: labels.count, columnCount: columnCount, columnStarts: starts,
                                 rowIndices: rowIndices, values: values)
        return (.sparse(m), labels)
    } catch {
        fail("\(path): \(error)")
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> String { String(self).trimmingCharacters(in: set) }
}

func number<S: StringProtocol>(_ s: S, _ what: String) -> Double {
    guard let v = Double(String(s)) else { fail("bad \(what) \(s)") }
    return v
}

func integer(_ s: String, _ what: String) -> Int {
    guard let v = Int(s) else { fail("bad \(what) \(s)") }
    return v
}

func json(_ v: Double) -> String { v.isFinite ? "\(v)" : "null" }

// MARK: - Arguments

var args = Array(CommandLine.arguments.dropFirst())
var csvPath: String? = nil
var target = "y"
var lambdas: [Double]? = nil
var repeats = 1
var tolerance: Double? = nil
var solver = ElasticNetOptions.Solver.automatic
var denseCoefficients = false
var family = "gaussian"
var format = "csv"
while !args.isEmpty {
    let a = args.removeFirst()
    func value() -> String {
        guard !args.isEmpty else { fail("\(a) needs a value") }
        return args.removeFirst()
    }
    switch a {
    case "--target": target = value()
    case "--lambda":
        lambdas = value().split(separator: ",").map { number($0, "lambda") }
    case "--lambdas":
        let text = String(decoding: readFile(value()), as: UTF8.self)
        lambdas = text.split(whereSeparator: { $0 == "\n" || $0 == "," || $0 == " " || $0 == "\r" })
            .map { number($0, "lambda") }
    case "--repeat": repeats = integer(value(), "--repeat")
    case "--tolerance": tolerance = number(value(), "--tolerance")
    case "--solver":
        let s = value()
        guard let chosen = ElasticNetOptions.Solver(rawValue: s) else { fail("unknown solver \(s)") }
        solver = chosen
    case "--dense-coefficients": denseCoefficients = true
    case "--family":
        family = value()
        guard ["gaussian", "binomial", "multinomial"].contains(family) else { fail("unknown family \(family)") }
    case "--format":
        format = value()
        guard ["csv", "libsvm"].contains(format) else { fail("unknown format \(format)") }
    case "-h", "--help":
        print("usage: shrink-bench-fit DATA --target y [--lambdas FILE | --lambda l1,l2,..] [--repeat R] [--tolerance T] [--solver automatic|naive|covariance] [--dense-coefficients] [--family gaussian|binomial|multinomial] [--format csv|libsvm]")
        exit(0)
    default:
        if a.hasPrefix("-") || csvPath != nil { fail("unexpected argument \(a)") }
        csvPath = a
    }
}
guard let csvPath else { fail("no CSV file given") }

// MARK: - Data (untimed)

let clock = ContinuousClock()
let parseStart = clock.now
let x: DesignMatrix
let y: [Double]
if format == "libsvm" {
    let parsed = parseLIBSVM(csvPath)
    x = parsed.0
    y = parsed.1
} else {
    let (header, n, rowMajor) = parseCSV(csvPath)
    guard let targetIndex = header.firstIndex(of: target) else { fail("no column named \(target)") }
    let width = header.count
    let p = width - 1
    var xValues = [Double](repeating: 0, count: n * p)
    var yValues = [Double](repeating: 0, count: n)
    rowMajor.withUnsafeBufferPointer { src in
        xValues.withUnsafeMutableBufferPointer { dst in
            for i in 0..<n {
                var j = 0
                for k in 0..<width {
                    let v = src[i * width + k]
                    if k == targetIndex { yValues[i] = v } else { dst[j * n + i] = v; j += 1 }
                }
            }
        }
    }
    x = DesignMatrix.dense(DenseMatrix(rowCount: n, columnCount: p, columnMajor: xValues))
    y = yValues
}
let n = x.rowCount, p = x.columnCount
let parseSeconds = seconds(clock.now - parseStart)

var options = ElasticNetOptions()
options.lambdas = lambdas
options.solver = solver
if let tolerance { options.tolerance = tolerance }

// MARK: - Fits (timed)

var fitSeconds: [Double] = []
var callSeconds: [Double] = []
var path: RegularizationPath? = nil
var multinomialPath: MultinomialPath? = nil
var labels: [Int] = []
var classCount = 0
if family == "multinomial" {
    labels = y.map { v -> Int in
        guard v >= 0, v == v.rounded(), v < 1e6 else { fail("multinomial label \(v) is not a class 0, 1, ...") }
        return Int(v)
    }
    classCount = (labels.max() ?? 0) + 1
}
for _ in 0..<max(1, repeats) {
    let t0 = clock.now
    do {
        switch family {
        case "binomial":
            path = try Logistic.fit(x: x, y: y, options: options)
        case "multinomial":
            multinomialPath = try Multinomial.fit(x: x, y: labels, classCount: classCount, options: options)
        default:
            path = try ElasticNet.fit(x: x, y: y, options: options)
        }
    } catch {
        fail("fit failed: \(error)")
    }
    callSeconds.append(seconds(clock.now - t0))
    fitSeconds.append(path?.fitSeconds ?? multinomialPath!.fitSeconds)
}

// MARK: - Output

func coefficientsJSON(_ c: SparseCoefficients, dense denseCoefficients: Bool) -> String {
    if denseCoefficients {
        return "\"coefficients\":[\(c.dense.map(json).joined(separator: ","))]"
    }
    return "\"indices\":[\(c.indices.map(String.init).joined(separator: ","))],"
        + "\"values\":[\(c.values.map(json).joined(separator: ","))]"
}

var out = "{\"tool\":\"shrink\",\"family\":\"\(family)\",\"rows\":\(n),\"columns\":\(p),"
if let path {
    out += "\"solver\":\"\(path.solver.rawValue)\",\"stopReason\":\"\(path.stopReason.rawValue)\","
} else if let multinomialPath {
    out += "\"classCount\":\(classCount),\"stopReason\":\"\(multinomialPath.stopReason.rawValue)\","
}
out += "\"tolerance\":\(json(options.tolerance)),"
out += "\"parseSeconds\":\(json(parseSeconds)),"
out += "\"fitSeconds\":[\(fitSeconds.map(json).joined(separator: ","))],"
out += "\"callSeconds\":[\(callSeconds.map(json).joined(separator: ","))],\"path\":["
if let path {
    for (k, point) in path.points.enumerated() {
        if k > 0 { out += "," }
        out += "{\"lambda\":\(json(point.lambda)),\"intercept\":\(json(point.intercept)),"
        out += coefficientsJSON(point.coefficients, dense: denseCoefficients) + ","
        out += "\"objective\":\(json(point.objective)),"
        out += "\"dualityGap\":\(point.dualityGap.map(json) ?? "null"),"
        out += "\"kktViolation\":\(json(point.kktViolation)),\"passes\":\(point.passes),"
        out += "\"converged\":\(point.converged)}"
    }
} else if let multinomialPath {
    for (k, point) in multinomialPath.points.enumerated() {
        if k > 0 { out += "," }
        out += "{\"lambda\":\(json(point.lambda)),"
        out += "\"intercepts\":[\(point.intercepts.map(json).joined(separator: ","))],"
        out += "\"classes\":[\(point.coefficients.map { "{" + coefficientsJSON($0, dense: denseCoefficients) + "}" }.joined(separator: ","))],"
        out += "\"objective\":\(json(point.objective)),"
        out += "\"kktViolation\":\(json(point.kktViolation)),\"passes\":\(point.passes),"
        out += "\"converged\":\(point.converged)}"
    }
}
out += "]}"
print(out)
