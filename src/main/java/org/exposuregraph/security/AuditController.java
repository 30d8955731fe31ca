package org.exposuregraph.security;

import java.time.OffsetDateTime;

import org.exposuregraph.api.Page;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

@Controller
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @QueryMapping
    Page<AuditEvent> auditLog(@Argument Integer first, @Argument String after, @Argument String actor,
                              @Argument String outcome, @Argument String kind, @Argument OffsetDateTime since,
                              @Argument OffsetDateTime until) {
        CurrentKey.require(Role.ADMIN, "The audit log");
        return audit.page(Page.checkPageSize(first), after, new AuditLog.Filter(actor, outcome, kind, since, until));
    }
}
