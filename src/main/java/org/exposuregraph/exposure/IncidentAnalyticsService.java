package org.exposuregraph.exposure;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.exposuregraph.incident.Incident;
import org.exposuregraph.incident.IncidentLink;
import org.exposuregraph.incident.IncidentService;
import org.exposuregraph.security.Visibility;
import org.exposuregraph.threat.ThreatActor;
import org.exposuregraph.threat.ThreatService;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The morning after: what an incident reaches and who must notify, and what an actor can reach now. */
@Service
@Transactional(readOnly = true)
public class IncidentAnalyticsService {

    /** UK GDPR Art. 33(1): notify the ICO within 72 hours of becoming aware. */
    public static final int NOTIFICATION_HOURS = 72;

    private final ExposureService exposure;
    private final IncidentService incidents;
    private final ThreatService threats;
    private final Neo4jClient neo4jClient;
    private final String actorReachQuery;

    IncidentAnalyticsService(ExposureService exposure, IncidentService incidents, ThreatService threats,
                             Neo4jClient neo4jClient) {
        this.exposure = exposure;
        this.incidents = incidents;
        this.threats = threats;
        this.neo4jClient = neo4jClient;
        this.actorReachQuery = CypherQueries.load("threat-actor-reach");
    }

    /**
     * @param asOf the date the exposure is for; by default the incident's discovery date (who used the breached
     *             vendors then), or today when that is unknown
     */
    public IncidentImpact incidentImpact(String incidentId, LocalDate asOf) {
        Incident incident = incidents.require(incidentId);
        LocalDate date = asOf != null ? asOf : Validity.dateOrToday(incident.discovered());
        List<String> breached = targets(incidentId, IncidentLink.Kind.BREACHED);
        List<String> affected = targets(incidentId, IncidentLink.Kind.AFFECTED);
        List<String> leaked = targets(incidentId, IncidentLink.Kind.LEAKED);
        VendorExposure reached = breached.isEmpty()
                ? ExposureService.summarise(List.of(), ExposureService.DEFAULT_DEPTH, date, List.of(), Map.of())
                : exposure.exposureOf(breached, ExposureService.DEFAULT_DEPTH, null, null, date);
        return new IncidentImpact(incident, date, breached, reached, leaked,
                notifications(incident, reached, affected, Set.copyOf(breached), Set.copyOf(leaked)));
    }

    private List<String> targets(String incidentId, IncidentLink.Kind kind) {
        return incidents.links(List.of(incidentId), kind).getOrDefault(incidentId, List.of()).stream()
                .map(IncidentLink::targetId).distinct().sorted().toList();
    }

    /**
     * One notification per controller: every exposed client, plus organisations the sources name as affected
     * (not the breached processors themselves). No discovery date, no deadline: the list is then empty.
     */
    private List<IncidentImpact.Notification> notifications(Incident incident, VendorExposure reached, List<String> affected,
                                                             Set<String> breached, Set<String> leaked) {
        if (incident.discovered() == null) {
            return List.of();
        }
        OffsetDateTime deadline = incident.discovered().atStartOfDay().atOffset(ZoneOffset.UTC).plusHours(NOTIFICATION_HOURS);
        Map<String, IncidentImpact.Notification> byController = new LinkedHashMap<>();
        for (ExposedClient client : reached.exposedClients()) {
            boolean highRisk = client.specialCategory() || client.sensitivePopulation();
            List<String> leakedHere = client.categoryIds().stream().filter(leaked::contains).toList();
            String reason = "Its data (" + String.join(", ", client.categoryIds()) + ") is held "
                    + (client.direct() ? "by breached processor " : "through the chain " + String.join(" → ", client.pathIds()) + " by ")
                    + client.pathIds().get(client.pathIds().size() - 1)
                    + (leakedHere.isEmpty() ? "" : "; reported leaked: " + String.join(", ", leakedHere))
                    + (highRisk ? "; special-category or sensitive-population data: high risk, tell the individuals (Art. 34)" : "");
            byController.put(client.clientId(), new IncidentImpact.Notification(client.clientId(), deadline, highRisk, reason,
                    client.categoryIds(), client.people()));
        }
        for (String id : affected) {
            if (!byController.containsKey(id) && !breached.contains(id)) {
                byController.put(id, new IncidentImpact.Notification(id, deadline, false,
                        "Named as affected by the sources, but no recorded data flow reaches a breached processor; "
                                + "check what it entrusted", List.of(), null));
            }
        }
        List<IncidentImpact.Notification> result = new ArrayList<>(byController.values());
        result.sort(Comparator.comparing((IncidentImpact.Notification n) -> !n.notifyIndividuals())
                .thenComparing(IncidentImpact.Notification::controllerId));
        return List.copyOf(result);
    }

    @SuppressWarnings("unchecked")
    public ThreatActorReach threatActorReach(String actorId, LocalDate asOf) {
        ThreatActor actor = threats.requireActor(actorId);
        LocalDate date = Validity.dateOrToday(asOf);
        Map<String, Object> row = neo4jClient.query(actorReachQuery).bind(actorId).to("actorId")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .bind(date).to(Validity.PARAMETER).fetch().one().orElseThrow();
        List<String> family = (List<String>) row.get("familyIds");
        Map<String, Incident> incidentsById = new LinkedHashMap<>();
        incidents.attributedTo(family).values().forEach(list -> list.forEach(i -> incidentsById.putIfAbsent(i.id(), i)));
        List<Incident> history = new ArrayList<>(incidentsById.values());
        history.sort(Comparator.comparing((Incident i) -> i.discovered() == null ? "" : i.discovered().toString()).reversed()
                .thenComparing(Incident::id));
        List<String> vendors = (List<String>) row.get("atRiskVendorIds");
        List<ExposedClient> clients = new ArrayList<>(vendors.isEmpty() ? List.of()
                : exposure.exposureOf(vendors, ExposureService.DEFAULT_DEPTH, null, null, date).exposedClients());
        clients.sort(AT_RISK_ORDER);
        return new ThreatActorReach(actor, date, family, List.copyOf(history), (List<String>) row.get("victimIds"),
                (List<String>) row.get("vulnerabilityIds"), (List<String>) row.get("softwareIds"), vendors, List.copyOf(clients));
    }

    /** Most sensitive data first, then special category, then most people, then id. */
    static final Comparator<ExposedClient> AT_RISK_ORDER = Comparator.comparingInt(ExposedClient::maxSensitivity).reversed()
            .thenComparing(ExposedClient::specialCategory, Comparator.reverseOrder())
            .thenComparing((ExposedClient c) -> c.people() == null ? -1 : c.people(), Comparator.reverseOrder())
            .thenComparing(ExposedClient::clientId);
}
