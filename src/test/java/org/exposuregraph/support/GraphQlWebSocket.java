package org.exposuregraph.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

/**
 * A GraphQL client over a real WebSocket speaking {@code graphql-transport-ws} by hand with the JDK's
 * {@link WebSocket}: every message the server sends is kept in order, so a test sees exactly what went over the
 * wire (no client library between it and the server). It answers the server's {@code ping} with {@code pong}, as
 * the protocol requires, and reads as fast as the server writes.
 */
public final class GraphQlWebSocket implements AutoCloseable {

    /** The subprotocol the server must accept. */
    public static final String PROTOCOL = "graphql-transport-ws";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** One client for every socket a test opens. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private final WebSocket socket;
    private final Listener listener;

    private GraphQlWebSocket(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.listener = listener;
    }

    /**
     * Opens {@code ws://localhost:<port><path>} with these upgrade request headers. Fails with
     * {@link HandshakeRefused} when the server answers the upgrade with an HTTP status instead.
     */
    public static GraphQlWebSocket open(int port, String path, Map<String, String> headers) {
        Listener listener = new Listener();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().subprotocols(PROTOCOL);
        headers.forEach(builder::header);
        try {
            WebSocket socket = builder.buildAsync(URI.create("ws://localhost:" + port + path), listener)
                    .get(60, TimeUnit.SECONDS);
            return new GraphQlWebSocket(socket, listener);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw new HandshakeRefused(refused.getResponse().statusCode());
            }
            throw new CompletionException(e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The WebSocket did not open", e);
        }
    }

    /** The upgrade request was answered with an HTTP status, not a WebSocket. */
    public static final class HandshakeRefused extends RuntimeException {
        private final int status;

        HandshakeRefused(int status) {
            super("The WebSocket upgrade was refused with HTTP " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Sends {@code connection_init} with this payload (none when null). */
    public void init(Map<String, Object> payload) {
        send(payload == null ? Map.of("type", "connection_init") : Map.of("type", "connection_init", "payload", payload));
    }

    /** Sends {@code subscribe} for the operation {@code id}. */
    public void subscribe(String id, String query, Map<String, Object> variables) {
        send(Map.of("id", id, "type", "subscribe", "payload", Map.of("query", query, "variables", variables)));
    }

    /** Sends one protocol message. */
    public void send(Map<String, Object> message) {
        socket.sendText(JSON.writeValueAsString(message), true).join();
    }

    /** The next message from the server other than {@code ping}/{@code pong}, or null when none came in time. */
    public Map<String, Object> next(Duration timeout) throws InterruptedException {
        return listener.messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The close code the server closed the connection with, or null when it stays open for this long. */
    public Integer closeCode(Duration timeout) throws InterruptedException {
        try {
            return listener.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return -1; // the connection broke without a close frame
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        private final BlockingQueue<Map<String, Object>> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                @SuppressWarnings("unchecked")
                Map<String, Object> message = JSON.readValue(partial.toString(), Map.class);
                partial.setLength(0);
                if ("ping".equals(message.get("type"))) {
                    socket.sendText("{\"type\":\"pong\"}", true);
                } else if (!"pong".equals(message.get("type"))) {
                    messages.add(message);
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
