package org.exposuregraph.threat;

import org.exposuregraph.graph.ActorType;
import java.util.List;

/** A ransomware gang, intrusion set or threat group. Related actors are linked, never merged. */
public record ThreatActor(String id, String name, ActorType type, List<String> aliases, List<String> externalIds,
                          String description) {
}
