package org.exposuregraph.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * Hostile strings stored in the graph (written straight into the store, as an import from before the write
 * path refused them would have left them) never run in the page: a {@code javascript:} source address
 * is shown as text, script-like organisation names stay text, and the page's Content-Security-Policy
 * refuses inline script while the page itself needs nothing it refuses.
 */
@EmptyGraphTest
class HostileContentPageBrowserTest extends EmptyGraphPage {

    private static final String IMG_NAME = "<img src=x onerror=alert(1)>";
    private static final String SCRIPT_NAME = "\"><script>alert(2)</script><b id=injected>";
    private static final String JAVASCRIPT_URL = "javascript:alert(document.domain)";

    @BeforeEach
    void hostileStrings() {
        fixtures.load("exposure-chain");
        neo4j.query("""
                CREATE (:Source {id: 'src-evil', publisher: 'Evil Press', title: $script, url: $javascript}),
                       (:Source {id: 'src-good', publisher: 'Good Press', title: 'The real report', url: 'https://news.example/report'})
                WITH 1 AS one
                MATCH (v:Organisation {id: 'v'})
                CREATE (a:Organisation {id: 'xss-img', name: $img, kind: 'PRIVATE_CLINIC', status: 'ACTIVE'}),
                       (b:Organisation {id: 'xss-script', name: $script, kind: 'CHARITY', status: 'ACTIVE'}),
                       (a)-[:ENTRUSTS {id: 'f-xss-img', categories: ['health'], people: 10, confidence: 70,
                                       sourceIds: ['src-evil', 'src-good']}]->(v),
                       (b)-[:ENTRUSTS {id: 'f-xss-script', categories: ['identity-contact'], people: 10, confidence: 70,
                                       sourceIds: ['src-evil']}]->(v)""")
                .bind(IMG_NAME).to("img").bind(SCRIPT_NAME).to("script").bind(JAVASCRIPT_URL).to("javascript").run();
        browser.signIn(port, TestKeys.READER);
        browser.policyViolations(); // drop what came before
    }

    private void assertNothingRan() {
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.js("return document.querySelectorAll('img, script:not([src]), #injected').length")).isEqualTo(0L);
        assertThat(browser.js("return document.querySelectorAll('a[href^=\"javascript:\" i]').length")).isEqualTo(0L);
    }

    @Test
    void scriptLikeNamesAndAJavascriptSourceStayText() throws IOException {
        browser.open(port, "#/vendor/v");
        browser.awaitView("vendor");
        assertThat(browser.nodeNames()).contains(IMG_NAME, SCRIPT_NAME);
        assertThat(browser.driver.findElement(By.id("view-panel")).getText()).contains(IMG_NAME, SCRIPT_NAME);

        browser.js("window.exposureGraph.cy.$id('xss-img').emit('tap');");
        WebElement details = browser.driver.findElement(By.id("details"));
        browser.waiting(30).until(d -> details.getText().contains("Good Press"));
        // The https source is a link; the javascript: one is its publisher's name with the address as text.
        assertThat(details.findElement(By.linkText("Good Press")).getAttribute("href")).isEqualTo("https://news.example/report");
        assertThat(details.findElements(By.linkText("Evil Press"))).isEmpty();
        assertThat(details.getText()).contains("Evil Press (" + JAVASCRIPT_URL + ")", SCRIPT_NAME);
        assertNothingRan();

        // The SVG export writes the names as text too, and stays well-formed XML.
        browser.clearDownloads();
        browser.driver.findElement(By.id("export-svg")).click();
        String svg = Files.readString(browser.download(".svg"), StandardCharsets.UTF_8);
        assertThat(svg).contains("&lt;img src=x", "&lt;script&gt;").doesNotContain("<img", "<script");
        assertThat(browser.js("return new DOMParser().parseFromString(arguments[0], 'image/svg+xml').getElementsByTagName('parsererror').length", svg))
                .isEqualTo(0L);

        browser.driver.findElement(By.id("search")).sendKeys("img");
        browser.waiting(15).until(d -> browser.driver.findElement(By.id("search-results")).getText().contains(IMG_NAME));
        assertNothingRan();
        assertThat(browser.policyViolations()).as("what the page needs, the policy allows").isEmpty();
        browser.screenshot("hostile-names");
    }

    @Test
    void thePagePolicyRefusesInlineScriptAndHandlers() {
        String policy = TestClients.anonymous(port).get().uri("/").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("Content-Security-Policy");
        assertThat(policy).contains("script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        browser.open(port, "#/vendor/v");
        browser.awaitView("vendor");
        // Injected markup with an inline script or handler is refused by the browser itself. (eval cannot be
        // tried from here: WebDriver's own scripts are exempt from the policy; the header above refuses it.)
        browser.js("""
                const s = document.createElement('script'); s.textContent = 'window.inlineRan = true'; document.body.append(s);
                const d = document.createElement('div'); d.setAttribute('onclick', 'window.handlerRan = true'); document.body.append(d); d.click();""");
        assertThat(browser.js("return [window.inlineRan === true, window.handlerRan === true]")).isEqualTo(java.util.List.of(false, false));
        assertThat(browser.policyViolations()).isNotEmpty();
    }
}
