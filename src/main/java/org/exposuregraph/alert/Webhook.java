package org.exposuregraph.alert;

import java.time.OffsetDateTime;
import java.util.List;

/** An endpoint receiving the alerts of some of its owner's watches. Its secret is never part of it. */
public record Webhook(String id, String url, List<String> watches, String description, boolean enabled,
                      String disabledReason, OffsetDateTime createdAt) {
}
