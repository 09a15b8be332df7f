import Testing
import Shrink

@Suite("Column kernels")
struct KernelsTests {
    @Test("dot and sum agree with a compensated reference for every length", arguments: [0, 1, 3, 4, 15, 16, 17, 33, 1000])
    func dotMatchesReference(count: Int) {
        var g = SplitMix64(seed: UInt64(count + 1))
        let x = (0..<count).map { _ in g.normal() }, y = (0..<count).map { _ in g.normal() }
        // Kahan-compensated reference sum.
        var s = 0.0, c = 0.0, mag = 0.0
        for i in 0..<count {
            let t = x[i] * y[i] - c
            let u = s + t
            c = (u - s) - t
            s = u
            mag += abs(x[i] * y[i])
        }
        let d = x.withUnsafeBufferPointer { xp in y.withUnsafeBufferPointer { yp in
            Kernels.dot(xp.baseAddress!, yp.baseAddress!, count: count) } }
        #expect(abs(d - s) <= 1e-14 * max(mag, 1))
        let total = x.withUnsafeBufferPointer { Kernels.sum($0.baseAddress!, count: count) }
        #expect(abs(total - x.reduce(0, +)) <= 1e-13 * max(1, x.map(abs).reduce(0, +)))
    }

    @Test("the weighted dot matches a plain loop and the centered one at center 0", arguments: [0, 1, 7, 8, 9, 17, 1001])
    func weightedDot(count: Int) {
        var g = SplitMix64(seed: UInt64(count + 3))
        let x = (0..<count).map { _ in g.normal() }, y = (0..<count).map { _ in g.normal() }
        let w = (0..<count).map { i in i % 4 == 1 ? 0 : g.uniform() }
        var reference = 0.0, magnitude = 0.0
        for i in 0..<count {
            reference += x[i] * w[i] * y[i]
            magnitude += abs(x[i] * w[i] * y[i])
        }
        x.withUnsafeBufferPointer { xp in w.withUnsafeBufferPointer { wp in y.withUnsafeBufferPointer { yp in
            let d = Kernels.weightedDot(xp.baseAddress!, wp.baseAddress!, yp.baseAddress!, count: count)
            #expect(abs(d - reference) <= 1e-14 * max(magnitude, 1))
            #expect(d == Kernels.centeredWeightedDot(xp.baseAddress!, center: 0, wp.baseAddress!, yp.baseAddress!, count: count))
        } } }
    }

    @Test("dot4 matches four plain dot products for every length", arguments: [0, 1, 3, 4, 5, 8, 17, 1001])
    func dot4(count: Int) {
        var g = SplitMix64(seed: UInt64(count + 5))
        let xs = (0..<4).map { _ in (0..<count).map { _ in g.normal() } }
        let y = (0..<count).map { _ in g.normal() }
        let d = xs[0].withUnsafeBufferPointer { a in xs[1].withUnsafeBufferPointer { b in
            xs[2].withUnsafeBufferPointer { c in xs[3].withUnsafeBufferPointer { e in y.withUnsafeBufferPointer { yp in
                Kernels.dot4(a.baseAddress!, b.baseAddress!, c.baseAddress!, e.baseAddress!, yp.baseAddress!, count: count)
            } } } } }
        for k in 0..<4 {
            var reference = 0.0, magnitude = 0.0
            for i in 0..<count {
                reference += xs[k][i] * y[i]
                magnitude += abs(xs[k][i] * y[i])
            }
            #expect(abs(d[k] - reference) <= 1e-14 * max(magnitude, 1), "column \(k)")
        }
    }

    @Test("sparse dot and axpy agree with their dense equivalents")
    func sparseKernels() {
        let values = [2.0, -1.0, 0.5, 3.0, 4.0]
        let indices: [Int32] = [0, 3, 4, 7, 9]
        var dense = [Double](repeating: 0, count: 10)
        for (k, i) in indices.enumerated() { dense[Int(i)] = values[k] }
        let y = (0..<10).map { Double($0) + 1 }
        let sd = values.withUnsafeBufferPointer { v in indices.withUnsafeBufferPointer { ix in
            y.withUnsafeBufferPointer { Kernels.sparseDot(v.baseAddress!, ix.baseAddress!, count: 5, $0.baseAddress!) } } }
        #expect(sd == zip(dense, y).map(*).reduce(0, +))
        var out = y
        values.withUnsafeBufferPointer { v in indices.withUnsafeBufferPointer { ix in
            out.withUnsafeMutableBufferPointer { Kernels.sparseAxpy(2, v.baseAddress!, ix.baseAddress!, count: 5, $0.baseAddress!) } } }
        #expect(out == zip(y, dense).map { $0 + 2 * $1 })
    }
}
