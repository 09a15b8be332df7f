extension ModelDocument {
    /// Returns the document as JSON text (one path point per line), ending with a newline.
    ///
    /// - Throws: ``ModelDocumentError`` (``ModelDocumentError/Kind/nonFiniteValue``) when a
    ///   number is NaN or infinite.
    public func jsonText() throws -> String {
        var j = JSONText()
        j.raw("{\n  ")
        j.key("format"); j.string(format); j.raw(",\n  ")
        j.key("version"); j.raw(String(version)); j.raw(",\n  ")
        j.key("family"); j.string(family); j.raw(",\n  ")
        j.key("alpha"); try j.number(alpha); j.raw(",\n  ")
        j.key("features"); j.raw("[")
        for (k, name) in features.enumerated() {
            if k > 0 { j.raw(", ") }
            j.string(name)
        }
        j.raw("],\n  ")
        j.key("standardize"); j.raw(standardize ? "true" : "false"); j.raw(",\n  ")
        j.key("intercept"); j.raw(intercept ? "true" : "false"); j.raw(",\n  ")
        j.key("solver"); j.string(solver); j.raw(",\n  ")
        j.key("nullDeviance"); try j.number(nullDeviance); j.raw(",\n  ")
        j.key("stopReason"); j.string(stopReason); j.raw(",\n  ")
        j.key("rows"); j.raw(String(rows)); j.raw(",\n  ")
        j.key("path"); j.raw("[")
        for (k, p) in path.enumerated() {
            j.raw(k == 0 ? "\n    {" : ",\n    {")
            j.key("lambda"); try j.number(p.lambda); j.raw(", ")
            j.key("intercept"); try j.number(p.intercept); j.raw(", ")
            j.key("coefficients"); try j.numbers(p.coefficients); j.raw(", ")
            j.key("df"); j.raw(String(p.df)); j.raw(", ")
            j.key("devRatio"); try j.number(p.devRatio); j.raw(", ")
            j.key("dualityGap"); try j.number(p.dualityGap); j.raw(", ")
            j.key("kktViolation"); try j.number(p.kktViolation); j.raw("}")
        }
        j.raw(path.isEmpty ? "],\n  " : "\n  ],\n  ")
        j.key("fitSeconds"); try j.number(fitSeconds); j.raw("\n}\n")
        return j.text
    }

    /// Writes the document to `path` atomically; an existing file is replaced only with `force`.
    ///
    /// - Throws: ``ModelDocumentError`` (file exists, cannot write, or a non-finite number).
    public func write(to path: String, force: Bool = false) throws {
        let text: String
        do {
            text = try jsonText()
        } catch let error as ModelDocumentError {
            throw ModelDocumentError(error.kind, file: path, message: error.message)
        }
        try AtomicFile.write(Array(text.utf8), to: path, force: force)
    }
}
