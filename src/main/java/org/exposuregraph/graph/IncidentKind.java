package org.exposuregraph.graph;

/** What happened in an incident; the GraphQL enum of the same name documents each value. */
public enum IncidentKind { RANSOMWARE, DATA_THEFT_EXTORTION, UNAUTHORISED_ACCESS, ACCIDENTAL_DISCLOSURE, OTHER }
