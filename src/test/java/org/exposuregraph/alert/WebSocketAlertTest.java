package org.exposuregraph.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.exposuregraph.support.AlertRequests;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.exposuregraph.support.GraphQlWebSocket;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * The {@code alerts} subscription over a real WebSocket ({@code graphql-transport-ws} at {@code /graphql-ws}), with a
 * client speaking the protocol by hand ({@link GraphQlWebSocket}): the key in the connection_init payload (as a
 * browser must send it) or in the upgrade request's header gets the same alert as over SSE (WebhookAlertTest); an
 * unknown key or no key is closed with 4401, a wrong header key and a cross-origin upgrade are refused, another key's
 * watch gets NOT_FOUND, and a key that cannot see a RED vendor gets no alert about it.
 */
@EmptyGraphTest
class WebSocketAlertTest {

    private static final String SUBSCRIPTION = """
            subscription($w: ID!) { alerts(watchId: $w) {
              id watchId event subjectId sourceOrganisations
              exposed { organisationId name categories specialCategory hops path } } }""";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Autowired
    HttpGraphQlTester graphQl;
    @Autowired
    GraphFixtures fixtures;
    @LocalServerPort
    int port;

    private final List<GraphQlWebSocket> sockets = new ArrayList<>();

    @BeforeEach
    void loadChain() {
        fixtures.load("alerts-chain");
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(GraphQlWebSocket::close);
    }

    private GraphQlWebSocket open(Map<String, String> headers) {
        GraphQlWebSocket socket = GraphQlWebSocket.open(port, "/graphql-ws", headers);
        sockets.add(socket);
        return socket;
    }

    /** A connection acknowledged for this key (in the connection_init payload), subscribed to the watch's alerts. */
    private GraphQlWebSocket subscribed(String key, String watchId) throws InterruptedException {
        GraphQlWebSocket socket = open(Map.of());
        socket.init(Map.of(TestKeys.HEADER, key));
        assertThat(socket.next(WAIT)).containsEntry("type", "connection_ack");
        socket.subscribe("1", SUBSCRIPTION, Map.of("w", watchId));
        return socket;
    }

    /** The alert a {@code next} message carries, failing on anything else. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> alertIn(Map<String, Object> message) {
        assertThat(message).as("a message within %s", WAIT).isNotNull();
        assertThat(message).as("%s", message).containsEntry("type", "next").containsEntry("id", "1");
        Map<String, Object> payload = (Map<String, Object>) message.get("payload");
        assertThat(payload).as("%s", message).doesNotContainKey("errors");
        return (Map<String, Object>) ((Map<String, Object>) payload.get("data")).get("alerts");
    }

    @SuppressWarnings("unchecked")
    @Test
    void aSubscriptionOverWebSocketReceivesTheAlertWithTheKeyInThePayloadOrTheHeader() throws Exception {
        String watchId = AlertRequests.createWatch(graphQl, Map.of("name", "Riverside", "organisations", List.of("gp-a")));
        GraphQlWebSocket payloadKey = subscribed(TestKeys.ADMIN, watchId);
        GraphQlWebSocket headerKey = open(Map.of(TestKeys.HEADER, TestKeys.ADMIN));
        headerKey.init(null);
        assertThat(headerKey.next(WAIT)).containsEntry("type", "connection_ack");
        headerKey.subscribe("1", SUBSCRIPTION, Map.of("w", watchId));

        AlertRequests.recordIncident(port, "cloud-host-2026", "cloud-host", null);

        List<Map<String, Object>> stored = AlertRequests.awaitAlerts(graphQl, watchId, 1);
        assertThat(stored).hasSize(1);
        for (GraphQlWebSocket socket : List.of(payloadKey, headerKey)) {
            Map<String, Object> alert = alertIn(socket.next(WAIT));
            assertThat(alert).containsEntry("watchId", watchId).containsEntry("event", "INCIDENT")
                    .containsEntry("subjectId", "cloud-host-2026")
                    .containsEntry("sourceOrganisations", List.of("cloud-host"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> exposed = (List<Map<String, Object>>) alert.get("exposed");
            assertThat(exposed).singleElement().satisfies(practice -> {
                assertThat(practice).containsEntry("organisationId", "gp-a").containsEntry("name", "Riverside Surgery")
                        .containsEntry("specialCategory", true).containsEntry("hops", 2)
                        .containsEntry("path", List.of("gp-a", "records-co", "cloud-host"));
                assertThat((List<Object>) practice.get("categories")).containsExactlyInAnyOrder("mental-health", "identity-contact");
            });
            // The alert the API keeps, field for field.
            alert.forEach((field, value) -> assertThat(stored.get(0)).containsEntry(field, value));
            assertThat(socket.next(Duration.ofSeconds(1))).as("sent once").isNull();
        }
        // Each subscription ran as its connection's key, and was audited under its name.
        assertThat(graphQl.document("""
                        { auditLog(first: 50, kind: "GRAPHQL") { edges { node { actor operation outcome } } } }""")
                .execute().path("auditLog.edges[*].node").entityList(Map.class).get())
                .filteredOn(event -> "subscription (anonymous) [alerts]".equals(event.get("operation")))
                .hasSizeGreaterThanOrEqualTo(2).allSatisfy(event -> assertThat(event.get("actor")).isNotNull());
    }

    @Test
    void anUnknownKeyOrNoKeyIsClosedWith4401AndAWrongHeaderKeyOrOriginIsRefused() throws Exception {
        GraphQlWebSocket unknownKey = open(Map.of());
        unknownKey.init(Map.of(TestKeys.HEADER, "not-a-key-000000000000000"));
        GraphQlWebSocket noKey = open(Map.of());
        noKey.init(null);
        GraphQlWebSocket subscribeFirst = open(Map.of());
        subscribeFirst.subscribe("1", SUBSCRIPTION, Map.of("w", "any"));

        assertThat(unknownKey.closeCode(WAIT)).isEqualTo(4401);
        assertThat(noKey.closeCode(WAIT)).isEqualTo(4401);
        // The protocol's own refusal of an operation before connection_ack.
        assertThat(subscribeFirst.closeCode(WAIT)).isEqualTo(4401);
        for (GraphQlWebSocket closed : List.of(unknownKey, noKey, subscribeFirst)) {
            assertThat(closed.next(Duration.ZERO)).as("no connection_ack, no data").isNull();
        }

        // The wrong key is audited like one over HTTP, named by its hash.
        assertThat(graphQl.document("""
                        { auditLog(first: 50, kind: "REFUSED") { edges { node { actor operation outcome } } } }""")
                .execute().path("auditLog.edges[*].node").entityList(Map.class).get())
                .anySatisfy(event -> assertThat(event).containsEntry("operation", "WEBSOCKET connection_init")
                        .containsEntry("outcome", "4401 UNAUTHENTICATED")
                        .hasEntrySatisfying("actor", actor -> assertThat((String) actor).startsWith("unknown key-")));

        // 401, or 429 once this address has sent too many wrong keys this minute (other tests in this application).
        assertThatThrownBy(() -> open(Map.of(TestKeys.HEADER, "not-a-key-000000000000000")))
                .isInstanceOfSatisfying(GraphQlWebSocket.HandshakeRefused.class, e -> assertThat(e.status()).isIn(401, 429));
        assertThatThrownBy(() -> open(Map.of("Origin", "https://elsewhere.example")))
                .isInstanceOfSatisfying(GraphQlWebSocket.HandshakeRefused.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @SuppressWarnings("unchecked")
    @Test
    void anotherKeysWatchIsNotFound() throws Exception {
        String watchId = AlertRequests.createWatch(graphQl, Map.of("name", "Riverside", "organisations", List.of("gp-a")));
        GraphQlWebSocket others = subscribed(TestKeys.EDITOR, watchId);

        Map<String, Object> refusal = others.next(WAIT);
        assertThat(refusal).as("an answer to the subscription").isNotNull().containsEntry("id", "1");
        List<Map<String, Object>> errors = refusal.get("payload") instanceof Map<?, ?> payload
                ? (List<Map<String, Object>>) payload.get("errors") : (List<Map<String, Object>>) refusal.get("payload");
        assertThat(errors).as("%s", refusal).extracting(e -> ((Map<String, Object>) e.get("extensions")).get("classification"))
                .containsExactly("NOT_FOUND");

        AlertRequests.recordIncident(port, "cloud-host-2026", "cloud-host", null);
        assertThat(AlertRequests.awaitAlerts(graphQl, watchId, 1)).hasSize(1);
        Map<String, Object> after = others.next(Duration.ofSeconds(2));
        assertThat(after == null || "complete".equals(after.get("type"))).as("no alert: %s", after).isTrue();
    }

    @Test
    void aKeyThatCannotSeeARedVendorGetsNoAlertAboutIt() throws Exception {
        // An AMBER key's watch and a fully cleared key's watch on the same practice.
        HttpGraphQlTester amberAdmin = HttpGraphQlTester.create(TestClients.withKey(port, "/graphql", TestKeys.AMBER_ADMIN));
        String amberWatch = AlertRequests.createWatch(amberAdmin, Map.of("name", "amber", "organisations", List.of("gp-a")));
        String redWatch = AlertRequests.createWatch(graphQl, Map.of("name", "red", "organisations", List.of("gp-a")));
        GraphQlWebSocket amber = subscribed(TestKeys.AMBER_ADMIN, amberWatch);
        GraphQlWebSocket red = subscribed(TestKeys.ADMIN, redWatch);

        // A vendor marked RED receives the practice's records from records-co, and is breached.
        AlertRequests.importNative(port, """
                {"format": "exposuregraph-native", "version": 1,
                 "organisations": [{"id": "red-vault", "name": "Red Vault Ltd", "kind": "VENDOR", "tlp": "RED"}],
                 "subProcessing": [{"processor": "records-co", "subProcessor": "red-vault", "confidence": 70, "tlp": "RED"}]}""");
        AlertRequests.recordIncident(port, "red-vault-2026", "red-vault", "RED");
        // The fully cleared watch hears of it: the incident, and, when the alert engine reads the new link after the
        // incident was recorded, the link's new exposure first.
        Map<String, Object> redAlert = alertIn(red.next(WAIT));
        if ("NEW_EXPOSURE".equals(redAlert.get("event"))) {
            assertThat(redAlert).containsEntry("sourceOrganisations", List.of("red-vault"));
            redAlert = alertIn(red.next(WAIT));
        }
        assertThat(redAlert).containsEntry("event", "INCIDENT").containsEntry("subjectId", "red-vault-2026");

        // Then a breach the AMBER key can see: the first and only alert its socket gets is that one.
        AlertRequests.recordIncident(port, "cloud-host-2026", "cloud-host", null);
        assertThat(alertIn(red.next(WAIT))).containsEntry("subjectId", "cloud-host-2026");
        assertThat(alertIn(amber.next(WAIT))).containsEntry("subjectId", "cloud-host-2026");
        assertThat(amber.next(Duration.ofSeconds(1))).isNull();
        assertThat(AlertRequests.alerts(amberAdmin, amberWatch)).extracting(a -> a.get("subjectId"))
                .containsExactly("cloud-host-2026");
    }
}
