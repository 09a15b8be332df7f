/// Builds JSON text by hand so that numbers are written in Swift's shortest round-trip form.
///
/// The text is collected as UTF-8 bytes: a model file holds up to millions of numbers (a path of
/// dense coefficient arrays), and appending each to a `String` cost several times more than
/// formatting it (perf, sparse logistic 20,000 x 50,000 with 100 lambdas).
public struct JSONText {
    /// The UTF-8 bytes so far.
    private var bytes: [UInt8] = []
    /// The field being written, for error messages.
    private var field = ""

    /// Creates empty text.
    public init() {}

    /// The text so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends raw JSON text.
    public mutating func raw(_ s: String) { append(s) }

    @inline(__always)
    private mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends `"key": ` and remembers the key for error messages.
    public mutating func key(_ name: String) {
        field = name
        string(name)
        append(": ")
    }

    /// Appends a finite number (`null` when `value` is nil).
    ///
    /// - Throws: ``ModelDocumentError`` (``ModelDocumentError/Kind/nonFiniteValue``).
    public mutating func number(_ value: Double?) throws {
        guard let value else { append("null"); return }
        guard value.isFinite else {
            throw ModelDocumentError(.nonFiniteValue, file: "model",
                                     message: "field \"\(field)\" is \(value), which JSON cannot hold")
        }
        if value == 0 {
            // Zero coefficients fill most of a sparse path: skip the formatter.
            bytes.append(contentsOf: value.sign == .minus ? Self.negativeZero : Self.zero)
        } else {
            append(value.description)
        }
    }

    private static let zero = Array("0.0".utf8), negativeZero = Array("-0.0".utf8)

    /// Appends a number, or `null` when it is NaN or infinite (for reports, where such a value
    /// means "not available" rather than an error).
    public mutating func numberOrNull(_ value: Double) {
        if value.isFinite { try? number(value) } else { append("null") }
    }

    /// Appends an array of numbers, each as ``numberOrNull(_:)``.
    public mutating func numbersOrNull(_ values: [Double]) {
        bytes.append(UInt8(ascii: "["))
        for (k, v) in values.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")); bytes.append(UInt8(ascii: " ")) }
            numberOrNull(v)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Appends an array of finite numbers.
    public mutating func numbers(_ values: [Double]) throws {
        bytes.append(UInt8(ascii: "["))
        for (k, v) in values.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")); bytes.append(UInt8(ascii: " ")) }
            try number(v)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Appends a quoted, escaped string.
    public mutating func string(_ s: String) {
        append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": append("\\\"")
            case "\\": append("\\\\")
            case "\n": append("\\n")
            case "\r": append("\\r")
            case "\t": append("\\t")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    bytes.append(contentsOf: UTF8.encode(scalar)!)
                }
            }
        }
        append("\"")
    }
}
