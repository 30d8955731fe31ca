package org.exposuregraph.security;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Turns a verified JWT into the same authentication an API key gets, so role checks, the audit log and TLP
 * clearance treat both alike: the role is the highest one named in the role claim, the clearance comes from
 * the clearance claim (GREEN when absent, as for API keys), the name is {@code jwt:<sub>}. A token naming no
 * known role, or an unknown clearance, is refused.
 */
class BearerTokenConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    /** Prefix of bearer callers' names, so that a subject cannot pass for an API key in the audit log. */
    static final String NAME_PREFIX = "jwt:";

    private final String roleClaim;
    private final String clearanceClaim;

    BearerTokenConverter(SecurityProperties.Jwt properties) {
        this.roleClaim = properties.roleClaim();
        this.clearanceClaim = properties.clearanceClaim();
    }

    @Override
    public ApiKeyAuthentication convert(Jwt jwt) {
        if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            throw new RefusedToken("The bearer token has no subject (sub)");
        }
        Role role = values(claim(jwt, roleClaim)).stream().map(BearerTokenConverter::role).flatMap(Optional::stream)
                .max(Enum::compareTo)
                .orElseThrow(() -> new RefusedToken("The bearer token names no role (READER, ANALYST, EDITOR or ADMIN) in its claim "
                        + roleClaim + " (exposuregraph.security.jwt.role-claim)"));
        Object clearanceValue = claim(jwt, clearanceClaim);
        Tlp clearance = clearanceValue == null ? Tlp.GREEN : tlp(clearanceValue.toString())
                .orElseThrow(() -> new RefusedToken("The bearer token's claim " + clearanceClaim
                        + " is not a TLP level (CLEAR, GREEN, AMBER, AMBER_STRICT, RED)"));
        // No hash: a bearer caller has no key; the name is all the audit log needs.
        return new ApiKeyAuthentication(new ApiKey(NAME_PREFIX + jwt.getSubject(), null, role, clearance));
    }

    /** The claim by its exact name, else as a dotted path into nested claims (Keycloak's {@code realm_access.roles}). */
    private static Object claim(Jwt jwt, String name) {
        if (jwt.hasClaim(name)) {
            return jwt.getClaim(name);
        }
        Object value = jwt.getClaims();
        for (String part : name.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(part);
        }
        return value;
    }

    /** A list claim, or a string of names separated by spaces or commas (as OAuth scopes are). */
    private static List<String> values(Object claim) {
        if (claim instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        return claim == null ? List.of() : List.of(claim.toString().split("[\\s,]+"));
    }

    private static Optional<Role> role(String name) {
        String normalised = name.strip().toUpperCase(Locale.ROOT);
        normalised = normalised.startsWith("ROLE_") ? normalised.substring(5) : normalised;
        for (Role role : Role.values()) {
            if (role.name().equals(normalised)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** {@code AMBER}, {@code amber}, {@code TLP:AMBER+STRICT}. */
    private static Optional<Tlp> tlp(String value) {
        String normalised = value.strip().toUpperCase(Locale.ROOT).replace('+', '_');
        normalised = normalised.startsWith("TLP:") ? normalised.substring(4) : normalised;
        for (Tlp tlp : Tlp.values()) {
            if (tlp.name().equals(normalised)) {
                return Optional.of(tlp);
            }
        }
        return Optional.empty();
    }

    /** A verified token this application will not accept; its message is shown to the caller. */
    static final class RefusedToken extends InvalidBearerTokenException {
        RefusedToken(String message) {
            super(message);
        }
    }
}
