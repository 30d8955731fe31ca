package org.exposuregraph.graph;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.security.CurrentKey;
import org.exposuregraph.security.Role;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
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
        Facts.Found found = Facts.one(neo4jClient, id, Visibility.writer());
        // By element id: the fact just found, node or relationship, and nothing else.
        neo4jClient.query(found.node() ? "MATCH (x) WHERE elementId(x) = $element SET x.tlp = $tlp"
                        : "MATCH ()-[x]->() WHERE elementId(x) = $element SET x.tlp = $tlp")
                .bind(found.element()).to("element").bind(Tlp.stored(tlp)).to("tlp").run();
        changes.element(ChangeSet.Outcome.UPDATED, found.kind(), id).markings(found.tlp(), Tlp.stored(tlp));
        Tlp previous = Markings.of(found.tlp());
        return new Result(id, found.kind(), previous == null ? Tlp.CLEAR : previous, tlp);
    }
}
