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

/**
 * Full-text search over names, aliases and identifiers, through the {@code search_names} index. Ranked by match
 * quality, then name: a rule on each visible hit alone, so hidden records change no order and no score.
 */
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
        List<String> words = words(text);
        // Lucene's relevance depends on every indexed document, hidden ones included (term statistics), so it
        // would reveal hidden look-alikes: it only selects the hits; the order is a rule on each visible hit alone.
        return List.copyOf(neo4jClient.query("""
                        CALL db.index.fulltext.queryNodes('search_names', $query) YIELD node
                        WHERE coalesce(node.tlp, 'CLEAR') IN $visibleTlp
                        WITH node, coalesce(node.name, '') + ' ' + coalesce(node.searchText, '') AS haystack
                        WITH node, size([w IN $wholeWords WHERE haystack =~ w]) AS whole,
                             // the words are the whole name, an alias or the id: what was typed names this record
                             CASE WHEN any(n IN [coalesce(node.name, ''), node.id] + coalesce(node.aliases, []) WHERE n =~ $wholeName)
                                  THEN 4 ELSE 0 END AS exactName
                        RETURN node.id AS id, node.name AS name, labels(node)[0] AS type,
                               toFloat(exactName + 2 * whole + ($wordCount - whole)) AS score
                        ORDER BY score DESC, toLower(name), id LIMIT $limit
                        """)
                .bind(luceneQuery).to("query")
                .bind(words.stream().map(SearchService::wholeWordPattern).toList()).to("wholeWords")
                .bind(wholeNamePattern(words)).to("wholeName")
                .bind(words.size()).to("wordCount")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .bind(limit).to("limit")
                .fetchAs(SearchHit.class)
                .mappedBy((types, row) -> new SearchHit(row.get("id").asString(), row.get("name").asString(),
                        row.get("type").asString(), row.get("score").asDouble()))
                .all());
    }

    private static final String NOT_WORD = "[^\\p{L}\\p{N}]";

    /** The words of the text, lower-cased: letters and digits only, at most ten. */
    static List<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split(NOT_WORD + "+"))
                .filter(word -> !word.isEmpty()).limit(10).toList();
    }

    /** A regular expression matching text that holds this word whole (words hold only letters and digits). */
    static String wholeWordPattern(String word) {
        return "(?isu)(?:.*" + NOT_WORD + ")?" + word + "(?:" + NOT_WORD + ".*)?";
    }

    /** A regular expression matching a name made of exactly these words, whatever separates them. */
    static String wholeNamePattern(List<String> words) {
        return "(?isu)" + NOT_WORD + "*" + String.join(NOT_WORD + "+", words) + NOT_WORD + "*";
    }

    /**
     * Turns what a person types into a Lucene query that cannot fail to parse: only letters and digits
     * survive, every word must match, exactly or as a prefix. It selects hits; it does not rank them.
     * "Stor-a-File" becomes {@code (stor^2 OR stor*) AND (a^2 OR a*) AND (file^2 OR file*)}.
     */
    static String toLuceneQuery(String text) {
        return words(text).stream()
                .map(word -> "(" + word + "^2 OR " + word + "*)")
                .collect(Collectors.joining(" AND "));
    }
}
