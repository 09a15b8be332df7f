import Testing
@testable import Shrink
import CShrinkKernels

/// The run-time-chosen AVX2/FMA kernels (where this CPU has them; otherwise they are the portable
/// ones) against the portable kernels, which ``FusedKernelsTests`` checks against plain loops.
@Suite("AVX2/FMA vector kernels")
struct NativeKernelsTests {
    @Test("the feature flags read by the kernels were set when the library loaded")
    func features() {
        #expect(Kernels.native == (shrink_has_avx2_fma() != 0))
        #expect(Kernels.nativeWide == (shrink_has_avx512() != 0))
    }

    @Test("native centered dot, weighted squares (fused or not) and (weighted, centered or plain) axpy match the portable kernels",
          arguments: [0, 1, 3, 4, 7, 8, 15, 16, 17, 33, 1001])
    func agree(count: Int) {
        var g = SplitMix64(seed: UInt64(count + 3))
        let c = 1e4 + 0.5
        let x = (0..<count).map { _ in c + g.normal() }
        let w = (0..<count).map { i in i % 5 == 3 ? 0 : 0.5 + g.uniform() }
        let y = (0..<count).map { _ in g.normal() }
        var magnitude = 0.0, squares = 0.0
        for i in 0..<count { magnitude += abs((x[i] - c) * y[i]); squares += w[i] * (x[i] - c) * (x[i] - c) }
        var portable = y, native = y
        x.withUnsafeBufferPointer { xp in
            w.withUnsafeBufferPointer { wp in
                y.withUnsafeBufferPointer { yp in
                    let (x0, w0, y0) = (xp.baseAddress!, wp.baseAddress!, yp.baseAddress!)
                    let dot = Kernels.nativeCenteredDot(x0, center: c, y0, count: count)
                    #expect(abs(dot - Kernels.centeredDot(x0, center: c, y0, count: count)) <= 1e-14 * max(magnitude, 1))
                    let s = Kernels.nativeCenteredWeightedSquares(x0, center: c, w0, count: count)
                    #expect(abs(s - Kernels.centeredWeightedSquares(x0, center: c, w0, count: count)) <= 1e-14 * max(squares, 1))
                    // The fused pass gives both to the bit.
                    let fused = Kernels.nativeCenteredDotAndWeightedSquares(x0, center: c, y0, w0, count: count)
                    #expect(fused.dot == dot && fused.squares == s)
                }
                portable.withUnsafeMutableBufferPointer {
                    Kernels.centeredWeightedAxpy(-0.75, xp.baseAddress!, center: c, wp.baseAddress!, $0.baseAddress!, count: count)
                }
                native.withUnsafeMutableBufferPointer {
                    Kernels.nativeCenteredWeightedAxpy(-0.75, xp.baseAddress!, center: c, wp.baseAddress!, $0.baseAddress!,
                                                       count: count)
                }
            }
        }
        for i in 0..<count { #expect(abs(native[i] - portable[i]) <= 1e-15 * max(1, abs(portable[i]))) }
        // The unweighted axpy.
        var plain = y, nativePlain = y
        x.withUnsafeBufferPointer { xp in
            plain.withUnsafeMutableBufferPointer {
                Kernels.centeredAxpy(0.625, xp.baseAddress!, center: c, $0.baseAddress!, count: count)
            }
            nativePlain.withUnsafeMutableBufferPointer {
                Kernels.nativeCenteredAxpy(0.625, xp.baseAddress!, center: c, $0.baseAddress!, count: count)
            }
        }
        for i in 0..<count { #expect(abs(nativePlain[i] - plain[i]) <= 1e-15 * max(1, abs(plain[i]))) }
        // The axpy without centering.
        var uncentered = y, nativeUncentered = y
        x.withUnsafeBufferPointer { xp in
            uncentered.withUnsafeMutableBufferPointer { Kernels.axpy(-0.375, xp.baseAddress!, $0.baseAddress!, count: count) }
            nativeUncentered.withUnsafeMutableBufferPointer {
                Kernels.nativeAxpy(-0.375, xp.baseAddress!, $0.baseAddress!, count: count)
            }
        }
        for i in 0..<count {
            #expect(abs(nativeUncentered[i] - uncentered[i]) <= 1e-15 * max(1, abs(uncentered[i])))
            #expect(uncentered[i] != y[i])
        }
    }

    @Test("the centered scale writes the bits the centered axpy (native and portable) adds to zeros",
          arguments: [0, 1, 3, 4, 7, 8, 15, 16, 17, 33, 1001])
    func centeredScale(count: Int) {
        var g = SplitMix64(seed: UInt64(count + 5))
        let c = 2.5
        // Every third entry at the center exactly: products of zero, whose sign must match.
        let x = (0..<count).map { $0 % 3 == 0 ? c : c + g.normal() }
        for a in [0.625, -0.375] {
            var written = (0..<count).map { _ in g.normal() }  // anything: the scale overwrites it
            var native = [Double](repeating: 0, count: count), portable = native
            x.withUnsafeBufferPointer { xp in
                written.withUnsafeMutableBufferPointer {
                    Kernels.centeredScale(a, xp.baseAddress!, center: c, into: $0.baseAddress!, count: count)
                }
                native.withUnsafeMutableBufferPointer {
                    Kernels.nativeCenteredAxpy(a, xp.baseAddress!, center: c, $0.baseAddress!, count: count)
                }
                portable.withUnsafeMutableBufferPointer {
                    Kernels.centeredAxpy(a, xp.baseAddress!, center: c, $0.baseAddress!, count: count)
                }
            }
            #expect(written.map(\.bitPattern) == native.map(\.bitPattern))
            #expect(written.map(\.bitPattern) == portable.map(\.bitPattern))
        }
    }

    @Test("cross products of two column blocks visit every pair (or the upper triangle) once, matching plain dots",
          arguments: [0, 1, 7, 8, 13, 37, 600])
    func crossProducts(count n: Int) {
        var g = SplitMix64(seed: UInt64(n + 11))
        let m = 7, q = 9
        let x = (0..<(n * m)).map { _ in g.normal() }, y = (0..<(n * q)).map { _ in g.normal() }
        func plain(_ a: [Double], _ r: Int, _ b: [Double], _ t: Int) -> Double {
            (0..<n).reduce(0.0) { $0 + a[r * n + $1] * b[t * n + $1] }
        }
        for (upper, portable, narrow) in [(false, false, false), (true, false, false), (false, false, true),
                                          (true, false, true), (false, true, false), (true, true, false)] {
            let other = upper ? x : y, columns = upper ? m : q
            var seen = [Int](repeating: 0, count: m * columns)
            x.withUnsafeBufferPointer { xp in
                other.withUnsafeBufferPointer { yp in
                    let left = (0..<m).map { xp.baseAddress! + $0 * n }
                    let right = (0..<columns).map { yp.baseAddress! + $0 * n }
                    Kernels.crossProducts(left, right, count: n, upper: upper, portable: portable,
                                          narrow: narrow) { r, t, value in
                        seen[r * columns + t] += 1
                        let exact = plain(x, r, other, t)
                        #expect(abs(value - exact) <= 1e-12 * (1 + abs(exact)), "(\(r), \(t)) \(upper) \(portable) \(narrow)")
                    }
                }
            }
            for r in 0..<m {
                for t in 0..<columns { #expect(seen[r * columns + t] == (upper && r > t ? 0 : 1), "(\(r), \(t))") }
            }
        }
    }

    /// Above ``Kernels/threadedCrossWork`` the tiles are shared out between two threads: every product
    /// must still be summed in the serial order (the same bits), and each pair visited once; with an
    /// odd number of tile columns, so the two threads get different counts.
    @Test("cross products on two threads give the serial bits", arguments: [false, true])
    func threadedCrossProducts(upper: Bool) {
        let n = 1201, m = 90, q = upper ? 90 : 61
        #expect(n * m * q / (upper ? 2 : 1) >= Kernels.threadedCrossWork)
        var g = SplitMix64(seed: upper ? 3 : 4)
        let x = (0..<(n * m)).map { _ in g.normal() }, y = (0..<(n * q)).map { _ in g.normal() }
        let other = upper ? x : y
        var serial = [Double](repeating: .nan, count: m * q), threaded = serial
        var visits = [Int](repeating: 0, count: m * q)
        x.withUnsafeBufferPointer { xp in
            other.withUnsafeBufferPointer { yp in
                let left = (0..<m).map { xp.baseAddress! + $0 * n }
                let right = (0..<q).map { yp.baseAddress! + $0 * n }
                Kernels.crossProducts(left, right, count: n, upper: upper, serial: true) { r, t, v in serial[r * q + t] = v }
                Kernels.crossProducts(left, right, count: n, upper: upper) { r, t, v in
                    threaded[r * q + t] = v
                    visits[r * q + t] += 1
                }
            }
        }
        var mismatches = 0
        for r in 0..<m {
            for t in 0..<q where !(upper && r > t) {
                if serial[r * q + t].bitPattern != threaded[r * q + t].bitPattern || visits[r * q + t] != 1 { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
        let exact = (0..<n).reduce(0.0) { $0 + x[(m - 1) * n + $1] * other[(q - 1) * n + $1] }
        #expect(abs(threaded[(m - 1) * q + q - 1] - exact) <= 1e-12 * Double(n))
    }

    @Test("native dot, four-column dot and its two-vector form match the portable kernels", arguments: [0, 1, 3, 4, 7, 8, 12, 15, 16, 17, 33, 1001])
    func dots(count: Int) {
        var g = SplitMix64(seed: UInt64(count + 11))
        let columns = (0..<4).map { k in (0..<count).map { _ in Double(k) + g.normal() } }
        let y = (0..<count).map { _ in g.normal() }
        columns[0].withUnsafeBufferPointer { x0 in
            columns[1].withUnsafeBufferPointer { x1 in
                columns[2].withUnsafeBufferPointer { x2 in
                    columns[3].withUnsafeBufferPointer { x3 in
                        y.withUnsafeBufferPointer { yp in
                            let xs = [x0, x1, x2, x3].map { $0.baseAddress! }, v = yp.baseAddress!
                            let four = Kernels.nativeDot4(xs[0], xs[1], xs[2], xs[3], v, count: count)
                            let (pairY, pairX0) = Kernels.nativeDot4x2(xs[0], xs[1], xs[2], xs[3], v, xs[0], count: count)
                            let portable = Kernels.dot4(xs[0], xs[1], xs[2], xs[3], v, count: count)
                            for k in 0..<4 {
                                var magnitude = 0.0
                                for i in 0..<count { magnitude += abs(columns[k][i] * y[i]) }
                                let bound = 1e-14 * max(magnitude, 1)
                                let one = Kernels.nativeDot(xs[k], v, count: count)
                                #expect(abs(one - Kernels.dot(xs[k], v, count: count)) <= bound)
                                #expect(abs(four[k] - portable[k]) <= bound)
                                #expect(abs(four[k] - one) <= bound)
                                #expect(abs(pairY[k] - portable[k]) <= bound)
                                var cross = 0.0
                                for i in 0..<count { cross += abs(columns[k][i] * columns[0][i]) }
                                let portableCross = Kernels.dot(xs[k], xs[0], count: count)
                                #expect(abs(pairX0[k] - portableCross) <= 1e-14 * max(cross, 1))
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("native centered four-vector dot matches the portable kernel", arguments: [0, 1, 3, 4, 7, 8, 12, 15, 16, 17, 33, 1001])
    func centeredDots(count: Int) {
        var g = SplitMix64(seed: UInt64(count + 29))
        let c = 1e4 + 0.25
        let x = (0..<count).map { _ in c + g.normal() }
        let ws = (0..<4).map { k in (0..<count).map { _ in Double(k) - 1.5 + g.normal() } }
        ws[0].withUnsafeBufferPointer { w0 in
            ws[1].withUnsafeBufferPointer { w1 in
                ws[2].withUnsafeBufferPointer { w2 in
                    ws[3].withUnsafeBufferPointer { w3 in
                        x.withUnsafeBufferPointer { xp in
                            let p = [w0, w1, w2, w3].map { $0.baseAddress! }, x0 = xp.baseAddress!
                            let native = Kernels.nativeCenteredDot4(x0, center: c, p[0], p[1], p[2], p[3], count: count)
                            let portable = Kernels.centeredDot4(x0, center: c, p[0], p[1], p[2], p[3], count: count)
                            for k in 0..<4 {
                                var magnitude = 0.0, exact = 0.0
                                for i in 0..<count { magnitude += abs((x[i] - c) * ws[k][i]); exact += (x[i] - c) * ws[k][i] }
                                let bound = 1e-14 * max(magnitude, 1)
                                #expect(abs(native[k] - portable[k]) <= bound)
                                #expect(abs(native[k] - exact) <= bound)
                            }
                        }
                    }
                }
            }
        }
    }
}
