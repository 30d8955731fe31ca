package org.exposuregraph.ingest;

import org.exposuregraph.graph.ImportReport;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.exposuregraph.support.EmptyGraphTest;
import org.junit.jupiter.api.Test;

@EmptyGraphTest
class OdsImportTest extends ImportTestSupport {

    static final String PRACTICES = "data/ods/gp_practices_south_east_london_icb_QKK_2024.headerless.csv";
    static final String TRUSTS = "data/ods/nhs_trusts_etr.headerless.csv";


    @Test
    void importsTheOfficialGpPracticeFileOnceAndThenFindsItUnchanged() {
        ImportReport first = imports.importOk("ods-gp-practices", ImportClient.resource(PRACTICES));
        assertThat(first.format()).isEqualTo("ods-gp-practices");
        assertThat(first.created()).isEqualTo(198);
        assertThat(first.rejected()).isEmpty();
        assertThat(imports.count("MATCH (o:Organisation {kind: 'GP_PRACTICE', status: 'ACTIVE'}) RETURN count(o)")).isEqualTo(198);
        assertThat(imports.count("""
                MATCH (o:Organisation {id: 'ods-g83001', odsCode: 'G83001', postcode: 'SE3 0EN', commissionerCode: '72Q'})
                WHERE o.name = 'MANOR BROOK PMS' AND o.openDate = date('1974-04-01') RETURN count(o)""")).isEqualTo(1);
        // Every practice in the extract belongs to NHS South East London ICB: the API groups them by it.
        http.post().uri("/graphql").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(java.util.Map.of("query", """
                        { qkk: organisations(icbCode: "QKK", first: 1) { totalCount edges { node { icbCode commissionerCode } } }
                          other: organisations(icbCode: "QWE") { totalCount } }"""))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.data.qkk.totalCount").isEqualTo(198)
                .jsonPath("$.data.qkk.edges[0].node.icbCode").isEqualTo("QKK")
                .jsonPath("$.data.other.totalCount").isEqualTo(0);

        String before = imports.fingerprint();
        ImportReport second = imports.importOk("ods-gp-practices", ImportClient.resource(PRACTICES));
        assertThat(second.created()).isZero();
        assertThat(second.updated()).isZero();
        assertThat(second.unchanged()).isEqualTo(198);
        assertThat(imports.fingerprint()).isEqualTo(before);
    }

    @Test
    void keepsClosedTrustsMarkedClosed() {
        ImportReport report = imports.importOk("ods-trusts", ImportClient.resource(TRUSTS));
        assertThat(report.created()).isEqualTo(274);
        assertThat(imports.count("MATCH (o:Organisation {kind: 'NHS_TRUST', status: 'ACTIVE'}) RETURN count(o)")).isEqualTo(202);
        assertThat(imports.count("""
                MATCH (o:Organisation {kind: 'NHS_TRUST', status: 'CLOSED'}) WHERE o.closeDate IS NOT NULL RETURN count(o)""")).isEqualTo(72);
        assertThat(imports.importOk("ods-trusts", ImportClient.resource(TRUSTS)).unchanged()).isEqualTo(274);
    }

    @Test
    void changedValuesAreUpdatedNotDuplicated() {
        imports.importOk("ods-gp-practices", ImportClient.resource(PRACTICES));
        String renamed = new String(ImportClient.resource(PRACTICES), StandardCharsets.UTF_8)
                .replace("G83001,MANOR BROOK PMS,", "G83001,MANOR BROOK SURGERY,");
        ImportReport report = imports.importOk("ods-gp-practices", renamed.getBytes(StandardCharsets.UTF_8));
        assertThat(report.updated()).isEqualTo(1);
        assertThat(report.unchanged()).isEqualTo(197);
        assertThat(imports.count("MATCH (o:Organisation {odsCode: 'G83001'}) WHERE o.name = 'MANOR BROOK SURGERY' RETURN count(o)")).isEqualTo(1);
        assertThat(imports.count("MATCH (o:Organisation) RETURN count(o)")).isEqualTo(198);
    }

    @Test
    void reportsEveryDamagedLineAndWritesNothing() {
        imports.importOk("ods-trusts", ImportClient.resource(TRUSTS));
        String before = imports.fingerprint();

        List<byte[]> lines = new ArrayList<>();
        for (String line : new String(ImportClient.resource(PRACTICES), StandardCharsets.UTF_8).split("\n")) {
            lines.add(line.getBytes(StandardCharsets.UTF_8));
        }
        lines.set(2, new String(lines.get(2), StandardCharsets.UTF_8).replaceFirst(",19740401,", ",19741301,").getBytes(StandardCharsets.UTF_8));
        lines.set(4, new String(lines.get(4), StandardCharsets.UTF_8).replaceFirst(",Y56,", ",").getBytes(StandardCharsets.UTF_8));
        lines.set(6, new String(lines.get(6), StandardCharsets.UTF_8).replaceFirst(",A,B,", ",X,B,").getBytes(StandardCharsets.UTF_8));
        byte[] badBytes = lines.get(8).clone();
        badBytes[3] = (byte) 0xC3;
        badBytes[4] = (byte) 0x28;
        lines.set(8, badBytes);
        java.io.ByteArrayOutputStream damaged = new java.io.ByteArrayOutputStream();
        lines.forEach(line -> damaged.writeBytes((new String(line, StandardCharsets.ISO_8859_1) + "\n").getBytes(StandardCharsets.ISO_8859_1)));

        ImportReport report = imports.importRejected("ods-gp-practices", damaged.toByteArray());
        assertThat(report.rejected()).extracting(ImportReport.Rejection::line).containsExactly(3L, 5L, 7L, 9L);
        assertThat(report.rejected().get(0).reason()).contains("column 11").contains("19741301");
        assertThat(report.rejected().get(1).reason()).contains("expected 27 columns");
        assertThat(report.rejected().get(2).reason()).contains("unknown status code 'X'");
        assertThat(report.rejected().get(3).reason()).contains("bad encoding");
        assertThat(report.created() + report.updated() + report.unchanged()).isZero();
        assertThat(imports.fingerprint()).isEqualTo(before);
        assertThat(imports.count("MATCH (o:Organisation {kind: 'GP_PRACTICE'}) RETURN count(o)")).isZero();
    }

    @Test
    void unknownFormatIsABadRequest() {
        http.post().uri("/api/imports/xlsx").bodyValue("x").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(e -> assertThat((String) e).contains("Unknown import format 'xlsx'"));
    }
}
