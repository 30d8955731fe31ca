package org.exposuregraph.search;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Full-text search over names, aliases and identifiers, through the {@code search_names} index. */
@Service
@Transactional(readOnly = true)
public class SearchService {

    static final int MAX_HITS = 100;
    static final int MAX_TEXT_LENGTH = 200;

    private final Neo4jClient neo4jClient;

    SearchService(Neo4jClient neo4jClient) {
        this.neo4jClient = neo4jClient;
    }

    public List<SearchHit> search(String text, Integer first) {
        int limit = BadRequestException.requireInRange("first", first, 1, MAX_HITS);
        if (text == null || text.length() > MAX_TEXT_LENGTH) {
            throw new BadRequestException("'text' must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        String luceneQuery = toLuceneQuery(text);
        if (luceneQuery.isEmpty()) {
            return List.of();
        }
        return List.copyOf(neo4jClient.query("""
                        CALL db.index.fulltext.queryNodes('search_names', $query) YIELD node, score
                        WHERE coalesce(node.tlp, 'CLEAR') IN $visibleTlp
                        RETURN node.id AS id, node.name AS name, labels(node)[0] AS type, score
                        ORDER BY score DESC LIMIT $limit
                        """)
                .bind(luceneQuery).to("query")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .bind(limit).to("limit")
                .fetchAs(SearchHit.class)
                .mappedBy((types, row) -> new SearchHit(row.get("id").asString(), row.get("name").asString(),
                        row.get("type").asString(), row.get("score").asDouble()))
                .all());
    }

    /**
     * Turns what a person types into a Lucene query that cannot fail to parse: only letters and digits
     * survive, every word must match, and a word matches exactly (ranked higher) or as a prefix.
     * "Stor-a-File" becomes {@code (stor^2 OR stor*) AND (a^2 OR a*) AND (file^2 OR file*)}.
     */
    static String toLuceneQuery(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(word -> !word.isEmpty())
                .limit(10)
                .map(word -> "(" + word + "^2 OR " + word + "*)")
                .collect(Collectors.joining(" AND "));
    }
}
