package org.clostera.internal.parallel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.clostera.ClosteraException;

/**
 * A fixed set of worker threads for one fit. Work is split into numbered tasks whose boundaries do not
 * depend on the thread count, and every task writes only its own outputs, so results are identical for
 * any thread count. Exceptions from tasks are rethrown unwrapped on the calling thread.
 *
 * <p>The calling thread takes a share of the tasks itself, so a pool of {@code T} threads keeps {@code T - 1}
 * helpers, and a {@link #run} wakes {@code T - 1} of them instead of waking {@code T} and parking the caller:
 * callers such as k-means++ seeding make tens of thousands of short {@link #run}s, each a hand-off through the
 * scheduler. At most {@code T} tasks run at once.
 */
public final class WorkerPool implements AutoCloseable {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final int threads;
    private final ExecutorService executor;

    public WorkerPool(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be > 0, got " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            this.executor = null;
        } else {
            int poolId = POOL_IDS.incrementAndGet();
            AtomicInteger threadIds = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, "clostera-" + poolId + "-worker-" + threadIds.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            this.executor = Executors.newFixedThreadPool(threads - 1, factory);
        }
    }

    /** The default thread count: all available processors. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task.accept(i)} for {@code i = 0..tasks-1}, spread over the calling thread and the helpers; waits
     * for all. After a task fails no thread takes a new one, and the first failure is rethrown.
     */
    public void run(int tasks, IntConsumer task) {
        if (tasks <= 0) {
            return;
        }
        if (executor == null || tasks == 1) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable share = () -> {
            try {
                for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            } catch (Throwable e) {
                next.set(tasks); // the other threads take no new task
                throw e;
            }
        };
        int helpers = Math.min(threads, tasks) - 1;
        Future<?>[] futures = new Future<?>[helpers];
        for (int w = 0; w < helpers; w++) {
            futures[w] = executor.submit(share);
        }
        Throwable failure = null;
        try {
            share.run();
        } catch (Throwable e) {
            failure = e;
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClosteraException("interrupted while waiting for workers", e);
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new ClosteraException("worker failed: " + failure, failure);
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
