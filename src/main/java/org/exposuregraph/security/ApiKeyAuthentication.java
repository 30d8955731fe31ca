package org.exposuregraph.security;

import java.util.Arrays;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated caller: an API key, or a bearer token's subject (see {@link BearerTokenConverter}). Its name,
 * role (with every role it includes) and TLP clearance.
 */
public class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final ApiKey key;

    ApiKeyAuthentication(ApiKey key) {
        super(authorities(key.role()));
        this.key = key;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(Role role) {
        return Arrays.stream(Role.values()).filter(role::includes)
                .<GrantedAuthority>map(r -> new SimpleGrantedAuthority(r.authority())).toList();
    }

    public Role role() {
        return key.role();
    }

    public Tlp clearance() {
        return key.clearance();
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return key.name();
    }

    @Override
    public String getName() {
        return key.name();
    }
}
