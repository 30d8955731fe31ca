package org.exposuregraph.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.api.NotFoundException;
import org.exposuregraph.security.CurrentKey;
import org.exposuregraph.security.Role;
import org.exposuregraph.security.Tlp;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;

/**
 * Setting a fact's marking to any level, lower included: the one way to lower a marking, since every other write
 * keeps the stricter of the stored and the given one ({@link Markings}). ADMIN only (an ADMIN key is cleared to
 * see every marking it may set, and the operation is audited like every mutation).
 */
@Service
public class Declassification {

    /** What was re-marked: its node label or relationship type, and its marking before and after. */
    public record Result(String id, String kind, Tlp previousTlp, Tlp tlp) {
    }

    private final Neo4jClient neo4jClient;
    private final GraphWriter graphWriter;

    Declassification(Neo4jClient neo4jClient, GraphWriter graphWriter) {
        this.neo4jClient = neo4jClient;
        this.graphWriter = graphWriter;
    }

    /** Through the one write path: recorded in the change record with the marking before and after. */
    public Result declassify(String id, Tlp tlp) {
        CurrentKey.require(Role.ADMIN, "Declassifying a fact");
        if (id == null || tlp == null) {
            throw new BadRequestException("Declassifying needs an id and a marking");
        }
        return graphWriter.write("declassify", changes -> remark(id, tlp, changes));
    }

    private Result remark(String id, Tlp tlp, ChangeSet changes) {
        List<Map<String, Object>> found = List.copyOf(neo4jClient.query(facts("RETURN kind, x.tlp AS previous"))
                .bind(id).to("id").fetch().all());
        if (found.isEmpty()) {
            throw new NotFoundException("Fact", id);
        }
        if (found.size() > 1) {
            throw new BadRequestException("'" + id + "' names " + found.size() + " facts ("
                    + String.join(", ", found.stream().map(row -> (String) row.get("kind")).toList())
                    + "); give each its own id first");
        }
        neo4jClient.query(facts("SET x.tlp = $tlp")).bind(id).to("id").bind(Tlp.stored(tlp)).to("tlp").run();
        Tlp previous = Markings.of(found.get(0).get("previous"));
        changes.element(ChangeSet.Outcome.UPDATED, (String) found.get(0).get("kind"), id)
                .markings(found.get(0).get("previous"), Tlp.stored(tlp));
        return new Result(id, (String) found.get(0).get("kind"), previous == null ? Tlp.CLEAR : previous, tlp);
    }

    /** Every marked node and relationship fact with the id {@code $id} as {@code x} and its {@code kind}, then {@code tail}. */
    private static String facts(String tail) {
        // One indexed look-up per label and type; all are code constants, never input.
        List<String> branches = new ArrayList<>();
        Facts.MARKED_LABELS.forEach(label -> branches.add("MATCH (x:%1$s {id: $id}) RETURN x, '%1$s' AS kind".formatted(label)));
        Facts.RELATIONSHIP_TYPES.forEach(type -> branches.add("MATCH ()-[x:%1$s {id: $id}]->() RETURN x, '%1$s' AS kind".formatted(type)));
        return "CALL () { " + String.join(" UNION ", branches) + " } WITH x, kind " + tail;
    }
}
