package org.exposuregraph.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.exposuregraph.graph.ImportReport;
import org.exposuregraph.support.EmptyGraphTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The taxonomy without the seed (this context runs with {@code exposuregraph.seed.enabled=false}): the standard
 * categories load at start, idempotently, and an inventory can define its own categories.
 */
@EmptyGraphTest
class TaxonomyStandsAloneTest extends ImportTestSupport {

    private static final String HEADER = String.join(",", InventoryImporter.HEADER);

    @Autowired
    StandardTaxonomy standardTaxonomy;

    @Test
    void theStandardCategoriesLoadWithoutTheSeedAndASecondStartWritesNothing() throws Exception {
        long standard = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(ImportClient.resource("seed-data/taxonomy.json")).path("dataCategories").size();
        assertThat(imports.count("MATCH (c:DataCategory) RETURN count(c)")).isZero(); // the test's empty graph
        standardTaxonomy.afterPropertiesSet(); // what every start does
        assertThat(imports.count("MATCH (c:DataCategory) RETURN count(c)")).isEqualTo(standard).isGreaterThan(20);
        assertThat(imports.count("MATCH (:DataCategory {id: 'abortion-records'})-[:SUBCATEGORY_OF*]->(:DataCategory {id: 'health'}) RETURN count(*)"))
                .isPositive();
        imports.importOk("native", """
                {"dataCategories": [{"id": "health", "name": "Health (edited)", "sensitivity": 5, "specialCategory": true}]}"""
                .getBytes(StandardCharsets.UTF_8));
        String before = imports.fingerprint();
        standardTaxonomy.afterPropertiesSet();
        assertThat(imports.fingerprint()).as("a second start writes nothing, edits stay").isEqualTo(before);

        ImportReport report = imports.importOk("inventory", (HEADER + "\n"
                + "organisation,clinic,Clinic,PRIVATE_CLINIC,,,,,,,,,\n"
                + "organisation,vendor,Vendor Ltd,VENDOR,,,,,,,,,\n"
                + "flow,,,,,,clinic,vendor,mental-health;identity-contact,10,,,\n").getBytes(StandardCharsets.UTF_8));
        assertThat(report.rejected()).isEmpty();
    }

    @Test
    void anInventoryDefinesItsOwnCategoriesInAnEmptyTaxonomy() {
        assertThat(imports.count("MATCH (c:DataCategory) RETURN count(c)")).isZero();
        ImportReport report = imports.importOk("inventory", (HEADER + "\n"
                + "flow,,,,,,clinic,vendor,claims-history;patient-notes,10,,,\n"
                + "category,patient-notes,Patient notes,4,,,,,special-category,,,Clinicians' notes about patients,\n"
                + "category,insurance,Insurance data,2,,,,,,,,,\n"
                + "category,claims-history,Claims history,3,,,,insurance,,,,,\n"
                + "organisation,clinic,Clinic,PRIVATE_CLINIC,,,,,,,,,\n"
                + "organisation,vendor,Vendor Ltd,VENDOR,,,,,,,,,\n").getBytes(StandardCharsets.UTF_8));
        assertThat(report.rejected()).isEmpty();
        assertThat(imports.count("""
                MATCH (c:DataCategory {id: 'patient-notes', name: 'Patient notes', sensitivity: 4, specialCategory: true,
                                       description: "Clinicians' notes about patients"})
                RETURN count(c)""")).isEqualTo(1);
        assertThat(imports.count("MATCH (:DataCategory {id: 'claims-history'})-[:SUBCATEGORY_OF]->(:DataCategory {id: 'insurance'}) RETURN count(*)"))
                .isEqualTo(1);
        assertThat(imports.count("MATCH (:Organisation {id: 'clinic'})-[r:ENTRUSTS]->(:Organisation {id: 'vendor'}) RETURN size(r.categories)"))
                .isEqualTo(2);

        String before = imports.fingerprint();
        ImportReport rejected = imports.importRejected("inventory", (HEADER + "\n"
                + "category,telepathy,Telepathy,9,,,,,,,,,\n"
                + "category,dreams,Dreams,2,,,,nowhere,,,,,\n"
                + "flow,,,,,,clinic,vendor,patient-notes;unknown-kind,10,,,\n").getBytes(StandardCharsets.UTF_8));
        assertThat(rejected.rejected()).extracting(ImportReport.Rejection::reason).containsExactly(
                "kind: a category's kind is its sensitivity, 1 to 5; found '9'",
                "to: unknown parent category 'nowhere'",
                "categories: unknown category 'unknown-kind'");
        assertThat(imports.fingerprint()).isEqualTo(before);
    }
}
