import Testing
@testable import Shrink

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

    /// Walks two solvers down `lambdas`: before each lambda the predictor moves the first one
    /// (``step(lambda:objective:predict:)``), then both solve from their strong sets at tolerance
    /// 1e-12 and must reach the same solution (objective, and coefficients within 1e-5); along this
    /// smooth path the extrapolation must be taken at least 10 times. Each closure's `Bool` says
    /// which solver: `true` the predicted one.
    static func walk(lambdas: [Double], objective: (Double) -> Double, predict: (Double) -> Bool,
                     strongSet: (_ predicted: Bool, _ lambda: Double, _ previous: Double) -> [Int],
                     solve: (_ predicted: Bool, _ lambda: Double, _ set: [Int]) -> (converged: Bool, objective: Double),
                     coefficients: (_ predicted: Bool) -> [Double]) {
        var moves = 0
        for (k, lambda) in lambdas.enumerated() {
            let previous = lambdas[max(k - 1, 0)]
            let set = strongSet(true, lambda, previous)
            if step(lambda: k, objective: { objective(lambda) }, predict: { predict(lambda) }) { moves += 1 }
            let a = solve(true, lambda, set)
            let b = solve(false, lambda, strongSet(false, lambda, previous))
            sameSolution(lambda: k, converged: (a.converged, b.converged), objectives: (a.objective, b.objective))
            for (i, (u, v)) in zip(coefficients(true), coefficients(false)).enumerated() {
                #expect(abs(u - v) <= 1e-5, "lambda \(k), coefficient \(i)")
            }
        }
        #expect(moves >= 10)
    }

    /// ``walk(lambdas:objective:predict:strongSet:solve:coefficients:)`` over two GLM solvers of the
    /// same kind, the first moved by its predictor: both solve from their own strong sets.
    static func walk<Solver: PredictingPathSolver>(predicted: Solver, plain: Solver, lambdas: [Double],
                                                   objective: (Double) -> Double) {
        walk(lambdas: lambdas, objective: objective) { predicted.predict(lambda: $0) } strongSet: { side, lambda, previous in
            (side ? predicted : plain).strongSet(lambda: lambda, previous: previous)
        } solve: { side, lambda, set in
            let s = (side ? predicted : plain).solve(lambda: lambda, initialSet: set, tolerance: 1e-12, checkAll: true)
            return (s.converged, s.objective)
        } coefficients: { ($0 ? predicted : plain).b }
    }
}

/// The path-solver surface the predictor tests drive (``IRLSSolver`` and ``MultinomialSolver``).
protocol PredictingPathSolver: AnyObject {
    associatedtype Solution: PredictedSolution
    var b: [Double] { get }
    func strongSet(lambda: Double, previous: Double) -> [Int]
    func predict(lambda: Double) -> Bool
    func solve(lambda: Double, initialSet: [Int], tolerance: Double, checkAll: Bool) -> Solution
}

/// What the predictor tests read of a solve's outcome.
protocol PredictedSolution {
    var converged: Bool { get }
    var objective: Double { get }
}

extension IRLSSolver: PredictingPathSolver {}
extension IRLSSolver.PointSolution: PredictedSolution {}
extension MultinomialSolver: PredictingPathSolver {}
extension MultinomialSolver.PointSolution: PredictedSolution {}
