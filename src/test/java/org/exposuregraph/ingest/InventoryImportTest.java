package org.exposuregraph.ingest;

import org.exposuregraph.graph.ImportReport;
import org.exposuregraph.graph.InventoryWriter;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.exposuregraph.support.EmptyGraphTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EmptyGraphTest
class InventoryImportTest extends ImportTestSupport {

    static final String EXAMPLE = "data/inventory/example-inventory.csv";


    @BeforeEach
    void taxonomyOnly() {
        imports.importOk("native", ImportClient.resource("seed-data/taxonomy.json"));
        imports.importOk("native", """
                {"software": [{"id": "solarwinds-serv-u", "name": "SolarWinds Serv-U", "publisher": "SolarWinds"}]}
                """.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void importsOrganisationsFlowsSubProcessingAndSoftwareThenFindsThemUnchanged() {
        ImportReport first = imports.importOk("inventory", ImportClient.resource(EXAMPLE));
        // 3 organisations, 2 flows, 1 sub-processing, 1 RUNS; the software already existed and keeps its publisher
        assertThat(first.created()).isEqualTo(3 + 2 + 1 + 1);
        assertThat(first.unchanged()).isEqualTo(1);
        assertThat(neo4j.query("""
                MATCH (:Organisation {id: 'acme-health'})-[e:ENTRUSTS]->(:Organisation {id: 'docstore'}) RETURN e {.*} AS e""")
                .fetch().one().orElseThrow().get("e")).isEqualTo(java.util.Map.of(
                // No confidence, sources or disputed, and no id: a fact's defaults and a flow's derived id are not
                // stored (graph.Facts).
                "categories", java.util.List.of("identity-contact", "medical-records"), "people", 12000L,
                "records", 250000L, "purpose", "Scanning, storage and retrieval of patient records",
                "since", java.time.LocalDate.of(2019, 4, 1)));
        assertThat(imports.count("""
                MATCH (:Organisation {id: 'docstore'})-[s:SUBPROCESSES_TO]->(:Organisation {id: 'cloudco'})
                WHERE s.categories IS NULL AND s.purpose = 'Off-site backup hosting' RETURN count(s)""")).isEqualTo(1);
        assertThat(imports.count("MATCH (:Organisation {id: 'docstore'})-[:RUNS]->(:Software {id: 'solarwinds-serv-u'}) RETURN count(*)"))
                .isEqualTo(1);

        String before = imports.fingerprint();
        ImportReport second = imports.importOk("inventory", ImportClient.resource(EXAMPLE));
        assertThat(second.created()).isZero();
        assertThat(second.updated()).isZero();
        assertThat(second.unchanged()).isEqualTo(8);
        assertThat(imports.fingerprint()).isEqualTo(before);
    }

    @Test
    void parallelWritersWriteEachFlowOfPopularAndRareVendorsOnce(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("inventory.csv");
        InventoryGenerator.write(file, 3_000, 400);
        Map<String, Long> flowsPerVendor;
        try (Stream<String> lines = Files.lines(file)) {
            flowsPerVendor = lines.filter(line -> line.startsWith("flow,"))
                    .collect(Collectors.groupingBy(line -> line.split(",")[7], Collectors.counting()));
        }
        // Both kinds of vendor: written in the first round by any writer, or in their writer's round.
        assertThat(flowsPerVendor.values()).anyMatch(n -> n >= InventoryWriter.POPULAR_PROCESSOR_FLOWS)
                .anyMatch(n -> n < InventoryWriter.POPULAR_PROCESSOR_FLOWS);

        ImportReport first = imports.importOk("inventory", Files.readAllBytes(file));
        assertThat(first.rejected()).isEmpty();
        assertThat(imports.count("MATCH ()-[e:ENTRUSTS]->() RETURN count(e)")).isEqualTo(3_000);
        assertThat(imports.count("MATCH (c)-[e:ENTRUSTS]->(p) WITH c, p, count(e) AS n WHERE n > 1 RETURN count(*)")).isZero();
        assertThat(imports.count("MATCH (c)-[e:ENTRUSTS]->(p) WHERE e.id <> 'flow:' + c.id + ':' + p.id RETURN count(e)")).isZero();

        ImportReport second = imports.importOk("inventory", Files.readAllBytes(file));
        assertThat(second.created()).isZero();
        assertThat(second.updated()).isZero();
        assertThat(second.unchanged()).isEqualTo(first.created());
    }

    @Test
    void anUpdatedFlowIsUpdatedInPlace() {
        imports.importOk("inventory", ImportClient.resource(EXAMPLE));
        String changed = new String(ImportClient.resource(EXAMPLE), StandardCharsets.UTF_8).replace(",12000,", ",15000,");
        ImportReport report = imports.importOk("inventory", changed.getBytes(StandardCharsets.UTF_8));
        assertThat(report.updated()).isEqualTo(1);
        assertThat(imports.count("MATCH ()-[e:ENTRUSTS]->() RETURN count(e)")).isEqualTo(2);
        assertThat(imports.count("MATCH ()-[e:ENTRUSTS {people: 15000}]->() RETURN count(e)")).isEqualTo(1);
    }

    @Test
    void reportsEachBadLineAndWritesNothing() {
        String before = imports.fingerprint();
        String damaged = String.join("\n",
                String.join(",", InventoryImporter.HEADER),
                "organisation,acme-health,Acme Health Ltd,PRIVATE_CLINIC,,,,,,,,,",
                "organisation,docstore,DocStore Ltd,SPACESHIP,,,,,,,,,",
                "flow,,,,,,acme-health,docstore,identity-contact;telepathy,10,,,",
                "flow,,,,,,acme-health,nowhere-ltd,health,10,,,",
                "flow,,,,,,acme-health,docstore,health,10,,,2019-02-30",
                "flow,,,,,,acme-health,docstore,health,10",
                "flow,,,,,,acme-health,docstore,health,-3,,,",
                "teleport,,,,,,acme-health,docstore,health,,,,") + "\n";
        byte[] bytes = (damaged + "organisation,caf\u00e9,Caf\u00e9,OTHER,,,,,,,,,\n").getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 25] = (byte) 0xFF;
        ImportReport report = imports.importRejected("inventory", bytes);
        assertThat(report.rejected()).extracting(ImportReport.Rejection::line).containsExactly(3L, 4L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(report.rejected()).extracting(ImportReport.Rejection::reason).satisfiesExactly(
                r -> assertThat(r).contains("unknown organisation kind 'SPACESHIP'"),
                r -> assertThat(r).contains("unknown category 'telepathy'"),
                // categories are resolved at the end (a file may define them later), so the row's references count
                r -> assertThat(r).contains("dangling reference").contains("docstore"),
                r -> assertThat(r).contains("dangling reference").contains("nowhere-ltd"),
                r -> assertThat(r).contains("'2019-02-30' is not a date"),
                r -> assertThat(r).contains("expected 13 to 16 columns, found 10"),
                r -> assertThat(r).contains("people: '-3'"),
                r -> assertThat(r).contains("unknown record type 'teleport'"),
                r -> assertThat(r).contains("bad encoding"));
        assertThat(imports.fingerprint()).isEqualTo(before);
    }
}
