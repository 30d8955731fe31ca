package org.exposuregraph.graph;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.exposuregraph.security.Tlp;

/**
 * The write model: the records every writer hands to {@link DocumentWriter} — hand edits, and the native, ODS and
 * STIX formats translated into it. Serialised as JSON it is the product's own format (docs/import-formats.md):
 * the seed is written in it and the native export produces it. Sections are lists of plain records; every section
 * may be absent.
 */
public record NativeDocument(
        String format,
        Integer version,
        List<@Valid SourceRow> sources,
        List<@Valid CategoryRow> dataCategories,
        List<@Valid OrganisationRow> organisations,
        List<@Valid SoftwareRow> software,
        List<@Valid VulnerabilityRow> vulnerabilities,
        List<@Valid ActorRow> threatActors,
        List<@Valid ActorRelationRow> actorRelations,
        List<@Valid ExploitRow> exploits,
        List<@Valid DataFlowRow> dataFlows,
        List<@Valid SubProcessingRow> subProcessing,
        List<@Valid SoftwareUseRow> softwareUse,
        List<@Valid IncidentRow> incidents,
        List<@Valid ClaimRow> claims) {

    public static final String FORMAT = "exposuregraph-native";
    static final String ID_PATTERN = WriteRules.ID_PATTERN;
    static final String ID_MESSAGE = WriteRules.ID_MESSAGE;

    public NativeDocument {
        sources = orEmpty(sources);
        dataCategories = orEmpty(dataCategories);
        organisations = orEmpty(organisations);
        software = orEmpty(software);
        vulnerabilities = orEmpty(vulnerabilities);
        threatActors = orEmpty(threatActors);
        actorRelations = orEmpty(actorRelations);
        exploits = orEmpty(exploits);
        dataFlows = orEmpty(dataFlows);
        subProcessing = orEmpty(subProcessing);
        softwareUse = orEmpty(softwareUse);
        incidents = orEmpty(incidents);
        claims = orEmpty(claims);
    }

    /** Builds a document with some sections, for hand edits. */
    public static final class Builder {
        private List<SourceRow> sources;
        private List<OrganisationRow> organisations;
        private List<DataFlowRow> dataFlows;
        private List<SubProcessingRow> subProcessing;
        private List<IncidentRow> incidents;
        private List<ClaimRow> claims;

        public Builder source(SourceRow row) {
            sources = List.of(row);
            return this;
        }

        public Builder organisation(OrganisationRow row) {
            organisations = List.of(row);
            return this;
        }

        public Builder dataFlow(DataFlowRow row) {
            dataFlows = List.of(row);
            return this;
        }

        public Builder subProcessing(SubProcessingRow row) {
            subProcessing = List.of(row);
            return this;
        }

        public Builder incident(IncidentRow row) {
            incidents = List.of(row);
            return this;
        }

        public Builder claim(ClaimRow row) {
            claims = List.of(row);
            return this;
        }

        public NativeDocument build() {
            return new NativeDocument(FORMAT, 1, sources, null, organisations, null, null, null, null, null, dataFlows,
                    subProcessing, null, incidents, claims);
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    public record SourceRow(@NotNull @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String id,
                            @NotBlank String publisher, String title, String url, LocalDate published, Tlp tlp) {
        Map<String, Object> properties() {
            return props("id", id, "publisher", publisher, "title", title, "url", url, "published", published,
                    "tlp", Tlp.stored(tlp));
        }
    }

    public record CategoryRow(@NotNull @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String id,
                              @NotBlank String name, String description, String parent, boolean specialCategory,
                              boolean sensitivePopulation, @Min(1) @Max(5) int sensitivity) {
        Map<String, Object> properties() {
            return props("id", id, "name", name, "description", description, "specialCategory", specialCategory,
                    "sensitivePopulation", sensitivePopulation, "sensitivity", sensitivity, "searchText", id);
        }
    }

    public record OrganisationRow(@NotNull @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String id,
                                  @NotBlank String name, @NotNull OrganisationKind kind, List<String> aliases,
                                  String odsCode, String companyNumber, String domain, String postcode,
                                  OrganisationStatus status, LocalDate openDate, LocalDate closeDate,
                                  String commissionerCode, String icbCode, boolean unnamedGroup, String description,
                                  Tlp tlp) {
        Map<String, Object> properties() {
            List<String> names = aliases == null ? List.of() : aliases;
            return props("id", id, "name", name, "kind", kind.name(), "aliases", names, "odsCode", odsCode,
                    "companyNumber", companyNumber, "domain", domain, "postcode", postcode,
                    "status", (status == null ? OrganisationStatus.ACTIVE : status).name(), "openDate", openDate,
                    "closeDate", closeDate, "commissionerCode", commissionerCode, "icbCode", icbCode, "unnamedGroup", unnamedGroup,
                    "description", description, "tlp", Tlp.stored(tlp),
                    "searchText", searchText(Stream.concat(names.stream(), Stream.of(odsCode, companyNumber, domain))));
        }
    }

    public record SoftwareRow(@NotNull @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String id,
                              @NotBlank String name, String publisher, Tlp tlp) {
        Map<String, Object> properties() {
            return props("id", id, "name", name, "publisher", publisher, "tlp", Tlp.stored(tlp),
                    "searchText", searchText(Stream.of(publisher)));
        }
    }

    public record VulnerabilityRow(@NotNull @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String id,
                                   @NotBlank String name, String description, @Min(0) @Max(10) Double cvss,
                                   LocalDate published, List<String> affects, Tlp tlp) {
        public VulnerabilityRow {
            affects = affects == null ? List.of() : affects;
        }

        Map<String, Object> properties() {
            return props("id", id, "name", name, "description", description, "cvss", cvss, "published", published,
                    "tlp", Tlp.stored(tlp), "searchText", id);
        }
    }

    public record ActorRow(@NotNull @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String id,
                           @NotBlank String name, @NotNull ActorType type, List<String> aliases,
                           List<String> externalIds, String description, Tlp tlp) {
        Map<String, Object> properties() {
            List<String> names = aliases == null ? List.of() : aliases;
            List<String> ids = externalIds == null ? List.of() : externalIds;
            return props("id", id, "name", name, "type", type.name(), "aliases", names, "externalIds", ids,
                    "description", description, "tlp", Tlp.stored(tlp),
                    "searchText", searchText(Stream.concat(names.stream(), ids.stream())));
        }
    }

    /** A sourced fact between two nodes; {@code id} defaults to one derived from its ends. */
    public interface FactRow {
        String id();

        Integer confidence();

        List<String> sourceIds();

        /** The fact's TLP marking; null = CLEAR. */
        Tlp tlp();

        /** The id the fact stores, given the one derived from its ends. */
        default String storedId(String derivedId) {
            return id() == null ? derivedId : id();
        }

        default Map<String, Object> factProperties(String derivedId, boolean disputed) {
            return props("id", storedId(derivedId), "confidence", Facts.storedConfidence(confidence()),
                    "sourceIds", Facts.storedSources(sourceIds()), "disputed", Facts.storedDisputed(disputed),
                    "tlp", Tlp.stored(tlp()));
        }
    }

    public enum ActorRelationType { USES, RELATED_TO }

    public record ActorRelationRow(String id, @NotBlank String from, @NotBlank String to, @NotNull ActorRelationType type,
                                   @Min(0) @Max(100) Integer confidence, List<String> sourceIds, Tlp tlp) implements FactRow {
        String factId() {
            return id != null ? id : Facts.actorRelationId(type.name(), from, to);
        }
    }

    public record ExploitRow(String id, @NotBlank String actor, @NotBlank String vulnerability,
                             @Min(0) @Max(100) Integer confidence, List<String> sourceIds, Tlp tlp) implements FactRow {
        String factId() {
            return id != null ? id : Facts.exploitId(actor, vulnerability);
        }
    }

    public record DataFlowRow(String id, @NotBlank String client, @NotBlank String processor,
                              List<String> categories, @Min(0) Integer people, @Min(0) Long records,
                              String purpose, LocalDate since, LocalDate until, String endReason,
                              @Min(0) @Max(100) Integer confidence, List<String> sourceIds, Tlp tlp) implements FactRow {
        String factId() {
            return id != null ? id : Facts.dataFlowId(client, processor);
        }

        /** None when it is the one derived from its ends (Facts). */
        @Override
        public String storedId(String derivedId) {
            return Facts.storedDataFlowId(factId(), client, processor);
        }
    }

    /** {@code categories} absent, null or {@code ["*"]}: everything the processor holds is passed on. */
    public record SubProcessingRow(String id, @NotBlank String processor, @NotBlank String subProcessor,
                                   List<String> categories, String purpose, LocalDate since, LocalDate until, String endReason,
                                   @Min(0) @Max(100) Integer confidence, List<String> sourceIds, Tlp tlp) implements FactRow {
        String factId() {
            return id != null ? id : Facts.subProcessingId(processor, subProcessor);
        }
    }

    public record SoftwareUseRow(String id, @NotBlank String organisation, @NotBlank String software,
                                 LocalDate since, LocalDate until, String endReason, @Min(0) @Max(100) Integer confidence, List<String> sourceIds, Tlp tlp) implements FactRow {
        String factId() {
            return id != null ? id : Facts.softwareUseId(organisation, software);
        }
    }

    /** A link from an incident to a breached vendor, leaked category, affected organisation, actor or CVE. */
    public record LinkRow(String id, @NotBlank String target, @Min(0) @Max(100) Integer confidence,
                          List<String> sourceIds, Tlp tlp) implements FactRow {
    }

    public record IncidentRow(@NotNull @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String id,
                              @NotBlank String name, @NotNull IncidentKind kind, LocalDate discovered,
                              LeakStatus leakStatus, String ransomDemand, String summary,
                              @Min(0) @Max(100) Integer confidence, List<String> sourceIds,
                              List<@Valid LinkRow> breached, List<@Valid LinkRow> leaked,
                              List<@Valid LinkRow> affected, List<@Valid LinkRow> attributedTo,
                              List<@Valid LinkRow> exploited, Tlp tlp) {
        public IncidentRow {
            breached = breached == null ? List.of() : breached;
            leaked = leaked == null ? List.of() : leaked;
            affected = affected == null ? List.of() : affected;
            attributedTo = attributedTo == null ? List.of() : attributedTo;
            exploited = exploited == null ? List.of() : exploited;
        }

        Map<String, Object> properties(boolean disputed) {
            return props("id", id, "name", name, "kind", kind.name(), "discovered", discovered,
                    "leakStatus", (leakStatus == null ? LeakStatus.UNKNOWN : leakStatus).name(),
                    "ransomDemand", ransomDemand, "summary", summary, "confidence", confidence == null ? Facts.DEFAULT_CONFIDENCE : confidence,
                    "sourceIds", sourceIds == null ? List.of() : sourceIds, "disputed", disputed, "tlp", Tlp.stored(tlp),
                    "searchText", id);
        }
    }

    public record ClaimRow(@NotNull @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String id,
                           @NotBlank String subject, @NotBlank String property, String value,
                           @NotBlank String statement, @Min(0) @Max(100) Integer confidence, ClaimStance stance,
                           List<String> sourceIds, Tlp tlp) {
        Map<String, Object> properties() {
            return props("id", id, "subjectId", subject, "property", property, "value", value, "statement", statement,
                    "confidence", confidence == null ? Facts.DEFAULT_CONFIDENCE : confidence,
                    "stance", (stance == null ? ClaimStance.SUPPORTS : stance).name(),
                    "sourceIds", sourceIds == null ? List.of() : sourceIds, "tlp", Tlp.stored(tlp));
        }

        boolean disputes() {
            return stance == ClaimStance.DISPUTES;
        }
    }

    /** Property maps without nulls, so that {@code SET n = $props} stores exactly what was given. */
    static Map<String, Object> props(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    private static String searchText(Stream<String> terms) {
        List<String> present = new ArrayList<>();
        terms.filter(t -> t != null && !t.isBlank()).forEach(present::add);
        return String.join(" | ", present);
    }
}
