package org.exposuregraph.dataflow;

import static org.exposuregraph.provenance.FactRows.confidence;
import static org.exposuregraph.provenance.FactRows.date;
import static org.exposuregraph.provenance.FactRows.disputed;
import static org.exposuregraph.provenance.FactRows.integer;
import static org.exposuregraph.provenance.FactRows.string;
import static org.exposuregraph.provenance.FactRows.strings;
import static org.exposuregraph.provenance.FactRows.tlp;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.exposuregraph.graph.Facts;
import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads data flows and sub-processing links by the organisations at their ends. */
@Service
@Transactional(readOnly = true)
public class DataFlowService {

    private final Neo4jClient neo4jClient;

    DataFlowService(Neo4jClient neo4jClient) {
        this.neo4jClient = neo4jClient;
    }

    /** Flows out of each client, to all its processors. */
    public Map<String, List<DataFlow>> flowsFromClients(Collection<String> clientIds) {
        return neo4jClient.query("""
                        UNWIND $ids AS clientId
                        MATCH (c:Organisation {id: clientId})-[f:ENTRUSTS]->(p:Organisation)
                        WHERE %s
                        RETURN clientId, p.id AS processorId, %s AS id, f ORDER BY p.name
                        """.formatted(Visibility.visible("c", "f", "p"), Facts.idIn("f", "c", "p")))
                .bind(List.copyOf(clientIds)).to("ids")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(DataFlow.class).mappedBy((types, row) -> {
                    var f = row.get("f");
                    return new DataFlow(row.get("id").asString(), row.get("clientId").asString(),
                            row.get("processorId").asString(), strings(f.get("categories")), integer(f.get("people")),
                            integer(f.get("records")), string(f.get("purpose")), date(f.get("since")),
                            date(f.get("until")), string(f.get("endReason")), confidence(f.get("confidence")), disputed(f.get("disputed")),
                            strings(f.get("sourceIds")), tlp(f.get("tlp")));
                })
                .all().stream().collect(Collectors.groupingBy(DataFlow::clientId));
    }

    /** Sub-processing links out of each processor. */
    public Map<String, List<SubProcessing>> subProcessingFrom(Collection<String> processorIds) {
        return neo4jClient.query("""
                        UNWIND $ids AS processorId
                        MATCH (p:Organisation {id: processorId})-[s:SUBPROCESSES_TO]->(sub:Organisation)
                        WHERE %s
                        RETURN processorId, sub.id AS subProcessorId, s ORDER BY sub.name
                        """.formatted(Visibility.visible("p", "s", "sub")))
                .bind(List.copyOf(processorIds)).to("ids")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(SubProcessing.class).mappedBy((types, row) -> {
                    var s = row.get("s");
                    return new SubProcessing(s.get("id").asString(), row.get("processorId").asString(),
                            row.get("subProcessorId").asString(),
                            s.get("categories").isNull() ? null : strings(s.get("categories")),
                            string(s.get("purpose")), date(s.get("since")), date(s.get("until")), string(s.get("endReason")),
                            confidence(s.get("confidence")), disputed(s.get("disputed")),
                            strings(s.get("sourceIds")), tlp(s.get("tlp")));
                })
                .all().stream().collect(Collectors.groupingBy(SubProcessing::processorId));
    }
}
