/// The state a coordinate-descent solver for least squares updates: a residual (or the gradient it
/// implies) over the standardized, weighted design `Z~ = diag(sqrt(w)) (X - 1 c') diag(1/s)`.
///
/// Solvers talk only to this protocol; dense, sparse (implicitly centered) and covariance (Gram)
/// variants implement it. All quantities are on the standardized, weighted scale.
protocol ResidualModel: AnyObject {
    /// Returns `z~_j' r~`, the negative gradient of the loss along feature `j`.
    func gradient(_ j: Int) -> Double
    /// Moves coefficient `j` by `delta` and updates the residual.
    func update(_ j: Int, by delta: Double)
    /// Writes `z~_j' r~` for each listed feature into `g[j]`.
    func gradients(_ features: [Int], into g: inout [Double])
    /// Returns `||r~||^2` and `y~' r~` for the current coefficients `b`.
    func residualSummary(_ b: [Double]) -> (rss: Double, responseDot: Double)
    /// Whether ``gradient(_:)`` is exact for every feature at no cost (covariance updates).
    var tracksAllGradients: Bool { get }
    /// Remembers the current residual as the reference for ``distanceFromReference()``.
    func setReference()
    /// Returns `||r~ - r~_ref||`: no gradient can have moved further than this times its column norm.
    func distanceFromReference() -> Double
    /// Returns the inner products `z~_r' z~_c` for `r` in `rows` and `c` in `columns`, row-major.
    func crossProducts(_ rows: [Int], _ columns: [Int]) -> [Double]
    /// Saves the state that ``update(_:by:)`` changes, for ``restoreCheckpoint()``.
    ///
    /// Undoing a trial move by the opposite updates would leave rounding of the size of the move
    /// behind, and a rejected Newton step on a nearly singular support can be huge.
    func saveCheckpoint()
    /// Returns exactly to the state of the last ``saveCheckpoint()``.
    func restoreCheckpoint()
}
