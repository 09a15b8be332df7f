/// A point in data coordinates.
public struct PlotPoint: Sendable, Equatable {
    /// The horizontal value.
    public var x: Double
    /// The vertical value.
    public var y: Double

    /// Creates a point.
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}
