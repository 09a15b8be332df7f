/// The field separator of a delimited text file.
public enum CSVDelimiter: String, Sendable, Equatable, CaseIterable {
    /// `,`
    case comma
    /// `;`
    case semicolon
    /// A horizontal tab.
    case tab

    /// The separator byte.
    public var byte: UInt8 {
        switch self {
        case .comma: UInt8(ascii: ",")
        case .semicolon: UInt8(ascii: ";")
        case .tab: UInt8(ascii: "\t")
        }
    }

    /// Guesses the separator from the first line: the most frequent of comma, semicolon and tab
    /// outside quotes (comma on ties or when none occurs).
    public static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> CSVDelimiter {
        var counts: [CSVDelimiter: Int] = [.comma: 0, .semicolon: 0, .tab: 0]
        var inQuotes = false
        for b in bytes {
            if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") { break }
            for d in allCases where d.byte == b { counts[d, default: 0] += 1 }
        }
        var best = CSVDelimiter.comma
        for d in allCases where counts[d, default: 0] > counts[best, default: 0] { best = d }
        return best
    }
}
