package org.exposuregraph.ingest;

import static org.exposuregraph.security.Visibility.visible;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.exposuregraph.graph.Facts;
import org.exposuregraph.security.Visibility;

import org.springframework.stereotype.Service;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes actors, vulnerabilities, organisations (as identities), incidents and the relationships between
 * them as one STIX 2.1 bundle. Ids are stable: an actor keeps the STIX id it was imported with, everything
 * else gets a UUIDv5 of its own id; {@code x_exposuregraph_id} carries our id, so importing the bundle back
 * lands on the same nodes. Relationship types without a STIX equivalent are {@code related-to} or
 * {@code targets} with {@code x_exposuregraph_type} naming ours.
 */
@Service
public class StixExporter {

    /** STIX requires created/modified; the graph does not track them, so one fixed instant keeps output stable. */
    static final String TIMESTAMP = "2020-01-01T00:00:00.000Z";
    private static final UUID NAMESPACE = UUID.fromString("6b1b6d2e-7d51-4e0c-9a43-3f3a0b6e9c51");
    private static final Map<String, String> ACTOR_TYPES = Map.of("THREAT_ACTOR", "threat-actor",
            "INTRUSION_SET", "intrusion-set", "MALWARE", "malware", "TOOL", "tool");

    private final GraphReader reader;
    private final JsonMapper json;

    StixExporter(GraphReader reader, JsonMapper json) {
        this.reader = reader;
        this.json = json;
    }

    /** Writes what the caller may see; marked objects carry the standard TLP 2.0 marking definition. */
    public void export(Visibility visibility, OutputStream out) {
        Map<String, Object> parameters = Map.of(Visibility.PARAMETER, visibility.levels());
        Map<String, String> actorIds = new LinkedHashMap<>();
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringProperty("type", "bundle");
            generator.writeStringProperty("id", "bundle--" + uuid("bundle"));
            generator.writeName("objects");
            generator.writeStartArray();
            reader.stream("MATCH (n:ThreatActor) WHERE " + visible("n") + " RETURN n {.*} AS row ORDER BY n.id", parameters, a -> {
                String type = ACTOR_TYPES.get((String) a.get("type"));
                String id = strings(a.get("externalIds")).stream().filter(x -> x.startsWith(type + "--")).findFirst()
                        .orElse(type + "--" + uuid("actor:" + a.get("id")));
                actorIds.put((String) a.get("id"), id);
                Map<String, Object> o = common(type, id, (String) a.get("id"), a.get("tlp"));
                o.put("name", a.get("name"));
                putIfPresent(o, "description", a.get("description"));
                if (!strings(a.get("aliases")).isEmpty()) {
                    o.put(type.equals("malware") || type.equals("tool") ? "x_exposuregraph_aliases" : "aliases", a.get("aliases"));
                }
                if (type.equals("malware")) {
                    o.put("is_family", true);
                }
                List<Map<String, Object>> refs = strings(a.get("externalIds")).stream().filter(x -> !x.contains("--"))
                        .map(x -> Map.<String, Object>of("source_name", "mitre-attack", "external_id", x)).toList();
                if (!refs.isEmpty()) {
                    o.put("external_references", refs);
                }
                json.writeValue(generator, o);
            });
            reader.stream("MATCH (n:Vulnerability) WHERE " + visible("n") + " RETURN n {.*} AS row ORDER BY n.id", parameters, v -> {
                Map<String, Object> o = common("vulnerability", "vulnerability--" + uuid("vulnerability:" + v.get("id")),
                        (String) v.get("id"), v.get("tlp"));
                o.put("name", v.get("id"));
                putIfPresent(o, "description", v.get("description"));
                o.put("external_references", List.of(Map.of("source_name", "cve", "external_id", v.get("id"))));
                json.writeValue(generator, o);
            });
            reader.stream("MATCH (n:Organisation) WHERE " + visible("n")
                    + " RETURN n {.id, .name, .kind, .description, .tlp} AS row ORDER BY n.id", parameters, org -> {
                Map<String, Object> o = common("identity", identity((String) org.get("id")), (String) org.get("id"), org.get("tlp"));
                o.put("name", org.get("name"));
                o.put("identity_class", "organization");
                putIfPresent(o, "description", org.get("description"));
                o.put(StixImporter.OWN_KIND, org.get("kind"));
                json.writeValue(generator, o);
            });
            reader.stream("MATCH (n:Incident) WHERE " + visible("n")
                    + " RETURN n {.id, .name, .kind, .summary, .confidence, .tlp} AS row ORDER BY n.id", parameters, i -> {
                Map<String, Object> o = common("incident", incident((String) i.get("id")), (String) i.get("id"), i.get("tlp"));
                o.put("name", i.get("name"));
                putIfPresent(o, "description", i.get("summary"));
                putIfPresent(o, "confidence", i.get("confidence"));
                o.put(StixImporter.OWN_KIND, i.get("kind"));
                json.writeValue(generator, o);
            });
            reader.stream("""
                    MATCH (a)-[r:USES|RELATED_TO|EXPLOITS|ENTRUSTS|SUBPROCESSES_TO|BREACHED|AFFECTED|ATTRIBUTED_TO|EXPLOITED]->(b)
                    WHERE %s
                    RETURN {type: type(r), id: %s, confidence: %s, from: a.id, to: b.id, tlp: r.tlp,
                            fromLabel: labels(a)[0], toLabel: labels(b)[0], since: r.since, until: r.until,
                            endReason: r.endReason, categories: r.categories, people: r.people, records: r.records,
                            purpose: r.purpose} AS row
                    ORDER BY row.type, row.from, row.to""".formatted(visible("a", "r", "b"), Facts.idIn("r", "a", "b"),
                    Facts.confidenceIn("r")), parameters, r -> {
                String type = (String) r.get("type");
                String stixType = switch (type) {
                    case "USES" -> "uses";
                    case "ATTRIBUTED_TO" -> "attributed-to";
                    case "EXPLOITS", "BREACHED", "AFFECTED", "EXPLOITED" -> "targets";
                    default -> "related-to";
                };
                String factId = r.get("id") != null ? (String) r.get("id") : type + ":" + r.get("from") + ":" + r.get("to");
                Map<String, Object> o = common("relationship", "relationship--" + uuid("fact:" + factId), factId, r.get("tlp"));
                o.put("relationship_type", stixType);
                o.put("source_ref", ref(actorIds, (String) r.get("fromLabel"), (String) r.get("from")));
                o.put("target_ref", ref(actorIds, (String) r.get("toLabel"), (String) r.get("to")));
                putIfPresent(o, "confidence", r.get("confidence"));
                o.put(StixImporter.OWN_TYPE, type);
                // When the fact held, in STIX's own properties; the rest of a data flow in ours, so it comes back whole.
                putIfPresent(o, "start_time", StixImporter.timestamp((LocalDate) r.get("since")));
                putIfPresent(o, "stop_time", StixImporter.stopTime((LocalDate) r.get("since"), (LocalDate) r.get("until")));
                putIfPresent(o, StixImporter.OWN_END_REASON, r.get("endReason"));
                putIfPresent(o, StixImporter.OWN_CATEGORIES, r.get("categories"));
                putIfPresent(o, StixImporter.OWN_PEOPLE, r.get("people"));
                putIfPresent(o, StixImporter.OWN_RECORDS, r.get("records"));
                putIfPresent(o, StixImporter.OWN_PURPOSE, r.get("purpose"));
                json.writeValue(generator, o);
            });
            generator.writeEndArray();
            generator.writeEndObject();
        }
    }

    private static String ref(Map<String, String> actorIds, String label, String id) {
        return switch (label) {
            case "ThreatActor" -> actorIds.get(id);
            case "Vulnerability" -> "vulnerability--" + uuid("vulnerability:" + id);
            case "Incident" -> incident(id);
            default -> identity(id);
        };
    }

    private static String identity(String id) {
        return "identity--" + uuid("organisation:" + id);
    }

    private static String incident(String id) {
        return "incident--" + uuid("incident:" + id);
    }

    private static Map<String, Object> common(String type, String id, String ownId, Object tlp) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", type);
        o.put("spec_version", "2.1");
        o.put("id", id);
        o.put("created", TIMESTAMP);
        o.put("modified", TIMESTAMP);
        o.put(StixImporter.OWN_ID, ownId);
        if (tlp != null) {
            o.put("object_marking_refs", List.of(StixMarkings.idOf(tlp)));
        }
        return o;
    }

    private static void putIfPresent(Map<String, Object> o, String key, Object value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }

    /** RFC 4122 name-based UUID, version 5 (SHA-1), as STIX recommends for deterministic ids. */
    static UUID uuid(String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(toBytes(NAMESPACE));
            byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            long msb = 0;
            long lsb = 0;
            for (int i = 0; i < 8; i++) {
                msb = (msb << 8) | (hash[i] & 0xff);
                lsb = (lsb << 8) | (hash[i + 8] & 0xff);
            }
            return new UUID(msb, lsb);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] toBytes(UUID uuid) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (uuid.getMostSignificantBits() >>> (8 * (7 - i)));
            bytes[i + 8] = (byte) (uuid.getLeastSignificantBits() >>> (8 * (7 - i)));
        }
        return bytes;
    }
}
