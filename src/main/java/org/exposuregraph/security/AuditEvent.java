package org.exposuregraph.security;

import java.time.OffsetDateTime;

/**
 * One recorded use of the API.
 *
 * @param actor     the key's name, never the key
 * @param operation GraphQL operation (type and name) or HTTP method and path
 * @param variables the request's variables as JSON, secrets redacted and long values cut
 * @param outcome   OK, or the error classifications / HTTP status
 * @param address   the client's address
 * @param detail    the GraphQL document (inline secrets redacted), or why the request was refused
 */
public record AuditEvent(String id, OffsetDateTime at, String actor, String kind, String operation, String variables,
                         String outcome, String address, String detail) {
}
