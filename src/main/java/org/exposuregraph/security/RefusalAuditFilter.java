package org.exposuregraph.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Audits every request the HTTP security layer refuses (401, 403, 413, 429): who (the key's name, or the
 * wrong key's hash prefix), from where, what and why. First in the security chain, so it sees them all.
 */
class RefusalAuditFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RefusalAuditFilter.class);

    private final AuditLog audit;

    RefusalAuditFilter(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.getAttribute(SecurityErrors.REFUSAL) instanceof SecurityErrors.Refusal refusal) {
                try {
                    audit.record(new AuditLog.Entry(refusal.actor(), "REFUSED", request.getMethod() + " " + request.getRequestURI(),
                            null, "HTTP " + response.getStatus() + " " + refusal.classification(), request.getRemoteAddr(),
                            refusal.message()));
                } catch (RuntimeException e) {
                    // The refusal stands; a database that cannot take the record is logged, not answered with a 500.
                    log.error("Could not audit the refusal of {} {} from {}", request.getMethod(), request.getRequestURI(),
                            request.getRemoteAddr(), e);
                }
            }
        }
    }
}
