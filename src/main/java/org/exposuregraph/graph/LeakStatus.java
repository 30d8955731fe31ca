package org.exposuregraph.graph;

/** Whether an incident's data was published; UNKNOWN until a source says. */
public enum LeakStatus { NOT_LEAKED, THREATENED, PARTIALLY_PUBLISHED, PUBLISHED, UNKNOWN }
