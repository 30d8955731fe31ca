package org.exposuregraph.security;

/** Traffic Light Protocol 2.0 markings, least to most restricted: the clearance a key is configured with. */
public enum Tlp {
    CLEAR, GREEN, AMBER, AMBER_STRICT, RED
}
