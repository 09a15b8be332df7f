import CShrinkKernels
import Dispatch

/// Dense matrix products `C += alpha * A' B` on column-major storage, blocked for the caches.
///
/// Every product of the ridge solver is written in this one "transposed-times" form, where the
/// contraction runs down the contiguous columns of both operands. Panels of A and B are packed
/// into interleaved 4-wide strips and multiplied by a 4 x 4 register-tiled kernel on
/// `SIMD4<Double>`, or on x86-64 CPUs with AVX2 and FMA by the C tiles of `CShrinkKernels` (4 x 8,
/// fused multiply-adds; chosen at run time, about four times the work per cycle), and with AVX-512
/// by an 8 x 8 tile over two strips of each operand (the same fused chain per entry, so the same
/// bits as the AVX2 tiles), or a 16 x 8 tile over four strips of A where the rows allow. The summation
/// order depends only on the shapes, so on a given machine results are bit-for-bit reproducible.
/// With the `OpenBLAS` package trait the products run on OpenBLAS's `dgemm` instead (see ``BLAS``).
enum MatrixProduct {

    /// The contraction block: a packed 4-wide strip of A is `kc * 32` bytes.
    static let kc = 256
    /// The column block of B packed at once (`kc * nc * 8` bytes).
    static let nc = 128

    /// Computes `C[0..<m, 0..<n] += alpha * A[0..<k, 0..<m]' * B[0..<k, 0..<n]`.
    ///
    /// `A` has leading dimension `lda` (entry (t, i) at `a[t * aStep + i * lda]`, so `aStep = 1` is
    /// column-major `A` and `lda = 1, aStep = rows` reads a column-major matrix as its transpose),
    /// likewise `B`; `C` is column-major with leading dimension `ldc`. With `upperOnly`, only
    /// entries with row <= column (up to the 4 x 4 tile) are guaranteed; use it for symmetric
    /// products `A' A`. With `parallel`, large products are split into blocks of C computed on
    /// concurrent threads; every entry is summed in the same order either way, so the result is
    /// bit-for-bit the serial one. With `portable`, the Swift tile runs even where the AVX2 tiles
    /// could, with `narrow` the AVX2 tiles even where the AVX-512 tile could (for tests; the AVX
    /// tiles give the same bits).
    ///
    /// - Complexity: O(k m n) with a 4 x 4 register tile; O(k (m + n)) packing per block.
    static func addTransposeProduct(
        k: Int, m: Int, n: Int, alpha: Double,
        a: UnsafePointer<Double>, lda: Int, aStep: Int = 1, b: UnsafePointer<Double>, ldb: Int, bStep: Int = 1,
        c: UnsafeMutablePointer<Double>, ldc: Int, upperOnly: Bool = false, parallel: Bool = false,
        portable: Bool = false, narrow: Bool = false
    ) {
        guard k > 0, m > 0, n > 0 else { return }
        #if OpenBLAS
        if BLAS.addTransposeProduct(k: k, m: m, n: n, alpha: alpha, a: a, lda: lda, aStep: aStep,
                                    b: b, ldb: ldb, bStep: bStep, c: c, ldc: ldc, upperOnly: upperOnly) { return }
        #endif
        let threaded = parallel && Double(k) * Double(m) * Double(n) >= 4e7
        let avx2 = Kernels.native && !portable
        let wide = avx2 && Kernels.nativeWide && !narrow
        // A strided operand (step != 1) is packed once per contraction block into a panel of
        // 4-wide strips shared by all blocks of C, instead of strip by strip with scattered reads;
        // a symmetric product of one operand packs a single panel for both sides.
        let shared = a == b && aStep == bStep && lda == ldb && m == n
        let panelA = aStep != 1 ? UnsafeMutablePointer<Double>.allocate(capacity: min(kc, k) * (m + 3) / 4 * 4) : nil
        let panelB = bStep != 1 && !shared
            ? UnsafeMutablePointer<Double>.allocate(capacity: min(kc, k) * (n + 3) / 4 * 4) : nil
        defer { panelA?.deallocate(); panelB?.deallocate() }
        let byColumns = upperOnly || n >= m
        let width = threaded ? (byColumns ? (upperOnly ? 32 : 64) : 256) : (byColumns ? n : m)
        let total = byColumns ? n : m
        let blocks = (total + width - 1) / width
        let ua = UnsafeSendablePointer(a), ub = UnsafeSendablePointer(b), uc = UnsafeSendablePointer(UnsafePointer(c))
        let pa = panelA.map { UnsafeSendablePointer(UnsafePointer($0)) }
        let pb = (shared ? panelA : panelB).map { UnsafeSendablePointer(UnsafePointer($0)) }
        for k0 in stride(from: 0, to: k, by: kc) {
            let kb = min(kc, k - k0)
            if let panelA {
                packPanel(a + k0 * aStep, ld: lda, step: aStep, count: m, depth: kb, into: panelA, parallel: threaded)
            }
            if let panelB {
                packPanel(b + k0 * bStep, ld: ldb, step: bStep, count: n, depth: kb, into: panelB, parallel: threaded)
            }
            let run = { @Sendable (task: Int) in
                // The widest-work blocks of a symmetric product (column j has j rows) go first.
                let index = upperOnly && threaded ? blocks - 1 - task : task
                let start = index * width, count = min(width, total - start)
                let cc = UnsafeMutablePointer(mutating: uc.pointer)
                if byColumns {
                    block(kb: kb, m: upperOnly ? min(m, start + count) : m, n: count, alpha: alpha,
                          a: ua.pointer + k0 * aStep, lda: lda, aStep: aStep, panelA: pa?.pointer,
                          b: ub.pointer + k0 * bStep + start * ldb, ldb: ldb, bStep: bStep,
                          panelB: pb.map { $0.pointer + start * kb },
                          c: cc + start * ldc, ldc: ldc, upperOnly: upperOnly, offset: start, avx2: avx2, wide: wide)
                } else {
                    block(kb: kb, m: count, n: n, alpha: alpha,
                          a: ua.pointer + k0 * aStep + start * lda, lda: lda, aStep: aStep,
                          panelA: pa.map { $0.pointer + start * kb },
                          b: ub.pointer + k0 * bStep, ldb: ldb, bStep: bStep, panelB: pb?.pointer,
                          c: cc + start, ldc: ldc, upperOnly: false, offset: 0, avx2: avx2, wide: wide)
                }
            }
            if threaded { DispatchQueue.concurrentPerform(iterations: blocks, execute: run) } else { run(0) }
        }
    }

    /// Packs `count` vectors (vector i, entry r at `src[r * step + i * ld]`) of length `depth` as
    /// 4-wide strips (strip s at `dst + s * depth * 4`), zero-padding the last one.
    ///
    /// With `parallel`, the two halves of the strips are packed on two threads (a copy: the same bits).
    private static func packPanel(
        _ src: UnsafePointer<Double>, ld: Int, step: Int, count: Int, depth: Int, into dst: UnsafeMutablePointer<Double>,
        parallel: Bool = false
    ) {
        let strips = (count + 3) / 4
        let parts = parallel && strips >= 8 ? 2 : 1
        let source = UnsafeSendablePointer(src), target = UnsafeSendablePointer(UnsafePointer(dst))
        let run = { @Sendable (part: Int) in
            let first = part == 0 ? 0 : strips / parts, last = part == parts - 1 ? strips : strips / parts
            for s in first..<last {
                let i0 = 4 * s
                pack(source.pointer + i0 * ld, ld: ld, step: step, width: min(4, count - i0), depth: depth,
                     into: UnsafeMutablePointer(mutating: target.pointer) + i0 * depth)
            }
        }
        if parts == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: run) }
    }

    /// The serial product of one contraction block (`kb` deep, operands already offset to it) on
    /// one block of C, reading prepacked panels when given; `offset` is the column of C's block
    /// minus its row (for the upper-triangle test of symmetric products); `avx2` picks the C tiles.
    private static func block(
        kb: Int, m: Int, n: Int, alpha: Double,
        a: UnsafePointer<Double>, lda: Int, aStep: Int, panelA: UnsafePointer<Double>?,
        b: UnsafePointer<Double>, ldb: Int, bStep: Int, panelB: UnsafePointer<Double>?,
        c: UnsafeMutablePointer<Double>, ldc: Int, upperOnly: Bool, offset: Int, avx2: Bool, wide: Bool
    ) {
        guard kb > 0, m > 0, n > 0 else { return }
        let packA = panelA == nil ? UnsafeMutablePointer<Double>.allocate(capacity: kb * (wide ? 16 : 4)) : nil
        let ncMax = min(nc, (n + 3) / 4 * 4)
        let packB = panelB == nil ? UnsafeMutablePointer<Double>.allocate(capacity: kb * ncMax) : nil
        defer { packA?.deallocate(); packB?.deallocate() }
        var j0 = 0
        while j0 < n {
            let nb = min(nc, n - j0)
            let strips = (nb + 3) / 4
            // B[0..<kb, j0..<j0+nb] as strips of 4 columns, interleaved by row.
            let stripsB: UnsafePointer<Double>
            if let panelB {
                stripsB = panelB + j0 * kb
            } else {
                for s in 0..<strips {
                    pack(b + (j0 + s * 4) * ldb, ld: ldb, step: bStep,
                         width: min(4, nb - s * 4), depth: kb, into: packB! + s * kb * 4)
                }
                stripsB = UnsafePointer(packB!)
            }
            /// The packed A strips of rows `i0 ..< i0 + rows` (consecutive, `kb * 4` apart).
            func stripsOfA(_ i0: Int, rows: Int) -> UnsafePointer<Double> {
                if let panelA { return panelA + i0 * kb }
                for t in stride(from: 0, to: rows, by: 4) {
                    pack(a + (i0 + t) * lda, ld: lda, step: aStep, width: min(4, rows - t), depth: kb, into: packA! + t * kb)
                }
                return UnsafePointer(packA!)
            }
            var i0 = 0
            // On AVX-512, sixteen rows at a time (four A strips against two B strips), then eight (two).
            for rows in wide ? [16, 8] : [] {
                while i0 + rows <= m {
                    if upperOnly && i0 >= j0 + nb + offset { break }
                    let stripsA = stripsOfA(i0, rows: rows)
                    var s = 0
                    while s < strips {
                        let jj = j0 + s * 4
                        let tile = c + i0 + jj * ldc, strip = stripsB + s * kb * 4
                        if upperOnly && jj + offset + 3 < i0 {
                            s += 1
                        } else if s + 1 < strips {
                            let cols = Int32(min(8, n - jj))
                            if rows == 16 {
                                shrink_tile_16x8(kb, stripsA, alpha, strip, strip + kb * 4, tile, ldc, cols)
                            } else {
                                shrink_tile_8x8(kb, stripsA, alpha, strip, strip + kb * 4, tile, ldc, cols)
                            }
                            s += 2
                        } else {
                            let cols = Int32(min(4, n - jj))
                            for t in 0..<(rows / 4) {
                                shrink_tile_4x4(kb, stripsA + t * kb * 4, strip, alpha, tile + 4 * t, ldc, 4, cols)
                            }
                            s += 1
                        }
                    }
                    i0 += rows
                }
            }
            while i0 < m {
                let mb = min(4, m - i0)
                if upperOnly && i0 >= j0 + nb + offset { break }
                let stripA = stripsOfA(i0, rows: mb)
                var s = 0
                while s < strips {
                    let jj = j0 + s * 4
                    let tile = c + i0 + jj * ldc, strip = stripsB + s * kb * 4
                    if upperOnly && jj + offset + 3 < i0 {
                        s += 1
                    } else if avx2 && s + 1 < strips {
                        shrink_tile_4x8(kb, stripA, strip, strip + kb * 4, alpha, tile, ldc, Int32(mb),
                                        Int32(min(8, n - jj)))
                        s += 2
                    } else if avx2 {
                        shrink_tile_4x4(kb, stripA, strip, alpha, tile, ldc, Int32(mb), Int32(min(4, n - jj)))
                        s += 1
                    } else {
                        kernel(kb, stripA, strip, alpha: alpha, c: tile, ldc: ldc, rows: mb, cols: min(4, n - jj))
                        s += 1
                    }
                }
                i0 += 4
            }
            j0 += nb
        }
    }

    /// Packs `width <= 4` vectors (vector t, entry r at `src[r * step + t * ld]`) of length `depth`
    /// into a strip interleaved by entry, zero-padding to 4 vectors.
    @inline(__always)
    private static func pack(
        _ src: UnsafePointer<Double>, ld: Int, step: Int, width: Int, depth: Int,
        into dst: UnsafeMutablePointer<Double>
    ) {
        if step == 1 {
            for t in 0..<4 {
                if t < width {
                    let col = src + t * ld
                    for r in 0..<depth { dst[r * 4 + t] = col[r] }
                } else {
                    for r in 0..<depth { dst[r * 4 + t] = 0 }
                }
            }
        } else if ld == 1 && width == 4 {
            for r in 0..<depth {
                let row = src + r * step
                dst[r * 4] = row[0]; dst[r * 4 + 1] = row[1]; dst[r * 4 + 2] = row[2]; dst[r * 4 + 3] = row[3]
            }
        } else {
            for r in 0..<depth {
                let row = src + r * step
                for t in 0..<4 { dst[r * 4 + t] = t < width ? row[t * ld] : 0 }
            }
        }
    }

    /// The 4 x 4 register tile: `C[0..<rows, 0..<cols] += alpha * sum_r a[r] b[r]'`.
    @inline(__always)
    private static func kernel(
        _ kb: Int, _ pa: UnsafePointer<Double>, _ pb: UnsafePointer<Double>,
        alpha: Double, c: UnsafeMutablePointer<Double>, ldc: Int, rows: Int, cols: Int
    ) {
        var c0 = SIMD4<Double>(), c1 = SIMD4<Double>(), c2 = SIMD4<Double>(), c3 = SIMD4<Double>()
        let ra = UnsafeRawPointer(pa)
        for r in 0..<kb {
            let av = ra.loadUnaligned(fromByteOffset: r * 32, as: SIMD4<Double>.self)
            let bp = pb + r * 4
            c0 += av * SIMD4(repeating: bp[0])
            c1 += av * SIMD4(repeating: bp[1])
            c2 += av * SIMD4(repeating: bp[2])
            c3 += av * SIMD4(repeating: bp[3])
        }
        if rows == 4 && cols == 4 {
            store(c0, c, alpha); store(c1, c + ldc, alpha)
            store(c2, c + 2 * ldc, alpha); store(c3, c + 3 * ldc, alpha)
            return
        }
        for t in 0..<cols {
            let v = t == 0 ? c0 : t == 1 ? c1 : t == 2 ? c2 : c3
            let col = c + t * ldc
            for i in 0..<rows { col[i] += alpha * v[i] }
        }
    }

    @inline(__always)
    private static func store(_ v: SIMD4<Double>, _ col: UnsafeMutablePointer<Double>, _ alpha: Double) {
        let raw = UnsafeMutableRawPointer(col)
        let old = raw.loadUnaligned(as: SIMD4<Double>.self)
        raw.storeBytes(of: old + alpha * v, as: SIMD4<Double>.self)
    }

    /// Returns `A' B` for column-major `A` (`k x m`) and `B` (`k x n`) as a column-major `m x n` array.
    /// With `aTransposed`, `a` holds `A'` instead (column-major `m x k`), likewise `bTransposed`.
    ///
    /// - Complexity: O(k m n), on concurrent threads when large.
    static func transposeTimes(
        _ a: [Double], _ b: [Double], k: Int, m: Int, n: Int, aTransposed: Bool = false, bTransposed: Bool = false
    ) -> [Double] {
        precondition(a.count >= k * m && b.count >= k * n, "operand size mismatch")
        var out = [Double](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in
                    addTransposeProduct(k: k, m: m, n: n, alpha: 1, a: pa.baseAddress!, lda: aTransposed ? 1 : k,
                                        aStep: aTransposed ? m : 1, b: pb.baseAddress!, ldb: bTransposed ? 1 : k,
                                        bStep: bTransposed ? n : 1, c: pc.baseAddress!, ldc: m, parallel: true)
                }
            }
        }
        return out
    }

    /// Returns the symmetric `m x m` Gram matrix `A A'` of the rows of a column-major `m x k` matrix
    /// (both halves filled), without transposing it.
    ///
    /// - Complexity: O(m^2 k / 2), on concurrent threads when large.
    static func rowGram(_ a: [Double], rows m: Int, columns k: Int) -> [Double] {
        precondition(a.count >= k * m, "operand size mismatch")
        var out = [Double](repeating: 0, count: m * m)
        a.withUnsafeBufferPointer { pa in
            out.withUnsafeMutableBufferPointer { pc in
                addTransposeProduct(k: k, m: m, n: m, alpha: 1, a: pa.baseAddress!, lda: 1, aStep: m,
                                    b: pa.baseAddress!, ldb: 1, bStep: m, c: pc.baseAddress!, ldc: m,
                                    upperOnly: true, parallel: true)
                symmetrize(pc.baseAddress!, m)
            }
        }
        return out
    }

    /// Copies the upper triangle of a column-major `m x m` matrix into its lower triangle.
    static func symmetrize(_ c: UnsafeMutablePointer<Double>, _ m: Int) {
        for j in 0..<m { for i in (j + 1)..<max(j + 1, m) { c[i + j * m] = c[j + i * m] } }
    }

    /// Returns the symmetric `m x m` Gram matrix `A' A` of a column-major `k x m` matrix (both halves filled).
    ///
    /// - Complexity: O(k m^2 / 2).
    static func gram(_ a: [Double], rows k: Int, columns m: Int) -> [Double] {
        precondition(a.count >= k * m, "operand size mismatch")
        var out = [Double](repeating: 0, count: m * m)
        a.withUnsafeBufferPointer { pa in
            out.withUnsafeMutableBufferPointer { pc in
                addTransposeProduct(k: k, m: m, n: m, alpha: 1, a: pa.baseAddress!, lda: k,
                                    b: pa.baseAddress!, ldb: k, c: pc.baseAddress!, ldc: m, upperOnly: true,
                                    parallel: true)
                symmetrize(pc.baseAddress!, m)
            }
        }
        return out
    }

    /// Returns the transpose of a column-major `rows x columns` matrix (so, its row-major copy).
    ///
    /// - Complexity: O(rows * columns), blocked by 32 x 32 tiles.
    static func transpose(_ a: [Double], rows: Int, columns: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows * columns)
        let block = 32
        a.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var j0 = 0
                while j0 < columns {
                    var i0 = 0
                    while i0 < rows {
                        for j in j0..<min(j0 + block, columns) {
                            for i in i0..<min(i0 + block, rows) { dst[j + i * columns] = src[i + j * rows] }
                        }
                        i0 += block
                    }
                    j0 += block
                }
            }
        }
        return out
    }
}

/// A pointer handed to concurrent blocks that write disjoint parts of one buffer.
struct UnsafeSendablePointer: @unchecked Sendable {
    let pointer: UnsafePointer<Double>
    init(_ pointer: UnsafePointer<Double>) { self.pointer = pointer }
}
