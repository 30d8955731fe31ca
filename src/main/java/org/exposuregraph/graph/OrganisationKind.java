package org.exposuregraph.graph;

/** What an organisation is; the GraphQL enum of the same name documents each value. */
public enum OrganisationKind {
    GP_PRACTICE, NHS_TRUST, NHS_BODY, PRIVATE_CLINIC, PRIVATE_HOSPITAL, GOVERNMENT, LOCAL_AUTHORITY,
    REGULATOR, LAW_ENFORCEMENT, CHARITY, VENDOR, OTHER
}
