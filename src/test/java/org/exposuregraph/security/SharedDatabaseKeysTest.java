package org.exposuregraph.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over a shared database every instance must accept the same callers: keys are configured, never generated per
 * instance, and the rate limit is split between the instances so that together they admit the configured limit.
 */
class SharedDatabaseKeysTest {

    @Test
    void aSharedDatabaseWithNoKeysConfiguredRefusesToStart(@TempDir Path dataDir) {
        assertThatThrownBy(() -> ApiKeyStore.from(List.of(), dataDir, true, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exposuregraph.security.api-keys").hasMessageContaining("every instance");
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void aSharedDatabaseWithTokensOnlyGeneratesNoKey(@TempDir Path dataDir) {
        ApiKeyStore keys = ApiKeyStore.from(List.of(), dataDir, true, true);
        assertThat(dataDir).isEmptyDirectory();
        assertThat(keys.authenticate(TestKeys.ADMIN)).isEmpty();
        // A token may carry any clearance: the rankings are warmed for each (risk.RankingWarmUp).
        assertThat(keys.clearances()).containsExactly(Tlp.values());
    }

    @Test
    void withKeysOnlyTheKeysClearancesAreServed(@TempDir Path dataDir) {
        ApiKeyStore keys = ApiKeyStore.from(List.of(TestKeys.ADMIN + ":ADMIN:RED", TestKeys.READER + ":READER:GREEN"),
                dataDir, false, false);
        assertThat(keys.clearances()).containsExactly(Tlp.GREEN, Tlp.RED);
    }

    @Test
    void configuredKeysWorkTheSameOverASharedDatabase(@TempDir Path dataDir) {
        ApiKeyStore keys = ApiKeyStore.from(List.of(TestKeys.ADMIN + ":ADMIN:RED"), dataDir, true, false);
        assertThat(keys.authenticate(TestKeys.ADMIN)).isPresent();
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void eachInstanceEnforcesItsShareOfTheLimitRoundedUp() {
        assertThat(ApiKeyFilter.share(600, 1)).isEqualTo(600);
        assertThat(ApiKeyFilter.share(600, 3)).isEqualTo(200);
        assertThat(ApiKeyFilter.share(600, 7)).isEqualTo(86);
        assertThat(ApiKeyFilter.share(1, 4)).isEqualTo(1);
    }
}
