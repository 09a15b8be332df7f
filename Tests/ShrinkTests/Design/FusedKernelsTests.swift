import Testing
import Shrink

/// The fused centering kernels against plain loops that center first.
@Suite("Fused centering kernels")
struct FusedKernelsTests {
    /// A column with a large mean against its spread (where `x'y - c sum(y)` would lose digits),
    /// a weight vector with zeros, and a vector to multiply with.
    private func data(_ count: Int, seed: UInt64) -> (x: [Double], c: Double, w: [Double], y: [Double]) {
        var g = SplitMix64(seed: seed)
        let c = 1e8 + 0.25
        let x = (0..<count).map { _ in c + g.normal() }
        let w = (0..<count).map { i in i % 5 == 3 ? 0 : 0.5 + g.uniform() }
        let y = (0..<count).map { _ in g.normal() }
        return (x, c, w, y)
    }

    @Test("centered dots and squares match centering first, for every length", arguments: [0, 1, 3, 4, 7, 8, 15, 16, 17, 33, 1001])
    func dots(count: Int) {
        let (x, c, w, y) = data(count, seed: UInt64(count + 7))
        var dot = 0.0, weighted = 0.0, squares = 0.0, magnitude = 0.0, weightedMagnitude = 0.0
        for i in 0..<count {
            let d = x[i] - c
            dot += d * y[i]
            weighted += w[i] * d * y[i]
            squares += w[i] * d * d
            magnitude += abs(d * y[i])
            weightedMagnitude += abs(w[i] * d * y[i])
        }
        x.withUnsafeBufferPointer { xp in
            w.withUnsafeBufferPointer { wp in
                y.withUnsafeBufferPointer { yp in
                    let fused = Kernels.centeredDot(xp.baseAddress!, center: c, yp.baseAddress!, count: count)
                    #expect(abs(fused - dot) <= 1e-14 * max(magnitude, 1))
                    let fusedWeighted = Kernels.centeredWeightedDot(
                        xp.baseAddress!, center: c, wp.baseAddress!, yp.baseAddress!, count: count)
                    #expect(abs(fusedWeighted - weighted) <= 1e-14 * max(weightedMagnitude, 1))
                    let fusedSquares = Kernels.centeredWeightedSquares(xp.baseAddress!, center: c, wp.baseAddress!, count: count)
                    #expect(abs(fusedSquares - squares) <= 1e-14 * max(squares, 1))
                }
            }
        }
    }

    @Test("centered axpys match centering first, for every length", arguments: [0, 1, 3, 7, 8, 9, 16, 17, 1001])
    func axpys(count: Int) {
        let (x, c, w, y) = data(count, seed: UInt64(count + 11))
        let a = -0.375
        var plain = y, weighted = y
        for i in 0..<count {
            plain[i] += a * (x[i] - c)
            weighted[i] += a * w[i] * (x[i] - c)
        }
        var fused = y, fusedWeighted = y
        x.withUnsafeBufferPointer { xp in
            w.withUnsafeBufferPointer { wp in
                fused.withUnsafeMutableBufferPointer {
                    Kernels.centeredAxpy(a, xp.baseAddress!, center: c, $0.baseAddress!, count: count)
                }
                fusedWeighted.withUnsafeMutableBufferPointer {
                    Kernels.centeredWeightedAxpy(a, xp.baseAddress!, center: c, wp.baseAddress!, $0.baseAddress!, count: count)
                }
            }
        }
        for i in 0..<count {
            #expect(abs(fused[i] - plain[i]) <= 1e-15 * max(1, abs(plain[i])))
            #expect(abs(fusedWeighted[i] - weighted[i]) <= 1e-15 * max(1, abs(weighted[i])))
        }
    }

    @Test("the fused dot keeps the accuracy that `x'y - c sum(y)` loses on a large mean")
    func noCancellation() {
        // Exact in binary: x - c is in {-1, 0, 1} and y in {1, 2}, so the true value is an integer.
        let count = 1000
        let c = 3e9
        var x = [Double](repeating: 0, count: count), y = x
        var exact = 0.0
        for i in 0..<count {
            let d = Double(i % 3 - 1)
            x[i] = c + d
            y[i] = Double(1 + i % 2) + 1e-9 * Double(i % 7)
            exact += d * y[i]
        }
        let fused = x.withUnsafeBufferPointer { xp in y.withUnsafeBufferPointer {
            Kernels.centeredDot(xp.baseAddress!, center: c, $0.baseAddress!, count: count) } }
        #expect(abs(fused - exact) <= 1e-12 * Double(count))
    }
}
