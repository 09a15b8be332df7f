import ShrinkIO

extension PredictCommand {
    /// The offsets of the rows of `table` for a model fitted with an offset (`nil` otherwise):
    /// the column named by `--offset`, else the column with the model's offset name.
    ///
    /// - Throws: ``CommandFailure`` when the column is absent, ``DataError`` locating a cell that
    ///   is not a finite number.
    func offsetColumn(of document: ModelDocument, in table: DataTable) throws -> (values: [Double], name: String)? {
        guard let fitted = document.offset else { return nil }
        let j: Int
        if let offset {
            j = try table.resolveColumn(offset, role: "offset")
        } else {
            guard let k = table.columnIndex(named: fitted) else {
                throw CommandFailure.usage("\(table.source): the model was fitted with the offset column \"\(fitted)\", which the data does not have; name the column of offsets with --offset COLUMN")
            }
            j = k
        }
        let name = table.columnNames[j]
        if let issue = table.issues[j] {
            let what = issue.kind == .missingValue ? "a missing offset" : "offset \(issue.text.isEmpty ? "cell" : "\"\(issue.text)\"")"
            throw DataError(issue.kind, file: table.source, line: issue.line, column: issue.column, columnName: name,
                            message: "\(what): every row needs a finite offset (link scale)")
        }
        return (table.columns[j], name)
    }
}
