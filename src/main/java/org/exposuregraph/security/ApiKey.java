package org.exposuregraph.security;

/**
 * A configured key, held only as its SHA-256 hash.
 *
 * @param name      how audit records and logs name the key (never the key itself)
 */
public record ApiKey(String name, byte[] sha256, Role role, Tlp clearance) {
}
