package org.exposuregraph.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param apiKeys           {@code <key>:<role>[:<clearance>]} entries; none configured = an admin key is generated
 * @param requestsPerMinute per-key rate limit on the API
 * @param maxRequestSize    largest GraphQL request body accepted
 * @param maxQueryDepth     deepest GraphQL selection accepted
 * @param maxQueryComplexity largest GraphQL query (fields counted) accepted
 * @param corsAllowedOrigins origins allowed to call the API from a browser; none by default
 * @param jwt               how bearer tokens map to roles and clearance (used only when a JWT decoder is configured)
 */
@ConfigurationProperties("exposuregraph.security")
public record SecurityProperties(@DefaultValue List<String> apiKeys,
                                 @DefaultValue("600") int requestsPerMinute,
                                 @DefaultValue("100KB") DataSize maxRequestSize,
                                 @DefaultValue("12") int maxQueryDepth,
                                 @DefaultValue("2000") int maxQueryComplexity,
                                 @DefaultValue List<String> corsAllowedOrigins,
                                 @DefaultValue Jwt jwt) {

    /**
     * @param roleClaim      claim naming the caller's roles (a list or a space-separated string); the highest of
     *                       READER, ANALYST, EDITOR, ADMIN counts. A dotted name reaches into nested claims
     * @param clearanceClaim claim holding the caller's TLP clearance; GREEN when absent
     */
    public record Jwt(@DefaultValue("roles") String roleClaim, @DefaultValue("clearance") String clearanceClaim) {
    }
}
