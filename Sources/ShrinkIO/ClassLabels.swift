/// The classes of a classification target, sorted as R's `factor()` sorts them, and each row's
/// class as an index into them.
///
/// glmnet turns the response into a factor, whose levels are the sorted distinct values: numbers
/// numerically, text in the locale's collation. Here numeric targets sort numerically (the labels
/// are written canonically, see ``TextColumn/canonicalText(_:)``) and text targets sort in R's
/// default order for ASCII text, the ICU root collation (R's default when built with ICU, as on
/// Debian), see ``precedes(_:_:)``. For binomial the second class is the modelled one; for
/// multinomial the classes are the coefficient vectors' order.
public struct ClassLabels: Sendable, Equatable {
    /// The distinct labels, sorted.
    public let classes: [String]
    /// The class of each row: an index into ``classes``.
    public let indices: [Int]

    /// Creates the classes of a numeric target: its distinct values sorted numerically.
    ///
    /// - Precondition: every value is a number (no NaN).
    public init(numbers: [Double]) {
        let sorted = Array(Set(numbers.map { $0 == 0 ? 0 : $0 })).sorted()  // -0 and 0 are one class
        var position: [Double: Int] = [:]
        for (k, v) in sorted.enumerated() { position[v] = k }
        classes = sorted.map(TextColumn.canonicalText)
        indices = numbers.map { position[$0 == 0 ? 0 : $0]! }
    }

    /// Creates the classes of a text target column; a missing row has index -1.
    public init(column: TextColumn) {
        let order = column.levels.indices.sorted { Self.precedes(column.levels[$0], column.levels[$1]) }
        var rank = [Int](repeating: 0, count: order.count)
        for (k, code) in order.enumerated() { rank[code] = k }
        classes = order.map { column.levels[$0] }
        indices = column.codes.map { $0 < 0 ? -1 : rank[Int($0)] }
    }

    /// Creates the classes of text labels (one per row).
    public init(labels: [String]) {
        self.init(column: TextColumn(labels.map { Optional($0) }))
    }

    /// The 0/1 response of a two-class target: 1 for ``classes``[1] (the modelled class).
    public var binaryResponse: [Double] { indices.map { $0 == 1 ? 1 : 0 } }

    /// Whether `a` sorts before `b` in R's default order for ASCII text (ICU root collation).
    ///
    /// Compares first the characters' primary weights (case ignored; spaces, then punctuation and
    /// symbols in the order `` _-,;:!?.'"()[]{}@*/\&#%`^+<=>|~$ ``, then digits, then letters),
    /// then case (lower before upper), then the UTF-8 bytes. So `"no" < "Yes"`, `"a" < "B"`,
    /// `"10" < "9"`. Characters outside ASCII come after the letters, ordered by code point
    /// (R's collation of such text may differ); control characters are ignored until the bytes.
    ///
    /// - Complexity: O(length of the shorter string).
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let ka = key(a), kb = key(b)
        if ka.primary != kb.primary { return ka.primary.lexicographicallyPrecedes(kb.primary) }
        if ka.tertiary != kb.tertiary { return ka.tertiary.lexicographicallyPrecedes(kb.tertiary) }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The ASCII characters in ICU root collation order (letters case-folded to lowercase).
    private static let asciiOrder = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz"

    /// The primary weight of each ASCII byte (0 = ignorable).
    private static let primaryWeight: [UInt32] = {
        var weights = [UInt32](repeating: 0, count: 128)
        for (k, c) in asciiOrder.utf8.enumerated() { weights[Int(c)] = UInt32(k + 1) }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { weights[Int(c)] = weights[Int(c) + 32] }
        return weights
    }()

    /// The primary weights (non-ignorable characters) and case flags (1 = upper case) of `s`.
    private static func key(_ s: String) -> (primary: [UInt32], tertiary: [UInt8]) {
        var primary: [UInt32] = [], tertiary: [UInt8] = []
        for scalar in s.unicodeScalars {
            let v = scalar.value
            let w: UInt32 = v < 128 ? primaryWeight[Int(v)] : 1000 + v
            guard w > 0 else { continue }
            primary.append(w)
            tertiary.append(v >= 65 && v <= 90 ? 1 : 0)
        }
        return (primary, tertiary)
    }
}
