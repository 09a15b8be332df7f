import Testing
@testable import Shrink

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The second thread of row-split coordinate steps (``RowSplitWorker``) and the residual that uses
/// it (``DenseResidual`` with ``DenseResidual/split``).
@Suite("Row-split worker")
struct RowSplitWorkerTests {
    /// What the worker ran; written by the worker's thread only, read by the test after a wait.
    final class Log: @unchecked Sendable {
        var entries: [(code: Int, feature: Int, value: Double)] = []
    }

    @Test("commands run in order, more than the slots hold, and the worker wakes after sleeping")
    func ordered() throws {
        guard RowSplitWorker.processorCount >= 2 else { return }  // one processor: no worker to test
        let log = Log()
        let worker = try #require(RowSplitWorker { code, feature, value in
            log.entries.append((code, feature, value))
            return Double(code * 1000 + feature) + value
        })
        defer { worker.stop() }
        for k in 0..<300 { worker.post(1, feature: k, value: 0.5) }
        let ticket = worker.post(2, feature: 7, value: 0.25)
        #expect(worker.result(ticket) == 2007.25)
        #expect(log.entries.count == 301)
        let first = log.entries.prefix(300)
        #expect(first.enumerated().allSatisfy { $0.element.code == 1 && $0.element.feature == $0.offset })
        // Sleep long enough for the worker to stop spinning and wait: each post must wake it.
        for round in 0..<20 {
            usleep(UInt32(round % 2 == 0 ? 2_000 : 50))
            let t = worker.post(3, feature: round, value: 0)
            #expect(worker.result(t) == Double(3000 + round))
        }
        worker.post(4, feature: 0, value: 0)
        worker.quiesce()
        #expect(log.entries.count == 322)
        #expect(log.entries.last?.code == 4)
    }

    @Test("an owner kept waiting stops posting for a while; one that waits less than it works does not")
    func lateWorker() throws {
        guard RowSplitWorker.processorCount >= 2 else { return }
        let slow = try #require(RowSplitWorker { _, _, _ in
            usleep(300)
            return 1
        })
        defer { slow.stop() }
        for _ in 0..<8 {  // the limit of late results in a window
            #expect(slow.accepting)
            let posted = ContinuousClock.now
            _ = slow.result(slow.post(0, feature: 0, value: 0), postedAt: posted)
        }
        #expect(!slow.accepting)
        let fast = try #require(RowSplitWorker { _, _, _ in 1 })
        defer { fast.stop() }
        for _ in 0..<64 {
            let posted = ContinuousClock.now
            let ticket = fast.post(0, feature: 0, value: 0)
            usleep(2_000)  // the owner's own half
            _ = fast.result(ticket, postedAt: posted)
        }
        #expect(fast.accepting)
    }

    /// A design with enough rows to split (n = 5000: rows 0..<2496 and 2496..<5000), a column of
    /// large mean (centered per entry) and a constant one: its residual unsplit, split with a worker
    /// under `policy`, and split without one.
    static func residuals(equalWeights: Bool, policy: DenseResidual.WorkerPolicy = .always)
        -> (DenseResidual, DenseResidual, DenseResidual, p: Int) {
        let n = 5000, p = 8
        var g = SplitMix64(seed: 7)
        var values = [Double](repeating: 0, count: n * p)
        for j in 0..<p {
            for i in 0..<n { values[j * n + i] = j == 5 ? 3 : (j == 1 ? 1e5 : 0.5 * Double(j)) + g.normal() }
        }
        let x = DenseMatrix(rowCount: n, columnCount: p, columnMajor: values)
        let raw = (0..<n).map { i in equalWeights ? 1.0 : Double(1 + i % 5) }
        let total = raw.reduce(0, +)
        let w = raw.map { $0 / total }
        let stats = ColumnStatistics(.dense(x), weights: w, center: true, standardize: true)
        let view = StandardizedDenseDesign(x, sqrtWeights: w.map { $0.squareRoot() }, stats: stats)
        let y = (0..<n).map { i in w[i].squareRoot() * (values[i] - 2 * values[3 * n + i] + g.normal()) }
        return (DenseResidual(design: view, response: y, splitsRows: false),
                DenseResidual(design: view, response: y, splitsRows: true, workerPolicy: policy),
                DenseResidual(design: view, response: y, splitsRows: true, workerPolicy: .never), p)
    }

    @Test("split steps give the same bits with and without the worker, and the unsplit values",
          arguments: [true, false])
    func splitResidual(equalWeights: Bool) {
        let (plain, threaded, inline, p) = Self.residuals(equalWeights: equalWeights)
        #expect(plain.split == 5000 && threaded.split == 2496 && inline.split == 2496)
        var g = SplitMix64(seed: 3)
        let models = [plain, threaded, inline]
        var scale = 0.0
        for j in 0..<p { scale = max(scale, abs(plain.gradient(j))) }
        for step in 0..<400 {
            let j = step % p
            let gradients = models.map { $0.gradient(j) }
            #expect(gradients[1] == gradients[2], "step \(step)")
            #expect(abs(gradients[0] - gradients[1]) <= 1e-12 * scale, "step \(step)")
            let delta = 0.01 * g.normal()
            for model in models { model.update(j, by: delta) }
            switch step % 50 {
            case 10:
                for model in models { model.saveCheckpoint() }
            case 20:
                // A move that is taken back.
                for model in models { model.update((j + 1) % p, by: 5) }
                for model in models { model.restoreCheckpoint() }
            case 30:
                var batches = models.map { _ in [Double](repeating: 0, count: p) }
                for (k, model) in models.enumerated() { model.gradients(Array(0..<p), into: &batches[k]) }
                #expect(batches[1] == batches[2])
                for (a, b) in zip(batches[0], batches[1]) { #expect(abs(a - b) <= 1e-12 * scale) }
            case 40:
                let summaries = models.map { $0.residualSummary([]) }
                #expect(summaries[1] == summaries[2])
                #expect(abs(summaries[0].rss - summaries[1].rss) <= 1e-12 * summaries[0].rss)
            default:
                break
            }
        }
        #expect(threaded.gradient(5) == 0)
        #expect(threaded.worker.map { $0.postedCount > 400 } ?? (RowSplitWorker.processorCount == 1))
        #expect(inline.worker == nil)
    }

    @Test("split residuals alive side by side run both halves on their own threads")
    func sideBySide() {
        let (_, first, _, p) = Self.residuals(equalWeights: true, policy: .whenAlone)
        let (_, second, _, _) = Self.residuals(equalWeights: true, policy: .whenAlone)
        for j in 0..<p {
            for model in [first, second] { model.update(j, by: 0.1 * model.gradient(j)) }
        }
        #expect(first.worker?.postedCount ?? 0 == 0)
        #expect(second.worker?.postedCount ?? 0 == 0)
        #expect(first.gradient(2) == second.gradient(2))
    }
}
