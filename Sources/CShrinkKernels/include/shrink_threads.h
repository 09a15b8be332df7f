#ifndef CSHRINK_THREADS_H
#define CSHRINK_THREADS_H

/// What `RowSplitWorker` needs from the platform and Swift's standard library does not offer on
/// every platform the package builds on: sequentially consistent loads, stores and compare-and-swap
/// on a shared counter, a spin-wait hint, a yield, a detached thread and the number of online
/// processors.

/// Loads `*p` (sequentially consistent).
static inline long shrink_atomic_load(const long *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }

/// Stores `value` into `*p` (sequentially consistent).
static inline void shrink_atomic_store(long *p, long value) { __atomic_store_n(p, value, __ATOMIC_SEQ_CST); }

/// Replaces `*p` by `desired` if it equals `expected`; returns 1 if it did (sequentially consistent).
static inline int shrink_atomic_replace(long *p, long expected, long desired) {
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/// Adds `delta` to `*p` and returns the new value (sequentially consistent).
static inline long shrink_atomic_add(long *p, long delta) { return __atomic_add_fetch(p, delta, __ATOMIC_SEQ_CST); }

/// The number of row-split residuals alive in the process (``DenseResidual``): their steps use a
/// second thread only while they are alone, so that concurrent fits (cross-validation folds) do
/// not run more spinning threads than there are cores.
extern long shrink_split_residuals;

/// Adds `delta` to `shrink_split_residuals` and returns the new count.
static inline long shrink_split_register(long delta) { return shrink_atomic_add(&shrink_split_residuals, delta); }

/// Reads `shrink_split_residuals`.
static inline long shrink_split_count(void) { return shrink_atomic_load(&shrink_split_residuals); }

/// A spin-wait hint (`pause` on x86-64, `yield` on AArch64, nothing elsewhere).
static inline void shrink_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

/// Gives up the processor to another runnable thread (`sched_yield`).
void shrink_yield(void);

/// Starts a detached thread running `body(context)`; returns 1 on success, 0 if no thread could be made.
int shrink_thread_start(void (*body)(void *), void *context);

/// The number of processors online (at least 1).
long shrink_processor_count(void);

#endif
