package org.exposuregraph.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/** Refuses GraphQL request bodies over the configured size before they are read. */
class RequestSizeFilter extends OncePerRequestFilter {

    private final long maxBytes;

    RequestSizeFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/graphql");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        // Chunked bodies have no length up front; refuse them rather than read an unbounded stream.
        if (length > maxBytes || (length < 0 && "POST".equals(request.getMethod()))) {
            SecurityErrors.write(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "REQUEST_TOO_LARGE",
                    "GraphQL requests are limited to " + maxBytes + " bytes with a Content-Length (exposuregraph.security.max-request-size)");
            return;
        }
        chain.doFilter(request, response);
    }
}
