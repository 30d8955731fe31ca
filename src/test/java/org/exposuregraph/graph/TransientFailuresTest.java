package org.exposuregraph.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;

/** The write path's retry rule, without a database: what is retried, how often, and what is not. */
class TransientFailuresTest {

    @Test
    void aDeadlockIsRetriedUntilTheWriteGoesThrough() {
        AtomicInteger attempts = new AtomicInteger();
        String result = TransientFailures.retry("test", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new TransientDataAccessResourceException("deadlock", new org.neo4j.driver.exceptions.TransientException(
                        "Neo.TransientError.Transaction.DeadlockDetected", "deadlock"));
            }
            return "written";
        });
        assertThat(result).isEqualTo("written");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aFailureThatWillNotPassFailsAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> TransientFailures.retry("test", () -> {
            attempts.incrementAndGet();
            throw new DataIntegrityViolationException("constraint");
        })).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void retriesAreBounded() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> TransientFailures.retry("test", () -> {
            attempts.incrementAndGet();
            throw new org.neo4j.driver.exceptions.ServiceUnavailableException("leader switch");
        })).isInstanceOf(org.neo4j.driver.exceptions.ServiceUnavailableException.class);
        assertThat(attempts).hasValue(TransientFailures.MAX_ATTEMPTS);
    }

    @Test
    void transientCodesAreRecognisedDeepInTheCauseChain() {
        var deep = new RuntimeException(new IllegalStateException(new org.neo4j.driver.exceptions.ClientException(
                "Neo.TransientError.Transaction.LockClientStopped", "stopped")));
        assertThat(TransientFailures.isTransient(deep)).isTrue();
        assertThat(TransientFailures.isTransient(new IllegalStateException("bug"))).isFalse();
    }
}
