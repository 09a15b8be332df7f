import Testing
@testable import Shrink

/// `C = A' B` by the textbook triple loop (column-major `A` k x m, `B` k x n).
private func naive(_ a: [Double], _ b: [Double], k: Int, m: Int, n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    for j in 0..<n { for i in 0..<m { var s = 0.0; for t in 0..<k { s += a[t + i * k] * b[t + j * k] }; c[i + j * m] = s } }
    return c
}

private func random(_ count: Int, seed: UInt64) -> [Double] {
    var g = SplitMix64(seed: seed)
    return (0..<count).map { _ in g.uniform() - 0.5 }
}

@Suite("Packed matrix products: strided operands, symmetric products, threads")
struct MatrixProductTests {
    @Test("A'B, with either operand given transposed, equals the triple loop (odd sizes, several blocks)",
          arguments: [(1, 1, 1), (3, 5, 7), (300, 9, 6), (257, 13, 130), (40, 301, 5)])
    func products(k: Int, m: Int, n: Int) {
        let a = random(k * m, seed: 1), b = random(k * n, seed: 2)
        let reference = naive(a, b, k: k, m: m, n: n)
        let at = MatrixProduct.transpose(a, rows: k, columns: m), bt = MatrixProduct.transpose(b, rows: k, columns: n)
        let variants = [
            MatrixProduct.transposeTimes(a, b, k: k, m: m, n: n),
            MatrixProduct.transposeTimes(at, b, k: k, m: m, n: n, aTransposed: true),
            MatrixProduct.transposeTimes(a, bt, k: k, m: m, n: n, bTransposed: true),
            MatrixProduct.transposeTimes(at, bt, k: k, m: m, n: n, aTransposed: true, bTransposed: true),
        ]
        for (which, c) in variants.enumerated() {
            var worst = 0.0
            for (u, v) in zip(c, reference) { worst = max(worst, abs(u - v)) }
            #expect(worst <= 1e-13 * Double(k), "variant \(which): \(worst)")
            #if !OpenBLAS
            // The packing only moves data: every layout gives the same bits. (OpenBLAS's dgemm
            // kernels differ by operand layout, so there the layouts agree to rounding, as above.)
            #expect(c == variants[0], "variant \(which) is not bit-identical")
            #endif
        }
    }

    /// The AVX-512 and AVX2/FMA tiles (where this CPU has them) and the portable Swift tile each give
    /// the triple loop's product, plain and symmetric, for shapes with partial tiles and an odd number
    /// of strips; the two AVX tile sets give the same bits.
    @Test("every register tile gives the triple loop's product", arguments: [(7, 5, 3), (33, 13, 9), (300, 21, 37), (70, 45, 23)])
    func tiles(k: Int, m: Int, n: Int) {
        let a = random(k * m, seed: 5), b = random(k * n, seed: 6)
        let reference = naive(a, b, k: k, m: m, n: n), gram = naive(a, a, k: k, m: m, n: m)
        var native: [[Double]] = []
        for (portable, narrow) in [(true, true), (false, true), (false, false)] {
            var c = [Double](repeating: 1, count: m * n), g = [Double](repeating: 0, count: m * m)
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        MatrixProduct.addTransposeProduct(k: k, m: m, n: n, alpha: -0.5, a: pa.baseAddress!, lda: k,
                                                          b: pb.baseAddress!, ldb: k, c: pc.baseAddress!, ldc: m,
                                                          portable: portable, narrow: narrow)
                    }
                    g.withUnsafeMutableBufferPointer { pg in
                        MatrixProduct.addTransposeProduct(k: k, m: m, n: m, alpha: 1, a: pa.baseAddress!, lda: k,
                                                          b: pa.baseAddress!, ldb: k, c: pg.baseAddress!, ldc: m,
                                                          upperOnly: true, portable: portable, narrow: narrow)
                    }
                }
            }
            if !portable { native.append(c + (0..<m).flatMap { j in (0...j).map { g[$0 + j * m] } }) }
            for (u, v) in zip(c, reference) { #expect(abs(u - (1 - 0.5 * v)) <= 1e-13 * Double(k), "portable \(portable)") }
            for j in 0..<m {
                for i in 0...j { #expect(abs(g[i + j * m] - gram[i + j * m]) <= 1e-13 * Double(k), "portable \(portable)") }
            }
        }
        #expect(native[0] == native[1], "the AVX-512 tile differs from the AVX2 tiles")
    }

    @Test("threaded products are bit-for-bit the serial ones (both split directions and the symmetric one)",
          arguments: [(300, 700, 200), (300, 200, 700), (500, 300, 300)])
    func threads(k: Int, m: Int, n: Int) {
        let a = random(k * m, seed: 3), b = random(k * n, seed: 4)
        func run(_ parallel: Bool, symmetric: Bool) -> [Double] {
            let cols = symmetric ? m : n
            var c = [Double](repeating: 0, count: m * cols)
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        MatrixProduct.addTransposeProduct(
                            k: k, m: m, n: cols, alpha: 1, a: pa.baseAddress!, lda: k,
                            b: symmetric ? pa.baseAddress! : pb.baseAddress!, ldb: k, c: pc.baseAddress!, ldc: m,
                            upperOnly: symmetric, parallel: parallel)
                    }
                }
            }
            if symmetric { for j in 0..<m { for i in (j + 1)..<max(j + 1, m) { c[i + j * m] = 0 } } }
            return c
        }
        #expect(Double(k) * Double(m) * Double(n) >= 4e7, "too small to take the threaded path")
        #expect(run(true, symmetric: false) == run(false, symmetric: false))
        let serial = run(false, symmetric: true)
        #expect(run(true, symmetric: true) == serial)
        // The upper triangle is the Gram matrix (spot-check against the triple loop on a corner).
        let corner = naive(Array(a[0..<(k * 8)]), Array(a[0..<(k * 8)]), k: k, m: 8, n: 8)
        for j in 0..<8 { for i in 0...j { #expect(abs(serial[i + j * m] - corner[i + j * 8]) <= 1e-12 * Double(k)) } }
    }

    @Test("rowGram(Z) = gram(Z') without the transpose")
    func rowGram() {
        let n = 37, q = 301
        let z = random(n * q, seed: 5)
        let direct = MatrixProduct.rowGram(z, rows: n, columns: q)
        let viaTranspose = MatrixProduct.gram(MatrixProduct.transpose(z, rows: n, columns: q), rows: q, columns: n)
        #expect(direct == viaTranspose)
        for i in 0..<n { for j in 0..<n { #expect(direct[i + j * n] == direct[j + i * n]) } }
    }
}
