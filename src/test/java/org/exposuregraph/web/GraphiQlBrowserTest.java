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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GraphiQL at /graphiql in a real headless Chromium, as an analyst uses it: the key typed once on the risk
 * page, the schema's documentation, a query and its answer; with nothing loaded from outside the
 * application and nothing the application's Content-Security-Policy had to block.
 */
@SeededGraphTest
class GraphiQlBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Test
    void runsAQueryWithThePagesKeyAndShowsTheSchemaDocumentationWithNothingFromOutside() throws IOException {
        browser.signIn(port, TestKeys.READER);
        browser.recordRequestsAndPolicyViolations();

        browser.driver.get("http://localhost:" + port + "/graphiql");
        browser.waiting(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".graphiql-query-editor .CodeMirror")));
        browser.screenshot("graphiql-opened");
        assertThat(toolEditorTexts()).as("the Headers tab holds the key the risk page stored")
                .anySatisfy(text -> assertThat(text).contains("\"X-API-Key\": \"" + TestKeys.READER + "\""));

        // The documentation explorer, from the schema introspected with that key.
        browser.driver.findElement(By.cssSelector("button[aria-label='Show Documentation Explorer']")).click();
        By rootType = By.cssSelector(".graphiql-doc-explorer-content a.graphiql-doc-explorer-type-name");
        browser.waiting(30).until(ExpectedConditions.elementToBeClickable(rootType)).click();
        browser.waiting(15).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".graphiql-doc-explorer-content"), "vendorExposure"));

        browser.js("document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(arguments[0]);",
                "{ vendorExposure(vendorId: \"stor-a-file\") { totalClients exposedClients { client { name } } } }");
        browser.driver.findElement(By.cssSelector("button.graphiql-execute-button")).click();
        browser.waiting(30).until(d -> resultText().contains("totalClients"));
        browser.screenshot("graphiql");
        JsonNode answer = JSON.readTree(resultText());
        assertThat(answer.path("errors").isMissingNode()).as("answer: %s", answer).isTrue();
        assertThat(answer.at("/data/vendorExposure/totalClients").asInt()).isEqualTo(7);
        assertThat(answer.at("/data/vendorExposure/exposedClients").findValuesAsString("name"))
                .contains("The Lister Fertility Clinic", "British Pregnancy Advisory Service");

        List<URI> requested = browser.requested();
        assertThat(requested).as("GraphiQL, React, the stylesheet and the queries")
                .extracting(URI::getPath).contains("/graphiql", "/webjars/graphiql/graphiql.min.js", "/graphql");
        browser.assertNothingFromOutsideAndNothingBlocked(requested, port);
    }

    /** What the Variables and Headers editors hold. */
    @SuppressWarnings("unchecked")
    private List<String> toolEditorTexts() {
        return (List<String>) browser.js("return Array.from(document.querySelectorAll('.graphiql-editor-tool .CodeMirror'),"
                + " e => e.CodeMirror.getValue());");
    }

    private String resultText() {
        return (String) browser.js("return document.querySelector('.result-window .CodeMirror').CodeMirror.getValue();");
    }
}
