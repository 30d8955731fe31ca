package org.exposuregraph.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Bearer tokens, signed here with a key pair made for the run; the application trusts only its public key
 * ({@code spring.security.oauth2.resourceserver.jwt.public-key-location}). Over real HTTP, beside API keys.
 */
@EmptyGraphTest
class JwtBearerTokenTest {

    static final KeyPair TRUSTED = rsaKeyPair();
    static final KeyPair UNTRUSTED = rsaKeyPair();
    static final Path PUBLIC_KEY = publicKeyPem(TRUSTED);

    @DynamicPropertySource
    static void trustTheTestKey(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> PUBLIC_KEY.toUri().toString());
    }

    @AfterAll
    static void deleteKey() throws IOException {
        Files.deleteIfExists(PUBLIC_KEY);
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    GraphFixtures fixtures;

    @BeforeEach
    void emptyGraph() {
        fixtures.reset();
    }

    static final String QUERY = "{ organisations(first: 1) { totalCount } }";
    static final String MUTATION = """
            mutation saveOrganisation($input: OrganisationInput!) {
              saveOrganisation(input: $input) { organisation { id } errors { field message } }
            }""";

    private WebTestClient.ResponseSpec graphQl(String token, String document, Map<String, Object> variables) {
        var request = TestClients.anonymous(port).post().uri("/graphql").header("Content-Type", "application/json");
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.bodyValue(Map.of("query", document, "variables", variables)).exchange();
    }

    private WebTestClient.ResponseSpec save(String token, String id) {
        return graphQl(token, MUTATION, Map.of("input", Map.of("id", id, "name", "Token Test " + id, "kind", "VENDOR")));
    }

    @Test
    void withoutATokenOrKeyTheApiAnswers401NamingBoth() {
        graphQl(null, QUERY, Map.of()).expectStatus().isUnauthorized()
                .expectBody()
                .jsonPath("$.errors[0].extensions.classification").isEqualTo("UNAUTHENTICATED")
                .jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains("X-API-Key").contains("bearer token"));
    }

    @Test
    void aTokenWithAForgedSignatureIsRefused() {
        graphQl(token(UNTRUSTED, claims -> claims.subject("mallory").claim("roles", List.of("ADMIN"))), QUERY, Map.of())
                .expectStatus().isUnauthorized()
                .expectHeader().valueMatches("WWW-Authenticate", "Bearer.*invalid_token.*")
                .expectBody().jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains("not valid"));
    }

    @Test
    void anExpiredTokenIsRefused() {
        Instant hourAgo = Instant.now().minus(1, ChronoUnit.HOURS);
        graphQl(token(TRUSTED, claims -> claims.subject("alice").claim("roles", List.of("EDITOR"))
                .issueTime(Date.from(hourAgo.minus(1, ChronoUnit.HOURS))).expirationTime(Date.from(hourAgo))), QUERY, Map.of())
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.errors[0].extensions.classification").isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void aTokenWithoutARecognisedRoleIsRefusedNamingTheClaim() {
        for (String token : List.of(token(TRUSTED, claims -> claims.subject("carol")),
                token(TRUSTED, claims -> claims.subject("carol").claim("roles", List.of("superuser"))))) {
            graphQl(token, QUERY, Map.of()).expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.errors[0].message").value(message -> assertThat((String) message)
                            .contains("no role").contains("exposuregraph.security.jwt.role-claim"));
        }
    }

    @Test
    void aReaderTokenCanQueryButNotMutate() {
        String reader = token(TRUSTED, claims -> claims.subject("rita").claim("roles", List.of("reader")));
        graphQl(reader, QUERY, Map.of()).expectStatus().isOk()
                .expectBody().jsonPath("$.data.organisations.totalCount").isEqualTo(0);
        save(reader, "reader-made").expectStatus().isOk()
                .expectBody().jsonPath("$.errors[0].extensions.classification").isEqualTo("FORBIDDEN");
        graphQl(reader, QUERY, Map.of()).expectBody().jsonPath("$.data.organisations.totalCount").isEqualTo(0);
    }

    @Test
    void anEditorTokenCanMutateAndTheAuditLogNamesItsSubject() {
        // The highest recognised role counts; a space-separated string works as well as a list.
        String editor = token(TRUSTED, claims -> claims.subject("eddie@example.org").claim("roles", "reader editor offline_access"));
        save(editor, "editor-made").expectStatus().isOk()
                .expectBody().jsonPath("$.data.saveOrganisation.errors").isEmpty()
                .jsonPath("$.data.saveOrganisation.organisation.id").isEqualTo("editor-made");

        // Mutations are audited before the answer; API keys keep working beside tokens.
        String log = TestClients.withKey(port, "/graphql", TestKeys.ADMIN).post().header("Content-Type", "application/json")
                .bodyValue(Map.of("query", "{ auditLog(first: 20) { edges { node { actor operation outcome } } } }"))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(log).contains("\"actor\":\"jwt:eddie@example.org\",\"operation\":\"mutation saveOrganisation [saveOrganisation]\",\"outcome\":\"OK\"");
    }

    @Test
    void theClearanceComesFromItsClaimAndDefaultsToGreenAsForApiKeys() {
        BearerTokenConverter converter = new BearerTokenConverter(new SecurityProperties.Jwt("realm_access.roles", "tlp"));
        ApiKeyAuthentication amber = converter.convert(jwt(Map.of("sub", "ann", "realm_access", Map.of("roles", List.of("ANALYST")),
                "tlp", "TLP:AMBER+STRICT")));
        assertThat(amber.role()).isEqualTo(Role.ANALYST);
        assertThat(amber.clearance()).isEqualTo(Tlp.AMBER_STRICT);
        assertThat(amber.getName()).isEqualTo("jwt:ann");
        ApiKeyAuthentication green = converter.convert(jwt(Map.of("sub", "ben", "realm_access", Map.of("roles", List.of("READER")))));
        assertThat(green.clearance()).isEqualTo(Tlp.GREEN).isEqualTo(ApiKeyStore.parse("a-key-of-sixteen-chars:READER").clearance());
        assertThatThrownBy(() -> converter.convert(jwt(Map.of("sub", "cat", "realm_access", Map.of("roles", List.of("READER")),
                "tlp", "PURPLE"))))
                .isInstanceOf(BearerTokenConverter.RefusedToken.class).hasMessageContaining("not a TLP level");
    }

    private static Jwt jwt(Map<String, Object> claims) {
        return Jwt.withTokenValue("unused").header("alg", "RS256").claims(c -> c.putAll(claims)).build();
    }

    /** A token valid for five minutes from now, signed with {@code key}, with the claims {@code customise} adds. */
    private static String token(KeyPair key, Consumer<JWTClaimsSet.Builder> customise) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(5, ChronoUnit.MINUTES)));
        customise.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        try {
            jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path publicKeyPem(KeyPair key) {
        try {
            Path file = Files.createTempFile("exposuregraph-test-jwt-", ".pem");
            Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
