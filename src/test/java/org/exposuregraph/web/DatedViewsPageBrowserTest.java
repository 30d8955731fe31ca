package org.exposuregraph.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.http.MediaType;

/**
 * The vendor and incident views answer for a chosen date: a practice whose flow to Vendor V ran from 2019
 * to mid-2022 (saved and ended through the API) is gone today, is there on an earlier date, and is in the
 * blast radius of an incident discovered while it was a client. The date is in the title and the exports.
 */
@EmptyGraphTest
class DatedViewsPageBrowserTest extends EmptyGraphPage {

    private static final String LEAVER = "Leaving Practice";

    private String graphQl(String document) {
        return TestClients.withKey(port, "", TestKeys.EDITOR).post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", document)).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    @BeforeEach
    void aFlowThatEndedIn2022() {
        fixtures.load("exposure-chain");
        assertThat(graphQl("""
                mutation { saveOrganisation(input: {id: "leaver", name: "Leaving Practice", kind: GP_PRACTICE}) { errors { message } } }"""))
                .contains("\"errors\":[]");
        assertThat(graphQl("""
                mutation { saveDataFlow(input: {client: "leaver", processor: "v", categories: ["health"], people: 4000,
                                                since: "2019-01-01"}) { errors { message } } }""")).contains("\"errors\":[]");
        assertThat(graphQl("""
                mutation { endDataFlow(input: {client: "leaver", processor: "v", until: "2022-06-30",
                                               reason: "moved to another vendor"}) { errors { message } } }""")).contains("\"errors\":[]");
        // The write path has no mutation for an incident's breached organisations yet: the link goes in directly.
        neo4j.query("""
                MATCH (v:Organisation {id: 'v'})
                CREATE (i:Incident {id: 'v-breach', name: 'Vendor V breach', kind: 'RANSOMWARE', discovered: date('2021-03-01'),
                                    leakStatus: 'UNKNOWN', confidence: 80})-[:BREACHED {id: 'breached-v', confidence: 90}]->(v)""").run();
        browser.signIn(port, TestKeys.READER);
    }

    private String title() {
        return browser.driver.findElement(By.id("view-title")).getText();
    }

    @Test
    void anEndedFlowIsGoneTodayAndShownForAnEarlierDate() throws IOException {
        browser.open(port, "#/vendor/v");
        browser.awaitView("vendor");
        assertThat(browser.nodeNames()).contains("Vendor V", "Trust C").doesNotContain(LEAVER);
        assertThat(title()).contains("as of");

        browser.pick("as-of", "2021-01-01");
        browser.waiting(30).until(d -> d.getCurrentUrl().contains("asOf=2021-01-01"));
        browser.awaitView("vendor");
        assertThat(browser.nodeNames()).contains(LEAVER, "Trust C");
        assertThat(title()).endsWith("as of 1 Jan 2021");
        assertThat(browser.js("return document.getElementById('as-of').value")).isEqualTo("2021-01-01");
        browser.screenshot("vendor-as-of-2021");

        browser.clearDownloads();
        browser.driver.findElement(By.id("export-svg")).click();
        Path svg = browser.download(".svg");
        assertThat(svg.getFileName().toString()).contains("2021-01-01");
        assertThat(Files.readString(svg, StandardCharsets.UTF_8)).contains("as of 1 Jan 2021", "Exported ", "Art. 9 special-category data");
        browser.driver.findElement(By.id("export-csv")).click();
        Path csv = browser.download(".csv");
        assertThat(csv.getFileName().toString()).contains("2021-01-01");
        assertThat(Files.readString(csv, StandardCharsets.UTF_8)).contains(LEAVER);

        // Back to today: the practice has gone again.
        browser.driver.findElement(By.id("as-of-reset")).click();
        browser.waiting(30).until(d -> !d.getCurrentUrl().contains("asOf="));
        browser.awaitView("vendor");
        assertThat(browser.nodeNames()).doesNotContain(LEAVER);
    }

    @Test
    void theIncidentViewDefaultsToTheDiscoveryDateAndTakesAnother() {
        browser.open(port, "#/incident/v-breach");
        browser.awaitView("incident");
        assertThat(title()).contains("as of 1 Mar 2021 (discovery date)");
        assertThat(browser.nodeNames()).contains("Vendor V", LEAVER);

        browser.pick("as-of", "2023-01-01");
        browser.waiting(30).until(d -> d.getCurrentUrl().contains("asOf=2023-01-01"));
        browser.awaitView("incident");
        assertThat(title()).contains("as of 1 Jan 2023").doesNotContain("discovery");
        assertThat(browser.nodeNames()).contains("Vendor V").doesNotContain(LEAVER);
    }
}
