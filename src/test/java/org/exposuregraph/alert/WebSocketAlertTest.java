package org.exposuregraph.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.exposuregraph.support.AlertRequests;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.client.SubscriptionErrorException;
import org.springframework.graphql.client.WebSocketDisconnectedException;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * The {@code alerts} subscription over a real WebSocket ({@code graphql-transport-ws} at {@code /graphql-ws}): the
 * key in the connection_init payload (as a browser must send it) or in the upgrade request's header gets the same
 * alert as over SSE (WebhookAlertTest); an unknown key, no key, or another key's watch gets none, and a
 * cross-origin upgrade is refused.
 */
@EmptyGraphTest
class WebSocketAlertTest {

    private static final String SUBSCRIPTION =
            "subscription($w: ID!) { alerts(watchId: $w) { id event subjectId exposed { organisationId path } } }";

    @Autowired
    HttpGraphQlTester graphQl;
    @Autowired
    GraphFixtures fixtures;
    @LocalServerPort
    int port;

    private final Disposable.Composite subscriptions = Disposables.composite();

    @BeforeEach
    void loadChain() {
        fixtures.load("alerts-chain");
    }

    @AfterEach
    void unsubscribe() {
        subscriptions.dispose();
    }

    /** What a subscription got: each alert, or the error that ended it. */
    private record Received(BlockingQueue<Map<String, Object>> alerts, BlockingQueue<Throwable> errors) {
    }

    private Received subscribe(WebSocketGraphQlClient.Builder<?> client, String watchId) {
        Received received = new Received(new LinkedBlockingQueue<>(), new LinkedBlockingQueue<>());
        subscriptions.add(client.build().document(SUBSCRIPTION).variable("w", watchId).executeSubscription()
                .subscribe(response -> {
                    Map<String, Object> alert = response.field("alerts").getValue();
                    if (alert == null) {
                        received.errors().add(new IllegalStateException("errors: " + response.getErrors()));
                    } else {
                        received.alerts().add(alert);
                    }
                }, received.errors()::add));
        return received;
    }

    private WebSocketGraphQlClient.Builder<?> client() {
        return WebSocketGraphQlClient.builder("ws://localhost:" + port + "/graphql-ws", new StandardWebSocketClient())
                .keepAlive(Duration.ZERO);
    }

    private WebSocketGraphQlClient.Builder<?> keyInPayload(String key) {
        return client().interceptor(new WebSocketGraphQlClientInterceptor() {
            @Override
            public Mono<Object> connectionInitPayload() {
                return Mono.just(Map.of(TestKeys.HEADER, key));
            }
        });
    }

    @Test
    void aSubscriptionOverWebSocketReceivesTheSameAlertWithTheKeyInThePayloadOrTheHeader() throws Exception {
        String watchId = AlertRequests.createWatch(graphQl, Map.of("name", "Riverside", "organisations", List.of("gp-a")));
        Received payloadKey = subscribe(keyInPayload(TestKeys.ADMIN), watchId);
        Received headerKey = subscribe(client().header(TestKeys.HEADER, TestKeys.ADMIN), watchId);
        Thread.sleep(2000); // the subscription starts after the watch's latest alert: let it start first

        AlertRequests.recordIncident(port, "cloud-host-2026", "cloud-host", null);

        for (Received received : List.of(payloadKey, headerKey)) {
            Map<String, Object> alert = received.alerts().poll(10, TimeUnit.SECONDS);
            assertThat(received.errors()).isEmpty();
            assertThat(alert).as("an alert over the WebSocket").isNotNull();
            assertThat(alert.get("event")).isEqualTo("INCIDENT");
            assertThat(alert.get("subjectId")).isEqualTo("cloud-host-2026");
            assertThat(alert.get("exposed")).isEqualTo(List.of(Map.of("organisationId", "gp-a",
                    "path", List.of("gp-a", "records-co", "cloud-host"))));
            assertThat(AlertRequests.alerts(graphQl, watchId)).extracting(a -> a.get("id")).containsExactly(alert.get("id"));
            assertThat(received.alerts().poll(1, TimeUnit.SECONDS)).as("once").isNull();
        }
    }

    @Test
    void anUnknownKeyNoKeyOrAnotherKeysWatchGetsNoAlertButAClearRefusal() throws Exception {
        String watchId = AlertRequests.createWatch(graphQl, Map.of("name", "Riverside", "organisations", List.of("gp-a")));
        Received unknownInPayload = subscribe(keyInPayload("not-a-key-000000000000000"), watchId);
        Received unknownInHeader = subscribe(client().header(TestKeys.HEADER, "not-a-key-000000000000000"), watchId);
        Received noKey = subscribe(client(), watchId);
        Received othersWatch = subscribe(keyInPayload(TestKeys.EDITOR), watchId);
        Thread.sleep(2000);

        AlertRequests.recordIncident(port, "cloud-host-2026", "cloud-host", null);
        assertThat(AlertRequests.awaitAlerts(graphQl, watchId, 1)).hasSize(1);
        Thread.sleep(1000); // a subscriber would have had it by now

        for (Received refused : List.of(unknownInPayload, unknownInHeader, noKey, othersWatch)) {
            assertThat(refused.alerts()).isEmpty();
        }
        for (Received closed : List.of(unknownInPayload, noKey)) {
            assertThat(closed.errors().poll(5, TimeUnit.SECONDS)).as("closed with 4401 Unauthorized")
                    .isInstanceOfSatisfying(WebSocketDisconnectedException.class,
                            e -> assertThat(e.getCloseStatus().getCode()).isEqualTo(4401));
        }
        assertThat(String.valueOf(unknownInHeader.errors().poll(5, TimeUnit.SECONDS))).as("the upgrade is refused").contains("401");
        assertThat(othersWatch.errors().poll(5, TimeUnit.SECONDS)).as("another key's watch")
                .isInstanceOfSatisfying(SubscriptionErrorException.class, e -> assertThat(e.getErrors())
                        .extracting(error -> String.valueOf(error.getErrorType())).containsExactly("NOT_FOUND"));
    }

    @Test
    void anUpgradeFromAnotherOriginIsRefused() {
        TestClients.anonymous(port).get().uri("/graphql-ws").header("Origin", "https://elsewhere.example")
                .header("Connection", "Upgrade").header("Upgrade", "websocket").header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").header("Sec-WebSocket-Protocol", "graphql-transport-ws")
                .exchange().expectStatus().isForbidden();
    }
}
