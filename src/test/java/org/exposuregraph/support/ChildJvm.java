package org.exposuregraph.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.exposuregraph.ExposureGraphApplication;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.Transaction;

/**
 * The application in a child JVM, so that a test can kill it with SIGKILL ({@link Process#destroyForcibly()}
 * on Linux), then open the store it left behind directly, as the next start would (recovery included).
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** Starts {@code java … ExposureGraphApplication <arguments>} with the test class path; stderr merged into stdout. */
    public static Process start(List<String> arguments) throws IOException {
        return builder(arguments).redirectErrorStream(true).start();
    }

    /** The same, with the child's log on stderr thrown away when {@code discardLog}. */
    public static Process start(List<String> arguments, boolean discardLog) throws IOException {
        ProcessBuilder builder = builder(arguments);
        if (discardLog) {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        return builder.start();
    }

    private static ProcessBuilder builder(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                // what the jar's manifest opens for Neo4j
                "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.base/java.io=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ExposureGraphApplication.class.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).directory(new File("."));
    }

    /** Opens the store in {@code store} (recovering it after a kill), reads it in one transaction, and closes it. */
    public static <T> T readStore(Path store, Function<Transaction, T> read) {
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(store)
                .setConfig(BoltConnector.enabled, false)
                .setConfig(BoltConnectorInternalSettings.enable_local_connector, false)
                .build();
        try (Transaction tx = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).beginTx()) {
            return read.apply(tx);
        } finally {
            service.shutdown();
        }
    }

    /** The single value {@code n} of a counting query. */
    public static long count(Transaction tx, String query) {
        return count(tx, query, Map.of());
    }

    public static long count(Transaction tx, String query, Map<String, Object> parameters) {
        try (var result = tx.execute(query, parameters)) {
            return (Long) result.next().get("n");
        }
    }

    /** The HTTP port the child announces once ready (it reads the child's output from then on); fails if it dies first. */
    public static int awaitPort(Process child, Duration limit) throws Exception {
        Pattern ready = Pattern.compile("ExposureGraph is ready: GraphiQL at http://localhost:(\\d+)/");
        CompletableFuture<Integer> port = new CompletableFuture<>();
        List<String> log = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher matcher = ready.matcher(line);
                    if (matcher.find()) {
                        port.complete(Integer.parseInt(matcher.group(1)));
                    } else if (!port.isDone()) {
                        synchronized (log) {
                            log.add(line);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the child died
            }
            port.completeExceptionally(new IllegalStateException("The application stopped before it was ready: " + log));
        }, "child-log");
        reader.setDaemon(true);
        reader.start();
        return port.get(limit.toSeconds(), TimeUnit.SECONDS);
    }
}
