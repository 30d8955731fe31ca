package org.exposuregraph.alert;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.exposuregraph.api.FieldError;
import org.exposuregraph.api.NotFoundException;
import org.exposuregraph.api.Page;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Webhooks ({@code (:Webhook)} bookkeeping nodes owned by a key) and their delivery log. */
@Service
public class WebhookService {

    private final Neo4jClient neo4jClient;
    private final WatchService watches;

    WebhookService(Neo4jClient neo4jClient, WatchService watches) {
        this.neo4jClient = neo4jClient;
        this.watches = watches;
    }

    /** What {@code createWebhook} takes. */
    public record WebhookInput(String url, List<String> watches, String description) {
    }

    /** The created webhook with its secret, shown this once, or why not. */
    public record WebhookPayload(Webhook webhook, String secret, List<FieldError> errors) {
    }

    @Transactional
    public WebhookPayload create(WebhookInput input) {
        String owner = WatchService.owner();
        List<FieldError> errors = new ArrayList<>();
        try {
            URI uri = URI.create(input.url() == null ? "" : input.url().strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                errors.add(new FieldError("url", "must be an absolute http or https URL"));
            }
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("url", "is not a URL"));
        }
        List<String> watchIds = input.watches() == null ? List.of() : input.watches().stream().distinct().toList();
        if (watchIds.isEmpty()) {
            errors.add(new FieldError("watches", "name at least one of your watches"));
        }
        for (String id : watchIds) {
            try {
                watches.mine(id);
            } catch (NotFoundException e) {
                errors.add(new FieldError("watches", "no watch of yours has id " + id));
            }
        }
        if (input.description() != null && input.description().length() > 500) {
            errors.add(new FieldError("description", "at most 500 characters"));
        }
        if (!errors.isEmpty()) {
            return new WebhookPayload(null, null, List.copyOf(errors));
        }
        String secret = StandardWebhooks.newSecret();
        Webhook webhook = new Webhook("webhook-" + UUID.randomUUID(), input.url().strip(), watchIds, input.description(),
                true, null, OffsetDateTime.now(ZoneOffset.UTC));
        Map<String, Object> properties = new HashMap<>();
        properties.put("id", webhook.id());
        properties.put("owner", owner);
        properties.put("url", webhook.url());
        properties.put("watches", watchIds);
        properties.put("description", webhook.description());
        properties.put("enabled", true);
        properties.put("secret", secret);
        properties.put("createdAt", webhook.createdAt());
        neo4jClient.query("CREATE (h:Webhook) SET h = $properties").bind(properties).to("properties").run();
        return new WebhookPayload(webhook, secret, List.of());
    }

    @Transactional(readOnly = true)
    public List<Webhook> mine() {
        return List.copyOf(neo4jClient.query("""
                        MATCH (h:Webhook {owner: $owner}) RETURN h {.*, secret: null} AS h ORDER BY h.createdAt, h.id""")
                .bind(WatchService.owner()).to("owner").fetchAs(Webhook.class)
                .mappedBy((types, record) -> webhook(record.get("h").asMap())).all());
    }

    private Webhook mine(String id) {
        return mine().stream().filter(h -> h.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("Webhook", id));
    }

    @Transactional
    public String delete(String id) {
        mine(id);
        neo4jClient.query("""
                MATCH (h:Webhook {id: $id}) OPTIONAL MATCH (d:WebhookDelivery {webhookId: $id}) DETACH DELETE d, h""")
                .bind(id).to("id").run();
        return id;
    }

    /** The delivery log of one of the caller's webhooks, newest first. */
    @Transactional(readOnly = true)
    public List<WebhookDelivery> deliveries(String webhookId, Integer first) {
        mine(webhookId);
        int size = Math.max(1, Page.checkPageSize(first));
        return List.copyOf(neo4jClient.query("""
                        MATCH (d:WebhookDelivery {webhookId: $id}) RETURN d {.*} AS d ORDER BY d.createdAt DESC, d.id LIMIT $first""")
                .bind(webhookId).to("id").bind(size).to("first").fetchAs(WebhookDelivery.class)
                .mappedBy((types, record) -> delivery(record.get("d").asMap())).all());
    }

    static Webhook webhook(Map<String, Object> h) {
        return new Webhook((String) h.get("id"), (String) h.get("url"), WatchService.strings(h.get("watches")),
                (String) h.get("description"), Boolean.TRUE.equals(h.get("enabled")), (String) h.get("disabledReason"),
                WatchService.offset(h.get("createdAt")));
    }

    private static WebhookDelivery delivery(Map<String, Object> d) {
        return new WebhookDelivery((String) d.get("id"), (String) d.get("alertId"), (String) d.get("status"),
                ((Number) d.get("attempts")).intValue(),
                d.get("lastStatusCode") == null ? null : ((Number) d.get("lastStatusCode")).intValue(),
                (String) d.get("lastError"), WatchService.offset(d.get("nextAttemptAt")),
                WatchService.offset(d.get("lastAttemptAt")), WatchService.offset(d.get("createdAt")));
    }
}
