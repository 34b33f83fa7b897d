package dev.harden.engine;

import dev.harden.HardenException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs work per host on a bounded pool; results come back in input order. One host's failure
 * is that host's: whatever a task throws (a HardenException, a bug, a StackOverflowError from a
 * host's hostile data) becomes that host's result through {@code onFailure}, and the other hosts
 * finish normally.
 */
final class HostTasks {

    private HostTasks() {
    }

    /** What a finished host's result says to the progress listener (maybe nothing). */
    @FunctionalInterface
    interface Report<R> {
        void done(Progress progress, R result);

        /** Says nothing: the caller reports later, or the work is not a stage of its own. */
        static <R> Report<R> silent() {
            return (progress, result) -> { };
        }
    }

    static <T, R> List<R> run(List<T> items, int parallelism, Progress progress, Report<R> report,
                              Function<T, R> work, BiFunction<T, Throwable, R> onFailure) {
        if (items.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, items.size()), runnable -> {
            Thread thread = new Thread(runnable, "harden-host");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    R result;
                    try {
                        result = work.apply(item);
                    } catch (RuntimeException | StackOverflowError e) {
                        result = onFailure.apply(item, e);
                    }
                    report.done(progress, result);
                    return result;
                }));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HardenException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("a host task failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The operator-facing message of a host's failure: the HardenException's own, or the bug, named. */
    static String message(String host, String doing, Throwable e) {
        if (e instanceof HardenException) {
            return e.getMessage();
        }
        return host + ": unexpected error while " + doing + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
