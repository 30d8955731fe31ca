package org.exposuregraph.alert;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.exposuregraph.api.Page;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Watches, webhooks, past alerts and the {@code alerts} subscription (docs/alerts.md). */
@Controller
class AlertController {

    private final WatchService watches;
    private final WebhookService webhooks;
    private final AlertStore alerts;
    private final AlertProperties properties;
    private final AlertEngine engine;

    AlertController(WatchService watches, WebhookService webhooks, AlertStore alerts, AlertProperties properties,
                    AlertEngine engine) {
        this.watches = watches;
        this.webhooks = webhooks;
        this.alerts = alerts;
        this.properties = properties;
        this.engine = engine;
    }

    @MutationMapping
    WatchService.WatchPayload createWatch(@Argument WatchService.WatchInput input) {
        return watches.create(input);
    }

    @MutationMapping
    Map<String, String> deleteWatch(@Argument String id) {
        return Map.of("id", watches.delete(id));
    }

    @QueryMapping(name = "watches")
    List<Watch> watches() {
        return watches.mine();
    }

    @QueryMapping(name = "alerts")
    Page<Alert> alerts(@Argument String watchId, @Argument Integer first, @Argument String after) {
        watches.mine(watchId);
        return alerts.page(watchId, Page.checkPageSize(first), after);
    }

    @MutationMapping
    WebhookService.WebhookPayload createWebhook(@Argument WebhookService.WebhookInput input) {
        return webhooks.create(input);
    }

    @MutationMapping
    Map<String, String> deleteWebhook(@Argument String id) {
        return Map.of("id", webhooks.delete(id));
    }

    @QueryMapping(name = "webhooks")
    List<Webhook> webhooks() {
        return webhooks.mine();
    }

    @QueryMapping
    List<WebhookDelivery> webhookDeliveries(@Argument String webhookId, @Argument Integer first) {
        return webhooks.deliveries(webhookId, first);
    }

    /**
     * New alerts of the watch as they are stored, by whichever instance computed them: the subscription reads the
     * stored alerts after the last one it sent, starting after the watch's latest alert, as soon as this instance
     * has stored new ones and at least every idle poll interval (for other instances' alerts).
     */
    @SubscriptionMapping(name = "alerts")
    Flux<Alert> alertStream(@Argument String watchId) {
        watches.mine(watchId);
        Map<String, Object> start = alerts.latest(watchId);
        Object[] position = {((Number) start.get("seq")).longValue(), start.get("id")};
        return Flux.merge(Flux.interval(Duration.ZERO, properties.idlePollInterval()).map(tick -> true),
                        engine.alertsStored())
                .onBackpressureDrop()
                .concatMap(tick -> Mono.fromCallable(() -> alerts.after(watchId, (Long) position[0], (String) position[1]))
                        .subscribeOn(Schedulers.boundedElastic()), 1)
                .concatMapIterable(batch -> {
                    if (!batch.isEmpty()) {
                        Alert last = batch.get(batch.size() - 1);
                        position[0] = last.changeSeq();
                        position[1] = last.id();
                    }
                    return batch;
                });
    }
}
