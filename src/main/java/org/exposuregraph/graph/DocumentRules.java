package org.exposuregraph.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

import org.exposuregraph.graph.WriteRules.Link;
import org.exposuregraph.graph.WriteRules.Text;
import org.exposuregraph.graph.ImportReport.Rejection;
import org.exposuregraph.graph.NativeDocument.DataFlowRow;
import org.exposuregraph.graph.NativeDocument.FactRow;
import org.exposuregraph.graph.NativeDocument.SubProcessingRow;

/**
 * {@link WriteRules} applied to a native document, the pass every format but the inventory goes through (native
 * JSON, ODS, STIX, hand edits): bounded texts, categories, no self links, nothing given twice. Rejections name
 * the JSON path ({@code dataFlows[3].categories}); the result also holds the document as it is to be written
 * (categories deduplicated, a sub-processing {@code ["*"]} as absent).
 */
public final class DocumentRules {

    record Result(NativeDocument document, List<Rejection> rejections) {
    }

    private final List<Rejection> rejections = new ArrayList<>();
    /** what (a node id per section, a pair, a fact id) -> where it was first given */
    private final Map<String, String> seen = new HashMap<>();

    private DocumentRules() {
    }

    static Result check(NativeDocument doc) {
        DocumentRules rules = new DocumentRules();
        return new Result(rules.apply(doc), rules.rejections);
    }

    /**
     * The rules for one organisation, reported by field name ({@code name}, {@code aliases[2]}): shared with the
     * ODS importer, which names the line instead of a path.
     */
    public static void organisation(NativeDocument.OrganisationRow o, BiConsumer<String, String> reject) {
        text(reject, "name", Text.NAME, o.name());
        list(reject, "aliases", o.aliases());
        text(reject, "odsCode", Text.CODE, o.odsCode());
        text(reject, "companyNumber", Text.CODE, o.companyNumber());
        text(reject, "domain", Text.CODE, o.domain());
        text(reject, "postcode", Text.CODE, o.postcode());
        text(reject, "commissionerCode", Text.CODE, o.commissionerCode());
        text(reject, "icbCode", Text.CODE, o.icbCode());
        text(reject, "description", Text.LONG, o.description());
    }

    private NativeDocument apply(NativeDocument doc) {
        each(doc.sources(), "sources", (s, at) -> {
            node("source", s.id(), at);
            text(at, "publisher", Text.NAME, s.publisher());
            text(at, "title", Text.NAME, s.title());
            text(at, "url", Text.URL, s.url());
        });
        each(doc.dataCategories(), "dataCategories", (c, at) -> {
            node("data category", c.id(), at);
            text(at, "name", Text.NAME, c.name());
            text(at, "description", Text.LONG, c.description());
            reference(at + ".parent", c.parent());
        });
        each(doc.organisations(), "organisations", (o, at) -> {
            node("organisation", o.id(), at);
            organisation(o, (field, reason) -> reject(at + "." + field, reason));
            UniqueKeys.of(o.odsCode(), o.companyNumber(), o.domain()).forEach((property, value) ->
                    once("unique " + property + " " + value, property + " '" + value + "'", at + "." + property));
        });
        each(doc.software(), "software", (s, at) -> {
            node("software", s.id(), at);
            text(at, "name", Text.NAME, s.name());
            text(at, "publisher", Text.NAME, s.publisher());
        });
        each(doc.vulnerabilities(), "vulnerabilities", (v, at) -> {
            node("vulnerability", v.id(), at);
            text(at, "name", Text.NAME, v.name());
            text(at, "description", Text.LONG, v.description());
            v.affects().forEach(s -> reference(at + ".affects", s));
        });
        each(doc.threatActors(), "threatActors", (a, at) -> {
            node("threat actor", a.id(), at);
            text(at, "name", Text.NAME, a.name());
            list((field, reason) -> reject(at + "." + field, reason), "aliases", a.aliases());
            list((field, reason) -> reject(at + "." + field, reason), "externalIds", a.externalIds());
            text(at, "description", Text.LONG, a.description());
        });
        each(doc.actorRelations(), "actorRelations", (r, at) -> {
            ends(at, "from", r.from(), "to", r.to());
            if (r.type() == null) {
                return; // reported by the bean validation; without a type there is no pair to compare
            }
            fact(r, r.factId(), at, r.type().name().toLowerCase().replace('_', '-') + " link " + r.from() + " -> " + r.to(),
                    "actor " + r.type() + ":" + r.from() + ":" + r.to());
        });
        each(doc.exploits(), "exploits", (e, at) -> {
            ends(at, "actor", e.actor(), "vulnerability", e.vulnerability());
            fact(e, e.factId(), at, "exploit " + e.actor() + " -> " + e.vulnerability(),
                    Facts.exploitId(e.actor(), e.vulnerability()));
        });
        List<DataFlowRow> dataFlows = new ArrayList<>();
        each(doc.dataFlows(), "dataFlows", (f, at) -> {
            ends(at, "client", f.client(), "processor", f.processor());
            selfLink(at + ".processor", Link.DATA_FLOW, f.client(), f.processor());
            List<String> categories = categories(at, Link.DATA_FLOW, f.categories());
            text(at, "purpose", Text.PURPOSE, f.purpose());
            period(at, f.since(), f.until(), f.endReason());
            fact(f, f.factId(), at, Link.DATA_FLOW.between(f.client(), f.processor()),
                    Facts.dataFlowId(f.client(), f.processor()));
            dataFlows.add(categories == f.categories() ? f : new DataFlowRow(f.id(), f.client(), f.processor(),
                    categories, f.people(), f.records(), f.purpose(), f.since(), f.until(), f.endReason(), f.confidence(),
                    f.sourceIds(), f.tlp()));
        });
        List<SubProcessingRow> subProcessing = new ArrayList<>();
        each(doc.subProcessing(), "subProcessing", (s, at) -> {
            ends(at, "processor", s.processor(), "subProcessor", s.subProcessor());
            selfLink(at + ".subProcessor", Link.SUB_PROCESSING, s.processor(), s.subProcessor());
            List<String> categories = categories(at, Link.SUB_PROCESSING, s.categories());
            text(at, "purpose", Text.PURPOSE, s.purpose());
            period(at, s.since(), s.until(), s.endReason());
            fact(s, s.factId(), at, Link.SUB_PROCESSING.between(s.processor(), s.subProcessor()),
                    Facts.subProcessingId(s.processor(), s.subProcessor()));
            subProcessing.add(categories == s.categories() ? s : new SubProcessingRow(s.id(), s.processor(),
                    s.subProcessor(), categories, s.purpose(), s.since(), s.until(), s.endReason(), s.confidence(), s.sourceIds(), s.tlp()));
        });
        each(doc.softwareUse(), "softwareUse", (u, at) -> {
            ends(at, "organisation", u.organisation(), "software", u.software());
            period(at, u.since(), u.until(), u.endReason());
            fact(u, u.factId(), at, Link.SOFTWARE_USE.between(u.organisation(), u.software()),
                    Facts.softwareUseId(u.organisation(), u.software()));
        });
        each(doc.incidents(), "incidents", (i, at) -> {
            node("incident", i.id(), at);
            text(at, "name", Text.NAME, i.name());
            text(at, "ransomDemand", Text.PURPOSE, i.ransomDemand());
            text(at, "summary", Text.LONG, i.summary());
            sourceIds(at, i.sourceIds());
            for (DocumentWriter.IncidentLinkType type : DocumentWriter.IncidentLinkType.values()) {
                String name = type.name().toLowerCase();
                each(type.links.apply(i), at + "." + type.field, (l, linkAt) -> {
                    reference(linkAt + ".target", l.target());
                    fact(l, i.id() + ":" + name + ":" + l.target(), linkAt,
                            name.replace('_', ' ') + " link " + i.id() + " -> " + l.target(),
                            "incident " + i.id() + ":" + name + ":" + l.target());
                });
            }
        });
        each(doc.claims(), "claims", (c, at) -> {
            node("claim", c.id(), at);
            reference(at + ".subject", c.subject());
            text(at, "property", Text.CODE, c.property());
            text(at, "value", Text.PURPOSE, c.value());
            text(at, "statement", Text.LONG, c.statement());
            sourceIds(at, c.sourceIds());
        });
        return new NativeDocument(doc.format(), doc.version(), doc.sources(), doc.dataCategories(), doc.organisations(),
                doc.software(), doc.vulnerabilities(), doc.threatActors(), doc.actorRelations(), doc.exploits(),
                dataFlows, subProcessing, doc.softwareUse(), doc.incidents(), doc.claims());
    }

    /** A node id given twice in its section: both paths named. */
    private void node(String what, String id, String at) {
        if (id != null) {
            once("node " + what + " " + id, what + " '" + id + "'", at);
        }
    }

    /** A link's pair given twice, or (for distinct pairs) its fact id given twice; the id itself bounded. */
    private void fact(FactRow row, String factId, String at, String pair, String pairKey) {
        if (row.id() != null) {
            String problem = WriteRules.id(row.id());
            if (problem != null) {
                reject(at + ".id", problem);
            }
        }
        sourceIds(at, row.sourceIds());
        if (once("pair " + pairKey, pair, at)) {
            once("fact " + factId, "fact id '" + factId + "'", at);
        }
    }

    /** Whether this was the first time; otherwise the repetition is rejected citing both places. */
    private boolean once(String key, String what, String at) {
        String first = seen.putIfAbsent(key, at);
        if (first != null) {
            reject(at, WriteRules.repeated(what, first, at));
            return false;
        }
        return true;
    }

    private List<String> categories(String at, Link link, List<String> ids) {
        try {
            List<String> categories = WriteRules.categories(link, ids);
            if (categories != null) {
                categories.forEach(c -> reference(at + ".categories", c));
            }
            return categories;
        } catch (WriteRules.Violation e) {
            reject(at + ".categories", e.getMessage());
            return ids;
        }
    }

    private void selfLink(String at, Link link, String from, String to) {
        String problem = WriteRules.selfLink(link, from, to);
        if (problem != null) {
            reject(at, problem);
        }
    }

    private void ends(String at, String fromField, String from, String toField, String to) {
        reference(at + "." + fromField, from);
        reference(at + "." + toField, to);
    }

    private void sourceIds(String at, List<String> ids) {
        if (ids != null) {
            ids.forEach(id -> reference(at + ".sourceIds", id));
        }
    }

    /** A reference is an id too: an over-long one is named here, not sent to the database to look up. */
    private void reference(String at, String id) {
        String problem = WriteRules.id(id);
        if (problem != null) {
            reject(at, problem);
        }
    }

    private void period(String at, java.time.LocalDate since, java.time.LocalDate until, String endReason) {
        String problem = WriteRules.period(since, until);
        if (problem != null) {
            reject(at + ".until", problem);
        }
        String reasonProblem = WriteRules.endReason(until, endReason);
        if (reasonProblem != null) {
            reject(at + ".endReason", reasonProblem);
        }
    }

    private void text(String at, String field, Text kind, String value) {
        text((f, reason) -> reject(at + "." + f, reason), field, kind, value);
    }

    private static void text(BiConsumer<String, String> reject, String field, Text kind, String value) {
        String problem = WriteRules.text(kind, value);
        if (problem != null) {
            reject.accept(field, problem);
        }
    }

    private static void list(BiConsumer<String, String> reject, String field, List<String> values) {
        if (values == null) {
            return;
        }
        String size = WriteRules.listSize(values.size());
        if (size != null) {
            reject.accept(field, size);
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            text(reject, field + "[" + i + "]", Text.ALIAS, Objects.requireNonNullElse(values.get(i), ""));
        }
    }

    private void reject(String at, String reason) {
        rejections.add(Rejection.atObject(at, reason));
    }

    private static <T> void each(List<T> rows, String section, BiConsumer<T, String> check) {
        for (int i = 0; i < rows.size(); i++) {
            check.accept(rows.get(i), section + "[" + i + "]");
        }
    }
}
