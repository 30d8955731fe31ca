package org.exposuregraph.support;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;

/** Reads the change record over real HTTP with the ADMIN key, for tests that check what a write recorded. */
public final class ChangeRecord {

    private static final String QUERY = """
            query($after: Long) { changes(after: $after, first: 500) {
              seq at operation actor created updated ended removed categories organisations tlp } }""";

    private ChangeRecord() {
    }

    /** The entries numbered above {@code seq}, in order, each as its JSON fields. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> after(int port, long seq) {
        Map<String, Object> body = TestClients.withKey(port, "", TestKeys.ADMIN).post().uri("/graphql")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", QUERY, "variables", Map.of("after", seq)))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return (List<Map<String, Object>>) ((Map<String, Object>) body.get("data")).get("changes");
    }

    /** The highest number handed out so far; 0 for an empty record. */
    public static long lastSeq(int port) {
        List<Map<String, Object>> all = after(port, 0);
        return all.isEmpty() ? 0 : ((Number) all.get(all.size() - 1).get("seq")).longValue();
    }
}
