package org.exposuregraph.risk;

import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;

import org.dataloader.DataLoader;
import org.exposuregraph.api.Page;
import org.exposuregraph.organisation.Organisation;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

@Controller
class RiskController {

    private final RiskService risk;

    RiskController(RiskService risk) {
        this.risk = risk;
    }

    @QueryMapping
    RiskAssessment vendorRiskAssessment(@Argument String vendorId, @Argument LocalDate asOf) {
        return risk.assess(vendorId, asOf);
    }

    @QueryMapping
    Page<RiskAssessment> vendorRiskAssessments(@Argument Integer first, @Argument String after, @Argument Double minScore,
                                                @Argument LocalDate asOf) {
        return risk.assessments(first, after, minScore, asOf);
    }

    @SchemaMapping(typeName = "RiskAssessment")
    CompletableFuture<Organisation> vendor(RiskAssessment assessment, DataLoader<String, Organisation> organisations) {
        return organisations.load(assessment.vendorId());
    }
}
