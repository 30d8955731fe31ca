package org.exposuregraph.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import org.exposuregraph.exposure.ExposedClient;
import org.exposuregraph.exposure.ExposureService;
import org.exposuregraph.graph.Change;
import org.exposuregraph.graph.ChangeFeed;
import org.exposuregraph.graph.ChangeLog;
import org.exposuregraph.graph.Facts;
import org.exposuregraph.graph.PollingWorker;
import org.exposuregraph.risk.RiskAssessment;
import org.exposuregraph.risk.RiskService;
import org.exposuregraph.security.CurrentKey;
import org.exposuregraph.security.Role;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.exposuregraph.taxonomy.DataCategory;
import org.exposuregraph.taxonomy.TaxonomyService;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Computes alerts from the change record, never by reading the whole graph: it follows {@link ChangeLog#after}
 * from a cursor stored in the database ({@code (:AlertCursor {id: 'alerts'})}, its {@code seq} the last entry
 * processed). One transaction locks the cursor, reads the next entries, stores their alerts (and a pending
 * delivery per webhook) and moves the cursor: a process killed midway leaves the cursor where it was and nothing
 * half-stored, and a second instance waits on the cursor's lock, then starts where the first stopped. Alert ids
 * are hashes of the watch, the entry, the event and the subject, unique in the database, so an alert is never
 * stored twice. Each watch's alerts are computed at the watch's clearance, under its owner's name.
 */
@Service
@org.springframework.boot.context.properties.EnableConfigurationProperties(AlertProperties.class)
class AlertEngine implements InitializingBean {

    /** Entries processed per transaction. */
    static final int BATCH = 100;
    /** The name background reads run under, when no watch's owner is concerned. */
    private static final String ENGINE = "alert-engine";
    private static final Set<String> INCIDENT_LINKS = Set.of("BREACHED", "AFFECTED", "LEAKED", "ATTRIBUTED_TO", "EXPLOITED");
    private static final Set<String> FLOW_LINKS = Set.of(Facts.ENTRUSTS, Facts.SUBPROCESSES_TO);

    private final Neo4jClient neo4jClient;
    private final TransactionTemplate transactions;
    private final ChangeLog changeLog;
    private final WatchService watches;
    private final ExposureService exposure;
    private final TaxonomyService taxonomy;
    private final AlertStore store;
    private final AlertProperties properties;
    private final RiskService risk;
    private final RiskLevels riskLevels;
    private final ChangeFeed changeFeed;
    /** Ticks after this instance committed new alerts; the engine's thread is its only emitter. */
    private final Sinks.Many<Boolean> alertsStored = Sinks.many().multicast().directBestEffort();
    private PollingWorker worker;
    private final String instance = UUID.randomUUID().toString();

    AlertEngine(Neo4jClient neo4jClient, TransactionTemplate transactions, ChangeLog changeLog, ChangeFeed changeFeed,
                WatchService watches, ExposureService exposure, TaxonomyService taxonomy, AlertStore store,
                AlertProperties properties, RiskService risk, RiskLevels riskLevels) {
        this.neo4jClient = neo4jClient;
        this.transactions = transactions;
        this.changeLog = changeLog;
        this.watches = watches;
        this.exposure = exposure;
        this.taxonomy = taxonomy;
        this.store = store;
        this.properties = properties;
        this.risk = risk;
        this.riskLevels = riskLevels;
        this.changeFeed = changeFeed;
    }

    @Override
    public void afterPropertiesSet() {
        if (properties.enabled()) {
            worker = new PollingWorker("alert-engine", properties.pollInterval(), properties.idlePollInterval(), () -> {
                int processed = processBatch();
                while (processed == BATCH) {
                    processed = processBatch(); // a backlog: keep going
                }
                return processed > 0;
            });
            // The feed sees every entry numbered, here or by another instance: take them up at once.
            changeFeed.register(new ChangeFeed.Listener() {
                @Override
                public void changed(List<Change> batch) {
                    worker.wake();
                }

                @Override
                public void rebuildNeeded() {
                    worker.wake();
                }
            });
        }
    }

    /**
     * Ticks each time this instance has committed new alerts, for what acts on them (the webhook deliverer, the
     * subscriptions); another instance's alerts are found by polling.
     */
    Flux<Boolean> alertsStored() {
        return alertsStored.asFlux();
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    /** Processes the next entries after the cursor, in one transaction; returns how many. */
    int processBatch() {
        boolean[] stored = {false};
        Integer processed = transactions.execute(status -> {
            long cursor = lockCursor();
            List<Change> changes = CurrentKey.runAs(ENGINE, Role.ADMIN, Tlp.RED, () -> changeLog.after(cursor, BATCH));
            if (changes.isEmpty()) {
                return 0;
            }
            List<Watch> all = watches.all();
            for (Change change : changes) {
                if (!all.isEmpty()) {
                    for (Alert alert : alertsFor(change, all)) {
                        store.save(alert);
                        stored[0] = true;
                    }
                }
            }
            neo4jClient.query("MATCH (c:AlertCursor {id: 'alerts'}) SET c.seq = $seq, c.at = datetime()")
                    .bind(changes.get(changes.size() - 1).seq()).to("seq").run();
            return changes.size();
        });
        if (stored[0]) {
            alertsStored.tryEmitNext(true);
        }
        return processed == null ? 0 : processed;
    }

    /**
     * Takes the cursor's write lock (a second instance waits here until this transaction ends), then reads it:
     * read after the lock, the value is the one the previous holder committed.
     */
    private long lockCursor() {
        store.startCursor();
        neo4jClient.query("MATCH (c:AlertCursor {id: 'alerts'}) SET c.lockedBy = $instance").bind(instance).to("instance").run();
        return neo4jClient.query("MATCH (c:AlertCursor {id: 'alerts'}) RETURN c.seq").fetchAs(Long.class).one().orElse(0L);
    }

    /** The alerts one change entry raises, for every watch. */
    List<Alert> alertsFor(Change change, List<Watch> all) {
        List<String> written = new ArrayList<>(change.created());
        written.addAll(change.updated());
        Set<String> incidentIds = new LinkedHashSet<>();
        Set<String> incidentLinkIds = new LinkedHashSet<>();
        Set<String> flowIds = new LinkedHashSet<>();
        for (String element : written) {
            int colon = element.indexOf(':');
            String kind = element.substring(0, colon);
            String id = element.substring(colon + 1);
            if (kind.equals("Incident")) {
                incidentIds.add(id);
            } else if (INCIDENT_LINKS.contains(kind)) {
                incidentLinkIds.add(id);
            } else if (FLOW_LINKS.contains(kind)) {
                flowIds.add(id);
            }
        }
        // The vendors whose risk score the entry may move: the organisations it writes or links.
        List<String> touched = all.stream().anyMatch(w -> w.riskThreshold() != null) ? change.organisations() : List.of();
        if (incidentIds.isEmpty() && incidentLinkIds.isEmpty() && flowIds.isEmpty() && touched.isEmpty()) {
            return List.of();
        }
        if (!incidentLinkIds.isEmpty()) {
            incidentIds.addAll(neo4jClient.query("""
                            MATCH (i:Incident)-[r]->() WHERE r.id IN $ids RETURN DISTINCT i.id""")
                    .bind(List.copyOf(incidentLinkIds)).to("ids").fetchAs(String.class).all());
        }
        List<Alert> alerts = new ArrayList<>();
        for (Watch watch : all) {
            alerts.addAll(CurrentKey.runAs(watch.owner(), Role.READER, watch.clearance(), () -> {
                List<Alert> found = new ArrayList<>();
                for (String incidentId : incidentIds) {
                    incidentAlert(change, watch, incidentId).ifPresent(found::add);
                }
                for (String flowId : flowIds) {
                    found.addAll(newExposureAlerts(change, watch, flowId));
                }
                if (watch.riskThreshold() != null) {
                    for (String vendorId : touched) {
                        riskThresholdAlert(change, watch, vendorId).ifPresent(found::add);
                    }
                }
                return found;
            }));
        }
        return alerts;
    }

    /** An incident recorded or changed: who among the watched organisations its breached organisations expose. */
    private java.util.Optional<Alert> incidentAlert(Change change, Watch watch, String incidentId) {
        Map<String, Object> incident = neo4jClient.query("""
                        MATCH (i:Incident {id: $id}) WHERE %s
                        RETURN i.name AS name, %s AS confidence, coalesce(i.sourceIds, []) AS sourceIds,
                               any(s IN coalesce(i.sourceIds, []) WHERE s STARTS WITH 'leak-site-') AS leakSite,
                               [(i)-[r:BREACHED]->(o:Organisation) WHERE %s | o.id] AS breached""".formatted(
                        Visibility.visible("i"), Facts.confidenceIn("i"), Visibility.visible("r", "o")))
                .bind(incidentId).to("id").bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetch().one().orElse(null);
        if (incident == null) {
            return java.util.Optional.empty();
        }
        List<String> breached = WatchService.strings(incident.get("breached"));
        if (breached.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<Alert.Exposure> exposed = watchedExposure(watch, breached, null);
        if (exposed.isEmpty()) {
            return java.util.Optional.empty();
        }
        boolean leakSite = Boolean.TRUE.equals(incident.get("leakSite"));
        AlertEvent event = leakSite ? AlertEvent.LEAK_SITE : AlertEvent.INCIDENT;
        String summary = "%s%s at %s exposes %d watched organisation%s: %s".formatted(
                leakSite ? "Leak-site claim " : "Incident ", incident.get("name"), String.join(", ", breached),
                exposed.size(), exposed.size() == 1 ? "" : "s",
                String.join(", ", exposed.stream().limit(5).map(e -> e.name() == null ? e.organisationId() : e.name()).toList())
                        + (exposed.size() > 5 ? " …" : ""));
        return java.util.Optional.of(alert(watch, change, event, incidentId, summary, breached, exposed,
                WatchService.strings(incident.get("sourceIds")), ((Number) incident.get("confidence")).intValue()));
    }

    /**
     * A new or changed flow or sub-processing link: the breached or exploited organisations at or below its
     * receiving end, and the watched organisations whose explaining chain to one of them runs through the link.
     */
    private List<Alert> newExposureAlerts(Change change, Watch watch, String flowId) {
        Map<String, Object> link = neo4jClient.query("""
                        CALL () { %s }
                        WITH * WHERE %s
                        RETURN a.id AS from, b.id AS to, %s AS confidence,
                               coalesce(r.sourceIds, []) AS sourceIds""".formatted(FLOW_LINKS.stream().sorted()
                                .map(type -> Facts.matchById(type, "a", "r", "b", "$id") + " RETURN a, r, b")
                                .collect(java.util.stream.Collectors.joining(" UNION ")),
                        Visibility.visible("a", "r", "b"), Facts.confidenceIn("r")))
                .bind(flowId).to("id").bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetch().one().orElse(null);
        if (link == null) {
            return List.of();
        }
        List<String> risky = List.copyOf(neo4jClient.query("""
                        MATCH path = (b:Organisation {id: $to})-[:SUBPROCESSES_TO*0..%d]->(r:Organisation)
                        WHERE all(x IN nodes(path) WHERE %s) AND all(x IN relationships(path) WHERE %s)
                          AND (EXISTS { MATCH (i:Incident)-[h:BREACHED]->(r) WHERE %s }
                            OR EXISTS { MATCH (r)-[u:RUNS]->(s:Software)<-[:AFFECTS]-(v:Vulnerability)<-[e:EXPLOITS]-(t:ThreatActor)
                                        WHERE u.until IS NULL AND %s })
                        RETURN DISTINCT r.id ORDER BY r.id""".formatted(properties.maxDepth(), Visibility.visible("x"),
                        Visibility.visible("x"), Visibility.visible("i", "h"), Visibility.visible("u", "s", "v", "e", "t")))
                .bind(link.get("to")).to("to").bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(String.class).all());
        List<Alert> alerts = new ArrayList<>();
        String from = (String) link.get("from");
        String to = (String) link.get("to");
        for (String organisation : risky) {
            List<Alert.Exposure> exposed = watchedExposure(watch, List.of(organisation), path -> {
                int at = path.indexOf(from);
                return at >= 0 && at + 1 < path.size() && path.get(at + 1).equals(to);
            });
            if (!exposed.isEmpty()) {
                String summary = "New link %s → %s puts data of %d watched organisation%s within reach of %s, which has a recorded incident or runs exploited software"
                        .formatted(from, to, exposed.size(), exposed.size() == 1 ? "" : "s", organisation);
                alerts.add(alert(watch, change, AlertEvent.NEW_EXPOSURE, flowId + "@" + organisation, summary,
                        List.of(organisation), exposed, WatchService.strings(link.get("sourceIds")),
                        ((Number) link.get("confidence")).intValue()));
            }
        }
        return alerts;
    }

    /**
     * A vendor the entry touched, holding watched data (directly or through sub-processors), whose risk score at the
     * watch's clearance crossed the watch's threshold upwards ({@link RiskLevels}); only vendors in the watched
     * supply chain are scored, and only those the entry touched.
     */
    private java.util.Optional<Alert> riskThresholdAlert(Change change, Watch watch, String vendorId) {
        List<Alert.Exposure> exposed = watchedExposure(watch, List.of(vendorId), null);
        if (exposed.isEmpty()) {
            return java.util.Optional.empty();
        }
        RiskAssessment assessment;
        try {
            assessment = risk.assess(vendorId, null);
        } catch (org.exposuregraph.api.NotFoundException hidden) {
            return java.util.Optional.empty();
        }
        if (!riskLevels.crossed(watch, vendorId, assessment.score(), change.seq())) {
            return java.util.Optional.empty();
        }
        // How sure the score's inputs are: the share of its direct flows neither disputed nor below 50% confidence.
        double uncertain = assessment.factors().stream().filter(f -> f.name().equals("uncertainty"))
                .mapToDouble(RiskAssessment.RiskFactor::value).findFirst().orElse(0);
        String summary = String.format(java.util.Locale.ROOT,
                "Vendor risk of %s is %.2f, at or above the watch's threshold %.2f; it holds data of %d watched organisation%s",vendorId, assessment.score(), watch.riskThreshold(), exposed.size(), exposed.size() == 1 ? "" : "s");
        Alert alert = alert(watch, change, AlertEvent.RISK_THRESHOLD, vendorId, summary, List.of(vendorId), exposed, List.of(),
                (int) Math.round(100 * (1 - uncertain)));
        return java.util.Optional.of(alert.withRisk(assessment.score(), watch.riskThreshold()));
    }

    /** The watched organisations a breach of {@code sources} exposes, within the watch's categories and sensitivity. */
    private List<Alert.Exposure> watchedExposure(Watch watch, List<String> sources,
                                                 java.util.function.Predicate<List<String>> pathFilter) {
        Set<String> categories = watch.categories().isEmpty() ? null
                : exposure.expandCategories("categories", watch.categories());
        var answer = exposure.exposureOf(sources, Math.min(properties.maxDepth(), ExposureService.MAX_DEPTH), categories,
                null, LocalDate.now(ZoneOffset.UTC));
        Map<String, DataCategory> taxonomyById = taxonomy.byId();
        Map<String, ExposedClient> candidates = new LinkedHashMap<>();
        for (ExposedClient client : answer.exposedClients()) {
            if (pathFilter == null || pathFilter.test(client.pathIds())) {
                candidates.put(client.clientId(), client);
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> rows = List.copyOf(neo4jClient.query("""
                        MATCH (o:Organisation) WHERE o.id IN $ids
                        RETURN o.id AS id, o.name AS name, o.odsCode AS odsCode, o.icbCode AS icbCode, o.kind AS kind""")
                .bind(List.copyOf(candidates.keySet())).to("ids").fetch().all());
        List<Alert.Exposure> exposed = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String id = (String) row.get("id");
            if (!watch.watches(id, (String) row.get("odsCode"), (String) row.get("icbCode"), (String) row.get("kind"))) {
                continue;
            }
            ExposedClient client = candidates.get(id);
            List<String> kept = client.categoryIds().stream().filter(c -> watch.minSensitivity() == null
                    || taxonomyById.containsKey(c) && taxonomyById.get(c).sensitivity() >= watch.minSensitivity()).toList();
            if (kept.isEmpty()) {
                continue;
            }
            boolean special = kept.stream().anyMatch(c -> taxonomyById.containsKey(c) && taxonomyById.get(c).specialCategory());
            exposed.add(new Alert.Exposure(id, (String) row.get("name"), kept, special, client.hops(), client.pathIds()));
        }
        exposed.sort(java.util.Comparator.comparingInt(Alert.Exposure::hops).thenComparing(Alert.Exposure::organisationId));
        return exposed;
    }

    private static Alert alert(Watch watch, Change change, AlertEvent event, String subject, String summary,
                               List<String> sources, List<Alert.Exposure> exposed, List<String> sourceIds, int confidence) {
        return new Alert(alertId(watch.id(), change.seq(), event, subject), watch.id(), event, summary, change.seq(),
                OffsetDateTime.now(ZoneOffset.UTC), subject, sources, exposed, sourceIds, confidence, null, null);
    }

    /** Stable: the same watch, entry, event and subject give the same id on any instance, after any restart. */
    static String alertId(String watchId, long seq, AlertEvent event, String subject) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((watchId + "\n" + seq + "\n" + event + "\n" + subject)
                    .getBytes(StandardCharsets.UTF_8));
            return "alert_" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
