package org.exposuregraph.threat;

import java.util.List;

/** A ransomware gang, intrusion set or threat group. Related actors are linked, never merged. */
public record ThreatActor(String id, String name, Type type, List<String> aliases, List<String> externalIds,
                          String description) {

    public enum Type { THREAT_ACTOR, INTRUSION_SET, MALWARE, TOOL }
}
