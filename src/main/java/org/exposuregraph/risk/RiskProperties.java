package org.exposuregraph.risk;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Weights of the vendor-risk factors ({@code exposuregraph.risk.weights.*}, e.g. env
 * {@code EXPOSUREGRAPH_RISK_WEIGHTS_INCIDENTS=3}). Only their ratios matter: the score is the weighted
 * mean of the factor values, times 100. See docs/risk-model.md.
 *
 * @param criticalKinds client kinds counted as health or public bodies
 */
@ConfigurationProperties("exposuregraph.risk")
public record RiskProperties(@DefaultValue Weights weights,
                             @DefaultValue({"GP_PRACTICE", "NHS_TRUST", "NHS_BODY", "PRIVATE_CLINIC", "PRIVATE_HOSPITAL",
                                     "GOVERNMENT", "LOCAL_AUTHORITY", "LAW_ENFORCEMENT"}) List<String> criticalKinds) {

    public record Weights(@DefaultValue("3") double dataSensitivity,
                          @DefaultValue("2") double specialCategoryShare,
                          @DefaultValue("2") double dataVolume,
                          @DefaultValue("2") double clientBreadth,
                          @DefaultValue("1") double criticalClients,
                          @DefaultValue("1") double subProcessingDepth,
                          @DefaultValue("2") double incidentHistory,
                          @DefaultValue("2") double threatActors,
                          @DefaultValue("1.5") double vulnerabilities,
                          @DefaultValue("0.5") double uncertainty) {
    }
}
