package org.exposuregraph.risk;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A vendor's 0–100 risk score and the factors that make it up (their contributions add up to the score).
 *
 * @param asOf the date it is for: only facts holding on it count
 */
public record RiskAssessment(String vendorId, LocalDate asOf, double score, List<RiskFactor> factors) {

    /** Highest score first, then id: the order of vendorRiskAssessments. */
    public static final Comparator<RiskAssessment> RANKING = ranking(RiskAssessment::score, RiskAssessment::vendorId);

    /** The order of vendorRiskAssessments for anything with a score and a vendor id (the ranking's own entries). */
    static <T> Comparator<T> ranking(ToDoubleFunction<T> score, Function<T, String> vendorId) {
        return Comparator.comparingDouble(score).reversed().thenComparing(vendorId);
    }

    /**
     * @param value        normalised to 0–1
     * @param weight       configured weight
     * @param contribution points of the 0–100 score: 100 × weight × value / sum of weights
     */
    public record RiskFactor(String name, double value, double weight, double contribution, String explanation) {
    }
}
