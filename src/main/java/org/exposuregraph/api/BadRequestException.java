package org.exposuregraph.api;

/** An argument the caller can fix. Answered as a BAD_REQUEST GraphQL error with this message. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }

    /** Checks an integer argument against its documented range. */
    public static int requireInRange(String argument, Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            throw new BadRequestException("'" + argument + "' must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
