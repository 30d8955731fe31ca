package org.exposuregraph.ingest;

import org.exposuregraph.graph.InventoryWriter;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.exposuregraph.support.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The import command in a child JVM, killed with SIGKILL in the middle of a large inventory import: after
 * restart the store holds whole batches only, and importing the same file again completes it.
 */
class KilledImportTest {

    // Twenty batches: the kill lands after the fourth commit with plenty still to write.
    static final int FLOWS = 40_000;
    static final int ORGANISATIONS = 4_000;
    static final int BATCH = 2_000;
    /** Only the generated flows count (the standard taxonomy loads without the seed, which stays off). */
    static final Pattern BATCH_LINE = Pattern.compile("(Writing|Committed) a batch of (\\d+) data flows.* by (\\S+)");
    static final String GENERATED_FLOWS = "MATCH (c:Organisation)-[r:ENTRUSTS]->() WHERE c.id STARTS WITH 'client-' RETURN count(r) AS n";

    final Path dir = Path.of("target", "kill-test-" + UUID.randomUUID()).toAbsolutePath();

    @AfterEach
    void cleanUp() throws IOException {
        FileSystemUtils.deleteRecursively(dir);
    }

    @Test
    void aKilledImportLeavesWholeBatchesAndARerunCompletesIt() throws Exception {
        Files.createDirectories(dir);
        Path inventory = dir.resolve("inventory.csv");
        InventoryGenerator.write(inventory, FLOWS, ORGANISATIONS);
        Path store = dir.resolve("graph");

        Process child = importCommand(inventory, store, false);
        AtomicInteger committed = new AtomicInteger();
        // What the writers said: rows of the batches they committed, and of the one each was writing.
        AtomicLong committedRows = new AtomicLong();
        Map<String, Long> inFlight = new ConcurrentHashMap<>();
        List<String> output = new ArrayList<>();
        Thread watcher = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher batch = BATCH_LINE.matcher(line);
                    if (batch.find()) {
                        long rows = Long.parseLong(batch.group(2));
                        if (batch.group(1).equals("Writing")) {
                            inFlight.put(batch.group(3), rows);
                        } else {
                            inFlight.remove(batch.group(3));
                            committedRows.addAndGet(rows);
                            committed.incrementAndGet();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the child died
            }
        });
        watcher.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (committed.get() < 4 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(child.isAlive()).as("the import was still running after %s batches: %s", committed.get(), output).isTrue();
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no clean close of the store
        child.waitFor(1, TimeUnit.MINUTES);
        watcher.join(10_000);

        long[] afterKill = ChildJvm.readStore(store, tx -> new long[] {
                ChildJvm.count(tx, GENERATED_FLOWS),
                ChildJvm.count(tx, "MATCH ()-[r:ENTRUSTS]->() WHERE r.categories IS NULL OR r.people IS NULL OR r.since IS NULL RETURN count(r) AS n"),
                ChildJvm.count(tx, "MATCH (o:Organisation) WHERE o.id STARTS WITH 'client-' OR o.id STARTS WITH 'vendor-' RETURN count(o) AS n")});
        long flows = afterKill[0];
        assertThat(flows).as("flows committed before the kill").isPositive().isLessThan(FLOWS);
        // Whole batches only: the committed ones, plus any batch that was being written, entirely or not at all.
        Set<Long> wholeBatches = new HashSet<>(Set.of(committedRows.get()));
        for (long rows : inFlight.values()) {
            wholeBatches.addAll(wholeBatches.stream().map(sum -> sum + rows).toList());
        }
        assertThat(flows).as("only whole batches: committed %s rows, writing %s", committedRows, inFlight).isIn(wholeBatches);
        assertThat(afterKill[1]).as("relationships missing properties").isZero();
        assertThat(afterKill[2]).as("organisations are written before any flow").isEqualTo(ORGANISATIONS);

        // The rerun keeps too few flows in memory for this file: its rounds read the file again, as a larger one's would.
        Process rerun = importCommand(inventory, store, true, "--exposuregraph.import.max-kept-rows=1000");
        String report = new String(rerun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(rerun.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(rerun.exitValue()).as(report).isZero();
        assertThat(report).contains("\"format\" : \"inventory\"").contains("\"created\" : " + (FLOWS - flows));
        long[] afterRerun = ChildJvm.readStore(store, tx -> new long[] {ChildJvm.count(tx, GENERATED_FLOWS),
                ChildJvm.count(tx, "MATCH (c:AlertCursor) RETURN count(c) AS n"),
                ChildJvm.count(tx, "MATCH (c)-[r:ENTRUSTS]->(p) WITH c, p, count(r) AS flows WHERE flows > 1 RETURN count(*) AS n")});
        assertThat(afterRerun[0]).isEqualTo((long) FLOWS);
        assertThat(afterRerun[2]).as("client-processor pairs written twice").isZero();
        // The command serves nothing: no alert engine ran (a server's engine takes the entries up from its cursor).
        assertThat(afterRerun[1]).as("alert cursors the command's process created").isZero();
    }

    private Process importCommand(Path inventory, Path store, boolean discardLog, String... settings) throws IOException {
        List<String> command = new ArrayList<>(List.of("import", "--format", "inventory", inventory.toString(),
                "--exposuregraph.data-dir=" + store, "--exposuregraph.embedded.bolt-port=0",
                "--exposuregraph.seed.enabled=false", "--exposuregraph.import.batch-size=" + BATCH,
                "--logging.level.org.exposuregraph.graph.InventoryWriter=DEBUG"));
        command.addAll(List.of(settings));
        return ChildJvm.start(command, discardLog);
    }
}
