package org.exposuregraph.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.exposuregraph.support.StandaloneApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Never open by default: with no keys configured an admin key is generated, shown once, and kept only as a hash. */
@ExtendWith(OutputCaptureExtension.class)
class GeneratedAdminKeyTest {

    private static final Pattern PRINTED_KEY = Pattern.compile("X-API-Key: (\\S+)");

    @Test
    void firstStartPrintsAnAdminKeyOnceAndKeepsOnlyItsHash(@TempDir Path dataDir, CapturedOutput output) throws IOException {
        Map<String, Object> settings = Map.of("exposuregraph.data-dir", dataDir.toString(), "exposuregraph.seed.enabled", false);
        String key;
        try (var app = StandaloneApp.start(settings)) {
            Matcher printed = PRINTED_KEY.matcher(output.getOut());
            assertThat(printed.find()).as("the generated key is printed").isTrue();
            key = printed.group(1);
            StandaloneApp.graphQl(app, key).document("{ auditLog(first: 1) { totalCount } }").execute().errors().verify();
        }
        String stored = Files.readString(dataDir.resolve(ApiKeyStore.GENERATED_KEY_FILE)).strip();
        assertThat(stored).matches("[0-9a-f]{64}").doesNotContain(key);

        int printedBefore = output.getOut().split("X-API-Key: ", -1).length;
        try (var again = StandaloneApp.start(settings)) {
            assertThat(output.getOut().split("X-API-Key: ", -1).length).as("not printed again").isEqualTo(printedBefore);
            StandaloneApp.graphQl(again, key).document("{ organisations { totalCount } }").execute().errors().verify();
        }
    }
}
