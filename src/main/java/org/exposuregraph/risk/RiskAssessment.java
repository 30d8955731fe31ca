package org.exposuregraph.risk;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * A vendor's 0–100 risk score and the factors that make it up (their contributions add up to the score).
 *
 * @param asOf the date it is for: only facts holding on it count
 */
public record RiskAssessment(String vendorId, LocalDate asOf, double score, List<RiskFactor> factors) {

    /** Highest score first, then id: the order of vendorRiskAssessments. */
    public static final Comparator<RiskAssessment> RANKING = Comparator.comparingDouble((RiskAssessment a) -> a.score()).reversed()
            .thenComparing(RiskAssessment::vendorId);

    /**
     * @param value        normalised to 0–1
     * @param weight       configured weight
     * @param contribution points of the 0–100 score: 100 × weight × value / sum of weights
     */
    public record RiskFactor(String name, double value, double weight, double contribution, String explanation) {
    }
}
