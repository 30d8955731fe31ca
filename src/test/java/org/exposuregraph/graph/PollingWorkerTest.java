package org.exposuregraph.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The followers' rounds: frequent while there is work, backing off while there is none, at once when woken. */
class PollingWorkerTest {

    @Test
    void idleRoundsBackOffToTheIdleInterval() throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        try (PollingWorker ignored = new PollingWorker("idle", Duration.ofMillis(20), Duration.ofMillis(160), () -> {
            rounds.incrementAndGet();
            return false;
        })) {
            Thread.sleep(1_500);
        }
        // Every 20 ms would be 75 rounds; 20, 40, 80, then every 160 ms is about 11.
        assertThat(rounds.get()).isBetween(3, 20);
    }

    @Test
    void roundsThatFindWorkComeEveryInterval() throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        try (PollingWorker ignored = new PollingWorker("busy", Duration.ofMillis(20), Duration.ofMillis(1_000), () -> {
            rounds.incrementAndGet();
            return true;
        })) {
            Thread.sleep(1_500);
        }
        // Backing off would have given at most 6 rounds (20, 40 … 640 ms); every 20 ms gives up to 75.
        assertThat(rounds.get()).isGreaterThan(15);
    }

    @Test
    void wakeStartsARoundAtOnce() throws InterruptedException {
        CountDownLatch round = new CountDownLatch(1);
        try (PollingWorker worker = new PollingWorker("woken", Duration.ofMinutes(10), Duration.ofMinutes(10), () -> {
            round.countDown();
            return false;
        })) {
            worker.wake();
            assertThat(round.await(5, TimeUnit.SECONDS)).as("a round within 5 s of wake, not 10 min").isTrue();
        }
    }

    @Test
    void aFailedRoundIsTriedAgain() throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch second = new CountDownLatch(2);
        try (PollingWorker ignored = new PollingWorker("failing", Duration.ofMillis(10), Duration.ofMillis(20), () -> {
            second.countDown();
            if (rounds.incrementAndGet() == 1) {
                throw new IllegalStateException("the database went away");
            }
            return false;
        })) {
            assertThat(second.await(5, TimeUnit.SECONDS)).as("a round after the failed one").isTrue();
        }
    }
}
