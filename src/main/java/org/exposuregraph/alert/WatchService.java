package org.exposuregraph.alert;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.exposuregraph.api.FieldError;
import org.exposuregraph.api.NotFoundException;
import org.exposuregraph.exposure.ExposureService;
import org.exposuregraph.graph.OrganisationKind;
import org.exposuregraph.organisation.OrganisationService;
import org.exposuregraph.security.CurrentKey;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Watches, stored as {@code (:Watch)} bookkeeping nodes owned by the key that created them. They are not facts of
 * the graph (no analysis reads them, the change record does not list them), so they are written here directly,
 * as the audit log is, rather than through {@code graph.GraphWriter}.
 */
@Service
public class WatchService {

    static final int MAX_LISTED = 10_000;

    private final Neo4jClient neo4jClient;
    private final OrganisationService organisations;
    private final ExposureService exposure;
    private final AlertStore alerts;
    private final RiskLevels riskLevels;

    WatchService(Neo4jClient neo4jClient, OrganisationService organisations, ExposureService exposure, AlertStore alerts,
                 RiskLevels riskLevels) {
        this.neo4jClient = neo4jClient;
        this.organisations = organisations;
        this.exposure = exposure;
        this.alerts = alerts;
        this.riskLevels = riskLevels;
    }

    /** What {@code createWatch} takes. */
    public record WatchInput(String name, List<String> organisations, List<String> odsCodes, String icbCode,
                             OrganisationKind kind, List<String> categories, Integer minSensitivity,
                             Double riskThreshold, Tlp clearance) {
    }

    /** The created watch, or why not. */
    public record WatchPayload(Watch watch, List<FieldError> errors) {
    }

    @Transactional
    public WatchPayload create(WatchInput input) {
        String owner = owner();
        Tlp callerClearance = Visibility.current().clearance();
        List<FieldError> errors = new ArrayList<>();
        if (input.name() == null || input.name().isBlank() || input.name().length() > 200) {
            errors.add(new FieldError("name", "must be 1 to 200 characters"));
        }
        List<String> ids = distinct(input.organisations());
        List<String> odsCodes = distinct(input.odsCodes());
        String icbCode = blankToNull(input.icbCode());
        if (ids.isEmpty() && odsCodes.isEmpty() && icbCode == null && input.kind() == null) {
            errors.add(new FieldError("organisations", "name at least one organisation, ODS code, ICB code or kind to watch"));
        }
        if (ids.size() + odsCodes.size() > MAX_LISTED) {
            errors.add(new FieldError("organisations", "at most " + MAX_LISTED + " organisations and ODS codes"));
        }
        var found = organisations.findAllById(ids).keySet();
        ids.stream().filter(id -> !found.contains(id)).findFirst()
                .ifPresent(id -> errors.add(new FieldError("organisations", "no organisation has id " + id)));
        List<String> categories = distinct(input.categories());
        try {
            exposure.expandCategories("categories", categories);
        } catch (NotFoundException e) {
            errors.add(new FieldError("categories", e.getMessage()));
        }
        if (input.minSensitivity() != null && (input.minSensitivity() < 1 || input.minSensitivity() > 5)) {
            errors.add(new FieldError("minSensitivity", "must be 1 to 5"));
        }
        if (input.riskThreshold() != null && (input.riskThreshold() < 0 || input.riskThreshold() > 100)) {
            errors.add(new FieldError("riskThreshold", "must be 0 to 100"));
        }
        Tlp clearance = input.clearance() == null ? callerClearance : input.clearance();
        if (clearance.ordinal() > callerClearance.ordinal()) {
            errors.add(new FieldError("clearance", "cannot be above the key's own clearance, " + callerClearance));
        }
        if (!errors.isEmpty()) {
            return new WatchPayload(null, List.copyOf(errors));
        }
        Watch watch = new Watch("watch-" + UUID.randomUUID(), input.name().strip(), owner, ids, odsCodes, icbCode,
                input.kind(), categories, input.minSensitivity(), input.riskThreshold(), clearance,
                OffsetDateTime.now(ZoneOffset.UTC));
        Map<String, Object> properties = new HashMap<>();
        properties.put("id", watch.id());
        properties.put("name", watch.name());
        properties.put("owner", owner);
        properties.put("organisations", ids);
        properties.put("odsCodes", odsCodes);
        properties.put("icbCode", icbCode);
        properties.put("kind", watch.kind() == null ? null : watch.kind().name());
        properties.put("categories", categories);
        properties.put("minSensitivity", watch.minSensitivity());
        properties.put("riskThreshold", watch.riskThreshold());
        properties.put("clearance", clearance.name());
        properties.put("createdAt", watch.createdAt());
        neo4jClient.query("CREATE (w:Watch) SET w = $properties").bind(properties).to("properties").run();
        riskLevels.baseline(watch);
        // From now on nothing the watch cares about may be skipped, even if no engine runs yet.
        alerts.startCursor();
        return new WatchPayload(watch, List.of());
    }

    /** The calling key's watches, oldest first. */
    @Transactional(readOnly = true)
    public List<Watch> mine() {
        return read("MATCH (w:Watch {owner: $owner}) RETURN w {.*} AS w ORDER BY w.createdAt, w.id", Map.of("owner", owner()));
    }

    /** One of the calling key's watches; NOT_FOUND for another key's, like a missing one. */
    @Transactional(readOnly = true)
    public Watch mine(String id) {
        return read("MATCH (w:Watch {id: $id, owner: $owner}) RETURN w {.*} AS w", Map.of("id", id, "owner", owner()))
                .stream().findFirst().orElseThrow(() -> new NotFoundException("Watch", id));
    }

    /** Deletes one of the caller's watches, its alerts and their deliveries, and the risk scores it has seen. */
    @Transactional
    public String delete(String id) {
        mine(id);
        neo4jClient.query("""
                MATCH (w:Watch {id: $id})
                OPTIONAL MATCH (a:Alert {watchId: $id})
                OPTIONAL MATCH (d:WebhookDelivery {alertId: a.id})
                DETACH DELETE d, a, w""").bind(id).to("id").run();
        neo4jClient.query("MATCH (r:WatchedRisk {watchId: $id}) DELETE r").bind(id).to("id").run();
        neo4jClient.query("""
                MATCH (h:Webhook) WHERE $id IN h.watches SET h.watches = [x IN h.watches WHERE x <> $id]""")
                .bind(id).to("id").run();
        return id;
    }

    /** Every watch of every key: what the alert engine computes for. */
    List<Watch> all() {
        return read("MATCH (w:Watch) RETURN w {.*} AS w ORDER BY w.id", Map.of());
    }

    private List<Watch> read(String query, Map<String, Object> parameters) {
        return List.copyOf(neo4jClient.query(query).bindAll(parameters).fetchAs(Watch.class)
                .mappedBy((types, record) -> watch(record.get("w").asMap())).all());
    }

    @SuppressWarnings("unchecked")
    private static Watch watch(Map<String, Object> w) {
        return new Watch((String) w.get("id"), (String) w.get("name"), (String) w.get("owner"),
                strings(w.get("organisations")), strings(w.get("odsCodes")), (String) w.get("icbCode"),
                w.get("kind") == null ? null : OrganisationKind.valueOf((String) w.get("kind")),
                strings(w.get("categories")),
                w.get("minSensitivity") == null ? null : ((Number) w.get("minSensitivity")).intValue(),
                w.get("riskThreshold") == null ? null : ((Number) w.get("riskThreshold")).doubleValue(),
                Tlp.valueOf((String) w.get("clearance")), offset(w.get("createdAt")));
    }

    static OffsetDateTime offset(Object value) {
        return value instanceof java.time.ZonedDateTime zoned ? zoned.toOffsetDateTime() : (OffsetDateTime) value;
    }

    static List<String> strings(Object value) {
        return value == null ? List.of() : ((List<?>) value).stream().map(String::valueOf).toList();
    }

    static String owner() {
        return CurrentKey.get().map(key -> key.getName())
                .orElseThrow(() -> new org.exposuregraph.api.ForbiddenException("Watches need an API key"));
    }

    private static List<String> distinct(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip)
                .distinct().toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
