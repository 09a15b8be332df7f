import Shrink

/// The arrays a fit needs, taken from a ``DataTable`` (or a LIBSVM file): the design, the
/// response, the feature names, optional observation weights, and how the features were made.
public struct ModelData: Sendable, Equatable {
    /// The design: one column per feature.
    public let design: DesignMatrix
    /// The response (the target column).
    public let y: [Double]
    /// The feature names, aligned with the columns of ``design``.
    public let featureNames: [String]
    /// The observation weights, when a weights column was chosen.
    public let weights: [Double]?
    /// The name of the target column.
    public let targetName: String
    /// The name of the weights column, if any.
    public let weightsName: String?
    /// How each data column became features (`nil` for LIBSVM data, whose features are `f1...fp`).
    public let encoding: [EncodedColumn]?
    /// The value that replaced a missing cell of each feature (`--impute mean`), if imputing.
    public let imputation: [Double]?
    /// The number of rows dropped for missing values (`--drop-missing`).
    public let droppedRows: Int
    /// The labels of a text target column, one per row (read with `categoricalTarget`); then
    /// ``y`` is NaN where a label is text. `nil` for a numeric target.
    public let targetText: TextColumn?
    /// The offsets: a known part of the linear predictor per row, when an offset column was chosen.
    public let offset: [Double]?
    /// The name of the offset column, if any.
    public let offsetName: String?
    /// Per-class offsets (multinomial, `--offset C1,...,CK`): one array of n values per named
    /// column, in the order given; ``offset`` is then `nil`. See `init(table:...offsets:...)`.
    public var classOffsets: [[Double]]? = nil
    /// The names of the per-class offset columns, in the order given, if any.
    public var classOffsetNames: [String]? = nil

    /// The design as a dense matrix (converting a sparse design).
    public var x: DenseMatrix {
        switch design {
        case .dense(let m): return m
        case .sparse(let m):
            var values = [Double](repeating: 0, count: m.rowCount * m.columnCount)
            for j in 0..<m.columnCount {
                for k in m.columnStarts[j]..<m.columnStarts[j + 1] {
                    values[j * m.rowCount + Int(m.rowIndices[k])] = m.values[k]
                }
            }
            return DenseMatrix(rowCount: m.rowCount, columnCount: m.columnCount, columnMajor: values)
        }
    }

    /// Creates the data from its parts.
    public init(design: DesignMatrix, y: [Double], featureNames: [String], weights: [Double]? = nil,
                targetName: String, weightsName: String? = nil, encoding: [EncodedColumn]? = nil,
                imputation: [Double]? = nil, droppedRows: Int = 0, targetText: TextColumn? = nil,
                offset: [Double]? = nil, offsetName: String? = nil) {
        self.design = design
        self.y = y
        self.featureNames = featureNames
        self.weights = weights
        self.targetName = targetName
        self.weightsName = weightsName
        self.encoding = encoding
        self.imputation = imputation
        self.droppedRows = droppedRows
        self.targetText = targetText
        self.offset = offset
        self.offsetName = offsetName
    }

    /// The classes of the target and each row's class (``ClassLabels``): a text target's labels
    /// in R's text order, else the numbers sorted numerically.
    public func classLabels() -> ClassLabels {
        if let targetText { return ClassLabels(column: targetText) }
        return ClassLabels(numbers: y)
    }

    /// Takes the target, the optional weights and the features: the columns named in `features`
    /// (in that order), or else every other column not excluded (in file order).
    ///
    /// Columns are referenced by name, or by 1-based index (`#3` or `3`) when no column has that
    /// name. Numeric columns are features as they are; text columns become one-hot features
    /// `column=level` (see ``EncodedColumn``). The weights and offset must be numeric; so must the
    /// target unless `categoricalTarget`, which keeps a text target's labels in ``targetText``.
    ///
    /// - Parameters:
    ///   - offset: A column of offsets (not a feature), as `--offset`.
    ///   - missing: What to do with missing cells in the columns used.
    ///   - categoricalTarget: Whether the target holds class labels, which may be text.
    /// - Throws: ``DataError`` for an unknown column (listing the available names), conflicting
    ///   choices (the weights column is the target, a column chosen twice, excluded and chosen),
    ///   no feature, or a cell that cannot be used (text in the target, infinite, missing).
    public init(table: DataTable, target: String, weights: String? = nil, features: [String]? = nil,
                excluding excluded: [String] = [], missing: MissingValuePolicy = .error,
                offset: String? = nil, categoricalTarget: Bool = false) throws {
        func conflict(_ message: String) -> DataError {
            DataError(.invalidSelection, file: table.source, message: message)
        }
        let t = try table.resolveColumn(target, role: "target")
        let targetName = table.columnNames[t]
        var w: Int? = nil
        if let weights {
            let j = try table.resolveColumn(weights, role: "weights")
            if j == t { throw conflict("the weights column \(quoted(targetName)) is also the target column") }
            w = j
        }
        var o: Int? = nil
        if let offset {
            let j = try table.resolveColumn(offset, role: "offset")
            if j == t { throw conflict("the offset column \(quoted(targetName)) is also the target column") }
            if j == w { throw conflict("the offset column \(quoted(table.columnNames[j])) is also the weights column") }
            o = j
        }
        var chosen: [Int]
        if let features {
            if !excluded.isEmpty { throw conflict("give --features or --exclude, not both") }
            var seen = Set<Int>()
            chosen = []
            for name in features {
                let j = try table.resolveColumn(name, role: "feature")
                let column = quoted(table.columnNames[j])
                if j == t { throw conflict("column \(column) is the target; it cannot also be a feature") }
                if j == w { throw conflict("column \(column) is the weights column; it cannot also be a feature") }
                if j == o { throw conflict("column \(column) is the offset column; it cannot also be a feature") }
                if !seen.insert(j).inserted { throw conflict("column \(column) is chosen as a feature twice") }
                chosen.append(j)
            }
        } else {
            var dropped = Set<Int>()
            for name in excluded {
                let j = try table.resolveColumn(name, role: "excluded")
                let column = quoted(table.columnNames[j])
                if j == t { throw conflict("column \(column) is the target; it cannot also be excluded") }
                if j == w { throw conflict("column \(column) is the weights column; it cannot also be excluded") }
                if j == o { throw conflict("column \(column) is the offset column; it cannot also be excluded") }
                if !dropped.insert(j).inserted { throw conflict("column \(column) is excluded twice") }
            }
            chosen = (0..<table.columnCount).filter { $0 != t && $0 != w && $0 != o && !dropped.contains($0) }
        }
        guard !chosen.isEmpty else {
            throw conflict("no feature columns remain after taking the target\(w == nil ? "" : ", the weights")\(o == nil ? "" : ", the offset") and the excluded columns")
        }
        // The response, weights and offset: numeric (or a class target's text), finite; missing
        // only when dropping rows.
        let textTarget = categoricalTarget && table.isText(t)
        for j in [t] + (w.map { [$0] } ?? []) + (o.map { [$0] } ?? []) {
            let name = table.columnNames[j]
            if !(j == t && textTarget) {
                if let issue = table.firstText[j] { throw issue.error(file: table.source, columnName: name) }
                if let issue = table.firstInfinite[j] { throw issue.error(file: table.source, columnName: name) }
            }
            if missing != .drop, let issue = table.firstMissing[j] {
                let role = j == t ? "target" : (j == w ? "weights" : "offset")
                throw DataError(.missingValue, file: table.source, line: issue.line, column: issue.column,
                                columnName: name,
                                message: "missing value in the \(role) column; use --drop-missing to drop such rows")
            }
        }
        // The rows kept.
        var rows: [Int]? = nil
        let used = [t] + (w.map { [$0] } ?? []) + (o.map { [$0] } ?? []) + chosen
        if missing == .drop && used.contains(where: { table.firstMissing[$0] != nil }) {
            let withMissing = used.filter { table.firstMissing[$0] != nil }
            rows = (0..<table.rowCount).filter { i in !withMissing.contains { table.isMissing(row: i, column: $0) } }
            if rows!.isEmpty {
                throw DataError(.missingValue, file: table.source,
                                message: "every row has a missing value in a column used; no rows remain after --drop-missing")
            }
        }
        let encoding = try FeatureEncoder.encoding(of: table, columns: chosen, rows: rows)
        let imputation = missing == .mean ? FeatureEncoder.means(table, encoding: encoding, rows: rows) : nil
        let x = try FeatureEncoder.design(table, encoding: encoding, rows: rows, imputation: imputation)
        func pick(_ j: Int) -> [Double] {
            guard let rows else { return table.columns[j] }
            let column = table.columns[j]
            return rows.map { column[$0] }
        }
        var labels: TextColumn? = nil
        if textTarget, let text = table.text[t] {
            labels = rows.map { TextColumn($0.map { text.level(at: $0) }) } ?? text
        }
        self.init(design: .dense(x), y: pick(t), featureNames: encoding.flatMap(\.featureNames),
                  weights: w.map(pick), targetName: targetName, weightsName: w.map { table.columnNames[$0] },
                  encoding: encoding, imputation: imputation,
                  droppedRows: table.rowCount - (rows?.count ?? table.rowCount), targetText: labels,
                  offset: o.map(pick), offsetName: o.map { table.columnNames[$0] })
    }

    /// Takes a sparse data set (LIBSVM): its labels are the target, its columns the features
    /// `f1...fp`.
    public init(sparse data: SparseDataSet) {
        self.init(design: .sparse(data.x), y: data.labels, featureNames: data.featureNames, targetName: "label")
    }
}
