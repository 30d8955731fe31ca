package org.exposuregraph.graph;

import java.time.OffsetDateTime;
import java.util.List;

import org.exposuregraph.security.Tlp;

/**
 * One entry of the change record: what a committed write (a mutation, an import or one batch of a bulk
 * import) changed. Elements are {@code Kind:id}, the kind a label or relationship type.
 *
 * @param seq           position in the record; entries are numbered in commit order without gaps that fill later
 * @param operation     what wrote it: a mutation's name, {@code import:<format>}, {@code seed}
 * @param actor         the key (or operator) that wrote it
 * @param categories    data categories carried by the changed facts, before or after
 * @param organisations organisations written or at an end of a written link
 * @param tlp           the strictest marking of anything in it, before or after
 * @param id            the entry's own id, given when it was written (before it had a number)
 */
public record Change(long seq, OffsetDateTime at, String operation, String actor, List<String> created,
                     List<String> updated, List<String> ended, List<String> removed, List<String> categories,
                     List<String> organisations, Tlp tlp, String id) {
}
