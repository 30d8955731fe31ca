package org.exposuregraph.api;

/** A mutation input that was not accepted: which field and why. Returned as payload data, not as an error. */
public record FieldError(String field, String message) {
}
