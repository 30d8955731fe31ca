package org.exposuregraph.ingest;

import static org.exposuregraph.security.Visibility.visible;

import java.io.OutputStream;
import java.lang.reflect.Array;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.exposuregraph.api.ExportText;
import org.exposuregraph.graph.Facts;
import org.exposuregraph.security.Visibility;
import org.springframework.stereotype.Service;

/**
 * The whole graph as GraphML for Gephi, yEd and other graph tools: every node with its label, id and name
 * (plus kind/type), every relationship with its type and the facts' id, confidence, categories and when they held
 * ({@code since}, {@code until}, {@code endReason}).
 * Streamed as it is read.
 */
@Service
public class GraphMlExporter {

    static final List<String> LABELS = List.of("Organisation", "DataCategory", "Software", "Vulnerability",
            "ThreatActor", "Incident", "Source", "Claim");
    private static final String NS = "http://graphml.graphdrawing.org/xmlns";

    private final GraphReader reader;

    GraphMlExporter(GraphReader reader) {
        this.reader = reader;
    }

    /**
     * Writes what the caller may see. Claims come last: one about a fact the caller cannot see is left out
     * even when the claim itself is visible.
     */
    public void export(Visibility visibility, OutputStream out) {
        Map<String, Object> parameters = Map.of("labels", LABELS.stream().filter(l -> !l.equals("Claim")).toList(),
                "factTypes", Facts.RELATIONSHIP_TYPES, Visibility.PARAMETER, visibility.levels());
        // Only a caller who cannot see everything needs the ids written, to check each claim's subject.
        boolean checkSubjects = !visibility.seesEverything();
        Set<String> written = new HashSet<>();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("graphml");
            xml.writeDefaultNamespace(NS);
            key(xml, "label", "node", "label");
            key(xml, "name", "node", "name");
            key(xml, "kind", "node", "kind");
            key(xml, "type", "edge", "type");
            key(xml, "fact", "edge", "id");
            key(xml, "confidence", "edge", "confidence");
            key(xml, "categories", "edge", "categories");
            key(xml, "since", "edge", "since");
            key(xml, "until", "edge", "until");
            key(xml, "endReason", "edge", "endReason");
            xml.writeStartElement("graph");
            xml.writeAttribute("id", "exposuregraph");
            xml.writeAttribute("edgedefault", "directed");
            reader.stream("""
                    MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) AND %s
                    RETURN {label: [l IN labels(n) WHERE l IN $labels][0], id: n.id, name: coalesce(n.name, n.title),
                            kind: coalesce(n.kind, n.type)} AS row
                    ORDER BY row.label, row.id""".formatted(visible("n")), parameters, n -> write(xml, () -> {
                if (checkSubjects) {
                    written.add((String) n.get("id"));
                }
                node(xml, n);
            }));
            reader.stream("""
                    MATCH (a)-[r]->(b) WHERE any(l IN labels(a) WHERE l IN $labels) AND any(l IN labels(b) WHERE l IN $labels)
                      AND %s
                    RETURN {from: [l IN labels(a) WHERE l IN $labels][0] + ':' + a.id,
                            to: [l IN labels(b) WHERE l IN $labels][0] + ':' + b.id,
                            type: type(r), id: %s, confidence: CASE WHEN type(r) IN $factTypes THEN %s END,
                            categories: r.categories,
                            since: r.since, until: r.until, endReason: r.endReason} AS row
                    ORDER BY row.from, row.type, row.to""".formatted(visible("a", "r", "b"), Facts.idIn("r", "a", "b"),
                    Facts.confidenceIn("r")), parameters, r -> write(xml, () -> {
                if (checkSubjects && r.get("id") != null) {
                    written.add((String) r.get("id"));
                }
                xml.writeStartElement("edge");
                xml.writeAttribute("source", ExportText.xmlText((String) r.get("from")));
                xml.writeAttribute("target", ExportText.xmlText((String) r.get("to")));
                data(xml, "type", r.get("type"));
                data(xml, "fact", r.get("id"));
                data(xml, "confidence", r.get("confidence"));
                data(xml, "categories", r.get("categories") == null ? null : String.join(";", strings(r.get("categories"))));
                data(xml, "since", r.get("since")); // dates as YYYY-MM-DD
                data(xml, "until", r.get("until"));
                data(xml, "endReason", r.get("endReason"));
                xml.writeEndElement();
            }));
            reader.stream("""
                    MATCH (n:Claim) WHERE %s
                    RETURN {label: 'Claim', id: n.id, name: n.statement, kind: n.stance, subject: n.subjectId} AS row
                    ORDER BY row.id""".formatted(visible("n")), parameters, c -> write(xml, () -> {
                if (!checkSubjects || written.contains((String) c.get("subject"))) {
                    node(xml, c);
                }
            }));
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("GraphML export failed", e);
        }
    }

    private static void node(XMLStreamWriter xml, Map<String, Object> n) throws XMLStreamException {
        xml.writeStartElement("node");
        xml.writeAttribute("id", ExportText.xmlText(n.get("label") + ":" + n.get("id")));
        data(xml, "label", n.get("label"));
        data(xml, "name", n.get("name"));
        data(xml, "kind", n.get("kind"));
        xml.writeEndElement();
    }

    private interface XmlWork {
        void run() throws XMLStreamException;
    }

    private static void write(XMLStreamWriter xml, XmlWork work) {
        try {
            work.run();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("GraphML export failed", e);
        }
    }

    private static void key(XMLStreamWriter xml, String id, String on, String name) throws XMLStreamException {
        xml.writeEmptyElement("key");
        xml.writeAttribute("id", id);
        xml.writeAttribute("for", on);
        xml.writeAttribute("attr.name", name);
        xml.writeAttribute("attr.type", "string");
    }

    private static void data(XMLStreamWriter xml, String key, Object value) throws XMLStreamException {
        if (value != null) {
            xml.writeStartElement("data");
            xml.writeAttribute("key", key);
            xml.writeCharacters(ExportText.xmlText(String.valueOf(value)));
            xml.writeEndElement();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        if (value.getClass().isArray()) {
            List<String> list = new java.util.ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(String.valueOf(Array.get(value, i)));
            }
            return list;
        }
        return (List<String>) value;
    }
}
