package org.exposuregraph.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import org.exposuregraph.support.AlertRequests;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * The alerts view: a watch on a GP practice and an incident two hops away, both through the API; the page lists the
 * watch and its alert (what happened, the practice, its categories, the Article 9 flag, the path), draws the path,
 * and the alert's blast radius opens by keyboard in the incident view, with the practice in it.
 */
@EmptyGraphTest
class AlertsPageBrowserTest extends EmptyGraphPage {

    @Autowired
    HttpGraphQlTester graphQl;

    @Test
    void aWatchsAlertIsListedAndOpensItsBlastRadius() throws IOException, InterruptedException {
        fixtures.load("alerts-chain");
        String watchId = AlertRequests.createWatch(graphQl, Map.of("name", "Riverside practices", "organisations", List.of("gp-a")));
        AlertRequests.recordIncident(port, "cloud-host-2026", "cloud-host", null);
        assertThat(AlertRequests.awaitAlerts(graphQl, watchId, 1)).hasSize(1);

        browser.signIn(port, TestKeys.ADMIN);
        browser.open(port, "#/alerts/" + watchId);
        browser.awaitView("alerts");
        assertThat(browser.js("return [...document.querySelectorAll('#sel-watch option')].map(o => o.textContent)"))
                .asList().contains("Riverside practices");
        WebElement alert = browser.driver.findElement(By.cssSelector(".alert-item"));
        assertThat(alert.getText()).contains("Incident", "Ransomware at cloud-host", "Riverside Surgery", "Art. 9",
                "mental-health", "2 hops: gp-a → records-co → cloud-host");
        assertThat(browser.nodeNames()).contains("Riverside Surgery", "Records Co", "Cloud Host");
        Path shot = browser.screenshot("alerts-view");
        if (Boolean.getBoolean("docs.screenshots")) {
            Files.copy(shot, Path.of("docs/images/web-alerts.png"), StandardCopyOption.REPLACE_EXISTING);
        }

        // By keyboard, as the rest of the page: the link takes Enter.
        alert.findElement(By.cssSelector("a.blast-radius")).sendKeys(Keys.ENTER);
        browser.waiting(30).until(d -> d.getCurrentUrl().contains("#/incident/cloud-host-2026"));
        browser.awaitView("incident");
        assertThat(browser.nodeNames()).contains("Cloud Host", "Riverside Surgery");
    }
}
