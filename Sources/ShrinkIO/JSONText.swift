/// Builds JSON text by hand so that numbers are written in Swift's shortest round-trip form.
struct JSONText {
    /// The text so far.
    private(set) var text = ""
    /// The field being written, for error messages.
    private var field = ""

    /// Appends raw JSON text.
    mutating func raw(_ s: String) { text += s }

    /// Appends `"key": ` and remembers the key for error messages.
    mutating func key(_ name: String) {
        field = name
        string(name)
        text += ": "
    }

    /// Appends a finite number (`null` when `value` is nil).
    ///
    /// - Throws: ``ModelDocumentError`` (``ModelDocumentError/Kind/nonFiniteValue``).
    mutating func number(_ value: Double?) throws {
        guard let value else { text += "null"; return }
        guard value.isFinite else {
            throw ModelDocumentError(.nonFiniteValue, file: "model",
                                     message: "field \"\(field)\" is \(value), which JSON cannot hold")
        }
        text += value.description
    }

    /// Appends an array of finite numbers.
    mutating func numbers(_ values: [Double]) throws {
        text += "["
        for (k, v) in values.enumerated() {
            if k > 0 { text += ", " }
            try number(v)
        }
        text += "]"
    }

    /// Appends a quoted, escaped string.
    mutating func string(_ s: String) {
        text += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
