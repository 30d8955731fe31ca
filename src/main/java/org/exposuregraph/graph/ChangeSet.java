package org.exposuregraph.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.exposuregraph.security.Tlp;

/**
 * What one committed write changed, collected while it writes and recorded in the same transaction as one
 * {@link ChangeLog} entry: the elements created, updated and removed (as {@code Kind:id}, the kind being a label
 * or a relationship type), the data categories and organisations they touch, and the strictest marking among
 * them before and after (an entry is shown only to keys that may see all of it). Not thread-safe: one per
 * transaction.
 */
public final class ChangeSet {

    /** What happened to one element. */
    public enum Outcome { CREATED, UPDATED, ENDED, REMOVED }

    /** The entry's id, known before it is written: a bulk writer hands its facts over under it (ChangeFeed). */
    private final String id = java.util.UUID.randomUUID().toString();
    private final String operation;
    private final String actor;
    private final Map<Outcome, List<String>> elements = new java.util.EnumMap<>(Outcome.class);
    private final Set<String> categories = new LinkedHashSet<>();
    private final Set<String> organisations = new LinkedHashSet<>();
    /** null: CLEAR. */
    private Tlp strictest;

    public ChangeSet(String operation, String actor) {
        this.operation = operation;
        this.actor = actor;
        for (Outcome outcome : Outcome.values()) {
            elements.put(outcome, new ArrayList<>());
        }
    }

    /** Records one element; {@code kind} is a label or relationship type of the catalogue, never input. */
    public ChangeSet element(Outcome outcome, String kind, String id) {
        elements.get(outcome).add(kind + ":" + id);
        return this;
    }

    /** The markings the element had before and has after the write (stored values; null = CLEAR). */
    public ChangeSet markings(Object before, Object after) {
        strictest = Markings.stricter(strictest, Markings.stricter(Markings.of(before), Markings.of(after)));
        return this;
    }

    public ChangeSet categories(Collection<String> ids) {
        if (ids != null) {
            categories.addAll(ids);
        }
        return this;
    }

    public ChangeSet organisations(String... ids) {
        for (String id : ids) {
            if (id != null) {
                organisations.add(id);
            }
        }
        return this;
    }

    public String id() {
        return id;
    }

    public boolean isEmpty() {
        return elements.values().stream().allMatch(List::isEmpty);
    }

    public String operation() {
        return operation;
    }

    public String actor() {
        return actor;
    }

    public List<String> elements(Outcome outcome) {
        return elements.get(outcome);
    }

    public List<String> categories() {
        return List.copyOf(categories);
    }

    public List<String> organisations() {
        return List.copyOf(organisations);
    }

    public Tlp strictest() {
        return strictest == null ? Tlp.CLEAR : strictest;
    }

    /** The number of elements recorded. */
    public int size() {
        return elements.values().stream().mapToInt(List::size).sum();
    }
}
