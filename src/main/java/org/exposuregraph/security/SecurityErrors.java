package org.exposuregraph.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The JSON body of every refusal by the HTTP security layer: a classification and a message to act on. The
 * refusal is also left on the request for {@link RefusalAuditFilter} to audit.
 */
final class SecurityErrors {

    private SecurityErrors() {
    }

    /** Request attribute: the refusal's classification and message, for the audit. */
    static final String REFUSAL = "exposuregraph.refusal";
    /** Request attribute: {@code unknown key-<hash prefix>} when a wrong API key was presented. */
    static final String UNKNOWN_KEY = "exposuregraph.unknownKey";

    record Refusal(String actor, String classification, String message) {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, int status, String classification,
                      String message) throws IOException {
        String actor = CurrentKey.name().orElse((String) request.getAttribute(UNKNOWN_KEY));
        request.setAttribute(REFUSAL, new Refusal(actor, classification, message));
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // Messages are texts from this package with configured names in them: escaping quotes and backslashes suffices.
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        response.getWriter().write("{\"errors\":[{\"message\":\"" + escaped + "\",\"extensions\":{\"classification\":\""
                + classification + "\"}}]}");
    }
}
