package org.clostera.internal.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void everyTaskRunsOnceWithAtMostThreadsAtATime() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                for (int tasks : new int[] {1, 2, 3, 7, 200}) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
                    AtomicInteger running = new AtomicInteger();
                    AtomicInteger most = new AtomicInteger();
                    pool.run(tasks, i -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        runs.incrementAndGet(i);
                        Thread.onSpinWait();
                        running.decrementAndGet();
                    });
                    for (int i = 0; i < tasks; i++) {
                        assertEquals(1, runs.get(i), "task " + i + " of " + tasks + ", " + threads + " threads");
                    }
                    assertTrue(most.get() <= threads, most.get() + " tasks at once on " + threads + " threads");
                }
            }
        }
    }

    @Test
    void theCallingThreadTakesAShare() {
        try (WorkerPool pool = new WorkerPool(2)) {
            Thread caller = Thread.currentThread();
            AtomicInteger onCaller = new AtomicInteger();
            // Enough slow tasks that the caller, which starts at once, is sure to take one.
            pool.run(64, i -> {
                if (Thread.currentThread() == caller) {
                    onCaller.incrementAndGet();
                }
                long until = System.nanoTime() + 200_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            });
            assertTrue(onCaller.get() > 0);
        }
    }

    @Test
    void aFailingTaskStopsTheRunAndIsRethrownUnwrapped() {
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int failing : new int[] {0, 1, 2, 50}) {
                IllegalStateException boom = new IllegalStateException("task " + failing);
                AtomicInteger ran = new AtomicInteger();
                IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.run(10_000, i -> {
                    ran.incrementAndGet();
                    if (i == failing) {
                        throw boom;
                    }
                }));
                assertSame(boom, thrown);
                assertTrue(ran.get() < 10_000, "tasks kept running after the failure: " + ran.get());
            }
            // The pool is still usable after a failure.
            AtomicInteger count = new AtomicInteger();
            pool.run(5, i -> count.incrementAndGet());
            assertEquals(5, count.get());
        }
    }
}
