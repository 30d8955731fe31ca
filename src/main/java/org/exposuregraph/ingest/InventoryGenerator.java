package org.exposuregraph.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * {@code java -jar exposure-graph.jar generate-inventory <file> [flows] [organisations]}: writes a synthetic
 * inventory for the import benchmark, shaped like the national graph of PERFORMANCE-NOTES.md: 8 % vendors
 * with Zipf-like popularity, every other organisation a client with distinct processors, categories from the
 * seed taxonomy, and sub-processing between vendors. Deterministic (fixed random seed).
 */
public final class InventoryGenerator {

    public static final String NAME = "generate-inventory";
    private static final List<String> CATEGORIES = List.of("identity-contact", "financial", "health", "medical-records",
            "medical-history", "test-results", "employment", "children", "mental-health", "genetic", "national-identifiers",
            "payment-card", "consent-forms", "diagnostic-imaging", "legal-case");

    private InventoryGenerator() {
    }

    public static int run(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java -jar exposure-graph.jar generate-inventory <file> [flows=2000000] [organisations=250000]");
            return 2;
        }
        Path file = Path.of(args[1]);
        long flows = args.length > 2 ? Long.parseLong(args[2]) : 2_000_000;
        int organisations = args.length > 3 ? Integer.parseInt(args[3]) : 250_000;
        write(file, flows, organisations);
        System.err.printf("Wrote %s: %d organisations, %d data flows%n", file, organisations, flows);
        return 0;
    }

    static void write(Path file, long flows, int organisations) throws IOException {
        Random random = new Random(42);
        int vendors = Math.max(2, organisations / 12);
        int clients = organisations - vendors;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(",", InventoryImporter.HEADER));
            out.newLine();
            for (int v = 0; v < vendors; v++) {
                out.write("organisation,vendor-" + v + ",Vendor " + v + " Ltd,VENDOR,vendor" + v + ".example,,,,,,,,\n");
            }
            for (int c = 0; c < clients; c++) {
                out.write("organisation,client-" + c + ",Client " + c + ",OTHER,,,,,,,,,\n");
            }
            for (int v = 1; v < vendors; v += 2) {
                int to = random.nextInt(v);
                out.write("subprocessing,,,,,,vendor-" + v + ",vendor-" + to + "," + categories(random) + ",,,hosting,\n");
            }
            Set<Integer> processors = new HashSet<>();
            for (int c = 0; c < clients; c++) {
                // flows spread evenly over clients, each client with distinct processors
                int count = (int) Math.min(vendors, flows / clients + (c < flows % clients ? 1 : 0));
                processors.clear();
                while (processors.size() < count) {
                    // log-uniform over vendor ranks: a few vendors hold most clients
                    processors.add((int) Math.min(vendors - 1, Math.floor(Math.pow(vendors, random.nextDouble())) - 1));
                }
                for (int p : processors) {
                    out.write("flow,,,,,,client-" + c + ",vendor-" + p + "," + categories(random) + ","
                            + (1 + random.nextInt(5000)) + ",,records management,2020-01-01\n");
                }
            }
        }
    }

    private static String categories(Random random) {
        int n = 1 + random.nextInt(3);
        Set<String> picked = new java.util.LinkedHashSet<>();
        while (picked.size() < n) {
            picked.add(CATEGORIES.get(random.nextInt(CATEGORIES.size())));
        }
        return String.join(";", picked);
    }
}
