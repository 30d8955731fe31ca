package org.exposuregraph.ingest;

import org.exposuregraph.graph.DocumentWriter;
import org.exposuregraph.graph.ImportReport;
import org.exposuregraph.graph.NativeDocument;
import org.exposuregraph.graph.ActorType;
import org.exposuregraph.graph.IncidentKind;
import org.exposuregraph.graph.LeakStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.exposuregraph.incident.Incident;
import org.exposuregraph.graph.ImportReport.Rejection;
import org.exposuregraph.graph.NativeDocument.ActorRelationType;
import org.exposuregraph.graph.OrganisationKind;
import org.exposuregraph.graph.OrganisationStatus;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.exposuregraph.threat.ThreatActor;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * STIX 2.1 bundles (MITRE ATT&CK, OpenCTI, MISP exports). Actors merge onto existing ones by STIX id or
 * ATT&CK id (kept in {@code externalIds}), so a bundle naming Clop S0611 updates the seed's {@code clop}
 * instead of adding a second Clop. Objects the model has no place for (attack-pattern, marking-definition,
 * identities that are only authors…) are reported as skipped, not fatal; references to nothing are rejected.
 * Translated into a native document, so the write is the native importer's, all or nothing.
 */
@Component
class StixImporter implements Importer {

    static final String FORMAT = "stix";
    /** Carries our own id on exported objects, so a round trip lands on the same nodes. */
    static final String OWN_ID = "x_exposuregraph_id";
    static final String OWN_TYPE = "x_exposuregraph_type";
    static final String OWN_KIND = "x_exposuregraph_kind";
    /** A data flow's or sub-processing link's own properties, which STIX has no names for. */
    static final String OWN_END_REASON = "x_exposuregraph_end_reason";
    static final String OWN_CATEGORIES = "x_exposuregraph_categories";
    static final String OWN_PEOPLE = "x_exposuregraph_people";
    static final String OWN_RECORDS = "x_exposuregraph_records";
    static final String OWN_PURPOSE = "x_exposuregraph_purpose";
    /** Relationships between organisations that only our own type names (STIX has no data-flow relationship). */
    private static final Set<String> ORGANISATION_LINKS = Set.of("ENTRUSTS", "SUBPROCESSES_TO");
    private static final Pattern STIX_ID = Pattern.compile("[a-z0-9-]+--[0-9a-fA-F-]{36}");
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
    private static final Map<String, ActorType> ACTOR_TYPES = Map.of(
            "threat-actor", ActorType.THREAT_ACTOR, "intrusion-set", ActorType.INTRUSION_SET,
            "malware", ActorType.MALWARE, "tool", ActorType.TOOL);

    private final DocumentWriter importer;
    private final Neo4jClient neo4jClient;
    private final JsonMapper json;

    StixImporter(DocumentWriter importer, Neo4jClient neo4jClient, JsonMapper json) {
        this.importer = importer;
        this.neo4jClient = neo4jClient;
        this.json = json;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public ImportReport importFile(Path file, Tlp marking) throws IOException {
        JsonNode bundle;
        try (InputStream in = Files.newInputStream(file)) {
            bundle = json.readTree(StrictUtf8.reader(in));
        } catch (StrictUtf8.NotUtf8 e) {
            return ImportReport.rejected(FORMAT, List.of(new Rejection(1L, null, e.getMessage())), List.of());
        } catch (JacksonException e) {
            if (StrictUtf8.causedByBadBytes(e)) {
                return ImportReport.rejected(FORMAT, List.of(new Rejection(null, null, StrictUtf8.BAD_BYTES)), List.of());
            }
            var at = e.getLocation();
            return ImportReport.rejected(FORMAT, List.of(new Rejection(at == null ? null : (long) at.getLineNr(), null,
                    "not valid JSON: " + e.getOriginalMessage())), List.of());
        }
        if (bundle == null || !"bundle".equals(bundle.path("type").asString("")) || !bundle.path("objects").isArray()) {
            return ImportReport.rejected(FORMAT, List.of(Rejection.atObject("bundle",
                    "expected a STIX bundle: {\"type\": \"bundle\", \"objects\": [...]}")), List.of());
        }
        return new Translation(bundle, marking).run();
    }

    /** At most this many skipped or rejected objects are listed one by one; the rest are counted by reason. */
    static final int MAX_LISTED = 100;

    /** At most this many reasons get their own count line after the listed objects; the rest get one line. */
    static final int MAX_REASONS_COUNTED = 20;

    /**
     * The first {@value #MAX_LISTED} objects, then a count line per reason for the rest (at most
     * {@value #MAX_REASONS_COUNTED}, then one line for all other reasons), so a report on a hostile 100,000-object
     * bundle stays small while the counts stay exact: the listed objects plus the counts are the whole number.
     * {@code what} says what the count lines count ({@code skipped}, {@code rejected}).
     */
    static List<Rejection> capped(List<Rejection> objects, String what) {
        if (objects.size() <= MAX_LISTED) {
            return objects;
        }
        List<Rejection> listed = new ArrayList<>(objects.subList(0, MAX_LISTED));
        Map<String, Long> rest = new java.util.TreeMap<>();
        for (Rejection r : objects.subList(MAX_LISTED, objects.size())) {
            rest.merge(r.reason(), 1L, Long::sum);
        }
        long others = 0;
        int reasons = 0;
        for (Map.Entry<String, Long> reason : rest.entrySet()) {
            if (reasons++ < MAX_REASONS_COUNTED) {
                listed.add(new Rejection(null, null, reason.getValue() + " more " + what + ": " + reason.getKey()));
            } else {
                others += reason.getValue();
            }
        }
        if (others > 0) {
            listed.add(new Rejection(null, null, others + " more " + what + " for " + (rest.size() - MAX_REASONS_COUNTED)
                    + " other reasons (" + objects.size() + " " + what + " in all)"));
        }
        return listed;
    }

    /** One bundle's translation into a native document. */
    private final class Translation {
        private final List<Rejection> rejected = new ArrayList<>();
        private final List<Rejection> skipped = new ArrayList<>();
        private final Map<String, JsonNode> objects = new LinkedHashMap<>();
        /** STIX id → our id, per kind of node. */
        private final Map<String, String> actors = new HashMap<>();
        private final Map<String, String> organisations = new HashMap<>();
        private final Map<String, String> incidents = new HashMap<>();
        private final Map<String, String> vulnerabilities = new HashMap<>();
        private final JsonNode bundle;
        private final Tlp marking;
        /** What the translation may look at: ids and merges never depend on what the writer cannot see. */
        private final Visibility writer = Visibility.writer();

        Translation(JsonNode bundle, Tlp marking) {
            this.bundle = bundle;
            this.marking = marking;
        }

        ImportReport run() {
            int index = 0;
            for (JsonNode object : bundle.path("objects").values()) {
                String id = object.path("id").asString("");
                String at = "objects[" + index++ + "]";
                if (!object.path("type").isString() || !STIX_ID.matcher(id).matches()
                        || !id.startsWith(object.path("type").asString() + "--")) {
                    rejected.add(Rejection.atObject(at, "every STIX object needs a type and an id of the form <type>--<uuid>"));
                } else if (objects.putIfAbsent(id, object) != null) {
                    rejected.add(Rejection.atObject(id, "the id appears twice in the bundle"));
                }
            }
            Set<String> referencedIdentities = new LinkedHashSet<>();
            objects.values().stream().filter(o -> "relationship".equals(type(o))).forEach(r -> {
                referencedIdentities.add(r.path("target_ref").asString(""));
                if (ORGANISATION_LINKS.contains(r.path(OWN_TYPE).asString(""))) {
                    referencedIdentities.add(r.path("source_ref").asString(""));
                }
            });

            Map<String, Map<String, Object>> existingActors = existingActors();
            List<NativeDocument.ActorRow> actorRows = new ArrayList<>();
            List<NativeDocument.VulnerabilityRow> vulnerabilityRows = new ArrayList<>();
            List<NativeDocument.OrganisationRow> organisationRows = new ArrayList<>();
            List<JsonNode> incidentObjects = new ArrayList<>();
            Set<String> usedActorIds = new java.util.HashSet<>();
            for (JsonNode o : objects.values()) {
                String stixId = o.path("id").asString();
                String type = type(o);
                if (ACTOR_TYPES.containsKey(type)) {
                    NativeDocument.ActorRow row = actor(o, ACTOR_TYPES.get(type), existingActors, usedActorIds);
                    actors.put(stixId, row.id());
                    actorRows.add(row);
                } else if ("vulnerability".equals(type)) {
                    NativeDocument.VulnerabilityRow row = vulnerability(o);
                    if (row != null) {
                        vulnerabilities.put(stixId, row.id());
                        vulnerabilityRows.add(row);
                    }
                } else if ("identity".equals(type)) {
                    if (referencedIdentities.contains(stixId)) {
                        NativeDocument.OrganisationRow row = organisation(o);
                        organisations.put(stixId, row.id());
                        organisationRows.add(row);
                    } else {
                        skipped.add(Rejection.atObject(stixId, "identity only authors objects; not imported as an organisation"));
                    }
                } else if ("incident".equals(type)) {
                    incidents.put(stixId, ownId(o));
                    incidentObjects.add(o);
                } else if (!"relationship".equals(type)) {
                    skipped.add(Rejection.atObject(stixId, "STIX type '" + type + "' has no place in the model"));
                }
            }

            List<NativeDocument.ActorRelationRow> relations = new ArrayList<>();
            List<NativeDocument.ExploitRow> exploits = new ArrayList<>();
            List<NativeDocument.DataFlowRow> dataFlows = new ArrayList<>();
            List<NativeDocument.SubProcessingRow> subProcessing = new ArrayList<>();
            Map<String, Map<String, List<NativeDocument.LinkRow>>> incidentLinks = new HashMap<>();
            for (JsonNode r : objects.values()) {
                if ("relationship".equals(type(r))) {
                    if (!organisationLink(r, dataFlows, subProcessing)) {
                        relationship(r, relations, exploits, incidentLinks);
                    }
                }
            }
            List<NativeDocument.IncidentRow> incidentRows = incidentObjects.stream()
                    .map(o -> incident(o, incidentLinks.getOrDefault(incidents.get(o.path("id").asString()), Map.of())))
                    .toList();
            NativeDocument document = new NativeDocument(NativeDocument.FORMAT, 1, null, null, organisationRows, null,
                    vulnerabilityRows, actorRows, keepExistingIds(relations), exploits, dataFlows, subProcessing, null, incidentRows, null);
            ImportReport report = importer.importDocument(document, FORMAT, rejected, capped(skipped, "skipped"), marking);
            return report.rejected().size() <= MAX_LISTED ? report
                    : ImportReport.rejected(FORMAT, capped(report.rejected(), "rejected"), report.skipped());
        }

        private NativeDocument.ActorRow actor(JsonNode o, ActorType type, Map<String, Map<String, Object>> existing,
                                              Set<String> used) {
            String stixId = o.path("id").asString();
            List<String> externalIds = new ArrayList<>();
            externalIds.add(stixId);
            for (JsonNode ref : o.path("external_references").values()) {
                String externalId = ref.path("external_id").asString("");
                if (!externalId.isEmpty() && ref.path("source_name").asString("").startsWith("mitre")) {
                    externalIds.add(externalId);
                }
            }
            Map<String, Object> before = null;
            for (String externalId : externalIds) {
                before = existing.get(externalId);
                if (before != null) {
                    break;
                }
            }
            String name = o.path("name").asString("");
            String id;
            if (o.hasNonNull(OWN_ID)) {
                id = o.path(OWN_ID).asString();
            } else if (before != null) {
                id = (String) before.get("id");
            } else {
                id = slug(name);
                if (existing.containsKey("#" + id) || used.contains(id)) {
                    id = id + "-" + stixId.substring(stixId.indexOf("--") + 2, stixId.indexOf("--") + 10);
                }
            }
            used.add(id);
            if (before == null) {
                before = existing.get("#" + id);
            }
            String description = o.path("description").asString(null);
            if (before != null) {
                name = (String) before.get("name");
                type = ActorType.valueOf((String) before.get("type"));
                description = before.get("description") == null ? description : (String) before.get("description");
            }
            LinkedHashSet<String> aliases = new LinkedHashSet<>(strings(before, "aliases"));
            for (String field : List.of("aliases", "x_mitre_aliases")) {
                for (JsonNode alias : o.path(field).values()) {
                    if (!alias.asString().equalsIgnoreCase(name)) {
                        aliases.add(alias.asString());
                    }
                }
            }
            LinkedHashSet<String> ids = new LinkedHashSet<>(strings(before, "externalIds"));
            ids.addAll(externalIds);
            return new NativeDocument.ActorRow(id, name, type, List.copyOf(aliases), List.copyOf(ids), description,
                    StixMarkings.of(o));
        }

        private NativeDocument.VulnerabilityRow vulnerability(JsonNode o) {
            String cve = null;
            for (JsonNode ref : o.path("external_references").values()) {
                if ("cve".equalsIgnoreCase(ref.path("source_name").asString(""))) {
                    cve = ref.path("external_id").asString(null);
                }
            }
            String name = o.path("name").asString("");
            if (cve == null && CVE.matcher(name).matches()) {
                cve = name;
            }
            if (cve == null) {
                cve = o.path(OWN_ID).asString(null);
            }
            if (cve == null) {
                rejected.add(Rejection.atObject(o.path("id").asString(), "vulnerability without a CVE id"));
                return null;
            }
            Map<String, Object> before = existingNode("Vulnerability", cve);
            if (before != null) {
                return new NativeDocument.VulnerabilityRow(cve, (String) before.get("name"), (String) before.get("description"),
                        (Double) before.get("cvss"), (LocalDate) before.get("published"), List.of(),
                        StixMarkings.of(o));
            }
            return new NativeDocument.VulnerabilityRow(cve, name.isEmpty() ? cve : name,
                    o.path("description").asString(null), null, null, List.of(), StixMarkings.of(o));
        }

        private NativeDocument.OrganisationRow organisation(JsonNode o) {
            String id = ownId(o);
            Map<String, Object> before = existingNode("Organisation", id);
            if (before != null) {
                return new NativeDocument.OrganisationRow(id, (String) before.get("name"),
                        OrganisationKind.valueOf((String) before.get("kind")), strings(before, "aliases"),
                        (String) before.get("odsCode"), (String) before.get("companyNumber"), (String) before.get("domain"),
                        (String) before.get("postcode"), OrganisationStatus.valueOf((String) before.get("status")),
                        (LocalDate) before.get("openDate"), (LocalDate) before.get("closeDate"),
                        (String) before.get("commissionerCode"), (String) before.get("icbCode"),
                        Boolean.TRUE.equals(before.get("unnamedGroup")),
                        (String) before.get("description"), StixMarkings.of(o));
            }
            OrganisationKind kind = enumOr(OrganisationKind.class, o.path(OWN_KIND).asString(""), OrganisationKind.OTHER);
            return new NativeDocument.OrganisationRow(id, o.path("name").asString(""), kind, List.of(), null, null, null,
                    null, OrganisationStatus.ACTIVE, null, null, null, null, false, o.path("description").asString(null),
                    StixMarkings.of(o));
        }

        private NativeDocument.IncidentRow incident(JsonNode o, Map<String, List<NativeDocument.LinkRow>> links) {
            String id = incidents.get(o.path("id").asString());
            Map<String, Object> before = existingNode("Incident", id);
            List<NativeDocument.LinkRow> none = List.of();
            if (before != null) {
                return new NativeDocument.IncidentRow(id, (String) before.get("name"),
                        IncidentKind.valueOf((String) before.get("kind")), (LocalDate) before.get("discovered"),
                        LeakStatus.valueOf((String) before.get("leakStatus")), (String) before.get("ransomDemand"),
                        (String) before.get("summary"), ((Number) before.get("confidence")).intValue(),
                        strings(before, "sourceIds"), links.getOrDefault("BREACHED", none), none,
                        links.getOrDefault("AFFECTED", none), links.getOrDefault("ATTRIBUTED_TO", none),
                        links.getOrDefault("EXPLOITED", none), StixMarkings.of(o));
            }
            IncidentKind kind = enumOr(IncidentKind.class, o.path(OWN_KIND).asString(""), IncidentKind.OTHER);
            return new NativeDocument.IncidentRow(id, o.path("name").asString(""), kind, null, null, null,
                    o.path("description").asString(null), confidence(o), null, links.getOrDefault("BREACHED", none),
                    none, links.getOrDefault("AFFECTED", none), links.getOrDefault("ATTRIBUTED_TO", none),
                    links.getOrDefault("EXPLOITED", none), StixMarkings.of(o));
        }

        /**
         * A data flow or sub-processing link, as our own STIX export writes it (an organisation-to-organisation
         * {@code related-to} naming our type): false when {@code r} is not one. Its dates are STIX's
         * {@code start_time} and {@code stop_time}; the write rules check it like every format's.
         */
        private boolean organisationLink(JsonNode r, List<NativeDocument.DataFlowRow> dataFlows,
                                         List<NativeDocument.SubProcessingRow> subProcessing) {
            String own = r.path(OWN_TYPE).asString("");
            String from = organisations.get(r.path("source_ref").asString(""));
            String to = organisations.get(r.path("target_ref").asString(""));
            if (!ORGANISATION_LINKS.contains(own) || from == null || to == null) {
                return false;
            }
            String id = r.path("id").asString();
            LocalDate since;
            LocalDate until;
            try {
                since = date(r, "start_time");
                until = date(r, "stop_time");
            } catch (IllegalArgumentException e) {
                rejected.add(Rejection.atObject(id, e.getMessage()));
                return true;
            }
            String factId = r.hasNonNull(OWN_ID) ? r.path(OWN_ID).asString()
                    : own.equals("ENTRUSTS") ? org.exposuregraph.graph.Facts.dataFlowId(from, to)
                    : org.exposuregraph.graph.Facts.subProcessingId(from, to);
            // STIX carries no sources: a link already in the graph keeps its own, as actor links do.
            List<String> sourceIds = neo4jClient.query("MATCH (a:Organisation {id: $from})-[r]->(b:Organisation {id: $to})"
                            + " WHERE type(r) = $type AND " + org.exposuregraph.graph.Facts.idIn("r", "a", "b") + " = $id AND "
                            + Visibility.visible("a", "r", "b") + " RETURN coalesce(r.sourceIds, [])")
                    .bind(from).to("from").bind(to).to("to").bind(factId).to("id").bind(own).to("type")
                    .bind(writer.levels()).to(Visibility.PARAMETER).fetchAs(List.class).first()
                    .map(list -> list.stream().map(String::valueOf).toList()).orElse(null);
            List<String> categories = r.has(OWN_CATEGORIES)
                    ? r.path(OWN_CATEGORIES).values().stream().map(c -> c.asString("")).toList() : null;
            String purpose = r.path(OWN_PURPOSE).asString(null);
            String endReason = r.path(OWN_END_REASON).asString(null);
            if (own.equals("ENTRUSTS")) {
                dataFlows.add(new NativeDocument.DataFlowRow(factId, from, to, categories,
                        r.hasNonNull(OWN_PEOPLE) ? r.path(OWN_PEOPLE).asInt() : null,
                        r.hasNonNull(OWN_RECORDS) ? r.path(OWN_RECORDS).asLong() : null, purpose, since, until, endReason,
                        confidence(r), sourceIds, StixMarkings.of(r)));
            } else {
                subProcessing.add(new NativeDocument.SubProcessingRow(factId, from, to, categories, purpose, since, until,
                        endReason, confidence(r), sourceIds, StixMarkings.of(r)));
            }
            return true;
        }

        /** The day of a STIX timestamp property (in UTC), or null when absent. */
        private static LocalDate date(JsonNode o, String property) {
            if (!o.hasNonNull(property)) {
                return null;
            }
            String value = o.path(property).asString("");
            try {
                return LocalDate.ofInstant(java.time.Instant.parse(value), java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(property + ": '" + value + "' is not a STIX timestamp (e.g. 2021-09-01T00:00:00Z)");
            }
        }

        private void relationship(JsonNode r, List<NativeDocument.ActorRelationRow> relations,
                                  List<NativeDocument.ExploitRow> exploits,
                                  Map<String, Map<String, List<NativeDocument.LinkRow>>> incidentLinks) {
            String id = r.path("id").asString();
            String kind = r.path("relationship_type").asString("");
            String source = r.path("source_ref").asString("");
            String target = r.path("target_ref").asString("");
            for (String end : List.of(source, target)) {
                if (!objects.containsKey(end) && !actors.containsKey(end)) {
                    String known = existingActorByExternalId(end);
                    if (known == null) {
                        rejected.add(Rejection.atObject(id, "dangling reference: " + end + " is neither in the bundle nor in the graph"));
                        return;
                    }
                    actors.put(end, known);
                }
            }
            String factId = r.hasNonNull(OWN_ID) ? r.path(OWN_ID).asString() : id;
            Integer confidence = confidence(r);
            Tlp tlp = StixMarkings.of(r);
            String own = r.path(OWN_TYPE).asString("");
            if (actors.containsKey(source) && actors.containsKey(target)
                    && (kind.equals("uses") || kind.equals("related-to") || kind.equals("attributed-to"))) {
                ActorRelationType type = kind.equals("uses") ? ActorRelationType.USES : ActorRelationType.RELATED_TO;
                relations.add(new NativeDocument.ActorRelationRow(factId, actors.get(source), actors.get(target), type,
                        confidence, null, tlp));
            } else if (actors.containsKey(source) && vulnerabilities.containsKey(target)
                    && (kind.equals("exploits") || kind.equals("targets"))) {
                exploits.add(new NativeDocument.ExploitRow(factId, actors.get(source), vulnerabilities.get(target), confidence, null, tlp));
            } else if (incidents.containsKey(source)) {
                String linkType = !own.isEmpty() ? own : switch (kind) {
                    case "attributed-to" -> actors.containsKey(target) ? "ATTRIBUTED_TO" : "";
                    case "targets" -> organisations.containsKey(target) ? "AFFECTED"
                            : vulnerabilities.containsKey(target) ? "EXPLOITED" : "";
                    case "exploits" -> vulnerabilities.containsKey(target) ? "EXPLOITED" : "";
                    default -> "";
                };
                String targetId = switch (linkType) {
                    case "ATTRIBUTED_TO" -> actors.get(target);
                    case "AFFECTED", "BREACHED" -> organisations.get(target);
                    case "EXPLOITED" -> vulnerabilities.get(target);
                    default -> null;
                };
                if (targetId == null) {
                    skipped.add(Rejection.atObject(id, "incident relationship '" + kind + "' to " + type(objects.get(target))
                            + " has no place in the model"));
                    return;
                }
                incidentLinks.computeIfAbsent(incidents.get(source), k -> new HashMap<>())
                        .computeIfAbsent(linkType, k -> new ArrayList<>())
                        .add(new NativeDocument.LinkRow(factId, targetId, confidence, null, tlp));
            } else {
                skipped.add(Rejection.atObject(id, "relationship '" + kind + "' from " + type(objects.get(source)) + " to "
                        + type(objects.get(target)) + " has no place in the model"));
            }
        }

        /** An actor link that already exists keeps its id and sources; the bundle adds its confidence. */
        private List<NativeDocument.ActorRelationRow> keepExistingIds(List<NativeDocument.ActorRelationRow> rows) {
            if (rows.isEmpty()) {
                return rows;
            }
            Map<String, Map<String, Object>> existing = new HashMap<>();
            neo4jClient.query("""
                            UNWIND $pairs AS pair
                            MATCH (a:ThreatActor {id: pair.from})-[r:USES|RELATED_TO]->(b:ThreatActor {id: pair.to})
                            WHERE type(r) = pair.type AND %s
                            RETURN pair.from + '|' + pair.type + '|' + pair.to AS key, r {.*} AS props
                            """.formatted(Visibility.visible("a", "r", "b")))
                    .bind(rows.stream().map(r -> Map.of("from", r.from(), "to", r.to(), "type", r.type().name())).toList())
                    .to("pairs").bind(writer.levels()).to(Visibility.PARAMETER).fetch().all()
                    .forEach(row -> existing.put((String) row.get("key"), castMap(row.get("props"))));
            return rows.stream().map(r -> {
                Map<String, Object> before = existing.get(r.from() + "|" + r.type().name() + "|" + r.to());
                if (before == null) {
                    return r;
                }
                Integer confidence = r.confidence() != null ? r.confidence()
                        : before.get("confidence") instanceof Number stored ? stored.intValue() : null;
                return new NativeDocument.ActorRelationRow((String) before.get("id"), r.from(), r.to(), r.type(),
                        confidence, strings(before, "sourceIds"), r.tlp());
            }).toList();
        }

        private Map<String, Map<String, Object>> existingActors() {
            Map<String, Map<String, Object>> byKey = new HashMap<>();
            neo4jClient.query("MATCH (a:ThreatActor) WHERE %s RETURN a {.*} AS props".formatted(Visibility.visible("a")))
                    .bind(writer.levels()).to(Visibility.PARAMETER).fetch().all().forEach(row -> {
                Map<String, Object> props = castMap(row.get("props"));
                byKey.put("#" + props.get("id"), props);
                strings(props, "externalIds").forEach(externalId -> byKey.put(externalId, props));
            });
            return byKey;
        }

        private String existingActorByExternalId(String stixId) {
            return neo4jClient.query("MATCH (a:ThreatActor) WHERE $stixId IN a.externalIds AND %s RETURN a.id"
                            .formatted(Visibility.visible("a")))
                    .bind(stixId).to("stixId").bind(writer.levels()).to(Visibility.PARAMETER).fetchAs(String.class).first().orElse(null);
        }

        private Map<String, Object> existingNode(String label, String id) {
            return neo4jClient.query("MATCH (n:%s {id: $id}) WHERE %s RETURN n {.*} AS props".formatted(label,
                            Visibility.visible("n")))
                    .bind(id).to("id").bind(writer.levels()).to(Visibility.PARAMETER).fetch().first().map(row -> castMap(row.get("props"))).orElse(null);
        }

        private String ownId(JsonNode o) {
            return o.hasNonNull(OWN_ID) ? o.path(OWN_ID).asString() : slug(o.path("name").asString(o.path("id").asString()));
        }

        private Integer confidence(JsonNode o) {
            return o.hasNonNull("confidence") ? o.path("confidence").asInt() : null;
        }

        private String type(JsonNode o) {
            return o == null ? "unknown" : o.path("type").asString("unknown");
        }
    }

    /** A date as a STIX timestamp (midnight UTC that day), or null. */
    static String timestamp(LocalDate date) {
        return date == null ? null : date + "T00:00:00Z";
    }

    /**
     * A fact's {@code until} as STIX {@code stop_time}: the start of that day, except for a fact that starts and
     * ends the same day, whose stop_time is the last millisecond of it, as STIX 2.1 requires a relationship's
     * stop_time to be later than its start_time. Both read back as the same day (UTC).
     */
    static String stopTime(LocalDate since, LocalDate until) {
        return until != null && until.equals(since) ? until + "T23:59:59.999Z" : timestamp(until);
    }

    static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "unnamed" : slug;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> props, String key) {
        if (props == null || props.get(key) == null) {
            return List.of();
        }
        return List.copyOf((List<String>) props.get(key));
    }

    private static <E extends Enum<E>> E enumOr(Class<E> type, String name, E otherwise) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return otherwise;
        }
    }
}
