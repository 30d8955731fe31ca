package org.exposuregraph.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.exposuregraph.support.SeededGraphTest;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The risk team's page in a real headless Chromium against the real app on a random port, seeded with
 * Stor-a-File. Screenshots land in target/screenshots for review.
 */
@SeededGraphTest
class ExposurePageBrowserTest {

    private static final List<String> NAMED_CLIENTS = List.of("The Lister Fertility Clinic",
            "Nuffield Health Leicester Hospital", "Marie Stopes UK", "British Pregnancy Advisory Service");

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @BeforeEach
    void freshPage() {
        browser.clearDownloads();
        browser.signIn(port, TestKeys.READER);
    }

    private void open(String hash) {
        browser.open(port, hash);
    }

    private void awaitView(String view) {
        browser.awaitView(view);
    }

    private List<String> nodeNames() {
        return browser.nodeNames();
    }

    private String messages() {
        return browser.messages();
    }

    private void search(String text, String hitId) {
        WebElement box = browser.driver.findElement(By.id("search"));
        box.sendKeys(text);
        By hit = By.cssSelector("#search-results li[data-id='" + hitId + "']");
        browser.waiting(15).until(ExpectedConditions.visibilityOfElementLocated(hit));
        // Keyboard only: arrow down to the hit, then Enter.
        for (int i = 0; i < 20 && !"true".equals(browser.driver.findElement(hit).getAttribute("aria-selected")); i++) {
            box.sendKeys(Keys.ARROW_DOWN);
        }
        assertThat(browser.driver.findElement(hit).getAttribute("aria-selected")).isEqualTo("true");
        box.sendKeys(Keys.ENTER);
    }

    @Test
    void searchOpensVendorExposureWithNamedClientsDrawnAsNodes() throws IOException {
        search("Stor-a-File", "stor-a-file");
        awaitView("vendor");

        assertThat(nodeNames()).contains("Stor-a-File Ltd").containsAll(NAMED_CLIENTS);
        assertThat(browser.js("return window.exposureGraph.cy.$id('stor-a-file').data('centre')")).isEqualTo(true);
        // Abortion records are Article 9: the edge has the distinct colour and a solid line; the clinic is
        // drawn as a diamond with a [clinic] tag, so kind does not rest on colour alone.
        assertThat(browser.js("return window.exposureGraph.cy.$id('marie-stopes-uk->stor-a-file').data('art9')")).isEqualTo(true);
        assertThat(browser.js("return window.exposureGraph.cy.$id('marie-stopes-uk->stor-a-file').style('line-color')"))
                .isEqualTo("rgb(194,24,91)");
        assertThat(browser.js("return window.exposureGraph.cy.$id('marie-stopes-uk').style('shape')")).isEqualTo("diamond");
        assertThat((String) browser.js("return window.exposureGraph.cy.$id('marie-stopes-uk').data('label')")).contains("[clinic]");
        assertThat(browser.driver.findElement(By.id("view-panel")).getText()).contains("Marie Stopes UK", "Art. 9");
        assertThat(browser.js("return [window.innerWidth, window.innerHeight]")).isEqualTo(List.of(1280L, 800L));
        browser.screenshot("vendor-view");
    }

    @Test
    void filtersByCategoryAndClientKindHideTheOtherClients() {
        open("#/vendor/stor-a-file");
        awaitView("vendor");
        new Select(browser.driver.findElement(By.id("sel-category"))).selectByValue("abortion-records");
        assertThat(browser.nodeNamesOnceExactly("Stor-a-File Ltd", "Marie Stopes UK", "British Pregnancy Advisory Service"))
                .containsExactlyInAnyOrder("Stor-a-File Ltd", "Marie Stopes UK", "British Pregnancy Advisory Service");
        new Select(browser.driver.findElement(By.id("sel-client-kind"))).selectByValue("CHARITY");
        assertThat(browser.nodeNamesOnceExactly("Stor-a-File Ltd", "British Pregnancy Advisory Service"))
                .containsExactlyInAnyOrder("Stor-a-File Ltd", "British Pregnancy Advisory Service");
        new Select(browser.driver.findElement(By.id("sel-category"))).selectByValue("");
        new Select(browser.driver.findElement(By.id("sel-client-kind"))).selectByValue("");
        assertThat(nodeNames()).hasSize(8).containsAll(NAMED_CLIENTS);
    }

    @Test
    void selectingANodeShowsItsFactsSourcesAndDisputes() throws IOException {
        open("#/vendor/stor-a-file");
        awaitView("vendor");
        browser.js("window.exposureGraph.cy.$id('gp-practices-stor-a-file-clients').emit('tap');");
        WebElement details = browser.driver.findElement(By.id("details"));
        browser.waiting(15).until(d -> details.getText().contains("Entrusts data to"));
        // The GP flow is supported by the Mail on Sunday and disputed by NHS England: both sides shown.
        assertThat(details.getText()).contains("DISPUTED", "The Mail on Sunday", "NHS England", "Disputes:", "confidence")
                .doesNotContain("[object");
        browser.screenshot("details-panel");
    }

    @Test
    void incidentBlastRadiusShowsBreachedVendorAndActorAndExportsPng() throws IOException {
        open("#/vendor/stor-a-file");
        awaitView("vendor");
        browser.driver.findElement(By.cssSelector("a.incident-link[href='#/incident/stor-a-file-2021']")).click();
        awaitView("incident");

        assertThat(nodeNames()).contains("Stor-a-File Ltd", "Clop").containsAll(NAMED_CLIENTS);
        assertThat(browser.js("return window.exposureGraph.cy.$id('stor-a-file').data('centre')")).isEqualTo(true);
        assertThat(browser.js("return window.exposureGraph.cy.$id('clop').data('kind')")).isEqualTo("ACTOR");
        // Clients sit in rings by hops: every direct client is equally far from the breached vendor.
        @SuppressWarnings("unchecked")
        List<Number> distances = (List<Number>) browser.js("""
                const v = window.exposureGraph.cy.$id('stor-a-file').position();
                return window.exposureGraph.cy.nodes('[role = "client"]').map(n =>
                  Math.round(Math.hypot(n.position('x') - v.x, n.position('y') - v.y)));""");
        assertThat(distances).hasSizeGreaterThanOrEqualTo(4).allMatch(d -> d.equals(distances.get(0)));
        assertThat(browser.driver.findElement(By.id("view-panel")).getText())
                .contains("Notification worklist", "Clop", "The Lister Fertility Clinic");

        browser.driver.findElement(By.id("export-png")).click();
        Path png = browser.download(".png");
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).isGreaterThan(5_000);
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        browser.screenshot("incident-view");
    }

    @Test
    void exportsTheViewAsSvgAndItsRowsAsCsv() throws IOException {
        open("#/vendor/stor-a-file");
        awaitView("vendor");
        browser.driver.findElement(By.id("export-svg")).click();
        String svg = Files.readString(browser.download(".svg"));
        assertThat(svg).startsWith("<?xml").contains("<svg", "</svg>", "Marie Stopes UK", "<polygon");

        browser.driver.findElement(By.id("export-csv")).click();
        List<String> csv = Files.readAllLines(browser.download(".csv"));
        assertThat(csv.get(0)).startsWith("client,clientId,kind,hops,direct,categories,specialCategory,people");
        assertThat(csv).anySatisfy(line -> assertThat(line).startsWith("The Lister Fertility Clinic,lister-fertility-clinic,PRIVATE_CLINIC,1,true,")
                .contains(",1700,"));
        assertThat(csv).hasSize(1 + 7);
    }

    @Test
    void graphQlErrorsAreShownAsMessagesAndThePageStaysUsable() throws IOException {
        open("#/vendor/no-such-vendor");
        browser.waiting(30).until(d -> "error".equals(browser.js("return document.getElementById('main').dataset.state")));
        assertThat(messages()).containsIgnoringCase("no-such-vendor");
        assertThat(browser.driver.findElements(By.cssSelector("#messages li"))).as("one message per problem").hasSize(1);
        String page = browser.driver.findElement(By.tagName("body")).getText();
        assertThat(page).doesNotContain("Exception", "\tat ", "java.");
        browser.screenshot("error-message");

        search("Clop", "clop");
        awaitView("actor");
        assertThat(nodeNames()).contains("Clop", "Stor-a-File Ltd");
    }

    @Test
    void clientSupplyChainAndConcentrationViewsRenderOrExplainThemselves() throws IOException {
        open("#/client/lister-fertility-clinic");
        awaitView("client");
        assertThat(nodeNames()).contains("The Lister Fertility Clinic", "Stor-a-File Ltd");
        assertThat(browser.js("return window.exposureGraph.cy.$id('lister-fertility-clinic').data('centre')")).isEqualTo(true);
        browser.screenshot("supply-chain-view");

        open("#/concentration");
        awaitView("concentration");
        String panel = browser.driver.findElement(By.id("view-panel")).getText();
        // Before the analytics land the panel explains the error; after, it ranks suppliers.
        assertThat(panel).satisfiesAnyOf(p -> assertThat(p).contains("Concentration risk unavailable"),
                p -> assertThat(p).contains("Supplier", "Clients"));
        assertThat(browser.driver.findElements(By.cssSelector("#view-controls select"))).hasSize(3);
        browser.screenshot("concentration-view");
    }

    @Test
    @SuppressWarnings("unchecked")
    void largeExposuresAreDrawnAsClustersThatExpandOnDoubleClick() throws IOException {
        open("#/vendor/stor-a-file");
        awaitView("vendor");
        // 300 GP practices of one commissioner and two clinics, drawn through the page's own modules.
        Map<String, Object> drawn = (Map<String, Object>) browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all([import('/js/views/exposure.js'), import('/js/graph.js')]).then(([exposure, graph]) => {
                  const vendor = { id: 'big-vendor', name: 'Big Vendor', kind: 'VENDOR' };
                  const client = (id, name, kind, code) => ({ client: { id, name, kind, commissionerCode: code },
                    categories: [{ id: 'medical-records', name: 'Medical records', specialCategory: true, sensitivity: 5 }],
                    hops: 1, direct: true, path: [{ id, name, kind }, vendor], people: 1000, confidence: 80, disputed: false });
                  const clients = Array.from({ length: 300 }, (_, i) => client('gp-' + i, 'Practice ' + i, 'GP_PRACTICE', 'QKK'));
                  clients.push(client('c1', 'Clinic One', 'PRIVATE_CLINIC', null), client('c2', 'Clinic Two', 'PRIVATE_CLINIC', null));
                  const g = window.exposureGraph;
                  const b = new graph.GraphBuilder();
                  exposure.addExposure(b, vendor, clients, g.registry);
                  g.graph.show(b);
                  done({ nodes: g.cy.nodes().length, label: g.cy.nodes('[?cluster]').data('name') });
                });""");
        assertThat(drawn.get("label")).isEqualTo("300 GP practices in QKK");
        assertThat(((Number) drawn.get("nodes")).intValue()).isEqualTo(4); // vendor, group, two clinics
        browser.screenshot("clustered");

        browser.js("window.exposureGraph.cy.nodes('[?cluster]').emit('dbltap');");
        browser.waiting(10).until(d -> browser.nodeNames().size() > 4);
        assertThat(browser.nodeNames()).hasSize(4 + 150 + 1).contains("Practice 0", "Practice 149", "150 GP practices in QKK (more)")
                .doesNotContain("Practice 150");
        browser.js("window.exposureGraph.graph.fit();");
        browser.screenshot("cluster-expanded");
    }

    @Test
    void withoutAKeyThePageAsksForOneThenSendsItWithEveryRequest() throws IOException {
        browser.js("localStorage.clear();");
        open("#/vendor/stor-a-file");
        browser.driver.navigate().refresh(); // a new visit: nothing stored, nothing in the field
        browser.waiting(30).until(d -> "error".equals(browser.js("return document.getElementById('main').dataset.state")));
        // The security layer's 401 message, and the field to fix it in focused and flagged.
        assertThat(messages()).contains("Send an API key in the X-API-Key header", "API key");
        WebElement key = browser.driver.findElement(By.id("api-key"));
        assertThat(key.getAttribute("value")).isEmpty();
        assertThat(key.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.driver.switchTo().activeElement()).isEqualTo(key);
        assertThat(browser.driver.findElement(By.tagName("body")).getText()).doesNotContain("Exception", "\tat ");
        browser.screenshot("api-key-needed");

        browser.driver.manage().logs().get("performance"); // drop what came before
        key.sendKeys(TestKeys.READER, Keys.ENTER);
        awaitView("vendor");
        assertThat(nodeNames()).containsAll(NAMED_CLIENTS);
        assertThat(browser.js("return localStorage.getItem('exposuregraph.apiKey')")).isEqualTo(TestKeys.READER);
        browser.driver.navigate().refresh();
        awaitView("vendor");
        assertThat(browser.driver.findElement(By.id("api-key")).getAttribute("value")).isEqualTo(TestKeys.READER);
        List<String> graphQlRequests = browser.driver.manage().logs().get("performance").getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Network.requestWillBeSent") && m.contains("/graphql"))
                .toList();
        assertThat(graphQlRequests).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(m -> assertThat(m).contains("\"X-API-Key\":\"" + TestKeys.READER + "\""));
    }
}
