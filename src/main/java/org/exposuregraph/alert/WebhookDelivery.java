package org.exposuregraph.alert;

import java.time.OffsetDateTime;

/** One alert's delivery to one webhook: its state and what the last attempt got. */
public record WebhookDelivery(String id, String alertId, String status, int attempts, Integer lastStatusCode,
                              String lastError, OffsetDateTime nextAttemptAt, OffsetDateTime lastAttemptAt,
                              OffsetDateTime createdAt) {
}
