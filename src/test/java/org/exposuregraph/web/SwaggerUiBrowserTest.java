package org.exposuregraph.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import org.exposuregraph.support.SeededGraphTest;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Swagger UI at /swagger-ui.html in a real headless Chromium, as an operator uses it: the REST endpoints listed
 * from /v3/api-docs, an API key typed into "Authorize", an export tried out and answered; with every file served
 * by the application (its WebJar), nothing loaded from outside and nothing the Content-Security-Policy blocked.
 */
@SeededGraphTest
class SwaggerUiBrowserTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Test
    void triesAnExportWithTheAuthorizedKeyWithNothingFromOutside() throws IOException {
        browser.driver.get("about:blank");
        browser.recordRequestsAndPolicyViolations();

        browser.driver.get("http://localhost:" + port + "/swagger-ui.html");
        By csvExport = By.xpath("//div[contains(@class,'opblock-get')][.//*[@data-path='/api/exports/exposure.csv']]");
        browser.waiting(60).until(ExpectedConditions.visibilityOfElementLocated(csvExport));
        assertThat(browser.driver.findElements(By.cssSelector(".opblock-summary-path")))
                .extracting(WebElement::getText).contains("/api/imports/{format}", "/api/exports/native");

        browser.driver.findElement(By.cssSelector("button.authorize")).click();
        browser.waiting(15).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".auth-container input")))
                .sendKeys(TestKeys.ANALYST);
        browser.driver.findElement(By.cssSelector(".auth-container button.authorize")).click();
        browser.driver.findElement(By.cssSelector(".auth-container button.btn-done")).click();

        WebElement operation = browser.driver.findElement(csvExport);
        operation.findElement(By.cssSelector(".opblock-summary-control")).click();
        browser.waiting(15).until(ExpectedConditions.visibilityOfNestedElementsLocatedBy(operation,
                By.cssSelector("tr[data-param-name='vendorId'] input"))).get(0).sendKeys("stor-a-file");
        operation.findElement(By.cssSelector("button.execute")).click();
        By status = By.cssSelector(".live-responses-table tr.response .response-col_status");
        browser.waiting(30).until(ExpectedConditions.visibilityOfNestedElementsLocatedBy(operation, status));
        browser.screenshot("swagger-ui");
        assertThat(operation.findElement(status).getText()).as("the export answered with the authorized key")
                .startsWith("200");
        // An attachment: Swagger UI offers it as a download and shows the response's headers.
        assertThat(operation.findElement(By.cssSelector(".live-responses-table tr.response .response-col_description")).getText())
                .contains("exposure-stor-a-file");

        List<URI> requested = browser.requested();
        assertThat(requested).as("Swagger UI's files, its configuration, the description and the tried export")
                .extracting(URI::getPath).contains("/swagger-ui/index.html", "/swagger-ui/swagger-ui-bundle.js",
                        "/swagger-ui/swagger-ui.css", "/v3/api-docs", "/api/exports/exposure.csv");
        browser.assertNothingFromOutsideAndNothingBlocked(requested, port);
    }
}
