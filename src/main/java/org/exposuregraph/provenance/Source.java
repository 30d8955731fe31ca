package org.exposuregraph.provenance;

import org.exposuregraph.security.Tlp;
import java.time.LocalDate;

/** A publication, statement or data set that facts cite. */
public record Source(String id, String publisher, String title, String url, LocalDate published, Tlp tlp) {
}
