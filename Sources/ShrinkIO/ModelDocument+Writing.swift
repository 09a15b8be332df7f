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
        if let classes {
            j.key("classes"); j.raw("[")
            for (k, name) in classes.enumerated() {
                if k > 0 { j.raw(", ") }
                j.string(name)
            }
            j.raw("],\n  ")
        }
        if let offset { j.key("offset"); j.string(offset); j.raw(",\n  ") }
        if let offsets { j.key("offsets"); j.raw("["); for (k, name) in offsets.enumerated() { if k > 0 { j.raw(", ") }; j.string(name) }; j.raw("],\n  ") }
        try writeMetadata(&j)
        try writeSelection(&j)
        j.key("path"); j.raw("[")
        for (k, p) in path.enumerated() {
            j.raw(k == 0 ? "\n    {" : ",\n    {")
            j.key("lambda"); try j.number(p.lambda); j.raw(", ")
            try writeCoefficients(p, &j)
            j.key("df"); j.raw(String(p.df)); j.raw(", ")
            j.key("devRatio"); try j.number(p.devRatio); j.raw(", ")
            j.key("dualityGap"); try j.number(p.dualityGap); j.raw(", ")
            j.key("kktViolation"); try j.number(p.kktViolation); j.raw("}")
        }
        j.raw(path.isEmpty ? "],\n  " : "\n  ],\n  ")
        j.key("fitSeconds"); try j.number(fitSeconds); j.raw("\n}\n")
        return j.text
    }

    /// Writes the optional fields `training`, `encoding`, `imputation` and `standardization`
    /// (each followed by a comma and a new line) when they are present.
    private func writeMetadata(_ j: inout JSONText) throws {
        if let t = training {
            j.key("training"); j.raw("{")
            j.key("data"); j.string(t.data); j.raw(", ")
            j.key("format"); j.string(t.format); j.raw(", ")
            j.key("target"); j.string(t.target); j.raw(", ")
            j.key("weights"); if let w = t.weights { j.string(w) } else { j.raw("null") }; j.raw(", ")
            j.key("rows"); j.raw(String(t.rows)); j.raw(", ")
            j.key("droppedRows"); j.raw(String(t.droppedRows)); j.raw(", ")
            j.key("date"); j.string(t.date); j.raw(", ")
            j.key("shrinkVersion"); j.string(t.shrinkVersion); j.raw("},\n  ")
        }
        if let encoding {
            j.key("encoding"); j.raw("[")
            for (k, e) in encoding.enumerated() {
                j.raw(k == 0 ? "\n    {" : ",\n    {")
                j.key("column"); j.string(e.column); j.raw(", ")
                j.key("type"); j.string(e.type)
                if let levels = e.levels {
                    j.raw(", "); j.key("levels"); j.raw("[")
                    for (m, level) in levels.enumerated() {
                        if m > 0 { j.raw(", ") }
                        j.string(level)
                    }
                    j.raw("]")
                }
                j.raw("}")
            }
            j.raw(encoding.isEmpty ? "],\n  " : "\n  ],\n  ")
        }
        if let imputation {
            j.key("imputation"); j.raw("{")
            j.key("method"); j.string(imputation.method); j.raw(", ")
            j.key("values"); try j.numbers(imputation.values); j.raw("},\n  ")
        }
        if let standardization {
            j.key("standardization"); j.raw("{")
            j.key("means"); try j.numbers(standardization.means); j.raw(", ")
            j.key("scales"); try j.numbers(standardization.scales); j.raw("},\n  ")
        }
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
