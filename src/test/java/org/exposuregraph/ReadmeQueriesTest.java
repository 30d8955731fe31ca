package org.exposuregraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.exposuregraph.support.SeededGraphTest;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README tells the truth: the GraphQL queries of its "What to explore" section, taken from README.md itself,
 * run against the seeded application, and each fact the README states next to a query is checked twice — the
 * sentence is still in the README, and the answer says it. Change either and this test fails.
 */
@SeededGraphTest
class ReadmeQueriesTest {

    private static final Pattern NUMBERED = Pattern.compile("^\\*\\*(\\d+)\\.", Pattern.MULTILINE);
    private static final Pattern GRAPHQL = Pattern.compile("```graphql\\n(.*?)```", Pattern.DOTALL);
    private static String readme;
    /** The section's queries by their number; a second query under one number is "6.2". */
    private static Map<String, String> queries;

    @LocalServerPort
    int port;
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void readTheReadme() throws IOException {
        String whole = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = whole.indexOf("## What to explore");
        readme = whole.substring(start, whole.indexOf("\n## ", start + 1));
        queries = new LinkedHashMap<>();
        Matcher block = GRAPHQL.matcher(readme);
        while (block.find()) {
            Matcher number = NUMBERED.matcher(readme.substring(0, block.start()));
            String key = null;
            while (number.find()) {
                key = number.group(1);
            }
            String unique = key;
            for (int n = 2; queries.containsKey(unique); n++) {
                unique = key + "." + n;
            }
            queries.put(unique, block.group(1));
        }
    }

    @Test
    void everyQueryOfTheSectionRunsWithoutErrors() {
        assertThat(queries.keySet()).containsExactly("1", "2", "3", "4", "5", "6", "6.2", "7", "8", "9");
        queries.forEach((number, query) -> assertThat(run(number).has("errors")).as("query " + number).isFalse());
    }

    @Test
    void query1StorAFilesExposedClients() {
        JsonNode exposure = run("1").path("data").path("vendorExposure");
        stated("7 exposed clients; 1,700 people known");
        assertThat(exposure.path("totalClients").asInt()).isEqualTo(7);
        assertThat(exposure.path("totalPeople").asInt()).isEqualTo(1700);
        stated("special-category data: yes");
        assertThat(exposure.path("specialCategory").asBoolean()).isTrue();
        stated("All direct clients: `hops: 1`");
        assertThat(values(exposure.path("exposedClients"), "hops")).containsOnly("1");
        Map<String, String> disputed = byClient(exposure.path("exposedClients"), "disputed");
        stated("medical records — **disputed** by NHS England)");
        assertThat(disputed.get("GP practices using Stor-a-File (unnamed)")).isEqualTo("true");
        stated("unnamed NHS trusts (medical records; their flow is not disputed");
        assertThat(disputed.entrySet()).filteredOn(e -> e.getKey().contains("NHS trusts")).singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("false"));
        stated("confidence 15,\n**disputed**: an unverified claim by the gang");
        assertThat(disputed.get("Ministry of Defence")).isEqualTo("true");
        assertThat(disputed.values().stream().filter("true"::equals).count()).isEqualTo(2);
    }

    @Test
    void query2TheIncidentItsAttributionAndTheDisputedAffected() {
        JsonNode incident = run("2").path("data").path("incident");
        stated("Discovered 2021-09-02, data published");
        assertThat(incident.path("discovered").asString()).isEqualTo("2021-09-02");
        assertThat(incident.path("leakStatus").asString()).isEqualTo("PUBLISHED");
        stated("Attributed to **Clop** (aliases Cl0p, Fancycat; ATT&CK\nS0611; used by TA505) with confidence 80");
        JsonNode attribution = incident.path("attributions").get(0);
        assertThat(incident.path("attributions").size()).isEqualTo(1);
        assertThat(attribution.path("actor").path("name").asString()).isEqualTo("Clop");
        assertThat(values(attribution.path("actor").path("aliases"), null)).contains("Cl0p", "Fancycat");
        assertThat(values(attribution.path("actor").path("externalIds"), null)).contains("S0611");
        assertThat(values(attribution.path("actor").path("usedBy"), "name")).contains("TA505");
        assertThat(attribution.path("confidence").asInt()).isEqualTo(80);
        stated("CVE-2021-35211 (confidence 30: never confirmed)");
        assertThat(values(incident.path("exploited"), "id")).containsExactly("CVE-2021-35211");
        stated("`USD 4,000,000 in Bitcoin` (Stor-a-File) and\n`GBP 3,000,000 in Bitcoin` (Mail on Sunday)");
        assertThat(values(incident.path("claims"), "value")).contains("USD 4,000,000 in Bitcoin", "GBP 3,000,000 in Bitcoin",
                "2021-09-02", "2021-08");
        stated("Seven organisations are reported affected; three of them are **disputed**");
        JsonNode affected = incident.path("reportedAffected");
        assertThat(affected.size()).isEqualTo(7);
        Map<String, String> disputed = new LinkedHashMap<>();
        affected.values().forEach(a -> disputed.put(a.path("organisation").path("name").asString(), a.path("disputed").asString()));
        assertThat(disputed.entrySet()).filteredOn(e -> e.getValue().equals("true")).extracting(Map.Entry::getKey)
                .hasSize(3).anySatisfy(name -> assertThat(name).contains("GP practices"))
                .anySatisfy(name -> assertThat(name).contains("NHS trusts")).contains("Ministry of Defence");
    }

    @Test
    void queries3And4SearchAndTheActor() {
        stated("`clop` (ThreatActor) first");
        JsonNode first = run("3").path("data").path("search").get(0);
        assertThat(first.path("id").asString()).isEqualTo("clop");
        assertThat(first.path("type").asString()).isEqualTo("ThreatActor");
        stated("TA505 uses Clop, exploits CVE-2021-35211 (Serv-U); FIN11 is related but kept distinct.");
        JsonNode ta505 = run("4").path("data").path("threatActor");
        assertThat(values(ta505.path("uses"), "name")).contains("Clop");
        assertThat(values(ta505.path("exploits"), "id")).contains("CVE-2021-35211");
        assertThat(values(ta505.path("relatedTo"), "name")).contains("FIN11");
    }

    @Test
    void query6TheNotificationWorklistAndTheDates() {
        JsonNode impact = run("6").path("data").path("incidentImpact");
        stated("7 controllers, each with the ICO deadline `2021-09-05T00:00:00.000Z`");
        assertThat(impact.path("notifications").size()).isEqualTo(7);
        assertThat(values(impact.path("notifications"), "deadline")).containsOnly("2021-09-05T00:00:00.000Z");
        stated("all 7 must also consider telling the individuals");
        assertThat(values(impact.path("notifications"), "notifyIndividuals")).containsOnly("true");
        stated("Fertility treatment and consent forms were held but not reported leaked.");
        assertThat(values(impact.path("heldOnlyCategories"), "name")).contains("Fertility treatment records", "Consent forms");

        stated("The seed records no start or end dates, so both answers equal today's");
        JsonNode asOf = run("6.2").path("data");
        assertThat(asOf.path("vendorExposure").path("totalClients").asInt()).isEqualTo(7);
        assertThat(asOf.path("exposureChanges").path("gained").size()).isZero();
        assertThat(asOf.path("exposureChanges").path("lost").size()).isZero();
    }

    @Test
    void query7ReachConcentrationSupplyChainAndRisk() {
        JsonNode answer = run("7").path("data");
        stated("Clop's family is Clop and TA505 (which uses it); TA505 exploits CVE-2021-35211 in Serv-U, which\n"
                + "Stor-a-File runs: its 7 clients are at risk.");
        JsonNode reach = answer.path("threatActorReach");
        assertThat(values(reach.path("family"), "name")).containsExactlyInAnyOrder("Clop", "TA505");
        assertThat(values(reach.path("vulnerabilities"), "id")).contains("CVE-2021-35211");
        assertThat(values(reach.path("atRiskVendors"), "name")).containsExactly("Stor-a-File Ltd");
        assertThat(reach.path("atRiskClients").size()).isEqualTo(7);
        stated("Stor-a-File holds the health data of 6 clients.");
        JsonNode storAFile = answer.path("concentrationRisk").values().stream()
                .filter(c -> c.path("organisation").path("name").asString().equals("Stor-a-File Ltd")).findFirst().orElseThrow();
        assertThat(storAFile.path("dependentClients").asInt()).isEqualTo(6);
        stated("Lister's data reaches\nStor-a-File and its Serv-U server.");
        JsonNode links = answer.path("supplyChain").path("links");
        assertThat(values(links, "organisation")).anySatisfy(o -> assertThat(o).contains("Stor-a-File Ltd"));
        assertThat(links.toString()).contains("Serv-U");
        stated("The risk score lists ten explained factors");
        JsonNode factors = answer.path("vendorRiskAssessment").path("factors");
        assertThat(factors.size()).isEqualTo(10);
        // Explanations count in words that agree with the number ("1 recorded incident", never "1 recorded incidents").
        assertThat(values(factors, "explanation")).anySatisfy(e -> assertThat(e).startsWith("1 recorded incident in which"))
                .noneSatisfy(e -> assertThat(e).containsPattern("(^|[^0-9])1 ([a-z-]+ )?(incidents|actors|clients|vulnerabilities)\\b"));
    }

    @Test
    void query9TheChangeRecordOfAFreshStart() {
        stated("`1 import:native` (the taxonomy) and `2 import:native` (Stor-a-File)");
        JsonNode changes = run("9").path("data").path("changes");
        assertThat(changes.get(0).path("seq").asInt()).isEqualTo(1);
        assertThat(changes.get(0).path("operation").asString()).isEqualTo("import:native");
        assertThat(values(changes.get(0).path("categories"), null)).isNotEmpty();
        assertThat(changes.get(1).path("seq").asInt()).isEqualTo(2);
        assertThat(changes.get(1).path("operation").asString()).isEqualTo("import:native");
        assertThat(values(changes.get(1).path("organisations"), null)).contains("stor-a-file");
    }

    /** The README states this (line breaks as in the file). */
    private static void stated(String sentence) {
        assertThat(readme).as("README.md's 'What to explore' says").contains(sentence);
    }

    private JsonNode run(String number) {
        byte[] body = TestClients.withKey(port, "", TestKeys.ADMIN).post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", queries.get(number))).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return json.readTree(body);
    }

    /** Each element's {@code field} (the element itself when null) as text; objects as their JSON. */
    private static List<String> values(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.values().forEach(e -> {
            JsonNode value = field == null ? e : e.path(field);
            out.add(value.isValueNode() ? value.asString() : value.toString());
        });
        return out;
    }

    private static Map<String, String> byClient(JsonNode exposedClients, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        exposedClients.values().forEach(c -> out.put(c.path("client").path("name").asString(), c.path(field).asString()));
        return out;
    }
}
