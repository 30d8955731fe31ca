package org.exposuregraph.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The peer: the Neo4j GraphQL library behind Apollo Server ({@code benchmark/peer}, Node.js), started against the
 * benchmark's store over Bolt. Installs its npm packages (from package-lock.json) on first use.
 */
final class PeerServer implements AutoCloseable {

    static final Path DIRECTORY = Path.of("benchmark", "peer");
    private static final String READY = "peer listening on ";

    private final Process process;
    private final URI graphql;

    private PeerServer(Process process, URI graphql) {
        this.process = process;
        this.graphql = graphql;
    }

    static PeerServer start(URI bolt, String user, String password) throws IOException, InterruptedException {
        if (!Files.isDirectory(DIRECTORY.resolve("node_modules"))) {
            // Not inheritIO: this JVM's standard streams are surefire's channel to it, which npm's output corrupted
            // (the run then ended "std/in stream corrupted" after the benchmark's report). Its output goes to a log.
            Path log = DIRECTORY.resolve("npm-ci.log");
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIRECTORY.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            install.getOutputStream().close();
            if (!install.waitFor(10, TimeUnit.MINUTES) || install.exitValue() != 0) {
                install.destroy();
                throw new IllegalStateException("npm ci in " + DIRECTORY + " failed; its output: " + log);
            }
            System.out.println("[peer] npm ci done; its output: " + log);
        }
        ProcessBuilder builder = new ProcessBuilder("node", "server.js").directory(DIRECTORY.toFile()).redirectErrorStream(true);
        builder.environment().putAll(java.util.Map.of("NEO4J_URI", bolt.toString(), "NEO4J_USER", user,
                "NEO4J_PASSWORD", password, "PORT", "0"));
        Process process = builder.start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try {
                for (String line; (line = output.readLine()) != null; ) {
                    System.out.println("[peer] " + line);
                    if (line.startsWith(READY)) {
                        ready.complete(URI.create(line.substring(READY.length()).strip()));
                    }
                }
            } catch (IOException e) {
                // the process ended: nothing more to echo
            }
            ready.completeExceptionally(new IllegalStateException("the peer ended before it listened"));
        }, "bench-peer-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new PeerServer(process, ready.get(2, TimeUnit.MINUTES));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the peer did not start: " + e.getMessage(), e);
        }
    }

    /** The GraphQL endpoint (Apollo's standalone server answers at its root). */
    URI graphql() {
        return graphql;
    }

    /** The peer's Node.js version and library versions, for the report. */
    static String versions() {
        try {
            Process node = new ProcessBuilder(List.of("node", "--version")).redirectErrorStream(true).start();
            String version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            String lock = Files.readString(DIRECTORY.resolve("package-lock.json"));
            return "Node " + version + ", " + lockedVersion(lock, "@neo4j/graphql") + ", " + lockedVersion(lock, "@apollo/server")
                    + ", " + lockedVersion(lock, "neo4j-driver");
        } catch (IOException e) {
            return "versions unknown (" + e.getMessage() + ")";
        }
    }

    private static String lockedVersion(String lock, String module) {
        String version = BenchApi.JSON.readTree(lock).path("packages").path("node_modules/" + module).path("version").asString();
        return module + " " + version;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: the server closes its driver and exits
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
