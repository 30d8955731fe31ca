package org.exposuregraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.exposuregraph.graph.ImportReport;
import org.exposuregraph.ingest.NativeImporter;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.neo4j.core.Neo4jClient;

/** The seed goes through the native importer: idempotent, and all-or-nothing on bad input. */
@EmptyGraphTest
class SeedLoadingTest {

    @Autowired
    NativeImporter importer;
    @Autowired
    GraphFixtures fixtures;
    @Autowired
    Neo4jClient neo4jClient;

    @BeforeEach
    void emptyGraph() {
        fixtures.reset();
    }

    private ImportReport importSeed(String file) throws IOException {
        try (InputStream input = new ClassPathResource("seed-data/" + file).getInputStream()) {
            return importer.importDocument(input);
        }
    }

    /** Nodes and relationships of data, bookkeeping left out (background workers such as alerting's write their own). */
    private long elements() {
        String fingerprint = GraphFixtures.fingerprint(neo4jClient);
        return fingerprint.isEmpty() ? 0 : fingerprint.lines().count();
    }

    @Test
    void loadingTheSeedTwiceChangesNothing() throws IOException {
        ImportReport taxonomy = importSeed("taxonomy.json");
        ImportReport storAFile = importSeed("stor-a-file.json");
        assertThat(taxonomy.accepted()).isTrue();
        assertThat(storAFile.created()).isGreaterThan(50);
        long after = elements();

        ImportReport again = importSeed("stor-a-file.json");
        assertThat(again.created()).isZero();
        assertThat(again.updated()).isZero();
        assertThat(again.unchanged()).isEqualTo(storAFile.created());
        assertThat(elements()).isEqualTo(after);
    }

    @Test
    void aDocumentWithAnyBadRowWritesNothingAndNamesEachRow() {
        String document = """
                {"format": "exposuregraph-native",
                 "organisations": [
                   {"id": "good-clinic", "name": "Good Clinic", "kind": "PRIVATE_CLINIC"},
                   {"id": "bad kind", "name": "", "kind": "PRIVATE_CLINIC"}
                 ],
                 "dataFlows": [
                   {"client": "good-clinic", "processor": "nowhere-ltd", "categories": ["no-such-category"]}
                 ]}
                """;
        ImportReport report = importer.importDocument(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)));
        assertThat(report.accepted()).isFalse();
        assertThat(report.rejected()).extracting(ImportReport.Rejection::object)
                .contains("organisations[1].id", "organisations[1].name");
        assertThat(elements()).isZero();
    }

    @Test
    void danglingReferencesAreRejectedWithWhereTheyAre() {
        String document = """
                {"organisations": [{"id": "good-clinic", "name": "Good Clinic", "kind": "PRIVATE_CLINIC"}],
                 "dataFlows": [{"client": "good-clinic", "processor": "nowhere-ltd", "categories": ["health"]}]}
                """;
        ImportReport report = importer.importDocument(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)));
        assertThat(report.rejected()).extracting(ImportReport.Rejection::object, ImportReport.Rejection::reason)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("dataFlows[0].processor",
                                "refers to Organisation 'nowhere-ltd', which is neither in the document nor in the graph"),
                        org.assertj.core.groups.Tuple.tuple("dataFlows[0].categories",
                                "refers to DataCategory 'health', which is neither in the document nor in the graph"));
        assertThat(elements()).isZero();
    }

    @Test
    void malformedJsonIsReportedWithItsLine() {
        ImportReport report = importer.importDocument(new ByteArrayInputStream(
                "{\"organisations\": [\n{\"id\": \"x\", \"name\": \"X\", \"kind\": \"NOT_A_KIND\"}]}".getBytes(StandardCharsets.UTF_8)));
        assertThat(report.rejected()).singleElement().satisfies(rejection -> {
            assertThat(rejection.line()).isEqualTo(2L);
            assertThat(rejection.object()).isEqualTo("organisations[0].kind");
        });
        assertThat(elements()).isZero();
    }
}
