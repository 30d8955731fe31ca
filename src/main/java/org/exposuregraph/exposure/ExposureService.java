package org.exposuregraph.exposure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.api.NotFoundException;
import org.exposuregraph.api.Page;
import org.exposuregraph.graph.OrganisationKind;
import org.exposuregraph.graph.ReadTransactions;
import org.exposuregraph.organisation.OrganisationService;
import org.exposuregraph.provenance.FactRows;
import org.exposuregraph.security.Visibility;
import org.exposuregraph.taxonomy.DataCategory;
import org.exposuregraph.taxonomy.TaxonomyService;
import org.neo4j.driver.Value;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;

/**
 * Answers "these vendors are breached: who is exposed, with what data, through which chain?" and its
 * mirror "where does this client's data go?", plus the graph-wide concentration of dependence.
 * <p>
 * Exposures are answered from the in-memory read model ({@link ExposureIndex}, kept up to date from the change
 * record; {@code cypher/queries/vendor-exposure.cypher} is its oracle in tests) and cached per read-model version
 * and the caller's TLP clearance; so is the concentration ranking, whose per-organisation reach is patched for just
 * the organisations a change reaches ({@code concentration-risk.cypher} is its oracle). The supply chain runs its
 * query in {@code cypher/queries}. Every answer rests only on what the caller's {@link Visibility} lets them see, so hidden
 * facts change no answer and no count.
 */
@Service
// No transaction for what the read model answers: an empty one costs two round trips to the database (begin, commit)
// per request. Each query runs in a read transaction of its own (graph.ReadTransactions: routed to followers, retried).
public class ExposureService {

    /** Longest client → vendor chain a caller may ask for, in hops. */
    public static final int MAX_DEPTH = 6;
    /** Hops counted by analyses that take no depth (incidents, actors, concentration, risk). */
    public static final int DEFAULT_DEPTH = 3;
    /** Most vendors one simulated breach may name. */
    public static final int MAX_SIMULATED_VENDORS = 100;

    private final Neo4jClient neo4jClient;
    private final ReadTransactions readTransactions;
    private final OrganisationService organisations;
    private final TaxonomyService taxonomy;
    private final ExposureIndex index;
    /** The vendor-exposure query for each depth, since Cypher cannot take a path bound as a parameter. */
    private final List<String> exposureQueryByDepth;
    private final List<String> supplyChainQueryByDepth;
    private final String concentrationQuery;
    /**
     * Exposure answers with what they rest on. One stays valid until a change reaches an organisation on its chains
     * (not any write, and with an external Neo4j too): {@link ExposureIndex#stillValid}; one that a change reached
     * through data flows alone is patched, client by client ({@link ExposureIndex#patch}).
     */
    private final Map<ExposureKey, CachedExposure> exposures;
    private static final int CACHED_EXPOSURES = 64;

    private record CachedExposure(VendorExposure exposure, ExposureTotals totals, ExposureIndex.Answer answer) {
    }

    /** An exposure's clients in their natural order: nearest first, then by id. */
    private static final Comparator<ExposedClient> NATURAL_ORDER = Comparator.comparingInt(ExposedClient::hops)
            .thenComparing(ExposedClient::clientId);
    /** Look-ups of {@link #exposures}, published like the versioned caches' (database.CacheMetrics, docs/operations.md). */
    private final Counter exposureHits;
    private final Counter exposureMisses;
    /** Stale answers brought up to date client by client rather than computed again. */
    private final Counter exposurePatches;
    /** Reach tables kept up to date per filter, date, clearance and taxonomy; the least recently used go. */
    private final Map<ReachKey, ReachTable> reachTables = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ReachKey, ReachTable> eldest) {
            return size() > REACH_TABLES;
        }
    };
    private static final int REACH_TABLES = 16;

    private record ReachKey(Set<String> categories, Set<String> kinds, LocalDate asOf, Visibility visibility,
                            Map<String, Integer> sensitivity, Set<String> special) {
    }

    /**
     * One ranking: per organisation its reach, as of a read-model version (-1: never computed), kept in ranking order
     * as entries change (a change re-sorts nothing), with which organisations moved in each recent update so that a
     * ranking built on this one (the vendor-risk ranking) can follow it the same way.
     */
    private static final class ReachTable {
        long version = -1;
        final Map<String, ExposureIndex.Reach> reaches = new HashMap<>();
        final Map<String, ConcentrationRisk> byOrganisation = new HashMap<>();
        final java.util.TreeSet<ConcentrationRisk> ranked = new java.util.TreeSet<>(ConcentrationRisk.RANKING);
        /** Recent updates, oldest first: from which version to which, and the organisations whose reach moved. */
        final java.util.ArrayDeque<Moved> moved = new java.util.ArrayDeque<>();

        void put(ExposureIndex.Reach reach, LocalDate asOf, Set<String> moving) {
            if (reach.clients() == 0) {
                remove(reach.organisationId(), moving);
                return;
            }
            reaches.put(reach.organisationId(), reach);
            ConcentrationRisk now = ConcentrationRisk.of(reach.organisationId(), asOf, reach.clients(),
                    reach.specialClients(), reach.knownPeople(), reach.sensitivitySum());
            ConcentrationRisk before = byOrganisation.put(reach.organisationId(), now);
            if (!now.equals(before)) {
                if (before != null) {
                    ranked.remove(before);
                }
                ranked.add(now);
                moving.add(reach.organisationId());
            }
        }

        void remove(String organisationId, Set<String> moving) {
            reaches.remove(organisationId);
            ConcentrationRisk before = byOrganisation.remove(organisationId);
            if (before != null) {
                ranked.remove(before);
                moving.add(organisationId);
            }
        }

        void clear() {
            reaches.clear();
            byOrganisation.clear();
            ranked.clear();
            moved.clear();
        }
    }

    private record Moved(long from, long to, Set<String> organisations) {
    }

    /** Updates of a reach table remembered for rankings built on it; older ones make those start again. */
    private static final int REACH_UPDATES_KEPT = 64;

    /**
     * The reach table's organisations that moved since version {@code since} (-1: never looked), each with its reach
     * now (null: gone), or with {@code complete} every organisation's.
     */
    public record ReachChanges(long version, boolean complete, Map<String, ConcentrationRisk> reaches) {
    }

    /** What an exposure answer depends on; null filters mean "all". The date matters: facts start and stop. */
    record ExposureKey(Set<String> vendorIds, int depth, Set<String> categories, Set<String> kinds, LocalDate asOf,
                       Visibility visibility) {
    }

    ExposureService(Neo4jClient neo4jClient, ReadTransactions readTransactions, OrganisationService organisations,
                    TaxonomyService taxonomy, ExposureIndex index, MeterRegistry meters) {
        this.neo4jClient = neo4jClient;
        this.readTransactions = readTransactions;
        this.exposureHits = cacheRequests(meters, "hit");
        this.exposureMisses = cacheRequests(meters, "miss");
        this.exposurePatches = cacheRequests(meters, "patched");
        this.organisations = organisations;
        this.taxonomy = taxonomy;
        this.index = index;
        this.exposureQueryByDepth = perDepth(CypherQueries.load("vendor-exposure"));
        this.supplyChainQueryByDepth = perDepth(CypherQueries.load("supply-chain"));
        this.concentrationQuery = CypherQueries.load("concentration-risk");
        this.exposures = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ExposureKey, CachedExposure> eldest) {
                return size() > CACHED_EXPOSURES;
            }
        };
    }

    private static Counter cacheRequests(MeterRegistry meters, String result) {
        return Counter.builder("exposuregraph.cache.requests").description("Cache look-ups by result")
                .tag("cache", "ExposureService").tag("result", result).register(meters);
    }

    private static List<String> perDepth(String template) {
        return IntStream.rangeClosed(0, MAX_DEPTH)
                .mapToObj(depth -> template.replace("$maxSubProcessing", Integer.toString(Math.max(depth - 1, 0))))
                .toList();
    }

    public VendorExposure vendorExposure(String vendorId, Integer maxDepth, List<String> categories,
                                         List<OrganisationKind> clientKinds, LocalDate asOf) {
        int depth = BadRequestException.requireInRange("maxDepth", maxDepth, 1, MAX_DEPTH);
        organisations.require(vendorId);
        return exposureOf(List.of(vendorId), depth, expandCategories("categories", categories), kindNames(clientKinds),
                Validity.dateOrToday(asOf));
    }

    /** What-if: the combined exposure if all these vendors were breached (only these categories, if given). */
    public VendorExposure simulateBreach(List<String> vendorIds, List<String> categories, Integer maxDepth, LocalDate asOf) {
        int depth = BadRequestException.requireInRange("maxDepth", maxDepth, 1, MAX_DEPTH);
        if (vendorIds == null || vendorIds.isEmpty() || vendorIds.size() > MAX_SIMULATED_VENDORS) {
            throw new BadRequestException("'vendorIds' must name 1 to " + MAX_SIMULATED_VENDORS + " organisations");
        }
        Set<String> distinct = new LinkedHashSet<>(vendorIds);
        Set<String> found = organisations.findAllById(distinct).keySet();
        distinct.stream().filter(id -> !found.contains(id)).findFirst().ifPresent(id -> {
            throw new NotFoundException("Organisation", id);
        });
        return exposureOf(distinct, depth, expandCategories("categories", categories), null, Validity.dateOrToday(asOf));
    }

    /**
     * The exposure of a breach of all {@code vendorIds} (which must exist), cached per graph version.
     *
     * @param categories null, or the category ids that count (already expanded to sub-categories)
     * @param kinds      null, or the client kinds that count
     * @param asOf       the date: only facts that hold on it count
     */
    public VendorExposure exposureOf(Collection<String> vendorIds, int depth, Set<String> categories, Set<String> kinds,
                                     LocalDate asOf) {
        ExposureKey key = new ExposureKey(new TreeSet<>(vendorIds), depth, categories, kinds, asOf, Visibility.current());
        CachedExposure cached;
        synchronized (exposures) {
            cached = exposures.get(key);
        }
        if (cached != null && index.stillValid(cached.answer().footprint(), cached.answer().version())) {
            exposureHits.increment();
            return cached.exposure();
        }
        Map<String, DataCategory> taxonomyById = taxonomy.byId();
        ExposureIndex.Patch patch = cached == null ? null : index.patch(cached.answer());
        CachedExposure fresh;
        if (patch != null) {
            exposurePatches.increment();
            fresh = patched(cached, patch, taxonomyById);
        } else {
            exposureMisses.increment();
            ExposureIndex.Answer answer = index.answer(key.vendorIds(), key.depth(), key.categories(), key.kinds(),
                    key.asOf(), key.visibility());
            List<ExposedClient> clients = new ArrayList<>();
            ExposureTotals totals = new ExposureTotals();
            for (ExposureIndex.Row row : answer.rows()) {
                ExposedClient client = exposedClient(row, taxonomyById);
                clients.add(client);
                totals.add(client, 1);
            }
            clients.sort(NATURAL_ORDER);
            fresh = new CachedExposure(totals.exposure(List.copyOf(key.vendorIds()), key.depth(), key.asOf(), clients,
                    taxonomyById), totals, new ExposureIndex.Answer(List.of(), answer.footprint(), answer.version(),
                    answer.basis())); // the rows are kept once, as the exposure's clients
        }
        synchronized (exposures) {
            exposures.put(key, fresh);
        }
        return fresh.exposure();
    }

    /**
     * A cached exposure with the rows a patch redid put in place (and those no longer exposed taken out): each found
     * and placed by binary search in a copy of the sorted list, so a patch costs a copy of the list and a few searches
     * per changed client, not a pass comparing every client (138,000 for the top vendor).
     */
    private static CachedExposure patched(CachedExposure cached, ExposureIndex.Patch patch,
                                          Map<String, DataCategory> taxonomyById) {
        VendorExposure exposure = cached.exposure();
        ExposureTotals totals = cached.totals().copy();
        List<ExposedClient> clients = new ArrayList<>(exposure.exposedClients().size() + patch.rows().size());
        clients.addAll(exposure.exposedClients());
        patch.rows().forEach((clientId, row) -> {
            int at = indexOf(clients, clientId, exposure.maxDepth());
            if (at >= 0) {
                totals.add(clients.remove(at), -1);
            }
            if (row != null) {
                ExposedClient client = exposedClient(row, taxonomyById);
                clients.add(-Collections.binarySearch(clients, client, NATURAL_ORDER) - 1, client);
                totals.add(client, 1);
            }
        });
        return new CachedExposure(totals.exposure(exposure.vendorIds(), exposure.maxDepth(), exposure.asOf(), clients,
                taxonomyById), totals, new ExposureIndex.Answer(List.of(), cached.answer().footprint(), patch.version(),
                cached.answer().basis()));
    }

    /** Where a client is in a list in natural order, at whichever distance (1 to {@code maxDepth}); -1 if absent. */
    private static int indexOf(List<ExposedClient> clients, String clientId, int maxDepth) {
        for (int hops = 1; hops <= maxDepth; hops++) {
            ExposedClient probe = new ExposedClient(clientId, List.of(), false, false, hops, List.of(), null, 0, false, 0);
            int at = Collections.binarySearch(clients, probe, NATURAL_ORDER);
            if (at >= 0) {
                return at;
            }
        }
        return -1;
    }

    /**
     * The same answer from {@code vendor-exposure.cypher} over the store: the oracle the read model is tested
     * against ({@code ExposureIndexDifferentialTest}), unordered.
     */
    List<ExposureIndex.Row> exposureByCypher(Collection<String> vendorIds, int depth, Set<String> categories,
                                             Set<String> kinds, LocalDate asOf, Visibility visibility) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("vendorIds", List.copyOf(vendorIds));
        parameters.put("categories", categories == null ? null : List.copyOf(categories));
        parameters.put("kinds", kinds == null ? null : List.copyOf(kinds));
        parameters.put(Visibility.PARAMETER, visibility.levels());
        parameters.put(Validity.PARAMETER, asOf);
        return readTransactions.run(() -> List.copyOf(neo4jClient.query(exposureQueryByDepth.get(depth))
                .bindAll(parameters)
                .fetchAs(ExposureIndex.Row.class)
                .mappedBy((types, row) -> new ExposureIndex.Row(row.get("clientId").asString(),
                        Set.copyOf(FactRows.strings(row.get("categories"))), row.get("hops").asInt(),
                        FactRows.strings(row.get("path")), FactRows.integer(row.get("people")),
                        row.get("confidence").asInt(), row.get("disputed").asBoolean()))
                .all()));
    }

    private static ExposedClient exposedClient(ExposureIndex.Row row, Map<String, DataCategory> categories) {
        List<String> ids = new ArrayList<>(row.categories());
        ids.sort(bySensitivity(categories));
        return new ExposedClient(row.clientId(), List.copyOf(ids), anySpecial(ids, categories),
                anySensitivePopulation(ids, categories), row.hops(), row.path(), row.people(), row.confidence(),
                row.disputed(), maxSensitivity(ids, categories));
    }

    static boolean anySpecial(Collection<String> ids, Map<String, DataCategory> categories) {
        return ids.stream().map(categories::get).anyMatch(c -> c != null && c.specialCategory());
    }

    static boolean anySensitivePopulation(Collection<String> ids, Map<String, DataCategory> categories) {
        return ids.stream().map(categories::get).anyMatch(c -> c != null && c.sensitivePopulation());
    }

    static int maxSensitivity(Collection<String> ids, Map<String, DataCategory> categories) {
        return ids.stream().mapToInt(id -> categories.containsKey(id) ? categories.get(id).sensitivity() : 1).max().orElse(1);
    }

    /** Most sensitive first, then by id. */
    static Comparator<String> bySensitivity(Map<String, DataCategory> categories) {
        return Comparator.comparing((String id) -> categories.containsKey(id) ? -categories.get(id).sensitivity() : 0)
                .thenComparing(id -> id);
    }

    static VendorExposure summarise(List<String> vendorIds, int depth, LocalDate asOf, List<ExposedClient> clients,
                                    Map<String, DataCategory> categories) {
        ExposureTotals totals = new ExposureTotals();
        clients.forEach(client -> totals.add(client, 1));
        return totals.exposure(vendorIds, depth, asOf, clients, categories);
    }

    /**
     * An exposure's totals as sums over its clients, so that a patch takes a client's old row out and puts its new
     * one in rather than summing every client again: clients, direct ones, Article 9 ones, people (and how many
     * clients' head counts are known), and per category its clients and people.
     */
    static final class ExposureTotals {
        private int clients;
        private int direct;
        private int special;
        private long people;
        private int peopleKnown;
        /** Per category: clients, people, clients whose people are known. */
        private final Map<String, long[]> perCategory = new HashMap<>();

        ExposureTotals copy() {
            ExposureTotals copy = new ExposureTotals();
            copy.clients = clients;
            copy.direct = direct;
            copy.special = special;
            copy.people = people;
            copy.peopleKnown = peopleKnown;
            perCategory.forEach((id, counts) -> copy.perCategory.put(id, counts.clone()));
            return copy;
        }

        /** Adds ({@code sign} 1) or takes out (-1) one client's row. */
        void add(ExposedClient client, int sign) {
            clients += sign;
            direct += client.direct() ? sign : 0;
            special += client.specialCategory() ? sign : 0;
            if (client.people() != null) {
                people += (long) sign * client.people();
                peopleKnown += sign;
            }
            for (String id : client.categoryIds()) {
                long[] counts = perCategory.computeIfAbsent(id, k -> new long[3]);
                counts[0] += sign;
                if (client.people() != null) {
                    counts[1] += (long) sign * client.people();
                    counts[2] += sign;
                }
                if (counts[0] == 0) {
                    perCategory.remove(id);
                }
            }
        }

        VendorExposure exposure(List<String> vendorIds, int depth, LocalDate asOf, List<ExposedClient> clientsInOrder,
                                Map<String, DataCategory> categories) {
            List<String> ordered = new ArrayList<>(perCategory.keySet());
            ordered.sort(bySensitivity(categories));
            List<CategoryExposure> stats = ordered.stream().map(id -> {
                long[] counts = perCategory.get(id);
                DataCategory category = categories.get(id);
                return new CategoryExposure(id, (int) counts[0], counts[2] > 0 ? counts[1] : null,
                        category != null && category.specialCategory(), category != null && category.sensitivePopulation());
            }).toList();
            return new VendorExposure(vendorIds, depth, asOf, clientsInOrder, ordered, stats, clients, direct,
                    peopleKnown > 0 ? people : null, special > 0);
        }
    }

    /** A forward page of an exposure's clients, in its natural order (nearest first, then id). */
    public Page<ExposedClient> page(VendorExposure exposure, Integer first, String after) {
        int size = Page.checkPageSize(first);
        List<ExposedClient> all = exposure.exposedClients();
        int from = 0;
        if (after != null) {
            ClientKey key = ClientKey.of(after);
            // Binary search for the first client after the cursor; the list is sorted by sortKey's order.
            int lo = 0;
            int hi = all.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (key.compare(all.get(mid)) <= 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            from = lo;
        }
        List<ExposedClient> rows = all.subList(from, Math.min(all.size(), from + Page.rowsToRead(size)));
        return Page.of(rows, size, ExposedClient::sortKey, () -> all.size());
    }

    /** Where a page of exposed clients starts: the hops and id of {@link ExposedClient#sortKey} in the cursor. */
    private record ClientKey(int hops, String clientId) {

        static ClientKey of(String after) {
            Page.KeyedCursor<Integer> cursor = Page.keyedCursor(after, Integer::valueOf);
            return new ClientKey(cursor.key(), cursor.id());
        }

        /** How {@code client} sorts against the cursor's client: negative when before it. */
        int compare(ExposedClient client) {
            int byHops = Integer.compare(client.hops(), hops);
            return byHops != 0 ? byHops : client.clientId().compareTo(clientId);
        }
    }

    /**
     * The risk team's quarterly question: which clients and categories a breach of the vendor would have
     * exposed on {@code to} but not on {@code from} (gained), and the reverse (lost). Two cached exposures compared.
     */
    public ExposureChanges exposureChanges(String vendorId, LocalDate from, LocalDate to, Integer maxDepth) {
        int depth = BadRequestException.requireInRange("maxDepth", maxDepth, 1, MAX_DEPTH);
        if (from == null || to == null) {
            throw new BadRequestException("'from' and 'to' are required");
        }
        organisations.require(vendorId);
        Map<String, DataCategory> categories = taxonomy.byId();
        Map<String, ExposedClient> before = byClient(exposureOf(List.of(vendorId), depth, null, null, from));
        Map<String, ExposedClient> after = byClient(exposureOf(List.of(vendorId), depth, null, null, to));
        return new ExposureChanges(vendorId, from, to, depth, difference(after, before, categories),
                difference(before, after, categories));
    }

    private static Map<String, ExposedClient> byClient(VendorExposure exposure) {
        Map<String, ExposedClient> result = new java.util.TreeMap<>();
        exposure.exposedClients().forEach(c -> result.put(c.clientId(), c));
        return result;
    }

    /** Per client (by id): the categories exposed in {@code these} but not in {@code those}. */
    private static List<ExposureChanges.ClientChange> difference(Map<String, ExposedClient> these, Map<String, ExposedClient> those,
                                                                 Map<String, DataCategory> categories) {
        List<ExposureChanges.ClientChange> result = new ArrayList<>();
        these.forEach((id, client) -> {
            ExposedClient other = those.get(id);
            List<String> changed = new ArrayList<>(client.categoryIds());
            if (other != null) {
                changed.removeAll(other.categoryIds());
            }
            if (!changed.isEmpty()) {
                changed.sort(bySensitivity(categories));
                result.add(new ExposureChanges.ClientChange(id, List.copyOf(changed), other == null));
            }
        });
        return List.copyOf(result);
    }

    /** The given category ids plus all their sub-categories; null when no filter is given. */
    public Set<String> expandCategories(String argument, Collection<String> ids) {
        if (ids == null) {
            return null;
        }
        Set<String> expanded = taxonomy.withDescendants(ids);
        ids.stream().filter(id -> !expanded.contains(id)).findFirst().ifPresent(id -> {
            throw new NotFoundException("Data category (in '" + argument + "')", id);
        });
        return expanded;
    }

    static Set<String> kindNames(Collection<OrganisationKind> kinds) {
        if (kinds == null) {
            return null;
        }
        Set<String> names = new TreeSet<>();
        kinds.forEach(kind -> names.add(kind.name()));
        return names;
    }

    /** Where one client's data goes: every organisation and piece of software it reaches within maxDepth hops. */
    public SupplyChain supplyChain(String clientId, Integer maxDepth, LocalDate asOf) {
        int depth = BadRequestException.requireInRange("maxDepth", maxDepth, 1, MAX_DEPTH);
        LocalDate date = Validity.dateOrToday(asOf);
        organisations.require(clientId);
        Map<String, DataCategory> categories = taxonomy.byId();
        List<SupplyChain.Link> organisationLinks = new ArrayList<>();
        Map<String, SupplyChain.Link> software = new LinkedHashMap<>();
        readTransactions.run(() -> neo4jClient.query(supplyChainQueryByDepth.get(depth)).bind(clientId).to("clientId")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .bind(date).to(Validity.PARAMETER)
                .fetch().all()).forEach(row -> {
            @SuppressWarnings("unchecked")
            List<String> cats = new ArrayList<>((List<String>) row.get("categories"));
            cats.sort(bySensitivity(categories));
            @SuppressWarnings("unchecked")
            List<String> path = (List<String>) row.get("path");
            int hops = ((Number) row.get("hops")).intValue();
            organisationLinks.add(new SupplyChain.Link((String) row.get("organisationId"), null, hops, path, List.copyOf(cats)));
            @SuppressWarnings("unchecked")
            List<String> softwareIds = (List<String>) row.get("softwareIds");
            for (String softwareId : softwareIds) {
                // Software is reached at the organisation that runs it: nearest such organisation explains it.
                software.merge(softwareId, new SupplyChain.Link(null, softwareId, hops, path, List.copyOf(cats)),
                        (a, b) -> SupplyChain.Link.merge(a, b, bySensitivity(categories)));
            }
        });
        Comparator<SupplyChain.Link> order = Comparator.comparingInt(SupplyChain.Link::hops)
                .thenComparing(l -> l.organisationId() != null ? l.organisationId() : l.softwareId());
        List<SupplyChain.Link> links = new ArrayList<>(organisationLinks);
        links.sort(order);
        List<SupplyChain.Link> softwareLinks = new ArrayList<>(software.values());
        softwareLinks.sort(order);
        links.addAll(softwareLinks);
        return new SupplyChain(clientId, depth, date, List.copyOf(links));
    }

    /**
     * Concentration risk: organisations ranked by score, each with the clients that depend on it within
     * {@value #DEFAULT_DEPTH} hops. Optional filters by one category (with sub-categories) and client kind.
     */
    public List<ConcentrationRisk> concentrationRisk(Integer first, String category, OrganisationKind kind, LocalDate asOf) {
        int size = Page.checkPageSize(first);
        Set<String> categories = category == null ? null : expandCategories("category", List.of(category));
        Set<String> kinds = kind == null ? null : Set.of(kind.name());
        return withReach(categories, kinds, Validity.dateOrToday(asOf), table -> table.ranked.stream().limit(size).toList());
    }

    /**
     * For every organisation that receives data: how many clients depend on it within
     * {@value #DEFAULT_DEPTH} hops, how sensitive and how many people, in ranking order. Served from the read model and
     * updated, not recomputed: after a change the read model patches the reaches it moved
     * ({@link ExposureIndex#reachSince}), and those alone move in the ranking.
     */
    public List<ConcentrationRisk> reach(Set<String> categories, Set<String> kinds, LocalDate asOf) {
        return withReach(categories, kinds, asOf, table -> List.copyOf(table.ranked));
    }

    /** The whole-graph reach table's changes since {@code since} (a version this returned before, or -1). */
    public ReachChanges reachChangesSince(long since, LocalDate asOf) {
        return withReach(null, null, asOf, table -> {
            if (since == table.version) {
                return new ReachChanges(table.version, false, Map.of());
            }
            Map<String, ConcentrationRisk> changed = new HashMap<>();
            boolean covered = false;
            for (Moved update : table.moved) {
                covered |= update.from() == since;
                if (covered) {
                    update.organisations().forEach(id -> changed.put(id, table.byOrganisation.get(id)));
                }
            }
            return covered ? new ReachChanges(table.version, false, changed)
                    : new ReachChanges(table.version, true, Map.copyOf(table.byOrganisation));
        });
    }

    /** Runs {@code read} on the reach table for these filters, the date and the caller's clearance, brought up to date. */
    private <T> T withReach(Set<String> categories, Set<String> kinds, LocalDate asOf, java.util.function.Function<ReachTable, T> read) {
        Map<String, DataCategory> taxonomyById = taxonomy.byId();
        Map<String, Integer> sensitivity = new HashMap<>();
        Set<String> special = new java.util.HashSet<>();
        taxonomyById.values().forEach(c -> {
            sensitivity.put(c.id(), c.sensitivity());
            if (c.specialCategory()) {
                special.add(c.id());
            }
        });
        // The taxonomy is part of the key: a changed sensitivity makes a new table rather than a half-patched one.
        ReachKey key = new ReachKey(categories, kinds, asOf, Visibility.current(), sensitivity, special);
        ReachTable table;
        synchronized (reachTables) {
            table = reachTables.computeIfAbsent(key, k -> new ReachTable());
        }
        synchronized (table) {
            ExposureIndex.ReachUpdate update = index.reachSince(table.version, categories, kinds, asOf, key.visibility(),
                    sensitivity, special);
            if (update.version() != table.version) {
                Set<String> moving = new HashSet<>();
                if (update.complete()) {
                    table.clear();
                } else {
                    update.recomputed().forEach(id -> table.remove(id, moving));
                }
                update.reaches().forEach(r -> table.put(r, asOf, moving));
                update.changes().forEach(change -> table.put(table.reaches.getOrDefault(change.organisationId(),
                        new ExposureIndex.Reach(change.organisationId(), 0, 0, 0, 0, 0)).plus(change), asOf, moving));
                if (!update.complete()) {
                    table.moved.addLast(new Moved(table.version, update.version(), moving));
                    if (table.moved.size() > REACH_UPDATES_KEPT) {
                        table.moved.removeFirst();
                    }
                }
                table.version = update.version();
            }
            return read.apply(table);
        }
    }

    /**
     * The same table from {@code concentration-risk.cypher} over the store, in ranking order: the oracle the read
     * model's rankings are tested against ({@code RankingsDifferentialTest}).
     */
    public List<ConcentrationRisk> reachByCypher(Set<String> categories, Set<String> kinds, LocalDate asOf, Visibility visibility) {
        List<ConcentrationRisk> ranked = new ArrayList<>(computeReach(new ExposureKey(Set.of(), DEFAULT_DEPTH, categories, kinds,
                asOf, visibility)));
        ranked.sort(ConcentrationRisk.RANKING);
        return ranked;
    }

    private List<ConcentrationRisk> computeReach(ExposureKey key) {
        Set<String> categories = key.categories();
        Set<String> kinds = key.kinds();
        Map<String, DataCategory> taxonomyById = taxonomy.byId();
        Map<String, Object> sensitivity = new HashMap<>();
        List<String> special = new ArrayList<>();
        taxonomyById.values().forEach(c -> {
            sensitivity.put(c.id(), c.sensitivity());
            if (c.specialCategory()) {
                special.add(c.id());
            }
        });
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("categories", categories == null ? null : List.copyOf(categories));
        parameters.put("kinds", kinds == null ? null : List.copyOf(kinds));
        parameters.put("special", special);
        parameters.put("sensitivity", sensitivity);
        parameters.put(Visibility.PARAMETER, key.visibility().levels());
        parameters.put(Validity.PARAMETER, key.asOf());
        return readTransactions.run(() -> List.copyOf(neo4jClient.query(concentrationQuery).bindAll(parameters)
                .fetchAs(ConcentrationRisk.class)
                .mappedBy((types, row) -> ConcentrationRisk.of(row.get("organisationId").asString(), key.asOf(),
                        row.get("clients").asInt(), row.get("specialClients").asInt(),
                        row.get("people").isNull() ? null : row.get("people").asLong(),
                        row.get("sensitivitySum").asLong()))
                .all()));
    }
}
