package org.exposuregraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.exposuregraph.support.SeededGraphTest;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The client examples in examples/ run as a pipeline would run them, against the running seeded application:
 * their exit status and the files they write are checked, so a schema change that breaks them fails CI.
 */
@SeededGraphTest
class ExamplesTest {

    private static final List<String> SEVEN_CLIENTS = List.of("lister-fertility-clinic", "nuffield-health-leicester",
            "marie-stopes-uk", "bpas", "ministry-of-defence");

    @LocalServerPort
    int port;

    @TempDir
    Path out;

    @Test
    void pythonReportPagesThroughRiskAssessmentsAndExposedClientsIntoCsv() throws Exception {
        // Pages of 2: the seven clients take four pages, so the cursors are followed.
        Run run = run(Map.of("EXPOSUREGRAPH_API_KEY", TestKeys.READER), "python3", "examples/vendor_risk_report.py",
                "--url", "http://localhost:" + port, "--vendor", "stor-a-file", "--out", out.toString(), "--page-size", "2");
        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).contains("7 clients exposed through stor-a-file");

        List<List<String>> clients = csv(out.resolve("exposed-clients-stor-a-file.csv"));
        assertThat(clients.get(0)).startsWith("client_id", "client_name", "client_kind", "hops");
        assertThat(clients).hasSize(1 + 7);
        assertThat(clients.subList(1, 8)).extracting(row -> row.get(0)).doesNotHaveDuplicates().containsAll(SEVEN_CLIENTS);
        assertThat(clients.subList(1, 8)).allSatisfy(row -> assertThat(row.get(3)).isEqualTo("1"));
        assertThat(clients).anySatisfy(row -> assertThat(row).startsWith("lister-fertility-clinic", "The Lister Fertility Clinic"));

        List<List<String>> risk = csv(out.resolve("vendor-risk.csv"));
        assertThat(risk.get(0)).containsExactly("vendor_id", "vendor_name", "vendor_kind", "score", "top_factor", "as_of");
        // The seed has one organisation that receives data: Stor-a-File, scored with its largest factor named.
        assertThat(risk).hasSize(2);
        assertThat(risk.get(1)).startsWith("stor-a-file", "Stor-a-File Ltd", "VENDOR");
        assertThat(Double.parseDouble(risk.get(1).get(3))).isBetween(1.0, 100.0);
        assertThat(risk.get(1).get(4)).isNotBlank();
    }

    @Test
    void pythonReportSaysWhyWhenTheKeyIsRefused() throws Exception {
        Run run = run(Map.of("EXPOSUREGRAPH_API_KEY", "not-a-real-key-at-all-000"), "python3", "examples/vendor_risk_report.py",
                "--url", "http://localhost:" + port, "--vendor", "stor-a-file", "--out", out.toString());
        assertThat(run.exit).isEqualTo(1);
        assertThat(run.output).contains("HTTP 401").doesNotContain("Traceback");
    }

    @Test
    void shellExampleSummarisesTheExposureAndDownloadsTheCsv() throws Exception {
        Path csv = out.resolve("exposure.csv");
        Run run = run(Map.of("EXPOSUREGRAPH_API_KEY", TestKeys.ANALYST, "EXPOSUREGRAPH_URL", "http://localhost:" + port),
                "bash", "examples/vendor-exposure.sh", "stor-a-file", csv.toString());
        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).contains("7 clients exposed, 1700 people known, special-category data: yes");
        List<List<String>> rows = csv(csv);
        assertThat(rows.get(0)).startsWith("breached_vendor_ids", "client_id", "client_name");
        assertThat(rows.subList(1, rows.size())).extracting(row -> row.get(1)).containsAll(SEVEN_CLIENTS);
    }

    private record Run(int exit, String output) {
    }

    private static Run run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
        return new Run(process.exitValue(), output);
    }

    /** A small CSV reader for the examples' output: quoted fields may hold commas and doubled quotes. */
    private static List<List<String>> csv(Path file) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            fields.add(field.toString());
            rows.add(fields);
        }
        return rows;
    }
}
