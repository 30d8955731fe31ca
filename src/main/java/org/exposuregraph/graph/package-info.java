/**
 * The write model's home: the rules every write into the graph obeys, whatever its format (native JSON,
 * inventory CSV, NHS ODS, STIX, GraphQL hand edits). Pure Java, no Spring and no database, so that each
 * importer applies the very same rule with the very same reason text before it writes anything
 * (docs/import-formats.md, "Validation").
 */
package org.exposuregraph.graph;
