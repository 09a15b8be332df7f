import Dispatch

/// The products of the ridge solver with `Z_r`, computed block by block from the caller's design.
///
/// Each product standardizes a block of `Z_r` (at most ``blockWidth`` columns, or rows) into a
/// scratch buffer that stays in the cache and multiplies it there, so `Z_r` is never stored whole
/// and the design is read once per product. Blocks are cut at fixed offsets, so every entry is
/// summed in an order fixed by the shapes: the results do not depend on the thread count or timing.
extension RidgeProblem {
    /// The columns (or rows) standardized at once: the products' contraction block.
    static var blockWidth: Int { MatrixProduct.kc }

    /// Whether a pass over `Z_r` is worth a second thread (a million entries or more).
    var isLarge: Bool { rowCount * penalizedCount >= 1 << 20 }

    /// Runs `body` on `0..<total`, or on its two halves on two threads when `parallel`.
    private func halves(_ total: Int, parallel: Bool, _ body: @Sendable (Range<Int>) -> Void) {
        if parallel && total >= 2 {
            DispatchQueue.concurrentPerform(iterations: 2) { body($0 == 0 ? 0..<(total / 2) : (total / 2)..<total) }
        } else {
            body(0..<total)
        }
    }

    /// Writes `Z_r[rows, columns]` to `out`, column-major with leading dimension `rows.count`; with
    /// `parallel`, the two halves of the columns on two threads (each entry is written once: the same
    /// bits). `visit(jj, column)` runs on each column while it is in the cache.
    ///
    /// - Complexity: O(rows.count * columns.count (1 + k)).
    func fillBlock(
        rows: Range<Int>, columns: Range<Int>, into out: UnsafeMutablePointer<Double>, parallel: Bool,
        visit: (@Sendable (Int, UnsafePointer<Double>) -> Void)? = nil
    ) {
        let target = UnsafeSendablePointer(UnsafePointer(out))
        halves(columns.count, parallel: parallel) { part in
            let o = UnsafeMutablePointer(mutating: target.pointer)
            for c in part {
                fillColumn(columns.lowerBound + c, rows: rows, into: o + c * rows.count)
                visit?(columns.lowerBound + c, o + c * rows.count)
            }
        }
    }

    /// `out[j] = f(z_j)` for every column of `Z_r`, on two threads when the design is large
    /// (columns are independent, so the values do not depend on the split).
    ///
    /// - Complexity: O(n q (1 + k)) for an O(n) `f`.
    func mapColumns(_ f: @escaping @Sendable (UnsafePointer<Double>) -> Double) -> [Double] {
        let n = rowCount, q = penalizedCount
        guard n > 0, q > 0 else { return [Double](repeating: 0, count: q) }
        return [Double](unsafeUninitializedCapacity: q) { out, count in
            let target = UnsafeSendablePointer(UnsafePointer(out.baseAddress!))
            halves(q, parallel: isLarge) { range in
                let o = UnsafeMutablePointer(mutating: target.pointer)
                let column = UnsafeMutablePointer<Double>.allocate(capacity: n)
                defer { column.deallocate() }
                for jj in range {
                    fillColumn(jj, rows: 0..<n, into: column)
                    o[jj] = f(column)
                }
            }
            count = q
        }
    }

    /// The residual `y_r - Z_r b` of scaled coefficients `b`, by halves of the rows on two threads
    /// when large: every entry sees the same updates in the same order, so the same bits.
    ///
    /// - Complexity: O(n q (1 + k)), one pass over the design.
    func residual(scaled b: [Double]) -> [Double] {
        let n = rowCount, q = penalizedCount
        var r = response
        guard n > 0, q > 0 else { return r }
        r.withUnsafeMutableBufferPointer { rb in
            let target = UnsafeSendablePointer(UnsafePointer(rb.baseAddress!))
            halves(n, parallel: isLarge && n >= 16) { rows in
                let out = UnsafeMutablePointer(mutating: target.pointer) + rows.lowerBound
                let column = UnsafeMutablePointer<Double>.allocate(capacity: rows.count)
                defer { column.deallocate() }
                for jj in 0..<q where b[jj] != 0 {
                    fillColumn(jj, rows: rows, into: column)
                    Kernels.axpy(-b[jj], column, out, count: rows.count)
                }
            }
        }
        return r
    }

    /// Returns `Z_r' M` (q x m, column-major) for a column-major `n x m` matrix `M`.
    ///
    /// - Complexity: O(n q m), one pass over the design.
    func transposeTimes(_ m: [Double], columns: Int) -> [Double] {
        transposeTimes(m, columns: columns, and: [], columns: 0).first
    }

    /// Returns `Z_r' M` and `Z_r' E` (q x m and q x e, column-major) for column-major `M` (n x m)
    /// and `E` (n x e) from one pass over the design: column blocks of `Z_r`, each multiplied by both
    /// into its rows of the results, split over two threads when large. The two products are
    /// formed separately, so the values of one do not depend on the other operand.
    ///
    /// - Parameter firstColumns: when given (m pointers to q entries each), column l of `Z_r' M`
    ///   is written to `firstColumns[l]` instead (the same values), and `first` is empty: a caller
    ///   that consumes the columns one by one can free each as it goes, so the q x m result is never
    ///   held twice.
    /// - Complexity: O(n q (m + e)), one pass over the design.
    func transposeTimes(
        _ m: [Double], columns: Int, and e: [Double], columns extra: Int,
        firstColumns: [UnsafeMutablePointer<Double>]? = nil
    ) -> (first: [Double], second: [Double]) {
        let n = rowCount, q = penalizedCount, width = Self.blockWidth
        precondition(m.count >= n * columns && e.count >= n * extra, "operand size mismatch")
        precondition(firstColumns.map { $0.count == columns } ?? true, "one output pointer per column")
        var first = [Double](repeating: 0, count: firstColumns == nil ? q * columns : 0)
        var second = [Double](repeating: 0, count: q * extra)
        guard n > 0, q > 0, columns + extra > 0 else {
            if let firstColumns { for c in firstColumns { c.update(repeating: 0, count: q) } }
            return (first, second)
        }
        let blocks = (q + width - 1) / width
        m.withUnsafeBufferPointer { mb in
            e.withUnsafeBufferPointer { eb in
                first.withUnsafeMutableBufferPointer { fb in
                    second.withUnsafeMutableBufferPointer { sb in
                        let sinks = firstColumns.map { UnsafeSendablePointers($0) }
                        let products =
                            (columns > 0 ? [BlockProduct(source: mb.baseAddress!, target: sinks == nil ? fb.baseAddress! : nil,
                                                         width: columns)] : [])
                            + (extra > 0 ? [BlockProduct(source: eb.baseAddress!, target: sb.baseAddress!, width: extra)] : [])
                        halves(blocks, parallel: isLarge) { range in
                            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: n * width)
                            // The rows of the first product for one block, before they go to their columns.
                            let rows = UnsafeMutablePointer<Double>.allocate(capacity: sinks == nil ? 0 : width * columns)
                            defer { scratch.deallocate(); rows.deallocate() }
                            for block in range {
                                let cols = (block * width)..<min(q, (block + 1) * width)
                                fillBlock(rows: 0..<n, columns: cols, into: scratch, parallel: false)
                                for product in products {
                                    guard let target = product.target else {
                                        rows.update(repeating: 0, count: cols.count * product.width)
                                        MatrixProduct.addTransposeProduct(
                                            k: n, m: cols.count, n: product.width, alpha: 1, a: scratch, lda: n,
                                            b: product.source, ldb: n, c: rows, ldc: cols.count)
                                        for l in 0..<product.width {
                                            (sinks!.pointers[l] + cols.lowerBound).update(from: rows + l * cols.count,
                                                                                           count: cols.count)
                                        }
                                        continue
                                    }
                                    MatrixProduct.addTransposeProduct(
                                        k: n, m: cols.count, n: product.width, alpha: 1, a: scratch, lda: n,
                                        b: product.source, ldb: n, c: target + cols.lowerBound, ldc: q)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (first, second)
    }

    /// One right-hand side of ``transposeTimes(_:columns:and:columns:)`` and its result, handed to
    /// the second thread (each thread writes its own rows of `target`).
    private struct BlockProduct: @unchecked Sendable {
        let source: UnsafePointer<Double>
        /// The q x width result, or `nil` for the first product's separate columns.
        let target: UnsafeMutablePointer<Double>?
        let width: Int
    }

    /// Output columns handed to the second thread (each thread writes its own rows of each).
    private struct UnsafeSendablePointers: @unchecked Sendable {
        let pointers: [UnsafeMutablePointer<Double>]
        init(_ pointers: [UnsafeMutablePointer<Double>]) { self.pointers = pointers }
    }

    /// The matrix a ridge decomposition starts from, with the products that come in the same pass.
    struct CrossProducts {
        /// `Z_r Z_r'` (n x n) when n < q, else `Z_r' Z_r` (q x q); both halves.
        var matrix: [Double]
        /// `Z_r' y_r` (q).
        var designResponse: [Double]
        /// `||z_j||^2` of every column of `Z_r` (q).
        var columnSquares: [Double]
    }

    /// The kernel matrix `Z_r Z_r'` (one symmetric product per column block) when n < q, else the
    /// Gram matrix `Z_r' Z_r` (one per row block), with `Z_r' y_r` and the column norms from the same
    /// pass over the design.
    ///
    /// - Complexity: O(n q min(n, q) / 2).
    func crossProducts() -> CrossProducts {
        let n = rowCount, q = penalizedCount, width = Self.blockWidth
        let dual = n < q, order = dual ? n : q
        var matrix = [Double](repeating: 0, count: order * order)
        var designResponse = [Double](repeating: 0, count: q)
        var squares = [Double](repeating: 0, count: q)
        guard n > 0, q > 0 else { return CrossProducts(matrix: matrix, designResponse: designResponse, columnSquares: squares) }
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: dual ? n * min(width, q) : min(width, n) * q)
        defer { scratch.deallocate() }
        matrix.withUnsafeMutableBufferPointer { mb in
            designResponse.withUnsafeMutableBufferPointer { db in
                squares.withUnsafeMutableBufferPointer { sb in
                    response.withUnsafeBufferPointer { yb in
                        let c = mb.baseAddress!, y = UnsafeSendablePointer(yb.baseAddress!)
                        if dual {
                            let zy = UnsafeSendablePointer(UnsafePointer(db.baseAddress!))
                            let sq = UnsafeSendablePointer(UnsafePointer(sb.baseAddress!))
                            for c0 in stride(from: 0, to: q, by: width) {
                                let cols = c0..<min(q, c0 + width)
                                fillBlock(rows: 0..<n, columns: cols, into: scratch, parallel: isLarge) { jj, z in
                                    UnsafeMutablePointer(mutating: zy.pointer)[jj] = Kernels.nativeDot(z, y.pointer, count: n)
                                    UnsafeMutablePointer(mutating: sq.pointer)[jj] = Kernels.nativeDot(z, z, count: n)
                                }
                                MatrixProduct.addTransposeProduct(
                                    k: cols.count, m: n, n: n, alpha: 1, a: scratch, lda: 1, aStep: n, b: scratch,
                                    ldb: 1, bStep: n, c: c, ldc: n, upperOnly: true, parallel: true)
                            }
                        } else {
                            for r0 in stride(from: 0, to: n, by: width) {
                                let rows = r0..<min(n, r0 + width)
                                fillBlock(rows: rows, columns: 0..<q, into: scratch, parallel: isLarge)
                                MatrixProduct.addTransposeProduct(
                                    k: rows.count, m: q, n: q, alpha: 1, a: scratch, lda: rows.count, b: scratch,
                                    ldb: rows.count, c: c, ldc: q, upperOnly: true, parallel: true)
                                MatrixProduct.addTransposeProduct(
                                    k: rows.count, m: q, n: 1, alpha: 1, a: scratch, lda: rows.count, b: y.pointer + r0,
                                    ldb: n, c: db.baseAddress!, ldc: q)
                            }
                            for j in 0..<q { sb[j] = c[j * q + j] }
                        }
                        MatrixProduct.symmetrize(c, order)
                    }
                }
            }
        }
        return CrossProducts(matrix: matrix, designResponse: designResponse, columnSquares: squares)
    }

    /// Calls `visit(rows, fitted, leverage)` with the fitted values `L' W` and leverages
    /// `(L ∘ L)' Φ` of every lambda for one block of rows at a time, in increasing row order (each
    /// `rows.count x m`, column-major with leading dimension `rows.count`), for `L = V' Z_r'` (r x n)
    /// with `directionsT = V'` (r x q), fit weights `W` and leverage weights `Φ` (r x m each).
    ///
    /// `L` is as large as the design, and the fitted values and leverages of all lambdas are each
    /// `m / q` of it: none of the three is ever held whole, only their rows of one block of `Z_r`.
    /// Row blocks are at least ``blockWidth`` rows and at most an eighth of the design (so `V'` is
    /// packed for at most eight products), whichever is larger.
    ///
    /// - Complexity: O(n q r + 2 n r m).
    func fittedAndLeverage(
        directionsT: [Double], rank r: Int, fitWeights: [Double], leverageWeights: [Double], columns m: Int,
        visit: (_ rows: Range<Int>, _ fitted: UnsafePointer<Double>, _ leverage: UnsafePointer<Double>) -> Void
    ) {
        let n = rowCount, q = penalizedCount
        precondition(directionsT.count >= r * q && fitWeights.count >= r * m && leverageWeights.count >= r * m,
                     "operand size mismatch")
        guard n > 0, m > 0 else { return }
        let height = min(n, max(Self.blockWidth, (n + 7) / 8))
        let fitted = UnsafeMutablePointer<Double>.allocate(capacity: height * m)
        let leverage = UnsafeMutablePointer<Double>.allocate(capacity: height * m)
        defer { fitted.deallocate(); leverage.deallocate() }
        guard q > 0, r > 0 else {
            fitted.initialize(repeating: 0, count: height * m)
            leverage.initialize(repeating: 0, count: height * m)
            for r0 in stride(from: 0, to: n, by: height) { visit(r0..<min(n, r0 + height), fitted, leverage) }
            return
        }
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: height * q)
        let block = UnsafeMutablePointer<Double>.allocate(capacity: r * height)  // L[:, rows]
        defer { scratch.deallocate(); block.deallocate() }
        directionsT.withUnsafeBufferPointer { vb in
            fitWeights.withUnsafeBufferPointer { wb in
                leverageWeights.withUnsafeBufferPointer { pb in
                    for r0 in stride(from: 0, to: n, by: height) {
                        let rows = r0..<min(n, r0 + height), b = rows.count
                        fillBlock(rows: rows, columns: 0..<q, into: scratch, parallel: isLarge)
                        block.update(repeating: 0, count: r * b)
                        MatrixProduct.addTransposeProduct(
                            k: q, m: r, n: b, alpha: 1, a: vb.baseAddress!, lda: 1, aStep: r,
                            b: scratch, ldb: 1, bStep: b, c: block, ldc: r, parallel: true)
                        fitted.update(repeating: 0, count: b * m)
                        leverage.update(repeating: 0, count: b * m)
                        MatrixProduct.addTransposeProduct(
                            k: r, m: b, n: m, alpha: 1, a: block, lda: r, b: wb.baseAddress!, ldb: r,
                            c: fitted, ldc: b, parallel: true)
                        for i in 0..<(r * b) { block[i] *= block[i] }
                        MatrixProduct.addTransposeProduct(
                            k: r, m: b, n: m, alpha: 1, a: block, lda: r, b: pb.baseAddress!, ldb: r,
                            c: leverage, ldc: b, parallel: true)
                        visit(rows, fitted, leverage)
                    }
                }
            }
        }
    }
}
