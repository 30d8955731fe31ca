package org.exposuregraph.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wrong API keys per client address, in one-minute windows. Past the free attempts, each further wrong key is
 * answered 429 after a delay that grows with every failure, and only one such slowed attempt per address runs
 * at a time (others are refused at once, without their key being looked at, so parallel guessing gains
 * nothing). A right key is never delayed or counted: an attacker sharing an address cannot lock real users out.
 */
final class FailedKeyAttempts {

    private static final int MAX_ADDRESSES = 100_000;

    private final int freePerMinute;
    private final Duration step;
    private final Duration maxDelay;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    FailedKeyAttempts(int freePerMinute, Duration step, Duration maxDelay) {
        this.freePerMinute = freePerMinute;
        this.step = step;
        this.maxDelay = maxDelay;
    }

    int freePerMinute() {
        return freePerMinute;
    }

    /** Whether this address has used its free wrong keys in the current window. */
    boolean throttled(String address) {
        Window window = windows.get(address);
        return window != null && window.failures.count(System.nanoTime()) >= freePerMinute;
    }

    /** Takes the address's one slot for a slowed attempt; false when another attempt holds it. */
    boolean enter(String address) {
        return window(address).busy.compareAndSet(false, true);
    }

    void leave(String address) {
        Window window = windows.get(address);
        if (window != null) {
            window.busy.set(false);
        }
    }

    /** Counts a wrong key; returns how long to hold the answer (zero while within the free attempts). */
    Duration failed(String address) {
        int failures = window(address).failures.add(System.nanoTime());
        if (failures <= freePerMinute) {
            return Duration.ZERO;
        }
        Duration delay = step.multipliedBy(failures - freePerMinute);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** Seconds until the address's window ends. */
    long retryAfterSeconds(String address) {
        Window window = windows.get(address);
        return window == null ? 0 : Math.max(1, (window.failures.start() + MinuteWindow.NANOS - System.nanoTime()) / 1_000_000_000L + 1);
    }

    private Window window(String address) {
        if (windows.size() > MAX_ADDRESSES) {
            // Bounded memory under a spray of addresses: drop the windows that have ended.
            long now = System.nanoTime();
            windows.values().removeIf(w -> now - w.failures.start() >= MinuteWindow.NANOS && !w.busy.get());
        }
        return windows.computeIfAbsent(address, a -> new Window());
    }

    /** An address's wrong keys this minute, and whether a slowed attempt of it is running. */
    private record Window(MinuteWindow failures, AtomicBoolean busy) {
        Window() {
            this(new MinuteWindow(), new AtomicBoolean());
        }
    }
}
