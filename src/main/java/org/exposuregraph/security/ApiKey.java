package org.exposuregraph.security;

/**
 * A configured key, held only as its SHA-256 hash; or the caller behind a bearer token, with no hash.
 *
 * @param name      how audit records and logs name the key (never the key itself)
 * @param sha256    the key's hash; null for a bearer token's caller, which no presented key can match
 */
public record ApiKey(String name, byte[] sha256, Role role, Tlp clearance) {
}
