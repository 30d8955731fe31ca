package org.exposuregraph;

import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module picture in docs/architecture.md, drawn from the compiled code (the rules are ArchitectureTest's). */
class ModulePictureTest {

    static final String PICTURE_START = "```mermaid";
    static final String PICTURE_END = "```";

    /**
     * docs/architecture.md's module picture is drawn from the code: the modules and the arrows between them after
     * transitive reduction (an arrow a → c is left out when a → b → c says it). A change that adds or removes a
     * dependency fails here with the picture to paste.
     */
    @Test
    void theModulePictureInTheDocsIsTheCodes() throws java.io.IOException {
        com.tngtech.archunit.core.domain.JavaClasses classes = new com.tngtech.archunit.core.importer.ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.exposuregraph");
        java.util.Map<String, java.util.Set<String>> edges = new java.util.TreeMap<>();
        for (com.tngtech.archunit.core.domain.JavaClass type : classes) {
            String from = module(type.getPackageName());
            if (from == null) {
                continue;
            }
            edges.computeIfAbsent(from, k -> new java.util.TreeSet<>());
            for (com.tngtech.archunit.core.domain.Dependency dependency : type.getDirectDependenciesFromSelf()) {
                String to = module(dependency.getTargetClass().getPackageName());
                if (to != null && !to.equals(from)) {
                    edges.get(from).add(to);
                }
            }
        }
        StringBuilder picture = new StringBuilder(PICTURE_START + "\nflowchart TD\n");
        edges.forEach((from, targets) -> targets.stream()
                .filter(to -> targets.stream().noneMatch(via -> !via.equals(to) && reaches(edges, via, to)))
                .forEach(to -> picture.append("  ").append(from).append(" --> ").append(to).append('\n')));
        picture.append(PICTURE_END);
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("docs/architecture.md"));
        int start = docs.indexOf(PICTURE_START);
        String drawn = start < 0 ? "" : docs.substring(start, docs.indexOf(PICTURE_END, start + PICTURE_START.length()) + 3);
        org.assertj.core.api.Assertions.assertThat(drawn)
                .as("docs/architecture.md's module picture; replace it with the one the code draws").isEqualTo(picture.toString());
    }

    /** The module of a package under org.exposuregraph; null for the root and for other code. */
    private static String module(String packageName) {
        String prefix = "org.exposuregraph.";
        if (!packageName.startsWith(prefix)) {
            return null;
        }
        String rest = packageName.substring(prefix.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static boolean reaches(java.util.Map<String, java.util.Set<String>> edges, String from, String to) {
        java.util.Deque<String> pending = new java.util.ArrayDeque<>(java.util.List.of(from));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!pending.isEmpty()) {
            String next = pending.pop();
            if (next.equals(to)) {
                return true;
            }
            if (seen.add(next)) {
                pending.addAll(edges.getOrDefault(next, java.util.Set.of()));
            }
        }
        return false;
    }
}
