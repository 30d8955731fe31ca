package org.exposuregraph.ingest;

import org.exposuregraph.graph.ImportReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.security.AuditLog;
import org.exposuregraph.security.Tlp;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar exposure-graph.jar import --format <format> [--tlp <marking>] [--mode add|sync] [--source <name>] <file> [--spring.property=value …]}: the
 * same import as {@code POST /api/imports/{format}}, against the configured or embedded database, without
 * the web server. Prints the JSON report on standard output (logs go to standard error). Exit code 0 when
 * everything was accepted, 1 when rows were rejected (nothing written), 2 on a usage error.
 */
public final class ImportCommand {

    public static final String NAME = "import";
    private static final long PROGRESS_INTERVAL_MS = 2_000;

    private ImportCommand() {
    }

    public static int run(Class<?> application, String[] args) {
        PrintStream report = System.out;
        System.setOut(System.err);
        String format = null;
        String tlp = null;
        String mode = null;
        String source = null;
        Path file = null;
        List<String> springArgs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--format") && i + 1 < args.length) {
                format = args[++i];
            } else if (args[i].startsWith("--format=")) {
                format = args[i].substring("--format=".length());
            } else if (args[i].equals("--mode") && i + 1 < args.length) {
                mode = args[++i];
            } else if (args[i].equals("--source") && i + 1 < args.length) {
                source = args[++i];
            } else if (args[i].equals("--tlp") && i + 1 < args.length) {
                tlp = args[++i];
            } else if (args[i].startsWith("--tlp=")) {
                tlp = args[i].substring("--tlp=".length());
            } else if (args[i].startsWith("--")) {
                springArgs.add(args[i]);
            } else if (file == null) {
                file = Path.of(args[i]);
            } else {
                return usage("unexpected argument " + args[i]);
            }
        }
        if (format == null || file == null) {
            return usage("a format and a file are required");
        }
        if (!Files.isReadable(file)) {
            return usage("cannot read " + file);
        }
        Tlp marking;
        ImportSource on;
        try {
            marking = ImportController.parseMarking(tlp);
            on = ImportSource.parse(mode, source);
        } catch (BadRequestException e) {
            return usage(e.getMessage());
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                // Nothing reads in this process: no read model to build, nor a change feed to keep one up with every
                // batch written (unless a read model is asked for). No alerts either: the server's engine computes
                // them from its cursor in the change record when it next runs. Defaults: arguments override them.
                .properties("exposuregraph.read-model.build-at-start=false",
                        "exposuregraph.change-feed.enabled=${exposuregraph.read-model.build-at-start}",
                        "exposuregraph.alerts.enabled=false")
                .run(springArgs.toArray(String[]::new))) {
            long started = System.nanoTime();
            ImportProgress progress = new ImportProgress();
            ImportReport result;
            Thread watcher = progressOnStandardError(file, progress);
            try {
                result = context.getBean(ImportService.class).importFile(format, file, marking, on, progress);
            } finally {
                watcher.interrupt();
            }
            System.err.printf("Import of %s took %d ms; %s%n", file, (System.nanoTime() - started) / 1_000_000, progress.summary());
            // Imports from the command line are audited like those over HTTP, under the operating-system user.
            context.getBean(AuditLog.class).recordNow("command-line:" + System.getProperty("user.name"), "IMPORT",
                    "import --format " + format + (marking == null ? "" : " --tlp " + marking) + on.arguments() + " "
                            + file.getFileName(), null,
                    result.accepted() ? "OK" : "REJECTED " + result.rejected().size() + " rows");
            report.println(context.getBean(JsonMapper.class).writerWithDefaultPrettyPrinter().writeValueAsString(result));
            report.flush();
            return result.accepted() ? 0 : 1;
        } catch (BadRequestException e) {
            return usage(e.getMessage());
        }
    }

    /** Prints the import's progress on standard error every {@link #PROGRESS_INTERVAL_MS} until interrupted. */
    private static Thread progressOnStandardError(Path file, ImportProgress progress) {
        Thread watcher = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(PROGRESS_INTERVAL_MS);
                    System.err.println("Import of " + file.getFileName() + ": " + progress.summary());
                }
            } catch (InterruptedException finished) {
                // the import is over
            }
        }, "import-progress");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    private static int usage(String problem) {
        System.err.println("import: " + problem);
        System.err.println("usage: java -jar exposure-graph.jar import --format <format> [--tlp <marking>] [--mode add|sync] [--source <name>] <file> [--spring.property=value ...]");
        System.err.println("formats: native, ods-gp-practices, ods-trusts, stix, inventory");
        return 2;
    }
}
