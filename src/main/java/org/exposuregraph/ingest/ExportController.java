package org.exposuregraph.ingest;

import java.util.Map;

import org.exposuregraph.api.NotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** {@code GET /api/exports/native|stix|graphml}: the graph streamed as it is read. */
@RestController
class ExportController {

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
    ResponseEntity<StreamingResponseBody> nativeFormat(@RequestParam(required = false) String vendor) {
        if (vendor != null) {
            // Checked before the response starts, so an unknown vendor is a 404, not a broken stream.
            nativeExporter.requireOrganisation(vendor);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(out -> nativeExporter.export(vendor, out));
    }

    @GetMapping(path = "/api/exports/stix", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<StreamingResponseBody> stix() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(stixExporter::export);
    }

    @GetMapping(path = "/api/exports/graphml", produces = "application/graphml+xml")
    ResponseEntity<StreamingResponseBody> graphMl() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/graphml+xml"))
                .body(graphMlExporter::export);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Map<String, String>> notFound(NotFoundException e) {
        return ResponseEntity.status(404).body(Map.of("error", e.getMessage()));
    }
}
