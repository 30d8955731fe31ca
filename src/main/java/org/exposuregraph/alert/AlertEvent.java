package org.exposuregraph.alert;

/** What raised an alert (docs/alerts.md, "Events"). */
public enum AlertEvent {
    /** An incident recorded or changed whose breached organisations expose watched organisations. */
    INCIDENT,
    /** The same, for an incident claimed on a leak site (imported with the {@code leak-site} format). */
    LEAK_SITE,
    /** A new or changed flow or sub-processing link puts watched data within reach of a breached or exploited organisation. */
    NEW_EXPOSURE,
    /** A vendor holding watched data crossed the watch's risk-score threshold. */
    RISK_THRESHOLD
}
