package org.exposuregraph.ingest;

import org.exposuregraph.graph.ImportReport;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.exposuregraph.support.EmptyGraphTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EmptyGraphTest
class StixImportTest extends ImportTestSupport {

    static final String CORE = "data/attack/clop_ta505_fin11_bundle_stix21.json";
    static final String EXTENDED = "data/attack/clop_ta505_attack_extended_stix21.json";


    @BeforeEach
    void seededGraph() {
        imports.seed();
    }

    @Test
    void mergesTheAttackBundleOntoTheSeedActorsAndKeepsFin11Distinct() {
        ImportReport first = imports.importOk("stix", ImportClient.resource(CORE));
        assertThat(first.rejected()).isEmpty();
        assertThat(first.skipped()).extracting(ImportReport.Rejection::object).contains(
                "marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168", "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5");

        assertThat(imports.count("MATCH (a:ThreatActor) WHERE a.name = 'Clop' RETURN count(a)")).isEqualTo(1);
        assertThat(imports.count("MATCH (a:ThreatActor) WHERE 'G0092' IN a.externalIds RETURN count(a)")).isEqualTo(1);
        assertThat(imports.count("""
                MATCH (a:ThreatActor {id: 'ta505'})
                WHERE all(x IN ['Hive0065', 'Spandex Tempest', 'CHIMBORAZO'] WHERE x IN a.aliases) RETURN count(a)""")).isEqualTo(1);
        assertThat(imports.count("""
                MATCH (f:ThreatActor {id: 'fin11'}) WHERE 'TEMP.Warlock' IN f.aliases AND NOT 'G0092' IN f.externalIds
                RETURN count(f)""")).isEqualTo(1);
        // Lace Tempest and Spandex Tempest are new intrusion sets, linked, not merged.
        assertThat(imports.count("MATCH (a:ThreatActor) RETURN count(a)")).isEqualTo(5);
        assertThat(imports.count("MATCH (:ThreatActor {id: 'lace-tempest'})-[:USES]->(:ThreatActor {id: 'clop'}) RETURN count(*)")).isEqualTo(1);
        assertThat(imports.count("MATCH (:ThreatActor {id: 'lace-tempest'})-[:RELATED_TO]->(:ThreatActor {id: 'fin11'}) RETURN count(*)")).isEqualTo(1);
        assertThat(imports.count("MATCH (:ThreatActor {id: 'spandex-tempest'})-[:RELATED_TO]->(:ThreatActor {id: 'ta505'}) RETURN count(*)")).isEqualTo(1);
        // TA505 uses Clop was already there: one link, keeping its id and sources.
        assertThat(imports.count("""
                MATCH (:ThreatActor {id: 'ta505'})-[r:USES]->(:ThreatActor {id: 'clop'})
                WHERE r.id = 'ta505-uses-clop' AND r.sourceIds = ['mitre-attack-v18-1'] RETURN count(r)""")).isEqualTo(1);

        String before = imports.fingerprint();
        ImportReport second = imports.importOk("stix", ImportClient.resource(CORE));
        assertThat(second.created()).isZero();
        assertThat(second.updated()).isZero();
        assertThat(second.unchanged()).isEqualTo(first.created() + first.updated() + first.unchanged());
        assertThat(imports.fingerprint()).isEqualTo(before);
    }

    @Test
    void importsTheExtendedAttackBundleSkippingTechniques() {
        ImportReport report = imports.importOk("stix", ImportClient.resource(EXTENDED));
        assertThat(report.rejected()).isEmpty();
        // 42 attack-patterns, the marking and the identity, and the 51 "uses" of techniques are skipped.
        assertThat(report.skipped()).hasSize(42 + 1 + 1 + 51);
        assertThat(imports.count("MATCH (a:ThreatActor {type: 'TOOL'}) RETURN count(a)")).isEqualTo(5);
        assertThat(imports.count("MATCH (:ThreatActor {id: 'ta505'})-[:USES]->(a) RETURN count(a)")).isEqualTo(16);
        assertThat(imports.importOk("stix", ImportClient.resource(EXTENDED)).created()).isZero();
    }

    @Test
    void aDanglingReferenceRejectsTheBundleAndWritesNothing() {
        String before = imports.fingerprint();
        String damaged = new String(ImportClient.resource(CORE), StandardCharsets.UTF_8)
                .replace("\"target_ref\": \"intrusion-set--c01aadc6-1087-4e8e-8d5c-a27eba409fe3\"",
                        "\"target_ref\": \"intrusion-set--00000000-0000-4000-8000-000000000000\"");
        assertThat(damaged).contains("00000000-0000-4000-8000-000000000000");
        ImportReport report = imports.importRejected("stix", damaged.getBytes(StandardCharsets.UTF_8));
        assertThat(report.rejected()).singleElement().satisfies(r -> {
            assertThat(r.object()).isEqualTo("relationship--018e0f90-05f0-5db3-b1d5-06c2eaedc216");
            assertThat(r.reason()).contains("dangling reference");
        });
        assertThat(imports.fingerprint()).isEqualTo(before);
    }

    @Test
    void aBrokenObjectAndAnInvalidConfidenceAreReportedByObject() {
        String before = imports.fingerprint();
        String damaged = new String(ImportClient.resource(CORE), StandardCharsets.UTF_8)
                .replace("\"id\": \"intrusion-set--c85120d0-c397-5d30-9d57-3b019090acd5\"", "\"id\": \"spandex\"")
                .replace("\"relationship_type\": \"uses\"", "\"relationship_type\": \"uses\", \"confidence\": 150");
        ImportReport report = imports.importRejected("stix", damaged.getBytes(StandardCharsets.UTF_8));
        assertThat(report.rejected()).extracting(ImportReport.Rejection::reason)
                .anyMatch(r -> r.contains("<type>--<uuid>"));
        assertThat(imports.fingerprint()).isEqualTo(before);
        assertThat(imports.count("MATCH (a:ThreatActor) RETURN count(a)", Map.of())).isEqualTo(3);
    }
}
