package org.exposuregraph.alert;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import org.exposuregraph.graph.PollingWorker;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the queued deliveries. A delivery is claimed for a while before it is sent (its write lock taken first,
 * then the claim re-read, so two instances never claim the same one), and its outcome recorded after: a 2xx
 * delivers it, a 410 disables the webhook and drops its queue, anything else (another status, no answer) is tried
 * again after an exponentially growing wait until {@link AlertProperties#maxAttempts()}. A process killed after
 * sending and before recording sends again when the claim lapses; the {@code webhook-id} is the same on every
 * attempt, so the receiver can tell (docs/alerts.md, "Delivery guarantees").
 */
@Service
class WebhookDeliverer implements InitializingBean {

    private static final int CLAIMED_PER_ROUND = 20;

    private final Neo4jClient neo4jClient;
    private final TransactionTemplate transactions;
    private final AlertStore alerts;
    private final AlertProperties properties;
    private final HttpClient http;
    private final String instance = UUID.randomUUID().toString();
    private final AlertEngine engine;
    private PollingWorker worker;

    WebhookDeliverer(Neo4jClient neo4jClient, TransactionTemplate transactions, AlertStore alerts,
                     AlertProperties properties, AlertEngine engine) {
        this.neo4jClient = neo4jClient;
        this.transactions = transactions;
        this.alerts = alerts;
        this.properties = properties;
        this.engine = engine;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void afterPropertiesSet() {
        if (properties.enabled()) {
            worker = new PollingWorker("webhook-deliverer", properties.pollInterval(), properties.idlePollInterval(), () -> {
                List<Map<String, Object>> claimed = claim();
                claimed.forEach(this::deliver);
                return !claimed.isEmpty();
            });
            // New alerts stored here queued their deliveries: claim them now rather than at the next poll.
            engine.alertsStored().subscribe(stored -> worker.wake());
        }
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    /** Claims due deliveries of enabled webhooks for this instance, for twice the receiver's timeout. */
    private List<Map<String, Object>> claim() {
        return transactions.execute(status -> List.copyOf(neo4jClient.query("""
                        MATCH (d:WebhookDelivery {status: 'PENDING'}) WHERE d.nextAttemptAt <= datetime()
                          AND (d.claimedUntil IS NULL OR d.claimedUntil < datetime())
                        WITH d ORDER BY d.nextAttemptAt LIMIT $limit
                        SET d.lock = $instance
                        WITH d WHERE d.status = 'PENDING' AND (d.claimedUntil IS NULL OR d.claimedUntil < datetime())
                        SET d.claimedUntil = datetime() + duration({milliseconds: $claimMillis}), d.claimedBy = $instance
                        WITH d MATCH (h:Webhook {id: d.webhookId}) WHERE h.enabled
                        RETURN d.id AS id, d.alertId AS alertId, d.attempts AS attempts, h.id AS webhookId, h.url AS url,
                               h.secret AS secret""")
                .bind(CLAIMED_PER_ROUND).to("limit").bind(instance).to("instance")
                .bind(properties.timeout().toMillis() * 2 + 5_000).to("claimMillis")
                .fetch().all()));
    }

    private void deliver(Map<String, Object> delivery) {
        String id = (String) delivery.get("id");
        String alertBody = alerts.body((String) delivery.get("alertId"));
        int attempts = ((Number) delivery.get("attempts")).intValue() + 1;
        if (alertBody == null) {
            record(id, "FAILED", attempts, null, "the alert no longer exists", null);
            return;
        }
        Alert alert = alerts.parse(alertBody);
        // Standard Webhooks' payload shape: type, timestamp, data. The same bytes on every attempt.
        String body = "{\"type\":\"alert." + alert.event().name().toLowerCase() + "\",\"timestamp\":\""
                + alert.raisedAt() + "\",\"data\":" + alertBody + "}";
        long timestamp = Instant.now().getEpochSecond();
        Integer statusCode = null;
        String error = null;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create((String) delivery.get("url")))
                    .timeout(properties.timeout())
                    .header("content-type", "application/json")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", StandardWebhooks.sign((String) delivery.get("secret"), id, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            statusCode = response.statusCode();
        } catch (java.io.IOException | IllegalArgumentException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down: the claim lapses and the delivery is tried again
        }
        if (statusCode != null && statusCode >= 200 && statusCode < 300) {
            record(id, "DELIVERED", attempts, statusCode, null, null);
        } else if (statusCode != null && statusCode == 410) {
            record(id, "DISABLED", attempts, statusCode, "the receiver answered 410 Gone", null);
            disable((String) delivery.get("webhookId"), "the receiver answered 410 Gone at " + OffsetDateTime.now(ZoneOffset.UTC));
        } else if (attempts >= properties.maxAttempts()) {
            record(id, "FAILED", attempts, statusCode, error == null ? "HTTP " + statusCode : error, null);
        } else {
            record(id, "PENDING", attempts, statusCode, error == null ? "HTTP " + statusCode : error,
                    OffsetDateTime.now(ZoneOffset.UTC).plus(properties.backoffAfter(attempts)));
        }
    }

    private void record(String id, String status, int attempts, Integer statusCode, String error, OffsetDateTime next) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("id", id);
        parameters.put("status", status);
        parameters.put("attempts", attempts);
        parameters.put("code", statusCode);
        parameters.put("error", error);
        parameters.put("next", next);
        transactions.executeWithoutResult(tx -> neo4jClient.query("""
                        MATCH (d:WebhookDelivery {id: $id})
                        SET d.status = $status, d.attempts = $attempts, d.lastStatusCode = $code, d.lastError = $error,
                            d.lastAttemptAt = datetime(), d.nextAttemptAt = $next, d.claimedUntil = null, d.claimedBy = null""")
                .bindAll(parameters).run());
    }

    private void disable(String webhookId, String reason) {
        transactions.executeWithoutResult(tx -> neo4jClient.query("""
                        MATCH (h:Webhook {id: $id}) SET h.enabled = false, h.disabledReason = $reason
                        WITH h MATCH (d:WebhookDelivery {webhookId: h.id, status: 'PENDING'})
                        SET d.status = 'DISABLED', d.nextAttemptAt = null""")
                .bind(webhookId).to("id").bind(reason).to("reason").run());
    }
}
