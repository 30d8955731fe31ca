package org.exposuregraph.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Records every import and export request with its outcome, before the response completes. */
@Component
class HttpAuditFilter extends OncePerRequestFilter {

    private final AuditLog audit;

    HttpAuditFilter(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            String actor = CurrentKey.name().orElse(null);
            String operation = request.getMethod() + " " + request.getRequestURI();
            String outcome = "HTTP " + response.getStatus();
            java.util.Map<String, Object> query = request.getQueryString() == null ? null
                    : java.util.Map.of("query", request.getQueryString());
            if (request.getAttribute(SecurityErrors.REFUSAL) == null) { // refusals are audited by RefusalAuditFilter
                audit.record(new AuditLog.Entry(actor, request.getRequestURI().startsWith("/api/imports") ? "IMPORT" : "EXPORT",
                        operation, query, outcome, request.getRemoteAddr(), null));
            }
        }
    }
}
