package org.exposuregraph.api;

/** The caller's key may not do this. Answered as a FORBIDDEN GraphQL error. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
