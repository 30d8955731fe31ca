package org.exposuregraph.api;

/** Asked for something by id that the graph does not hold. Answered as a NOT_FOUND GraphQL error. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String type, String id) {
        super(type + " '" + id + "' was not found");
    }
}
