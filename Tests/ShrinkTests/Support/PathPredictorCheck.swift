import Testing

/// The checks the path predictor tests make at every lambda: a predictor may only lower the objective
/// (strictly when it moved the point, not at all otherwise), and the solve from its point reaches the
/// plain warm start's objective.
enum PathPredictorCheck {
    /// Runs `predict` between two evaluations of `objective` and checks the change; returns whether it moved.
    static func step(lambda k: Int, objective: () -> Double, predict: () -> Bool) -> Bool {
        let before = objective()
        let moved = predict()
        let after = objective()
        if moved {
            #expect(after < before, "lambda \(k)")
        } else {
            #expect(after == before, "lambda \(k)")
        }
        return moved
    }

    /// Checks that both solves converged to the same objective (relative 1e-10).
    static func sameSolution(lambda k: Int, converged: (Bool, Bool), objectives: (Double, Double)) {
        #expect(converged.0 && converged.1, "lambda \(k)")
        #expect(abs(objectives.0 - objectives.1) <= 1e-10 * abs(objectives.1), "lambda \(k)")
    }
}
