package org.exposuregraph.security;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the {@code X-API-Key} header and applies the per-caller rate limit (to API keys and, as it
 * runs after bearer-token authentication, to token subjects). A wrong key is refused here; a missing key is
 * left to the authorisation rules, which answer 401 on every data endpoint.
 */
class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final ApiKeyStore keys;
    private final int requestsPerMinute;
    private final String limitExplained;
    private final FailedKeyAttempts failedKeys;
    /** Requests per key this minute: a fixed window, cheap, and enough to stop a runaway script. */
    private final Map<String, MinuteWindow> windows = new ConcurrentHashMap<>();

    /**
     * @param instances how many instances serve the API behind one load balancer: each enforces its share of the
     *                  limit in memory, so together they admit about the configured limit without a database write
     *                  per request (which would send every read to the cluster leader)
     */
    ApiKeyFilter(ApiKeyStore keys, int requestsPerMinute, int instances, FailedKeyAttempts failedKeys) {
        if (instances < 1) {
            throw new IllegalArgumentException("exposuregraph.cluster.instances must be at least 1");
        }
        this.keys = keys;
        this.failedKeys = failedKeys;
        this.requestsPerMinute = share(requestsPerMinute, instances);
        this.limitExplained = instances == 1 ? "exposuregraph.security.requests-per-minute"
                : "this instance's share of exposuregraph.security.requests-per-minute = " + requestsPerMinute
                + " over exposuregraph.cluster.instances = " + instances;
    }

    /** One instance's share of a limit, rounded up so that a key is never refused below the limit by rounding. */
    static int share(int requestsPerMinute, int instances) {
        return (requestsPerMinute + instances - 1) / instances;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HEADER);
        if (presented != null) {
            var key = authenticate(presented, request, response);
            if (key.isEmpty()) {
                return;
            }
            SecurityContextHolder.getContext().setAuthentication(new ApiKeyAuthentication(key.get()));
        }
        var caller = CurrentKey.get();
        if (caller.isPresent()
                && windows.computeIfAbsent(caller.get().getName(), name -> new MinuteWindow()).add(System.nanoTime()) > requestsPerMinute) {
            response.setHeader("Retry-After", "60");
            SecurityErrors.write(request, response, 429, "RATE_LIMITED",
                    "Rate limit of " + requestsPerMinute + " requests per minute for this key exceeded (" + limitExplained + ")");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The key presented, or empty after answering the refusal: 401 for a wrong key, 429 (slowed) once the client
     * address has used its free wrong keys for the minute. See {@link FailedKeyAttempts} for why a right key
     * always gets through.
     */
    private java.util.Optional<ApiKey> authenticate(String presented, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String address = request.getRemoteAddr();
        boolean slowed = failedKeys.throttled(address);
        if (slowed && !failedKeys.enter(address)) {
            tooManyFailures(request, response, address);
            return java.util.Optional.empty();
        }
        try {
            var key = keys.authenticate(presented);
            if (key.isPresent()) {
                return key;
            }
            request.setAttribute(SecurityErrors.UNKNOWN_KEY, ApiKeyStore.unknownKeyName(presented));
            Duration delay = failedKeys.failed(address);
            if (delay.isZero()) {
                SecurityErrors.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "UNAUTHENTICATED",
                        "The API key in the X-API-Key header is not valid");
                return java.util.Optional.empty();
            }
            pause(delay);
            tooManyFailures(request, response, address);
            return java.util.Optional.empty();
        } finally {
            if (slowed) {
                failedKeys.leave(address);
            }
        }
    }

    private void tooManyFailures(HttpServletRequest request, HttpServletResponse response, String address) throws IOException {
        response.setHeader("Retry-After", Long.toString(failedKeys.retryAfterSeconds(address)));
        SecurityErrors.write(request, response, 429, "TOO_MANY_FAILED_KEYS", "More than " + failedKeys.freePerMinute()
                + " wrong API keys from this address in a minute: wrong keys are now slowed down and refused"
                + " (exposuregraph.security.limits.failed-keys-per-minute)");
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
