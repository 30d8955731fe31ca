package org.exposuregraph.alert;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alerting settings ({@code exposuregraph.alerts.*}).
 *
 * @param enabled        whether this instance computes and delivers alerts (several instances may; each alert is
 *                       still computed and delivered once)
 * @param pollInterval   how often the change record and the delivery queue are read while there is work
 * @param idlePollInterval how often they are read at most while there is none: the wait doubles up to it (a write
 *                       through this instance, and its new alerts for webhooks and subscriptions, are taken up at once)
 * @param maxDepth       hops counted from a watched organisation to a breached one
 * @param initialBackoff wait before the first retry of a failed delivery; doubled for each next one
 * @param maxBackoff     longest wait between two attempts
 * @param maxAttempts    attempts before a delivery is given up (the defaults span a little over a day)
 * @param timeout        how long a receiver may take to answer
 */
@ConfigurationProperties("exposuregraph.alerts")
public record AlertProperties(@DefaultValue("true") boolean enabled,
                              @DefaultValue("250ms") Duration pollInterval,
                              @DefaultValue("2s") Duration idlePollInterval,
                              @DefaultValue("4") int maxDepth,
                              @DefaultValue("30s") Duration initialBackoff,
                              @DefaultValue("8h") Duration maxBackoff,
                              @DefaultValue("13") int maxAttempts,
                              @DefaultValue("10s") Duration timeout) {

    /** The wait after the {@code attempts}-th failed attempt: doubling from {@link #initialBackoff}, capped. */
    Duration backoffAfter(int attempts) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
