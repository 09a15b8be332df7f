#ifdef __linux__
#define _GNU_SOURCE
#endif
#include "shrink_threads.h"
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

long shrink_split_residuals = 0;

void shrink_yield(void) { sched_yield(); }

struct shrink_thread_start_args {
    void (*body)(void *);
    void *context;
};

static void *shrink_thread_main(void *raw) {
    struct shrink_thread_start_args args = *(struct shrink_thread_start_args *)raw;
    free(raw);
    args.body(args.context);
    return NULL;
}

int shrink_thread_start(void (*body)(void *), void *context) {
    struct shrink_thread_start_args *args = malloc(sizeof *args);
    if (!args) return 0;
    args->body = body;
    args->context = context;
    pthread_t thread;
    pthread_attr_t attributes;
    if (pthread_attr_init(&attributes) != 0) {
        free(args);
        return 0;
    }
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    int failed = pthread_create(&thread, &attributes, shrink_thread_main, args);
    pthread_attr_destroy(&attributes);
    if (failed) {
        free(args);
        return 0;
    }
    return 1;
}

long shrink_processor_count(void) {
#ifdef __linux__
    // The processors this process may run on (a container's CPU set), not all the machine's.
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int usable = CPU_COUNT(&set);
        if (usable > 0) return usable;
    }
#endif
    long count = sysconf(_SC_NPROCESSORS_ONLN);
    return count > 0 ? count : 1;
}
