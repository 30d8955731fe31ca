package org.exposuregraph.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.exposuregraph.database.GraphVersion;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * A change feed turned off (the {@code import} command's, which serves no reads) reads nothing back from the record
 * and delivers nothing, yet tells the caches of every local write; one turned on delivers the same write.
 */
@EmptyGraphTest
class ChangeFeedOffTest {

    @Autowired
    GraphFixtures fixtures;
    @Autowired
    ChangeLog changeLog;
    @Autowired
    GraphVersion graphVersion;
    @Autowired
    Neo4jClient neo4jClient;
    @Autowired
    GraphWriter graphWriter;

    @Test
    void anOffFeedDeliversNothingButStillMarksCachesStale() {
        fixtures.reset();
        // As against an external Neo4j: a version that only the change record's follower moves.
        GraphVersion offVersion = GraphVersion.followingTheChangeRecord();
        ChangeFeed off = new ChangeFeed(changeLog, offVersion, false);
        ChangeFeed on = new ChangeFeed(changeLog, graphVersion, true);
        List<Change> offDelivered = new ArrayList<>();
        List<Change> onDelivered = new ArrayList<>();
        off.register(listener(offDelivered));
        on.register(listener(onDelivered));
        long startedAt = off.catchUp();

        graphWriter.write("test:organisation", changes -> {
            neo4jClient.query("CREATE (:Organisation {id: 'feed-test', name: 'Feed Test', kind: 'VENDOR'})").run();
            changes.element(ChangeSet.Outcome.CREATED, Facts.ORGANISATION, "feed-test").organisations("feed-test");
            return null;
        });
        long versionBefore = offVersion.current();

        assertThat(off.catchUp()).as("an off feed does not move").isEqualTo(startedAt);
        assertThat(offDelivered).isEmpty();
        assertThat(offVersion.current()).as("caches are told anyway").isGreaterThan(versionBefore);
        assertThat(on.catchUp()).isEqualTo(changeLog.last()).isGreaterThan(startedAt);
        assertThat(onDelivered).extracting(Change::seq).containsExactly(changeLog.last());
        on.stop();
        off.stop();
    }

    private static ChangeFeed.Listener listener(List<Change> delivered) {
        return new ChangeFeed.Listener() {
            @Override
            public void changed(List<Change> batch) {
                delivered.addAll(batch);
            }

            @Override
            public void rebuildNeeded() {
                // not asked here
            }
        };
    }
}
