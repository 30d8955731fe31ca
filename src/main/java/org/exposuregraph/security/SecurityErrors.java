package org.exposuregraph.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/** The JSON body of every refusal by the HTTP security layer: a classification and a message to act on. */
final class SecurityErrors {

    private SecurityErrors() {
    }

    static void write(HttpServletResponse response, int status, String classification, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // Messages are texts from this package with configured names in them: escaping quotes and backslashes suffices.
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        response.getWriter().write("{\"errors\":[{\"message\":\"" + escaped + "\",\"extensions\":{\"classification\":\""
                + classification + "\"}}]}");
    }
}
