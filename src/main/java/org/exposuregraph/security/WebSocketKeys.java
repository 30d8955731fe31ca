package org.exposuregraph.security;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.springframework.core.Ordered;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The API key of a GraphQL WebSocket connection ({@code graphql-transport-ws}, docs/alerts.md). A browser cannot set
 * a header on the upgrade request, so the key may come in the {@code connection_init} payload as
 * {@code {"X-API-Key": "…"}}; otherwise the upgrade request's {@code X-API-Key} header (checked by {@link ApiKeyFilter}
 * like any request) counts. A connection with neither, or with an unknown key, is closed with 4401 Unauthorized
 * before any operation runs. Every operation of the connection then runs as that key: the same role, clearance
 * and ownership checks as over HTTP.
 */
class WebSocketKeys implements WebSocketGraphQlInterceptor, Ordered {

    /** The field of the {@code connection_init} payload that carries the key: the header's name. */
    static final String PAYLOAD_FIELD = ApiKeyFilter.HEADER;

    private static final String ATTRIBUTE = WebSocketKeys.class.getName() + ".key";
    /** The key under which Spring Security's thread-local accessor reads the context from Reactor's context. */
    private static final String SECURITY_CONTEXT = SecurityContext.class.getName();

    private final ApiKeyStore keys;
    private final FailedKeyAttempts failedKeys;
    private final AuditLog audit;

    WebSocketKeys(ApiKeyStore keys, FailedKeyAttempts failedKeys, AuditLog audit) {
        this.keys = keys;
        this.failedKeys = failedKeys;
        this.audit = audit;
    }

    /** First, so that the checks in {@link GraphQlAccessInstrumentation} see the connection's key. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo session, Map<String, Object> payload) {
        Object presented = payload == null ? null : payload.get(PAYLOAD_FIELD);
        if (presented == null) {
            // The upgrade request's key: the handshake's security context is restored while its messages are handled.
            Optional<ApiKeyAuthentication> upgradeKey = CurrentKey.get();
            if (upgradeKey.isEmpty()) {
                return refuse(Duration.ZERO, "No API key for this WebSocket connection");
            }
            session.getAttributes().put(ATTRIBUTE, upgradeKey.get());
            return Mono.empty();
        }
        Optional<ApiKey> key = presented instanceof String text ? keys.authenticate(text) : Optional.empty();
        if (key.isPresent()) {
            session.getAttributes().put(ATTRIBUTE, new ApiKeyAuthentication(key.get()));
            return Mono.empty();
        }
        // A wrong key counts towards the address's wrong keys over HTTP too, and its refusal is slowed down alike.
        String address = Objects.requireNonNullElse(
                GraphQlAccessInstrumentation.address(session.getRemoteAddress()), "unknown");
        audit.record(new AuditLog.Entry(presented instanceof String text ? ApiKeyStore.unknownKeyName(text) : null,
                "REFUSED", "WEBSOCKET connection_init", Map.of(), "4401 UNAUTHENTICATED", address,
                "The API key in the connection_init payload is not valid"));
        return refuse(failedKeys.failed(address), "The API key in the connection_init payload is not valid");
    }

    /**
     * A refusal after {@code delay}: Spring for GraphQL then closes the connection with 4401. Always from a timer,
     * even with no delay. An error ready at once (a callable {@code Mono.error}) makes Reactor run Spring's close as a
     * task on the session's scheduler that the Tomcat thread, racing it, may then cancel with an interrupt: the close
     * frame's blocking send was interrupted ("interrupted while waiting for a blocking send") and the client saw the
     * connection drop (1006) instead of 4401, once in 25 no-key connections here.
     */
    private static Mono<Object> refuse(Duration delay, String reason) {
        return Mono.delay(delay).then(Mono.error(new BadCredentialsException(reason)));
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, WebGraphQlInterceptor.Chain chain) {
        if (!(request instanceof WebSocketGraphQlRequest socket)
                || !(socket.getSessionInfo().getAttributes().get(ATTRIBUTE) instanceof ApiKeyAuthentication key)) {
            return chain.next(request);
        }
        SecurityContext context = new SecurityContextImpl(key);
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContextHolder.setContext(context);
        try {
            // The thread's context for the interceptors after this one, Reactor's for the data fetchers.
            return chain.next(request).contextWrite(Context.of(SECURITY_CONTEXT, context));
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
