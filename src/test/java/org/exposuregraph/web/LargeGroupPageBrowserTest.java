package org.exposuregraph.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.http.MediaType;

/**
 * A vendor with 200 GP-practice clients, created through the inventory import as a risk team would: the
 * group expands into a readable view (screenshots for docs/web.md), the legend says what the drawing
 * shows, the exports carry legend, title and date, and the nodes can be reached by keyboard.
 */
@EmptyGraphTest
class LargeGroupPageBrowserTest extends EmptyGraphPage {

    @BeforeEach
    void vendorWithTwoHundredPractices() {
        fixtures.load("exposure-chain"); // the categories, and Vendor W as a sub-processor
        StringBuilder csv = new StringBuilder("type,id,name,kind,domain,companyNumber,from,to,categories,people,records,purpose,since\n");
        csv.append("organisation,bulk-vendor,Bulk Records Ltd,VENDOR,,,,,,,,,\n");
        csv.append("organisation,big-clinic,Big Fertility Clinic,PRIVATE_CLINIC,,,,,,,,,\n");
        csv.append("flow,,,,,,big-clinic,bulk-vendor,health;identity-contact,5000,,,\n");
        csv.append("subprocessing,,,,,,bulk-vendor,w,*,,,Off-site backup,\n");
        for (int i = 0; i < 200; i++) {
            csv.append("organisation,practice-").append(i).append(",Practice ").append(i).append(",GP_PRACTICE,,,,,,,,,\n");
            csv.append("flow,,,,,,practice-").append(i).append(",bulk-vendor,health;identity-contact,").append(1000 + i).append(",,,\n");
        }
        TestClients.withKey(port, "", TestKeys.EDITOR).post().uri("/api/imports/inventory")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(csv.toString().getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isOk();
        browser.signIn(port, TestKeys.READER);
    }

    @Test
    void twoHundredPracticesExpandIntoAReadableView() throws IOException {
        browser.open(port, "#/vendor/bulk-vendor");
        browser.awaitView("vendor");
        assertThat(browser.nodeNames()).contains("Bulk Records Ltd", "200 GP practices", "Big Fertility Clinic", "Vendor W");
        browser.screenshot("large-group-collapsed");

        browser.js("window.exposureGraph.cy.nodes('[?cluster]').emit('dbltap');");
        browser.waiting(10).until(d -> browser.nodeNames().size() > 150);
        browser.js("window.exposureGraph.graph.fit();");
        assertThat(browser.nodeNames()).contains("Practice 0", "50 GP practices (more)");
        // The members sit in a block beyond their group, none on the vendor or between it and the group;
        // each is tied to the group, which alone keeps the chain to the vendor.
        @SuppressWarnings("unchecked")
        Map<String, Number> layout = (Map<String, Number>) browser.js("""
                const cy = window.exposureGraph.cy, v = cy.$id('bulk-vendor').position(), g = cy.nodes('[?cluster]').first().position();
                const members = cy.nodes('[role = "member"]');
                const gap = Math.hypot(g.x - v.x, g.y - v.y);
                return { members: members.length, nearest: Math.min(...members.map(n => Math.hypot(n.position('x') - v.x, n.position('y') - v.y))),
                         gap, toVendor: cy.edges('[target = "bulk-vendor"]').length,
                         tied: members.filter(n => n.edgesTo(cy.nodes('[?cluster]').first()).length === 1).length };""");
        assertThat(layout.get("members").intValue()).isEqualTo(151);
        assertThat(layout.get("tied").intValue()).isEqualTo(151);
        assertThat(layout.get("nearest").doubleValue()).isGreaterThan(layout.get("gap").doubleValue());
        assertThat(layout.get("toVendor").intValue()).isEqualTo(2); // the group and the clinic
        browser.screenshot("large-group-expanded");
    }

    @Test
    void edgeLabelsShowOnSelectionAndTheLineStyleAlways() {
        browser.open(port, "#/vendor/bulk-vendor");
        browser.awaitView("vendor");
        String edge = "window.exposureGraph.cy.$id('big-clinic->bulk-vendor')";
        assertThat(browser.js("return " + edge + ".style('label')")).isEqualTo("");
        assertThat(browser.js("return " + edge + ".style('line-style')")).isEqualTo("solid"); // Art. 9
        assertThat(browser.js("return window.exposureGraph.cy.$id('bulk-vendor->w').style('line-style')")).isEqualTo("solid");
        browser.js("window.exposureGraph.graph.select('big-clinic');");
        assertThat((String) browser.js("return " + edge + ".style('label')")).contains("Health");
    }

    @Test
    void theLegendListsEveryShapeAndLineTheDrawingUses() {
        browser.open(port, "#/vendor/bulk-vendor");
        browser.awaitView("vendor");
        String legend = browser.driver.findElement(By.id("legend")).getText();
        assertThat(legend).contains("incident", "software", "actor", "vendor", "GP", "group", "Art. 9 special-category data (solid)",
                "other personal data (dashed", "disputed fact (dotted)", "actor or incident relation, not a data flow (solid)");
        // Every relation drawn in a colour of its own (actor, incident, software) is solid, as the legend says.
        @SuppressWarnings("unchecked")
        List<String> relationStyles = (List<String>) browser.js("""
                return import('/js/graph.js').then(({ GraphBuilder }) => {
                  const b = new GraphBuilder();
                  b.node('a', { name: 'A', kind: 'ACTOR' }); b.node('i', { name: 'I', kind: 'INCIDENT' }); b.node('s', { name: 'S', kind: 'SOFTWARE' });
                  b.edge('a', 'i', { text: 'attributed', colourOverride: '#7b1fa2' }); b.edge('i', 's', { text: 'runs', colourOverride: '#16a085' });
                  return b.elements().filter(e => e.group === 'edges').map(e => e.data.lineStyle);
                });""");
        assertThat(relationStyles).containsOnly("solid");
    }

    @Test
    void exportsCarryTitleDateAndLegend() throws IOException {
        browser.open(port, "#/vendor/bulk-vendor");
        browser.awaitView("vendor");
        browser.clearDownloads();
        browser.driver.findElement(By.id("export-svg")).click();
        String svg = Files.readString(browser.download(".svg"), StandardCharsets.UTF_8);
        assertThat(svg).contains("<title>Bulk Records Ltd — who is exposed if it is breached, as of ", "Exported ",
                "class=\"legend\"", "incident", "software", "disputed fact (dotted)");
        // The drawing starts inside the picture: no node is left of the viewBox.
        @SuppressWarnings("unchecked")
        List<Number> box = (List<Number>) browser.js("""
                const svg = new DOMParser().parseFromString(arguments[0], 'image/svg+xml').documentElement;
                const [x] = svg.getAttribute('viewBox').split(' ').map(Number);
                return [x, Math.min(...window.exposureGraph.cy.nodes().map(n => n.boundingBox({ includeLabels: true }).x1))];""", svg);
        assertThat(box.get(0).doubleValue()).isLessThan(box.get(1).doubleValue());

        browser.driver.findElement(By.id("export-png")).click();
        byte[] png = Files.readAllBytes(browser.download(".png"));
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        // Taller than Cytoscape's own picture of the graph: the title above and the legend below.
        long graphHeight = (Long) browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1], img = new Image();
                img.onload = () => done(img.height);
                img.src = window.exposureGraph.cy.png({ full: true, scale: 2 });""");
        long height = ((png[20] & 0xffL) << 24) | ((png[21] & 0xffL) << 16) | ((png[22] & 0xffL) << 8) | (png[23] & 0xffL);
        assertThat(height).isGreaterThan(graphHeight + 2 * 60);
    }

    @Test
    void nodesAreReachableByKeyboard() {
        browser.open(port, "#/vendor/bulk-vendor");
        browser.awaitView("vendor");
        WebElement graph = browser.driver.findElement(By.id("graph"));
        browser.js("document.getElementById('graph').focus();");
        assertThat(browser.driver.switchTo().activeElement()).isEqualTo(graph);
        graph.sendKeys(Keys.ARROW_RIGHT);
        assertThat(browser.js("return window.exposureGraph.cy.nodes(':selected').map(n => n.id())")).isEqualTo(List.of("bulk-vendor"));
        graph.sendKeys(Keys.ARROW_RIGHT);
        String second = (String) browser.js("return window.exposureGraph.cy.nodes(':selected').first().data('name')");
        assertThat(second).isNotEqualTo("Bulk Records Ltd");
        browser.waiting(15).until(d -> d.findElement(By.id("details")).getText().contains(second));
        assertThat(browser.driver.findElement(By.id("graph-status")).getAttribute("textContent")).startsWith(second);
        // Enter expands the group when it is the current node.
        browser.js("window.exposureGraph.graph.select(window.exposureGraph.cy.nodes('[?cluster]').first().id());");
        graph.sendKeys(Keys.ENTER);
        browser.waiting(10).until(d -> browser.nodeNames().size() > 150);
    }
}
