package org.exposuregraph.graph;

/** What kind of threat actor a record is, in STIX's terms (threat-actor, intrusion-set, malware, tool). */
public enum ActorType { THREAT_ACTOR, INTRUSION_SET, MALWARE, TOOL }
