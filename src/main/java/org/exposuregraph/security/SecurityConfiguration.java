package org.exposuregraph.security;

import java.nio.file.Path;

import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import org.exposuregraph.database.DatabaseProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Who may call what. Every data endpoint needs an API key, or a JWT bearer token when a JWT decoder is
 * configured ({@code spring.security.oauth2.resourceserver.jwt.*}); roles gate exports, imports, mutations
 * and the audit log; the page, GraphiQL's shell, the OpenAPI description, Swagger UI and health stay public (they hold no data);
 * metrics need ADMIN.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication // the command-line import serves no HTTP
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    /**
     * The Content-Security-Policy of the page and every other response but GraphiQL's: the page runs only its own
     * files — no inline script, style or handler, no eval — since the API key sits in localStorage.
     */
    static final String APPLICATION_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    /**
     * GraphiQL's page ({@code api.GraphiQlPage}): scripts and styles only from the application, no inline script,
     * no eval. GraphiQL's stylesheet embeds its fonts and icons as {@code data:} URLs; its editor sets element
     * styles from script (CSSOM, which CSP allows), so {@code style-src} needs no {@code 'unsafe-inline'}.
     */
    static final String GRAPHIQL_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " font-src 'self' data:; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";

    /**
     * Swagger UI's page ({@code /swagger-ui/**}, springdoc): scripts only from the application, no eval; its React
     * components inject {@code <style>} elements at run time, so styles (never scripts) may be inline there.
     */
    static final String SWAGGER_UI_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    private static final RequestMatcher GRAPHIQL = PathPatternRequestMatcher.withDefaults().matcher("/graphiql/**");
    private static final RequestMatcher SWAGGER_UI = new OrRequestMatcher(
            PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**"),
            PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui.html"));

    @Bean
    ApiKeyStore apiKeyStore(SecurityProperties properties,
                            @Value("${exposuregraph.data-dir:./data}") Path dataDir,
                            @Value("${spring.neo4j.uri:}") String externalDatabase,
                            ObjectProvider<JwtDecoder> jwtDecoder) {
        return ApiKeyStore.from(properties.apiKeys(), dataDir.toAbsolutePath().normalize(), !externalDatabase.isBlank(),
                jwtDecoder.getIfAvailable() != null);
    }

    @Bean
    FailedKeyAttempts failedKeyAttempts(LimitProperties limits) {
        return new FailedKeyAttempts(limits.failedKeysPerMinute(), limits.failedKeyDelayStep(), limits.failedKeyMaxDelay());
    }

    /** The key of a GraphQL WebSocket connection, from its upgrade request or its connection_init payload. */
    @Bean
    WebSocketKeys webSocketKeys(ApiKeyStore keys, FailedKeyAttempts failedKeys, AuditLog audit) {
        return new WebSocketKeys(keys, failedKeys, audit);
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyStore keys, SecurityProperties properties,
                                    FailedKeyAttempts failedKeys, AuditLog audit,
                                    ObjectProvider<JwtDecoder> jwtDecoder,
                                    @Value("${exposuregraph.cluster.instances:1}") int instances,
                                    @Value("${spring.graphql.websocket.path:/graphql-ws}") String webSocketPath) throws Exception {
        // Boot builds a decoder only when an issuer, a JWK set or a public key is configured: tokens are off by default.
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        String credentials = decoder == null ? "an API key in the X-API-Key header"
                : "an API key in the X-API-Key header or a bearer token in the Authorization header";
        AuthenticationEntryPoint unauthenticated = (request, response, ex) -> {
            if (ex instanceof OAuth2AuthenticationException) {
                response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            }
            SecurityErrors.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "UNAUTHENTICATED",
                    ex instanceof BearerTokenConverter.RefusedToken ? ex.getMessage()
                            : ex instanceof OAuth2AuthenticationException
                            ? "The bearer token is not valid: expired, not yet valid, malformed or not signed by the configured issuer"
                            : "Send " + credentials);
        };
        if (decoder != null) {
            http.oauth2ResourceServer(oauth -> oauth
                    .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(new BearerTokenConverter(properties.jwt())))
                    .authenticationEntryPoint(unauthenticated));
        }
        return http
                .csrf(csrf -> csrf.disable()) // header-authenticated API: no cookies for a forged request to ride on
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(cors -> cors.configurationSource(cors(properties)))
                .headers(headers -> headers
                        // One Content-Security-Policy per response: GraphiQL's and Swagger UI's on their paths, the
                        // application's elsewhere.
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(new OrRequestMatcher(GRAPHIQL, SWAGGER_UI)),
                                new ContentSecurityPolicyHeaderWriter(APPLICATION_POLICY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(GRAPHIQL,
                                new ContentSecurityPolicyHeaderWriter(GRAPHIQL_POLICY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(SWAGGER_UI,
                                new ContentSecurityPolicyHeaderWriter(SWAGGER_UI_POLICY)))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(f -> f.deny()))
                .addFilterBefore(new RefusalAuditFilter(audit), DisableEncodeUrlFilter.class)
                .addFilterBefore(new RequestSizeFilter(properties.maxRequestSize().toBytes()), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new ApiKeyFilter(keys, properties.requestsPerMinute(), instances, failedKeys),
                        AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // Error pages are rendered for real errors only; /error asked for directly is refused (not a 500).
                        // An async dispatch (an SSE subscription's stream) continues a request already authorised; being
                        // stateless, it carries no authentication to check again.
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/error").denyAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/prometheus").hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/favicon.ico", "/css/**", "/js/**",
                                "/webjars/**", "/graphiql", "/graphiql/**",
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        // The GraphQL WebSocket's upgrade: a browser cannot send the key as a header, so the key is
                        // checked in the connection's first message (WebSocketKeys); a wrong header key is refused above.
                        .requestMatchers(HttpMethod.GET, webSocketPath).permitAll()
                        .requestMatchers("/api/exports/**").hasRole(Role.ANALYST.name())
                        .requestMatchers("/api/imports/**").hasRole(Role.EDITOR.name())
                        .requestMatchers("/graphql", "/graphql/**").hasRole(Role.READER.name())
                        .anyRequest().hasRole(Role.ADMIN.name()))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler((request, response, ex) -> SecurityErrors.write(request, response,
                                HttpServletResponse.SC_FORBIDDEN, "FORBIDDEN",
                                "This API key's or token's role may not use this endpoint")))
                .build();
    }

    private static UrlBasedCorsConfigurationSource cors(SecurityProperties properties) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(properties.corsAllowedOrigins());
        config.addAllowedMethod(HttpMethod.GET);
        config.addAllowedMethod(HttpMethod.POST);
        config.addAllowedHeader("Content-Type");
        config.addAllowedHeader(ApiKeyFilter.HEADER);
        config.addAllowedHeader("Authorization");
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }

    @Bean
    MaxQueryDepthInstrumentation maxQueryDepth(SecurityProperties properties) {
        return new MaxQueryDepthInstrumentation(properties.maxQueryDepth());
    }

    @Bean
    MaxQueryComplexityInstrumentation maxQueryComplexity(SecurityProperties properties) {
        return new MaxQueryComplexityInstrumentation(properties.maxQueryComplexity());
    }

    /**
     * No observation per security filter, authentication and authorization: they would time each of a request's dozen
     * filters and say nothing the request timings ({@code http.server.requests}, {@code graphql.request}) and the
     * audit trail do not; refusals are audited and counted (docs/operations.md).
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }
}
