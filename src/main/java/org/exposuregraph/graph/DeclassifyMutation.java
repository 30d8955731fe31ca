package org.exposuregraph.graph;

import org.exposuregraph.security.Tlp;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** {@code declassify}: sets a fact's marking, lower included; ADMIN only. */
@Controller
class DeclassifyMutation {

    record DeclassifyInput(String id, Tlp tlp) {
    }

    private final Declassification declassification;

    DeclassifyMutation(Declassification declassification) {
        this.declassification = declassification;
    }

    @MutationMapping
    Declassification.Result declassify(@Argument DeclassifyInput input) {
        return declassification.declassify(input.id(), input.tlp());
    }
}
