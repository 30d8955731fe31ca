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
        // Every 20 ms would be 75 rounds; 20, 40, 80, then every 160 ms is about 11.
        assertThat(roundsIn1500Ms(Duration.ofMillis(160), false)).isBetween(3, 20);
    }

    @Test
    void roundsThatFindWorkComeEveryInterval() throws InterruptedException {
        // Backing off would have given at most 6 rounds (20, 40 … 640 ms); every 20 ms gives up to 75.
        assertThat(roundsIn1500Ms(Duration.ofMillis(1_000), true)).isGreaterThan(15);
    }

    /** The rounds a worker polling every 20 ms runs in 1.5 s, each finding work or not. */
    private static int roundsIn1500Ms(Duration idleInterval, boolean findWork) throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        try (PollingWorker ignored = new PollingWorker("rounds", Duration.ofMillis(20), idleInterval, () -> {
            rounds.incrementAndGet();
            return findWork;
        })) {
            Thread.sleep(1_500);
        }
        return rounds.get();
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
