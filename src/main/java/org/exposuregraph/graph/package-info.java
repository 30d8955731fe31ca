/**
 * The write model: the one way into the graph, below the domain modules. It holds the vocabulary every writer
 * shares (the enums of kinds and statuses, {@link org.exposuregraph.graph.Facts}' labels and relationship types,
 * {@link org.exposuregraph.graph.WriteRules}' limits and reasons, {@link org.exposuregraph.graph.Markings}' TLP
 * rule), the records a write is made of ({@link org.exposuregraph.graph.NativeDocument}), and the writers:
 * {@link org.exposuregraph.graph.DocumentWriter} for documents and hand edits, {@link
 * org.exposuregraph.graph.InventoryWriter} for bulk inventories. Every write goes through {@link
 * org.exposuregraph.graph.GraphWriter}, which retries transient failures and records what the write changed in the
 * {@link org.exposuregraph.graph.ChangeLog}, in the same transaction (docs/architecture.md, "Write path").
 * Interchange formats (ingest) and domain modules depend on this package; it depends on none of them.
 */
package org.exposuregraph.graph;
