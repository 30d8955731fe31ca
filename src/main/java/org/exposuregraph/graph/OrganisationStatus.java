package org.exposuregraph.graph;

/** Whether an organisation still operates; mirrors the ODS status codes A, C, D, P. */
public enum OrganisationStatus {
    ACTIVE, CLOSED, DORMANT, PROPOSED
}
