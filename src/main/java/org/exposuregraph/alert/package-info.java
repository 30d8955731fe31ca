/**
 * Alerts: watches over organisations, alerts computed from the change record ({@code graph.ChangeLog}) with a
 * durable cursor, and their delivery by signed webhooks and a GraphQL subscription (docs/alerts.md). Watches,
 * alerts, webhooks, deliveries and the cursor are bookkeeping nodes: no analysis reads them.
 */
package org.exposuregraph.alert;
