package org.exposuregraph.graph;

/** Whether a claim supports or disputes the fact it is about; a DISPUTES claim marks its fact disputed. */
public enum ClaimStance { SUPPORTS, DISPUTES }
