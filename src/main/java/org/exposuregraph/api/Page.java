package org.exposuregraph.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

import graphql.relay.Connection;
import graphql.relay.DefaultConnectionCursor;
import graphql.relay.DefaultEdge;
import graphql.relay.DefaultPageInfo;
import graphql.relay.Edge;
import graphql.relay.PageInfo;

/**
 * A forward page of a Relay connection: {@code edges}, {@code pageInfo} and {@code totalCount}, the shape
 * every connection in the schema shares. Cursors are opaque (base64 of the sort key). The total is
 * counted only when a client asks for it.
 */
public final class Page<T> implements Connection<T> {

    public static final int MAX_PAGE_SIZE = 500;

    private final List<Edge<T>> edges;
    private final boolean hasNextPage;
    private final LongSupplier totalCount;

    private Page(List<Edge<T>> edges, boolean hasNextPage, LongSupplier totalCount) {
        this.edges = edges;
        this.hasNextPage = hasNextPage;
        this.totalCount = totalCount;
    }

    /** The rows a page of {@code first} reads: one more than the page, which only says another page follows. */
    public static int rowsToRead(int first) {
        return first + 1;
    }

    /** Builds a page from up to {@link #rowsToRead} rows: the extra row only says another page follows. */
    public static <T> Page<T> of(List<T> rows, int first, Function<T, String> sortKey, LongSupplier totalCount) {
        List<Edge<T>> edges = rows.stream().limit(first)
                .<Edge<T>>map(row -> new DefaultEdge<>(row, new DefaultConnectionCursor(encodeCursor(sortKey.apply(row)))))
                .toList();
        return new Page<>(edges, rows.size() > first, totalCount);
    }

    public static int checkPageSize(Integer first) {
        return BadRequestException.requireInRange("first", first, 0, MAX_PAGE_SIZE);
    }

    /**
     * Parameters of a query that reads one page after a cursor: {@code $after} (the decoded sort key, or
     * null for the first page) and {@code $limit} (one more row than the page, to tell whether another follows).
     */
    public static Map<String, Object> queryParameters(String after, int first) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("after", decodeCursor(after));
        parameters.put("limit", rowsToRead(first));
        return parameters;
    }

    public static String encodeCursor(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    public static String decodeCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw notACursor(cursor);
        }
    }

    /** A cursor of the form {@code <sort key>|<id>}: the key as its list reads it, and the id after the first bar. */
    public record KeyedCursor<K>(K key, String id) {
    }

    /**
     * Reads an {@code after} of the form {@code <sort key>|<id>}, the key by {@code readKey}; an {@code after} without
     * a bar, or with a key {@code readKey} throws on, is refused as {@link #notACursor}.
     */
    public static <K> KeyedCursor<K> keyedCursor(String after, Function<String, K> readKey) {
        String cursor = decodeCursor(after);
        int bar = cursor.indexOf('|');
        try {
            return new KeyedCursor<>(readKey.apply(cursor.substring(0, bar)), cursor.substring(bar + 1));
        } catch (RuntimeException e) { // no bar, or a key its list cannot read
            throw notACursor(after);
        }
    }

    /** The refusal of an {@code after} that no page of this API gave out (or that its list cannot read). */
    public static BadRequestException notACursor(String after) {
        return new BadRequestException("'after' is not a cursor returned by this API: " + after);
    }

    @Override
    public List<Edge<T>> getEdges() {
        return edges;
    }

    @Override
    public PageInfo getPageInfo() {
        return new DefaultPageInfo(
                edges.isEmpty() ? null : edges.get(0).getCursor(),
                edges.isEmpty() ? null : edges.get(edges.size() - 1).getCursor(),
                false, hasNextPage);
    }

    public long getTotalCount() {
        return totalCount.getAsLong();
    }

    public List<T> items() {
        return edges.stream().map(Edge::getNode).toList();
    }
}
