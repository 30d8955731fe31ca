package org.exposuregraph.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.neo4j.graphdb.event.TransactionEventListener;

class GraphVersionTest {

    private final List<TransactionEventListener<?>> registered = new ArrayList<>();
    private final GraphVersion version = GraphVersion.tracked(registered::add, registered::remove);

    @Test
    void aBulkWriteStopsListeningAndCachingUntilItEndsThenMovesTheVersion() {
        assertThat(registered).hasSize(1);
        long before = version.current();

        try (GraphVersion.BulkWrite outer = version.bulkWrite()) {
            assertThat(registered).isEmpty();
            assertThat(version.current()).isEqualTo(GraphVersion.UNKNOWN);
            try (GraphVersion.BulkWrite inner = version.bulkWrite()) {
                assertThat(version.current()).isEqualTo(GraphVersion.UNKNOWN);
            }
            // Still one bulk write open: still nothing to trust.
            assertThat(registered).isEmpty();
            assertThat(version.current()).isEqualTo(GraphVersion.UNKNOWN);
        }

        assertThat(registered).hasSize(1);
        assertThat(version.current()).isGreaterThan(before);
    }

    @Test
    void aVersionFollowingTheChangeRecordMovesWithItOnly() {
        GraphVersion followed = GraphVersion.followingTheChangeRecord();
        long before = followed.current();
        assertThat(before).isNotEqualTo(GraphVersion.UNKNOWN);
        followed.changeRecorded();
        assertThat(followed.current()).isGreaterThan(before);
        // A tracked version moved at the commit already: the follower leaves it alone.
        long tracked = version.current();
        version.changeRecorded();
        assertThat(version.current()).isEqualTo(tracked);
    }
}
