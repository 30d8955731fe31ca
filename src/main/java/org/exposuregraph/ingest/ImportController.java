package org.exposuregraph.ingest;

import org.exposuregraph.graph.ImportReport;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.security.Tlp;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code POST /api/imports/{format}} with the file as the request body. Answers the import report: 200 when
 * everything was accepted, 422 when rows were rejected (and nothing was written).
 */
@RestController
class ImportController {

    static final String JOBS = "/api/imports/jobs/";

    private final ImportService imports;
    private final ImportJobs jobs;

    ImportController(ImportService imports, ImportJobs jobs) {
        this.imports = imports;
        this.jobs = jobs;
    }

    /**
     * {@code ?tlp=AMBER}: every record imported is marked at least AMBER (a row's stricter marking wins).
     * {@code ?source=NAME} (inventory): the facts written are recorded as asserted by NAME; with {@code mode=sync}
     * the file is NAME's whole truth and NAME's facts it no longer holds are ended. {@code ?async=true}: 202 at once
     * with the job's status and its {@code Location}, {@code /api/imports/jobs/{id}}, which ends with the same report.
     */
    @PostMapping(path = "/api/imports/{format}")
    ResponseEntity<?> importFile(@PathVariable String format, @RequestParam(required = false) String tlp,
                                 @RequestParam(required = false) String mode,
                                 @RequestParam(required = false) String source,
                                 @RequestParam(defaultValue = "false") boolean async,
                                 HttpServletRequest request) throws IOException {
        Tlp marking = parseMarking(tlp);
        ImportSource on = ImportSource.parse(mode, source);
        if (async) {
            try (InputStream body = request.getInputStream()) {
                ImportJobs.Status job = jobs.start(format, body, marking, on);
                return ResponseEntity.accepted().location(java.net.URI.create(JOBS + job.id())).body(job);
            }
        }
        try (InputStream body = request.getInputStream()) {
            ImportReport report = imports.importStream(format, body, marking, on);
            return ResponseEntity.status(report.accepted() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(report);
        }
    }

    /**
     * An import job's phase, rows checked and written, rate, and at the end its report (the synchronous answer's
     * JSON) or error. 404 for an unknown id and for a job another key started (unless the caller is an ADMIN).
     */
    @GetMapping(path = JOBS + "{id}")
    ResponseEntity<?> job(@PathVariable String id) {
        return jobs.find(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "No import job '" + id + "' for this key")));
    }

    static Tlp parseMarking(String tlp) {
        if (tlp == null || tlp.isBlank()) {
            return null;
        }
        try {
            return Tlp.valueOf(tlp.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("Unknown TLP marking '" + tlp + "'; known: CLEAR, GREEN, AMBER, AMBER_STRICT, RED");
        }
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<Map<String, String>> badRequest(BadRequestException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
