package org.exposuregraph.alert;

import java.util.List;
import java.util.Map;

import org.exposuregraph.api.Page;
import org.exposuregraph.graph.ChangeLog;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stored alerts ({@code (:Alert)}, the body kept as the JSON that is delivered) and the delivery queue: storing a
 * new alert queues one {@code (:WebhookDelivery)} per enabled webhook of its watch, in the same transaction.
 */
@Service
class AlertStore {

    private final Neo4jClient neo4jClient;
    private final JsonMapper json;
    private final ChangeLog changeLog;

    AlertStore(Neo4jClient neo4jClient, JsonMapper json, ChangeLog changeLog) {
        this.neo4jClient = neo4jClient;
        this.json = json;
        this.changeLog = changeLog;
    }

    /**
     * Creates the cursor on the change record if there is none, at its end: alerts start with the first watch or
     * the first run of the engine, whichever comes first, and never replay the history before them.
     */
    void startCursor() {
        neo4jClient.query("MERGE (c:AlertCursor {id: 'alerts'}) ON CREATE SET c.seq = $last")
                .bind(changeLog.last()).to("last").run();
    }

    /** Stores the alert unless one with its id exists (then nothing happens); queues its deliveries. */
    void save(Alert alert) {
        neo4jClient.query("""
                        MERGE (a:Alert {id: $id})
                        ON CREATE SET a.watchId = $watchId, a.changeSeq = $seq, a.raisedAt = $raisedAt, a.body = $body, a.new = true
                        WITH a WHERE a.new
                        REMOVE a.new
                        WITH a
                        MATCH (h:Webhook) WHERE $watchId IN h.watches
                        // Lock the webhook before reading 'enabled': a 410 disabling it concurrently either sees this
                        // delivery (and marks it DISABLED) or is seen here (and none is queued).
                        SET h.lastQueuedAt = datetime()
                        WITH a, h WHERE h.enabled
                        MERGE (d:WebhookDelivery {id: 'msg_' + substring(a.id, 6) + '_' + h.id})
                        ON CREATE SET d.webhookId = h.id, d.alertId = a.id, d.status = 'PENDING', d.attempts = 0,
                                      d.createdAt = datetime(), d.nextAttemptAt = datetime()""")
                .bindAll(Map.of("id", alert.id(), "watchId", alert.watchId(), "seq", alert.changeSeq(),
                        "raisedAt", alert.raisedAt(), "body", json.writeValueAsString(alert)))
                .run();
    }

    /** A page of a watch's alerts, newest first (by change entry, then id). */
    @Transactional(readOnly = true)
    Page<Alert> page(String watchId, int first, String after) {
        int limit = Page.rowsToRead(first);
        long afterSeq = Long.MAX_VALUE;
        String afterId = "";
        if (after != null) {
            Page.KeyedCursor<Long> cursor = Page.keyedCursor(after, Long::valueOf);
            afterSeq = cursor.key();
            afterId = cursor.id();
        }
        List<Alert> rows = List.copyOf(neo4jClient.query("""
                        MATCH (a:Alert {watchId: $watchId})
                        WHERE a.changeSeq < $afterSeq OR (a.changeSeq = $afterSeq AND a.id < $afterId)
                        RETURN a.body ORDER BY a.changeSeq DESC, a.id DESC LIMIT $limit""")
                .bind(watchId).to("watchId").bind(afterSeq).to("afterSeq").bind(afterId).to("afterId")
                .bind(limit).to("limit")
                .fetchAs(Alert.class).mappedBy((types, record) -> parse(record.get(0).asString())).all());
        return Page.of(rows, first, alert -> alert.changeSeq() + "|" + alert.id(), () -> neo4jClient.query(
                "MATCH (a:Alert {watchId: $watchId}) RETURN count(a)").bind(watchId).to("watchId")
                .fetchAs(Long.class).one().orElse(0L));
    }

    /** A watch's alerts after a position (change entry, id), oldest first: what a subscriber has not seen yet. */
    @Transactional(readOnly = true)
    List<Alert> after(String watchId, long seq, String id) {
        return List.copyOf(neo4jClient.query("""
                        MATCH (a:Alert {watchId: $watchId}) WHERE a.changeSeq > $seq OR (a.changeSeq = $seq AND a.id > $id)
                        RETURN a.body ORDER BY a.changeSeq, a.id LIMIT 100""")
                .bind(watchId).to("watchId").bind(seq).to("seq").bind(id).to("id")
                .fetchAs(Alert.class).mappedBy((types, record) -> parse(record.get(0).asString())).all());
    }

    /** The position of a watch's latest alert: a new subscriber starts after it. */
    @Transactional(readOnly = true)
    Map<String, Object> latest(String watchId) {
        return neo4jClient.query("""
                        MATCH (a:Alert {watchId: $watchId}) RETURN a.changeSeq AS seq, a.id AS id ORDER BY a.changeSeq DESC, a.id DESC LIMIT 1""")
                .bind(watchId).to("watchId").fetch().one().orElse(Map.of("seq", 0L, "id", ""));
    }

    /** The delivered body of an alert. */
    String body(String alertId) {
        return neo4jClient.query("MATCH (a:Alert {id: $id}) RETURN a.body").bind(alertId).to("id")
                .fetchAs(String.class).one().orElse(null);
    }

    Alert parse(String body) {
        return json.readValue(body, Alert.class);
    }
}
