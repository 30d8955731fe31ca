package org.exposuregraph.organisation;

/** Whether an organisation still operates; mirrors the ODS status codes A, C, D, P. */
public enum OrganisationStatus {
    ACTIVE, CLOSED, DORMANT, PROPOSED
}
