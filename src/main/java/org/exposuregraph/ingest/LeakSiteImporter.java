package org.exposuregraph.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.exposuregraph.graph.DocumentWriter;
import org.exposuregraph.graph.ImportReport;
import org.exposuregraph.graph.ImportReport.Rejection;
import org.exposuregraph.graph.IncidentKind;
import org.exposuregraph.graph.LeakStatus;
import org.exposuregraph.graph.NativeDocument;
import org.exposuregraph.graph.NativeDocument.IncidentRow;
import org.exposuregraph.graph.NativeDocument.LinkRow;
import org.exposuregraph.graph.NativeDocument.SourceRow;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;

/**
 * The {@code leak-site} format: posts of a ransomware gang's leak site as the ransomware.live listing has them
 * (CSV with at least {@code post_title}, {@code group_name}, {@code date_listed}; docs/import-formats.md). Each
 * post becomes a claimed incident — low confidence, leak status THREATENED, citing the listing as its source —
 * attributed to the group's threat actor through its id or aliases ({@code clop}, {@code Cl0p}). The victim is
 * matched to an organisation by domain (score {@value #DOMAIN_SCORE}), else by normalised name or alias (score
 * {@value #NAME_SCORE}); a match at or above {@value #THRESHOLD} becomes the incident's BREACHED link, one below
 * is kept as a candidate with its evidence for an EDITOR to accept or reject ({@link LeakSiteCandidates}) and
 * reported as such, and a post matching nothing is reported as unmatched, not guessed. Everything is written
 * through {@link DocumentWriter}, as every format is.
 */
@Service
class LeakSiteImporter implements Importer {

    static final String FORMAT = "leak-site";
    static final int DOMAIN_SCORE = 95;
    static final int NAME_SCORE = 70;
    static final int THRESHOLD = 90;
    /** Confidence of a post's claim: a criminal's statement, not a verified fact. */
    static final int CLAIM_CONFIDENCE = 20;

    private final DocumentWriter documents;
    private final Neo4jClient neo4jClient;
    private final LeakSiteCandidates candidates;

    LeakSiteImporter(DocumentWriter documents, Neo4jClient neo4jClient, LeakSiteCandidates candidates) {
        this.documents = documents;
        this.neo4jClient = neo4jClient;
        this.candidates = candidates;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    /** One post as read. */
    record Post(long line, String title, String group, LocalDate date) {
    }

    /** A victim matched to an organisation, with why. */
    record Match(String organisationId, int score, String evidence) {
    }

    @Override
    public ImportReport importFile(Path file, Tlp marking) throws IOException {
        List<Rejection> rejected = new ArrayList<>();
        List<Post> posts = new ArrayList<>();
        Map<String, Integer> columns = new HashMap<>();
        try (InputStream input = Files.newInputStream(file)) {
            CsvLines.read(input, line -> {
                if (line.error() != null) {
                    rejected.add(Rejection.atLine(line.number(), line.error()));
                } else if (columns.isEmpty()) {
                    for (int i = 0; i < line.fields().size(); i++) {
                        columns.put(line.fields().get(i).strip().toLowerCase(Locale.ROOT), i);
                    }
                    for (String required : List.of("post_title", "group_name", "date_listed")) {
                        if (!columns.containsKey(required)) {
                            rejected.add(Rejection.atLine(line.number(), "the header has no column " + required));
                        }
                    }
                } else if (rejected.isEmpty()) {
                    post(line, columns, rejected, posts);
                }
            });
        }
        if (columns.isEmpty()) {
            rejected.add(Rejection.atLine(1, "the file is empty"));
        }
        if (!rejected.isEmpty()) {
            return ImportReport.rejected(FORMAT, rejected, List.of());
        }
        Visibility writer = Visibility.writer();
        Map<String, String> actors = actorsByAlias(writer);
        List<Rejection> reported = new ArrayList<>();
        List<IncidentRow> incidents = new ArrayList<>();
        Map<String, SourceRow> sources = new LinkedHashMap<>();
        List<LeakSiteCandidates.Proposed> proposed = new ArrayList<>();
        for (Post post : posts) {
            String group = post.group().toLowerCase(Locale.ROOT);
            String sourceId = "leak-site-" + slug(group);
            sources.putIfAbsent(sourceId, new SourceRow(sourceId, "ransomware.live",
                    "Leak-site posts of " + post.group() + " (ransomware.live listing)", "https://www.ransomware.live/group/" + slug(group),
                    null, null));
            Match match = match(post.title(), writer);
            String incidentId = "leak-site-" + slug(group) + "-" + slug(post.title());
            List<LinkRow> breached = List.of();
            if (match == null) {
                reported.add(Rejection.atLine(post.line(), "unmatched: no organisation has the domain, name or alias "
                        + post.title() + "; the claim is recorded without a victim"));
            } else if (match.score() >= THRESHOLD) {
                breached = List.of(new LinkRow(null, match.organisationId(), CLAIM_CONFIDENCE, List.of(sourceId), null));
            } else {
                reported.add(Rejection.atLine(post.line(), "candidate: " + match.organisationId() + " (score "
                        + match.score() + ", " + match.evidence() + ") is below " + THRESHOLD
                        + "; not linked, kept for review as leak-site candidate " + LeakSiteCandidates.id(incidentId, match.organisationId())));
                proposed.add(new LeakSiteCandidates.Proposed(incidentId, match, sourceId));
            }
            String actor = actors.get(group);
            List<LinkRow> attributed = actor == null ? List.of()
                    : List.of(new LinkRow(null, actor, CLAIM_CONFIDENCE, List.of(sourceId), null));
            incidents.add(new IncidentRow(incidentId,
                    post.title() + " on the " + post.group() + " leak site", IncidentKind.DATA_THEFT_EXTORTION,
                    post.date(), LeakStatus.THREATENED, null,
                    "Claimed on the " + post.group() + " leak site on " + post.date() + "; a criminal's claim, not verified.",
                    CLAIM_CONFIDENCE, List.of(sourceId), breached, List.of(), List.of(), attributed, List.of(), null));
        }
        NativeDocument document = new NativeDocument(NativeDocument.FORMAT, 1, List.copyOf(sources.values()), null, null,
                null, null, null, null, null, null, null, null, incidents, null);
        ImportReport report = documents.importDocument(document, FORMAT, List.of(), reported, marking);
        if (report.rejected().isEmpty()) {
            candidates.keep(proposed, marking);
        }
        return report;
    }

    private static void post(CsvLines.Line line, Map<String, Integer> columns, List<Rejection> rejected, List<Post> posts) {
        String title = field(line, columns, "post_title");
        String group = field(line, columns, "group_name");
        String date = field(line, columns, "date_listed");
        if (title.isEmpty() || group.isEmpty()) {
            rejected.add(Rejection.atLine(line.number(), "post_title and group_name are required"));
            return;
        }
        try {
            posts.add(new Post(line.number(), title, group, date.isEmpty() ? null : LocalDate.parse(date)));
        } catch (DateTimeParseException e) {
            rejected.add(Rejection.atLine(line.number(), "date_listed is not a date (yyyy-mm-dd): " + date));
        }
    }

    private static String field(CsvLines.Line line, Map<String, Integer> columns, String name) {
        int at = columns.get(name);
        return at < line.fields().size() ? line.fields().get(at).strip() : "";
    }

    /** Threat actors by lower-cased id and alias, among those the writer may see. */
    private Map<String, String> actorsByAlias(Visibility writer) {
        Map<String, String> byAlias = new HashMap<>();
        neo4jClient.query("""
                        MATCH (a:ThreatActor) WHERE %s RETURN a.id AS id, [a.id, a.name] + coalesce(a.aliases, []) AS names"""
                        .formatted(Visibility.visible("a")))
                .bind(writer.levels()).to(Visibility.PARAMETER).fetch().all().forEach(row -> {
                    for (Object name : (List<?>) row.get("names")) {
                        if (name != null) {
                            byAlias.putIfAbsent(name.toString().toLowerCase(Locale.ROOT), (String) row.get("id"));
                        }
                    }
                });
        return byAlias;
    }

    /** The best match for a posted victim: by domain, else by normalised name or alias; null when none. */
    Match match(String title, Visibility writer) {
        String domain = title.toLowerCase(Locale.ROOT).replaceFirst("^https?://", "").replaceFirst("^www\\.", "")
                .replaceFirst("/.*$", "");
        if (domain.contains(".")) {
            var byDomain = neo4jClient.query("""
                            MATCH (o:Organisation) WHERE o.domain IN [$domain, 'www.' + $domain] AND %s RETURN o.id"""
                            .formatted(Visibility.visible("o")))
                    .bind(domain).to("domain").bind(writer.levels()).to(Visibility.PARAMETER).fetchAs(String.class).first();
            if (byDomain.isPresent()) {
                return new Match(byDomain.get(), DOMAIN_SCORE, "domain " + domain + " is the organisation's domain");
            }
        }
        // The name without its top-level domain, letters and digits only: "STORAFILE.CO.UK" -> "storafile".
        String stem = normalise(domain.contains(".") ? domain.substring(0, domain.indexOf('.')) : title);
        if (stem.length() < 4) {
            return null; // too short to tell one organisation from another
        }
        return neo4jClient.query("""
                        MATCH (o:Organisation) WHERE %s
                        UNWIND [o.name] + coalesce(o.aliases, []) AS name
                        WITH o, name WHERE toLower(name) = $plain
                           OR reduce(s = toLower(name), c IN [' ', '-', '.', ',', '\\'', '&', '_', '(', ')'] | replace(s, c, '')) = $stem
                        RETURN o.id AS id, name ORDER BY o.id LIMIT 1""".formatted(Visibility.visible("o")))
                .bind(title.toLowerCase(Locale.ROOT)).to("plain").bind(stem).to("stem")
                .bind(writer.levels()).to(Visibility.PARAMETER)
                .fetchAs(Match.class).mappedBy((types, row) -> new Match(row.get("id").asString(), NAME_SCORE,
                        "name or alias '" + row.get("name").asString() + "' matches '" + title + "'"))
                .first().orElse(null);
    }

    static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.isEmpty() ? "unnamed" : slug.length() > 150 ? slug.substring(0, 150) : slug;
    }
}
