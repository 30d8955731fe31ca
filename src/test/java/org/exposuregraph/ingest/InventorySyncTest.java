package org.exposuregraph.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.exposuregraph.support.ChangeRecord;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.http.MediaType;

/**
 * Synced inventory imports over real HTTP: the file is the whole truth for its source, so the source's facts it no
 * longer holds are ended (kept, with an end date) and reported; other sources' facts are untouched; the same sync
 * twice changes nothing.
 */
@EmptyGraphTest
class InventorySyncTest {

    private static final String HEADER = "type,id,name,kind,domain,companyNumber,from,to,categories,people,records,purpose,since,tlp\n";
    private static final String ORGANISATIONS = """
            organisation,gp1,GP One,GP_PRACTICE,,,,,,,,,,
            organisation,gp2,GP Two,GP_PRACTICE,,,,,,,,,,
            organisation,vendor,Vendor Ltd,VENDOR,,,,,,,,,,
            organisation,archive,Archive Ltd,VENDOR,,,,,,,,,,
            """;
    private static final String FLOW_GP1 = "flow,,,,,,gp1,vendor,health,100,,,2019-04-01,\n";
    private static final String FLOW_GP2 = "flow,,,,,,gp2,vendor,health,200,,,,\n";
    private static final String SUB = "subprocessing,,,,,,vendor,archive,*,,,,,\n";
    private static final String SOFTWARE = "software,,MOVEit Transfer,,,,gp1,moveit,,,,,,\n";

    @Autowired
    GraphFixtures fixtures;
    @Autowired
    Neo4jClient neo4j;
    @LocalServerPort
    int port;

    @BeforeEach
    void categories() {
        fixtures.reset();
        TestClients.withKey(port, "", TestKeys.ADMIN).post().uri("/api/imports/native")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue("{\"dataCategories\": [{\"id\": \"health\", \"name\": \"Health\", \"sensitivity\": 5}]}"
                        .getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isOk();
    }

    @Test
    void aSyncEndsExactlyTheMissingFactsOfItsSourceAndASecondOneChangesNothing() {
        assertThat(inventory("mode=sync&source=risk-team", HEADER + ORGANISATIONS + FLOW_GP1 + FLOW_GP2 + SUB + SOFTWARE, 200))
                .containsEntry("ended", 0).containsEntry("endedFacts", List.of());
        // Another source asserts gp2 -> archive and also gp1 -> vendor; an import naming no source adds gp1 -> archive.
        inventory("mode=sync&source=procurement", HEADER + FLOW_GP1 + "flow,,,,,,gp2,archive,health,5,,,,\n", 200);
        inventory("", HEADER + "flow,,,,,,gp1,archive,health,7,,,,\n", 200);
        assertThat(neo4j.query("MATCH (:Organisation {id: 'gp1'})-[r:ENTRUSTS]->(:Organisation {id: 'vendor'}) RETURN r.assertedBy AS sources")
                .fetch().one().orElseThrow()).containsEntry("sources", List.of("risk-team", "procurement"));
        long seq = lastSeq();

        // The risk team's new file no longer holds gp2 -> vendor, nor gp1's MOVEit.
        String smaller = HEADER + ORGANISATIONS + FLOW_GP1 + SUB;
        Map<String, Object> synced = inventory("mode=sync&source=risk-team", smaller, 200);
        assertThat(synced).containsEntry("ended", 2).containsEntry("created", 0).containsEntry("updated", 0)
                .containsEntry("endedFacts", List.of("ENTRUSTS:flow:gp2:vendor", "RUNS:runs:gp1:moveit"));
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        // A data flow stores no derived id (graph.Facts): its ends give it.
        assertThat(neo4j.query("MATCH (a)-[r:ENTRUSTS|RUNS|SUBPROCESSES_TO]->(b) WHERE r.until IS NOT NULL"
                        + " WITH coalesce(r.id, 'flow:' + a.id + ':' + b.id) AS id, r"
                        + " RETURN id + ' ' + toString(r.until) ORDER BY id").fetchAs(String.class).all())
                .containsExactly("flow:gp2:vendor " + today, "runs:gp1:moveit " + today);
        // Ended, not removed: every fact is still there, other sources' ones open.
        assertThat(neo4j.query("MATCH ()-[r:ENTRUSTS|RUNS|SUBPROCESSES_TO]->() RETURN count(r)").fetchAs(Long.class).one()
                .orElseThrow()).isEqualTo(6);
        List<Map<String, Object>> entries = changesAfter(seq);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0)).containsEntry("operation", "import:inventory:sync")
                .containsEntry("ended", List.of("ENTRUSTS:flow:gp2:vendor", "RUNS:runs:gp1:moveit"));

        // The same sync again: nothing ended, everything unchanged, no change entry.
        assertThat(inventory("mode=sync&source=risk-team", smaller, 200)).containsEntry("ended", 0)
                .containsEntry("created", 0).containsEntry("updated", 0);
        assertThat(changesAfter(seq)).hasSize(1);

        // A fact the source asserts again is open again: the file is the truth.
        inventory("mode=sync&source=risk-team", smaller + FLOW_GP2, 200);
        assertThat(neo4j.query("MATCH (:Organisation {id: 'gp2'})-[r:ENTRUSTS]->(:Organisation {id: 'vendor'}) RETURN r.until IS NULL")
                .fetchAs(Boolean.class).one().orElseThrow()).isTrue();
    }

    @Test
    void aBadModeOrASyncWithoutSourceIsAClearBadRequest() {
        assertThat(importRaw("mode=replace&source=x", HEADER, 400)).contains("Unknown import mode 'replace'");
        assertThat(importRaw("mode=sync", HEADER, 400)).contains("a synced import needs a source");
        assertThat(importRaw("mode=sync&source=bad*name", HEADER, 400)).contains("source: 'bad*name' must be");
        assertThat(TestClients.withKey(port, "", TestKeys.ADMIN).post().uri("/api/imports/native?mode=sync&source=x")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue("{}".getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody())
                .contains("for the inventory format only");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> inventory(String query, String csv, int status) {
        return TestClients.withKey(port, "", TestKeys.EDITOR).post().uri("/api/imports/inventory?" + query)
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(csv.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isEqualTo(status).expectBody(Map.class).returnResult().getResponseBody();
    }

    private String importRaw(String query, String csv, int status) {
        return TestClients.withKey(port, "", TestKeys.EDITOR).post().uri("/api/imports/inventory?" + query)
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(csv.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
    }

    private List<Map<String, Object>> changesAfter(long seq) {
        return ChangeRecord.after(port, seq);
    }

    private long lastSeq() {
        return ChangeRecord.lastSeq(port);
    }
}
