package org.exposuregraph.support;

import java.time.Duration;

import org.springframework.test.web.reactive.server.WebTestClient;

/** Real HTTP clients to a running test application. */
public final class TestClients {

    /** Generous: the first request to a freshly started application on a busy 2-core machine can take seconds. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private TestClients() {
    }

    /** A client for {@code http://localhost:<port>}, sending no API key. */
    public static WebTestClient anonymous(int port) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(RESPONSE_TIMEOUT).build();
    }

    /** A client for {@code http://localhost:<port><path>} sending this API key on every request. */
    public static WebTestClient withKey(int port, String path, String apiKey) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port + path).responseTimeout(RESPONSE_TIMEOUT)
                .defaultHeader(TestKeys.HEADER, apiKey).build();
    }
}
