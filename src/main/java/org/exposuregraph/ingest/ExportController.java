package org.exposuregraph.ingest;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.exposuregraph.api.NotFoundException;
import org.exposuregraph.security.Visibility;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/exports/native|stix|graphml}: the graph written to the response as it is read. Written on
 * the request thread (not an async dispatch), so the request's authentication and audit apply throughout.
 * Each holds only what the caller's TLP clearance lets them see.
 */
@RestController
class ExportController {

    private static final String GRAPHML = "application/graphml+xml";

    private final NativeExporter nativeExporter;
    private final StixExporter stixExporter;
    private final GraphMlExporter graphMlExporter;

    ExportController(NativeExporter nativeExporter, StixExporter stixExporter, GraphMlExporter graphMlExporter) {
        this.nativeExporter = nativeExporter;
        this.stixExporter = stixExporter;
        this.graphMlExporter = graphMlExporter;
    }

    /** The whole graph, or with {@code vendor} that vendor's supply chain, in the native import format. */
    @GetMapping(path = "/api/exports/native", produces = MediaType.APPLICATION_JSON_VALUE)
    void nativeFormat(@RequestParam(required = false) String vendor, HttpServletResponse response) throws IOException {
        if (vendor != null) {
            // Checked before the response starts, so an unknown vendor is a 404, not a broken stream.
            nativeExporter.requireOrganisation(vendor, Visibility.current());
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        nativeExporter.export(vendor, Visibility.current(), response.getOutputStream());
    }

    @GetMapping(path = "/api/exports/stix", produces = MediaType.APPLICATION_JSON_VALUE)
    void stix(HttpServletResponse response) throws IOException {
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        stixExporter.export(Visibility.current(), response.getOutputStream());
    }

    @GetMapping(path = "/api/exports/graphml", produces = GRAPHML)
    void graphMl(HttpServletResponse response) throws IOException {
        response.setContentType(GRAPHML);
        graphMlExporter.export(Visibility.current(), response.getOutputStream());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Map<String, String>> notFound(NotFoundException e) {
        return ResponseEntity.status(404).body(Map.of("error", e.getMessage()));
    }
}
