package org.exposuregraph.alert;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task every poll interval on a daemon thread of its own until closed. A failed round is logged and the
 * next one tries again: the work it does is kept in the database, so nothing is lost by a failure.
 */
final class PollingWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PollingWorker.class);

    private final ScheduledExecutorService executor;

    PollingWorker(String name, Duration interval, Runnable task) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} failed; will try again: {}", name, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
