package org.exposuregraph.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys that may call the API. Keys are kept only as SHA-256 hashes and compared in constant time.
 * With no keys configured, an admin key is generated on first start, printed once, and only its hash is
 * kept in the data folder: the product is never open by default. Over a shared database ({@code spring.neo4j.uri}
 * set) no key is generated: each instance would make its own, and a caller's key would work on one instance only.
 */
public class ApiKeyStore {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyStore.class);
    static final String GENERATED_KEY_FILE = "admin-api-key.sha256";
    static final String KEYS_REQUIRED = "spring.neo4j.uri is set, so other instances may share this graph: configure the same"
            + " exposuregraph.security.api-keys (or a JWT issuer) on every instance; no key is generated (docs/deployment.md)";

    private final List<ApiKey> keys;
    /** Bearer tokens are accepted too: their clearance is the issuer's to give, any of them. */
    private final boolean tokensAccepted;

    ApiKeyStore(List<ApiKey> keys, boolean tokensAccepted) {
        this.keys = List.copyOf(keys);
        this.tokensAccepted = tokensAccepted;
    }

    static ApiKeyStore from(List<String> entries, Path dataDir) {
        return from(entries, dataDir, false, false);
    }

    /**
     * @param sharedDatabase the graph is an external Neo4j that other instances may share: keys must be configured
     * @param tokensAccepted bearer tokens are configured, so an instance with no keys is still reachable
     */
    static ApiKeyStore from(List<String> entries, Path dataDir, boolean sharedDatabase, boolean tokensAccepted) {
        List<ApiKey> keys = new ArrayList<>();
        for (String entry : entries) {
            if (!entry.isBlank()) {
                keys.add(parse(entry.strip()));
            }
        }
        if (keys.isEmpty() && sharedDatabase) {
            if (tokensAccepted) {
                return new ApiKeyStore(keys, true);
            }
            throw new IllegalStateException(KEYS_REQUIRED);
        }
        if (keys.isEmpty()) {
            keys.add(generatedAdminKey(dataDir));
        }
        return new ApiKeyStore(keys, tokensAccepted);
    }

    /** {@code <key>:<role>[:<clearance>]}; clearance defaults to GREEN. */
    static ApiKey parse(String entry) {
        String[] parts = entry.split(":");
        if (parts.length < 2 || parts.length > 3 || parts[0].length() < 16) {
            throw new IllegalArgumentException("exposuregraph.security.api-keys: each entry is <key>:<role>[:<clearance>]"
                    + " with a key of at least 16 characters (entry starting '" + entry.substring(0, Math.min(4, entry.length())) + "…')");
        }
        Role role = Role.valueOf(parts[1].toUpperCase(Locale.ROOT));
        Tlp clearance = parts.length == 3 ? Tlp.valueOf(parts[2].toUpperCase(Locale.ROOT)) : Tlp.GREEN;
        byte[] hash = sha256(parts[0]);
        return new ApiKey("key-" + HexFormat.of().formatHex(hash, 0, 4), hash, role, clearance);
    }

    private static ApiKey generatedAdminKey(Path dataDir) {
        Path file = dataDir.resolve(GENERATED_KEY_FILE);
        try {
            if (Files.exists(file)) {
                byte[] hash = HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
                log.info("Using the generated admin API key whose hash is in {} (delete the file to generate a new key)", file);
                return new ApiKey("generated-admin", hash, Role.ADMIN, Tlp.RED);
            }
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String key = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            byte[] hash = sha256(key);
            Files.createDirectories(dataDir);
            Files.writeString(file, HexFormat.of().formatHex(hash), StandardCharsets.US_ASCII);
            // Shown once, to the person starting the product; only the hash is kept.
            log.warn("""

                    ================================================================
                    No API keys configured: generated an ADMIN key, shown only now.
                    X-API-Key: {}
                    Store it safely. Configure your own with exposuregraph.security.api-keys.
                    ================================================================""", key);
            return new ApiKey("generated-admin", hash, Role.ADMIN, Tlp.RED);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the generated API key's hash in " + file, e);
        }
    }

    /** The clearances a caller can be answered at, lowest first: those the keys hold, or every one when tokens are accepted. */
    public java.util.SortedSet<Tlp> clearances() {
        java.util.SortedSet<Tlp> clearances = new java.util.TreeSet<>();
        if (tokensAccepted) {
            clearances.addAll(java.util.EnumSet.allOf(Tlp.class));
        }
        keys.forEach(key -> clearances.add(key.clearance()));
        return clearances;
    }

    /** Finds the key, looking at every configured key whatever matches, so timing reveals nothing. */
    public Optional<ApiKey> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        ApiKey found = null;
        for (ApiKey key : keys) {
            if (MessageDigest.isEqual(hash, key.sha256())) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    /** How audit records name a wrong key: by a prefix of its hash, never the key itself. */
    static String unknownKeyName(String presented) {
        return "unknown key-" + java.util.HexFormat.of().formatHex(sha256(presented), 0, 4);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
