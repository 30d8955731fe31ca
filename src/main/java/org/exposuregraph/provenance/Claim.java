package org.exposuregraph.provenance;

import org.exposuregraph.graph.ClaimStance;
import org.exposuregraph.security.Tlp;
import java.util.List;

/** One statement about a fact by one or more sources; contradicting claims are all kept. */
public record Claim(String id, String subjectId, String property, String value, String statement,
                    int confidence, ClaimStance stance, List<String> sourceIds, Tlp tlp) implements Sourced {
}
