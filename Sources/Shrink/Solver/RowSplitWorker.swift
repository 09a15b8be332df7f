import CShrinkKernels
import Dispatch

/// A second thread that runs one half of row-split vector work in lock-step with its owner: the
/// owner posts a command, does its own half of the rows, and (for a command with a result) waits for
/// the worker's half.
///
/// Commands run in the order they were posted, one at a time, so a command sees the effects of all
/// earlier ones; their meaning is the owner's (`execute` receives the code, a feature and a value and
/// returns the result). The worker spins for a few microseconds after its last command, then sleeps
/// until the next one, so it holds no core while its owner does other work. Only the owner's thread
/// may call its methods.
///
/// The arithmetic of each half does not depend on which thread runs it, so an owner that splits its
/// rows gets the same bits with or without a worker (see ``DenseResidual``).
final class RowSplitWorker: @unchecked Sendable {
    /// One posted command.
    private struct Command {
        var code: Int
        var feature: Int
        var value: Double
    }

    /// The number of command slots: the owner waits when this many are pending.
    private static let capacity = 64
    /// The code of the command that ends the worker's thread.
    private static let stopCode = -1
    /// Spin iterations (each a pause) of an idle worker before it sleeps: some tens of microseconds.
    private static let idleSpins = 1 << 12
    /// Spin iterations of a waiting owner before it starts yielding the processor (a worker that
    /// lost its core to another thread gets it back): some microseconds, about a step's half.
    private static let waitSpins = 1 << 10
    private static let sleeping = 1, awake = 0

    /// Three counters on separate cache lines: posted (written by the owner), done (by the worker),
    /// and the worker's state (awake or sleeping).
    private let counters: UnsafeMutableRawPointer
    private var posted: UnsafeMutablePointer<Int> { counters.assumingMemoryBound(to: Int.self) }
    private var done: UnsafeMutablePointer<Int> { (counters + 64).assumingMemoryBound(to: Int.self) }
    private var state: UnsafeMutablePointer<Int> { (counters + 128).assumingMemoryBound(to: Int.self) }
    private let commands: UnsafeMutablePointer<Command>
    private let results: UnsafeMutablePointer<Double>
    /// Signalled by the owner to wake a sleeping worker.
    private let wake = DispatchSemaphore(value: 0)
    /// Runs one command on the worker's half.
    private let execute: (_ code: Int, _ feature: Int, _ value: Double) -> Double
    /// The owner's count of posted commands.
    private(set) var postedCount = 0
    /// Results in the current window of ``window`` results for which the owner waited longer than
    /// its own half took: the worker's core is busy with another process.
    private var lateResults = 0
    /// Results so far in the current window.
    private var windowResults = 0
    /// Commands the owner is to run itself before it tries the worker again (see ``accepting``).
    private var backoff = 0
    /// The number of results over which late ones are counted.
    private static let window = 64
    /// Late results in a window at which the owner runs both halves for ``backoffCommands``.
    private static let lateLimit = 8
    /// How long the owner runs both halves after a window with too many late results.
    private static let backoffCommands = 1 << 14
    /// Whether ``stop()`` ran.
    private var stopped = false

    /// The number of processors this process may run on.
    static var processorCount: Int { shrink_processor_count() }

    /// Starts the worker's thread, or returns `nil` when the process runs on one processor or no
    /// thread can be made (then the owner runs both halves itself).
    init?(execute: @escaping (_ code: Int, _ feature: Int, _ value: Double) -> Double) {
        guard Self.processorCount >= 2 else { return nil }
        counters = .allocate(byteCount: 192, alignment: 64)
        counters.initializeMemory(as: UInt8.self, repeating: 0, count: 192)
        commands = .allocate(capacity: Self.capacity)
        results = .allocate(capacity: Self.capacity)
        results.initialize(repeating: 0, count: Self.capacity)
        self.execute = execute
        let context = Unmanaged.passRetained(self).toOpaque()
        let started = shrink_thread_start({ context in
            Unmanaged<RowSplitWorker>.fromOpaque(context!).takeRetainedValue().serve()
        }, context)
        if started == 0 {
            Unmanaged<RowSplitWorker>.fromOpaque(context).release()
            stopped = true
            return nil
        }
    }

    deinit {
        counters.deallocate()
        commands.deallocate()
        results.deallocate()
    }

    /// Posts a command and returns its ticket for ``result(_:)``; waits first while the slots are full.
    ///
    /// - Complexity: O(1) unless the slots are full.
    @discardableResult
    func post(_ code: Int, feature: Int, value: Double) -> Int {
        let ticket = postedCount
        if ticket - shrink_atomic_load(done) >= Self.capacity { wait(until: ticket - Self.capacity + 1) }
        commands[ticket % Self.capacity] = Command(code: code, feature: feature, value: value)
        postedCount += 1
        shrink_atomic_store(posted, postedCount)
        if shrink_atomic_load(state) == Self.sleeping && shrink_atomic_replace(state, Self.sleeping, Self.awake) != 0 {
            wake.signal()
        }
        return ticket
    }

    /// Waits for the command of `ticket` and returns its result.
    func result(_ ticket: Int) -> Double {
        wait(until: ticket + 1)
        return results[ticket % Self.capacity]
    }

    /// Waits for the command of `ticket`, posted at `posted`, and returns its result; a wait longer
    /// than the owner's own half (from `posted` to this call) counts as late (see ``accepting``).
    func result(_ ticket: Int, postedAt posted: ContinuousClock.Instant) -> Double {
        let arrived = ContinuousClock.now
        wait(until: ticket + 1)
        if ContinuousClock.now - arrived > arrived - posted { lateResults += 1 }
        windowResults += 1
        if lateResults == Self.lateLimit {
            backoff = Self.backoffCommands
        }
        if lateResults == Self.lateLimit || windowResults == Self.window {
            windowResults = 0
            lateResults = 0
        }
        return results[ticket % Self.capacity]
    }

    /// Whether the owner should post its next command: false for a while after the worker kept it
    /// waiting too often (another process shares the worker's core, so each lock-step waits for
    /// the scheduler). Counts one command of that while. The owner runs both halves itself then,
    /// to the same bits.
    var accepting: Bool {
        if backoff == 0 { return true }
        backoff -= 1
        return false
    }

    /// Waits until every posted command has run: then the owner may read and write all the data
    /// the commands touch.
    func quiesce() {
        wait(until: postedCount)
    }

    /// Ends the worker's thread after the pending commands; the owner calls it before it frees the
    /// data the commands touch.
    func stop() {
        guard !stopped else { return }
        stopped = true
        post(Self.stopCode, feature: 0, value: 0)
        quiesce()
    }

    /// Spins (then yields) until `count` commands have run.
    private func wait(until count: Int) {
        var spins = 0
        while shrink_atomic_load(done) < count {
            spins += 1
            if spins < Self.waitSpins { shrink_spin_pause() } else { shrink_yield() }
        }
    }

    /// The worker's loop: runs commands in order, spins a while when there are none, then sleeps.
    private func serve() {
        var next = 0
        var idle = 0
        while true {
            if next < shrink_atomic_load(posted) {
                let command = commands[next % Self.capacity]
                if command.code == Self.stopCode {
                    shrink_atomic_store(done, next + 1)
                    return
                }
                results[next % Self.capacity] = execute(command.code, command.feature, command.value)
                next += 1
                shrink_atomic_store(done, next)
                idle = 0
                continue
            }
            idle += 1
            if idle < Self.idleSpins {
                shrink_spin_pause()
                continue
            }
            // Announce the sleep, then look once more: a command posted before the announcement was
            // seen by this load; one posted after it finds the worker sleeping and wakes it.
            shrink_atomic_store(state, Self.sleeping)
            if next < shrink_atomic_load(posted) && shrink_atomic_replace(state, Self.sleeping, Self.awake) != 0 {
                idle = 0
                continue
            }
            wake.wait()
            idle = 0
        }
    }
}
