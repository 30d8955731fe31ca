package org.exposuregraph.ingest;

import java.util.Map;

import org.exposuregraph.security.Tlp;
import tools.jackson.databind.JsonNode;

/**
 * The standard TLP marking definitions of STIX 2.1: the TLP 1.0 ones of the specification (section 7.2.1.4)
 * and the TLP 2.0 ones of the OASIS extension. Imports read either; exports write TLP 2.0.
 */
final class StixMarkings {

    private static final Map<Tlp, String> TLP_2 = Map.of(
            Tlp.CLEAR, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            Tlp.GREEN, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            Tlp.AMBER, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            Tlp.AMBER_STRICT, "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            Tlp.RED, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");

    private static final Map<String, Tlp> BY_ID = Map.of(
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", Tlp.CLEAR, // TLP:WHITE
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", Tlp.GREEN,
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", Tlp.AMBER,
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Tlp.RED,
            TLP_2.get(Tlp.CLEAR), Tlp.CLEAR,
            TLP_2.get(Tlp.GREEN), Tlp.GREEN,
            TLP_2.get(Tlp.AMBER), Tlp.AMBER,
            TLP_2.get(Tlp.AMBER_STRICT), Tlp.AMBER_STRICT,
            TLP_2.get(Tlp.RED), Tlp.RED);

    private StixMarkings() {
    }

    /** The most restricted TLP marking among an object's {@code object_marking_refs}; null when it has none. */
    static Tlp of(JsonNode object) {
        Tlp most = null;
        for (JsonNode ref : object.path("object_marking_refs").values()) {
            Tlp tlp = BY_ID.get(ref.asString(""));
            if (tlp != null && (most == null || tlp.compareTo(most) > 0)) {
                most = tlp;
            }
        }
        return most;
    }

    /** The TLP 2.0 marking definition id for a stored marking (absent = CLEAR). */
    static String idOf(Object stored) {
        return TLP_2.get(stored == null ? Tlp.CLEAR : Tlp.valueOf(stored.toString()));
    }
}
