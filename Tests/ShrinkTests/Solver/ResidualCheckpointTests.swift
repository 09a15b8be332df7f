import Testing
@testable import Shrink

/// Near saturation (about as many non-zeros as rows) the support's Gram matrix is nearly singular
/// and a Newton step on it can be huge; coordinate descent tries such a move and rejects it when
/// the objective does not decrease. Undoing the move by the opposite residual updates left rounding
/// of the size of the move in the residual, so the certificate described another point than the
/// coefficients returned (FHT 100 x 20,000 rho 0.5: the reported objective was 4e-6 below the true
/// one from lambda #84 on, with a duality gap of 0). Every residual model now restores a checkpoint:
/// after any updates, ``ResidualModel/restoreCheckpoint()`` gives back the saved state to the bit.
@Suite("Residual checkpoints")
struct ResidualCheckpointTests {
    /// What a model exposes of its state: every gradient and the residual summary.
    static func state<Model: ResidualModel>(_ model: Model, features: [Int]) -> [Double] {
        var g = [Double](repeating: .nan, count: (features.max() ?? 0) + 1)
        model.gradients(features, into: &g)
        let summary = model.residualSummary([Double](repeating: 0, count: g.count))
        return features.map { g[$0] } + [summary.rss, summary.responseDot]
    }

    /// Takes a few ordinary steps, saves, makes a huge move on `moved` and undoes it by opposite
    /// updates (which must leave the state changed, or the test would prove nothing), then restores.
    static func check<Model: ResidualModel>(_ model: Model, features: [Int], moved: [Int]) {
        for (k, j) in features.enumerated() { model.update(j, by: 0.1 * Double(k + 1)) }
        let before = state(model, features: features)
        model.saveCheckpoint()
        for (k, j) in moved.enumerated() { model.update(j, by: 3.3e7 * Double(k + 1)) }
        for (k, j) in moved.enumerated() { model.update(j, by: -3.3e7 * Double(k + 1)) }
        #expect(state(model, features: features) != before, "the huge move left no rounding: the check is void")
        model.restoreCheckpoint()
        #expect(state(model, features: features) == before)
        // A checkpoint can be restored after ordinary steps too, and again.
        model.update(moved[0], by: 0.25)
        model.restoreCheckpoint()
        #expect(state(model, features: features) == before)
    }

    @Test("dense, covariance and sparse gaussian models restore their checkpoint exactly", arguments: [true, false])
    func gaussianModels(equalWeights: Bool) {
        let (x, w, stats, _, yTilde, view) = StandardizedDenseViewTests.fixture(equalWeights: equalWeights)
        let sqrtWeights = w.map { $0.squareRoot() }
        let features = [0, 1, 3, 4]
        Self.check(DenseResidual(design: view, response: yTilde), features: features, moved: [1, 4])
        Self.check(GramResidual(design: view, response: yTilde, eligible: features), features: features, moved: [1, 4])
        Self.check(SparseResidual(SparseMatrix(x), sqrtWeights: sqrtWeights, stats: stats, response: yTilde),
                   features: features, moved: [1, 4])
    }

    @Test("the IRLS and Hessian models restore their checkpoint exactly")
    func irlsModels() {
        let n = 61, p = 6
        var g = SplitMix64(seed: 5)
        let x = DenseMatrix(rowCount: n, columnCount: p, columnMajor: (0..<(n * p)).map { _ in g.normal() })
        let w = [Double](repeating: 1 / Double(n), count: n)
        let v = (0..<n).map { _ in (0.05 + 0.2 * g.uniform()) / Double(n) }
        var rho = (0..<n).map { i in v[i] * g.normal() }
        let shift = rho.reduce(0, +) / v.reduce(0, +)
        for i in 0..<n { rho[i] -= shift * v[i] }
        let stats = ColumnStatistics(.dense(x), weights: w, center: true, standardize: true)
        let set = [0, 2, 3, 5]
        let residual = IRLSResidual(design: DenseGLMDesign(x, stats: stats), features: set, weights: v, residual: rho,
                                    fitted: [Double](repeating: 0, count: n), centered: true)
        Self.check(residual, features: [0, 1, 2, 3], moved: [1, 3])
        // A symmetric positive definite Hessian over four positions.
        let m = 4
        var hessian = [Double](repeating: 0, count: m * m)
        for a in 0..<m { for c in 0..<m { hessian[a * m + c] = a == c ? 2 + Double(a) : 0.3 / Double(1 + a + c) } }
        let model = HessianResidual(gradient: [0.3, -0.1, 0.7, 0.05], coefficients: [0, 0.2, 0, -0.4], rss: 1.7) {
            $0.initialize(from: hessian, count: hessian.count)
        }
        Self.check(model, features: [0, 1, 2, 3], moved: [0, 2])
    }
}
