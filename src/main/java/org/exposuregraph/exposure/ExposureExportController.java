package org.exposuregraph.exposure;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.api.ExportText;
import org.exposuregraph.api.NotFoundException;
import org.exposuregraph.organisation.Organisation;
import org.exposuregraph.organisation.OrganisationService;
import org.exposuregraph.taxonomy.DataCategory;
import org.exposuregraph.taxonomy.TaxonomyService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tabular exports for automation: one CSV row per exposed client × exposed category, with the shortest
 * explaining path. Column names are stable (documented in docs/analytics.md).
 */
@RestController
class ExposureExportController {

    static final List<String> COLUMNS = List.of("breached_vendor_ids", "client_id", "client_name", "client_kind",
            "category_id", "category_name", "special_category", "sensitive_population", "hops", "direct", "path",
            "people", "confidence", "disputed");
    private static final int NAME_BATCH = 5_000;

    private final ExposureService exposure;
    private final IncidentAnalyticsService incidents;
    private final OrganisationService organisations;
    private final TaxonomyService taxonomy;

    ExposureExportController(ExposureService exposure, IncidentAnalyticsService incidents, OrganisationService organisations,
                             TaxonomyService taxonomy) {
        this.exposure = exposure;
        this.incidents = incidents;
        this.organisations = organisations;
        this.taxonomy = taxonomy;
    }

    @GetMapping("/api/exports/exposure.csv")
    void vendorExposure(@RequestParam String vendorId, @RequestParam(defaultValue = "3") int maxDepth,
                        @RequestParam(required = false) String asOf, HttpServletResponse response) throws IOException {
        write(exposure.vendorExposure(vendorId, maxDepth, null, null, date(asOf)), "exposure-" + vendorId, response);
    }

    @GetMapping("/api/exports/incident-exposure.csv")
    void incidentExposure(@RequestParam String incidentId, @RequestParam(required = false) String asOf,
                          HttpServletResponse response) throws IOException {
        write(incidents.incidentImpact(incidentId, date(asOf)).exposure(), "incident-" + incidentId, response);
    }

    /** An ISO date (2021-09-02) or null when absent; anything else is a 400 with a one-line message. */
    private static LocalDate date(String asOf) {
        if (asOf == null || asOf.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(asOf);
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequestException("'asOf' must be a date such as 2021-09-02");
        }
    }

    private void write(VendorExposure result, String name, HttpServletResponse response) throws IOException {
        Map<String, DataCategory> categories = taxonomy.byId();
        response.setContentType("text/csv");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".csv\"");
        Writer out = response.getWriter();
        out.write(ExportText.csvLine(COLUMNS.toArray(String[]::new)));
        String vendors = String.join(" ", result.vendorIds());
        List<ExposedClient> clients = result.exposedClients();
        for (int start = 0; start < clients.size(); start += NAME_BATCH) {
            List<ExposedClient> batch = clients.subList(start, Math.min(clients.size(), start + NAME_BATCH));
            Map<String, Organisation> names = organisations.findAllById(batch.stream().map(ExposedClient::clientId).toList());
            for (ExposedClient client : batch) {
                Organisation organisation = names.get(client.clientId());
                for (String categoryId : client.categoryIds()) {
                    DataCategory category = categories.get(categoryId);
                    out.write(ExportText.csvLine(vendors, client.clientId(), organisation == null ? "" : organisation.name(),
                            organisation == null || organisation.kind() == null ? "" : organisation.kind().name(),
                            categoryId, category == null ? "" : category.name(),
                            Boolean.toString(category != null && category.specialCategory()),
                            Boolean.toString(category != null && category.sensitivePopulation()),
                            Integer.toString(client.hops()), Boolean.toString(client.direct()),
                            String.join(" > ", client.pathIds()),
                            client.people() == null ? "" : client.people().toString(),
                            Integer.toString(client.confidence()), Boolean.toString(client.disputed())));
                }
            }
        }
        out.flush();
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<String> notFound(NotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(org.springframework.http.MediaType.TEXT_PLAIN).body(e.getMessage());
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<String> badRequest(BadRequestException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(org.springframework.http.MediaType.TEXT_PLAIN).body(e.getMessage());
    }

    @ExceptionHandler(org.springframework.web.bind.MissingServletRequestParameterException.class)
    ResponseEntity<String> missing(org.springframework.web.bind.MissingServletRequestParameterException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(org.springframework.http.MediaType.TEXT_PLAIN)
                .body("'" + e.getParameterName() + "' is required");
    }
}
