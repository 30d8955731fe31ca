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

    private final ImportService imports;

    ImportController(ImportService imports) {
        this.imports = imports;
    }

    /**
     * {@code ?tlp=AMBER}: every record imported is marked at least AMBER (a row's stricter marking wins).
     * {@code ?source=NAME} (inventory): the facts written are recorded as asserted by NAME; with {@code mode=sync}
     * the file is NAME's whole truth and NAME's facts it no longer holds are ended.
     */
    @PostMapping(path = "/api/imports/{format}")
    ResponseEntity<ImportReport> importFile(@PathVariable String format, @RequestParam(required = false) String tlp,
                                            @RequestParam(required = false) String mode,
                                            @RequestParam(required = false) String source,
                                            HttpServletRequest request) throws IOException {
        Tlp marking = parseMarking(tlp);
        ImportSource on = ImportSource.parse(mode, source);
        try (InputStream body = request.getInputStream()) {
            ImportReport report = imports.importStream(format, body, marking, on);
            return ResponseEntity.status(report.accepted() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(report);
        }
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
