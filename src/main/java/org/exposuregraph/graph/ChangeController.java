package org.exposuregraph.graph;

import java.util.List;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.api.Page;
import org.exposuregraph.security.CurrentKey;
import org.exposuregraph.security.Role;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** {@code changes(after:, first:)}: the change record, for administrators and the tools they point at it. */
@Controller
class ChangeController {

    private final ChangeLog changeLog;

    ChangeController(ChangeLog changeLog) {
        this.changeLog = changeLog;
    }

    @QueryMapping
    List<Change> changes(@Argument Long after, @Argument Integer first) {
        CurrentKey.require(Role.ADMIN, "The change record");
        if (after != null && after < 0) {
            throw new BadRequestException("after must be 0 or more, was " + after);
        }
        return changeLog.after(after == null ? 0 : after, Page.checkPageSize(first));
    }
}
