package org.exposuregraph.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on work and on key guessing (docs/security.md, threat model).
 *
 * @param readerBudget             largest query cost a READER request may have
 * @param analystBudget            largest query cost an ANALYST or EDITOR request may have
 * @param adminBudget              largest query cost an ADMIN request may have
 * @param expensiveCost            a request costing at least this much is expensive
 * @param concurrentExpensive      how many expensive requests one key may run at once
 * @param deadline                 the longest a GraphQL request may run: no data fetch starts after it
 * @param failedKeysPerMinute      wrong API keys one client address may send per minute before being slowed down
 * @param failedKeyDelayStep       the delay added for each wrong key beyond those
 * @param failedKeyMaxDelay        the longest delay
 */
@ConfigurationProperties("exposuregraph.security.limits")
public record LimitProperties(@DefaultValue("10000") int readerBudget,
                              @DefaultValue("20000") int analystBudget,
                              @DefaultValue("40000") int adminBudget,
                              @DefaultValue("500") int expensiveCost,
                              @DefaultValue("2") int concurrentExpensive,
                              @DefaultValue("30s") Duration deadline,
                              @DefaultValue("10") int failedKeysPerMinute,
                              @DefaultValue("200ms") Duration failedKeyDelayStep,
                              @DefaultValue("3s") Duration failedKeyMaxDelay) {

    int budget(Role role) {
        return switch (role) {
            case READER -> readerBudget;
            case ANALYST, EDITOR -> analystBudget;
            case ADMIN -> adminBudget;
        };
    }
}
