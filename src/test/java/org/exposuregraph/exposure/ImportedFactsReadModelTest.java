package org.exposuregraph.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.exposuregraph.graph.ChangeFeed;
import org.exposuregraph.graph.GraphWriter;
import org.exposuregraph.graph.ImportReport;
import org.exposuregraph.ingest.ImportService;
import org.exposuregraph.ingest.InventoryGenerator;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * The read model following a bulk import in this process: the inventory writer hands each batch's flows over as it
 * committed them, so the index applies them without reading them back, and answers exactly what
 * {@code vendor-exposure.cypher} answers over the store — after a first import (created flows) and after a second
 * that changes head counts and raises markings (updated flows, the stricter marking kept).
 */
@EmptyGraphTest
class ImportedFactsReadModelTest {

    private static final int FLOWS = 12_000;
    private static final int ORGANISATIONS = 1_500;
    @Autowired
    ImportService imports;
    @Autowired
    ExposureIndex index;
    @Autowired
    ExposureService service;
    @Autowired
    GraphFixtures fixtures;
    @Autowired
    GraphWriter graphWriter;
    @Autowired
    ChangeFeed changeFeed;
    @Autowired
    Neo4jClient neo4jClient;
    @Autowired
    MeterRegistry meters;
    @TempDir
    Path folder;

    @Test
    void importedFlowsAreAppliedAsWrittenAndAnswerExactly() throws IOException {
        fixtures.reset();
        Path taxonomy = folder.resolve("taxonomy.json");
        Files.write(taxonomy, new ClassPathResource("seed-data/taxonomy.json").getContentAsByteArray());
        assertThat(imports.importFile("native", taxonomy).accepted()).isTrue();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        index.exposure(List.of("vendor-0"), 1, null, null, today, Visibility.EVERYTHING); // built, following
        Path inventory = folder.resolve("inventory.csv");
        InventoryGenerator.run(new String[]{InventoryGenerator.NAME, inventory.toString(), String.valueOf(FLOWS),
                String.valueOf(ORGANISATIONS)});

        double readBefore = applied("store");
        double handedBefore = applied("writer");
        ImportReport first = imports.importFile("inventory", inventory);
        assertThat(first.accepted()).isTrue();
        followed();
        assertThat(applied("writer") - handedBefore).as("flows applied as the writer handed them over").isEqualTo(FLOWS);
        assertThat(applied("store") - readBefore).as("facts read back: the sub-processing links only")
                .isLessThan(FLOWS / 10.0);
        assertExact("after the first import");

        // Every seventh flow with another head count, every fifth marked RED: updates, the stricter marking kept.
        List<String> lines = Files.readAllLines(inventory, StandardCharsets.UTF_8);
        List<String> changed = new ArrayList<>();
        int flow = 0;
        for (String line : lines) {
            if (line.startsWith("flow,")) {
                String[] cells = line.split(",", -1);
                cells = java.util.Arrays.copyOf(cells, Math.max(cells.length, 14));
                flow++;
                if (flow % 7 == 0) {
                    cells[9] = String.valueOf(flow);
                }
                if (flow % 5 == 0) {
                    cells[13] = "RED";
                }
                line = java.util.Arrays.stream(cells).map(cell -> cell == null ? "" : cell).collect(Collectors.joining(","));
            }
            changed.add(line);
        }
        Files.write(inventory, changed, StandardCharsets.UTF_8);
        ImportReport second = imports.importFile("inventory", inventory);
        assertThat(second.accepted()).isTrue();
        assertThat(second.updated()).as("flows with a new head count or marking").isGreaterThan(FLOWS / 5);
        followed();
        assertExact("after the second import");
        // The first file again lowers nothing: the RED flows stay RED, in the store and in what is handed over.
        Files.write(inventory, lines, StandardCharsets.UTF_8);
        assertThat(imports.importFile("inventory", inventory).accepted()).isTrue();
        followed();
        assertThat(neo4jClient.query("MATCH ()-[f:ENTRUSTS {tlp: 'RED'}]->() RETURN count(f)").fetchAs(Long.class).one())
                .contains((long) FLOWS / 5);
        assertExact("after the first file again");
    }

    private void followed() {
        graphWriter.sequence();
        changeFeed.catchUp();
    }

    private double applied(String from) {
        return meters.get(ExposureIndex.FACTS_APPLIED).tag("from", from).counter().count();
    }

    /** The most popular vendors and a few others, at every clearance, as the Cypher query answers them. */
    private void assertExact(String context) {
        List<String> vendors = neo4jClient.query("""
                        MATCH (v:Organisation {kind: 'VENDOR'})<-[f:ENTRUSTS]-()
                        WITH v, count(f) AS flows ORDER BY flows DESC, v.id
                        RETURN v.id""").fetchAs(String.class).all().stream().toList();
        assertThat(vendors).hasSizeGreaterThan(10);
        List<String> asked = new ArrayList<>(vendors.subList(0, 4));
        asked.add(vendors.get(vendors.size() / 2));
        asked.add(vendors.get(vendors.size() - 1));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (String vendor : asked) {
            for (Tlp clearance : Tlp.values()) {
                ExposureOracle.assertIndexAnswersAsCypher(index, service, List.of(vendor), 3, null, null, today,
                        new Visibility(clearance), context);
            }
        }
    }
}
