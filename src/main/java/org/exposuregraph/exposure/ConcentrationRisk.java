package org.exposuregraph.exposure;

import java.time.LocalDate;
import java.util.Comparator;

/**
 * How many clients depend on one organisation, directly or through sub-processing.
 *
 * @param asOf            the date it is for: only facts holding on it count
 * @param meanSensitivity mean over dependent clients of the highest sensitivity (1–5) they expose to it
 * @param score           dependentClients × meanSensitivity / 5 × log10(10 + people); see docs/risk-model.md
 */
public record ConcentrationRisk(String organisationId, LocalDate asOf, int dependentClients, int specialCategoryClients, Long people,
                                double meanSensitivity, double score) {

    /** Highest score first, then more clients, then id: deterministic for the same graph. */
    public static final Comparator<ConcentrationRisk> RANKING = Comparator.comparingDouble((ConcentrationRisk r) -> r.score()).reversed()
            .thenComparing(Comparator.comparingInt(ConcentrationRisk::dependentClients).reversed())
            .thenComparing(ConcentrationRisk::organisationId);

    public static ConcentrationRisk of(String organisationId, LocalDate asOf, int clients, int specialClients, Long people,
                                       long sensitivitySum) {
        double mean = clients == 0 ? 0 : (double) sensitivitySum / clients;
        return new ConcentrationRisk(organisationId, asOf, clients, specialClients, people, mean, scoreOf(clients, mean, people));
    }

    public static double scoreOf(int clients, double meanSensitivity, Long people) {
        double raw = clients * (meanSensitivity / 5.0) * Math.log10(10.0 + (people == null ? 0 : people));
        return Math.round(raw * 1000.0) / 1000.0;
    }
}
