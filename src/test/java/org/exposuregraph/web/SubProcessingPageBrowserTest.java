package org.exposuregraph.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The vendor view on the hand-computed chain of fixtures/exposure-chain.cypher (see VendorExposureTest):
 * trust-c and p0 direct, gp-b through P1 (2 hops), clinic-a through P0 → P1 (3 hops); V passes
 * everything on to W.
 */
@EmptyGraphTest
class SubProcessingPageBrowserTest extends EmptyGraphPage {

    @BeforeEach
    void loadChain() {
        fixtures.load("exposure-chain");
        browser.signIn(port, TestKeys.READER);
    }

    private double distanceFromV(String id) {
        return ((Number) browser.js("""
                const cy = window.exposureGraph.cy, v = cy.$id('v').position(), n = cy.$id(arguments[0]).position();
                return Math.hypot(n.x - v.x, n.y - v.y);""", id)).doubleValue();
    }

    @Test
    void clientsSitInRingsByHopsWithIntermediariesAndSubProcessorsDrawn() {
        browser.open(port, "#/vendor/v?depth=3");
        browser.awaitView("vendor");
        assertThat(browser.nodeNames()).containsExactlyInAnyOrder(
                "Vendor V", "Trust C", "Processor P0", "Processor P1", "GP B", "Clinic A", "Vendor W");
        assertThat(distanceFromV("trust-c")).isLessThan(distanceFromV("gp-b"));
        assertThat(distanceFromV("gp-b")).isLessThan(distanceFromV("clinic-a"));
        // Clinic A's chain is drawn link by link, and V's own sub-processor carries everything.
        assertThat(browser.js("return ['clinic-a->p0', 'p0->p1', 'p1->v'].every(id => window.exposureGraph.cy.$id(id).nonempty())"))
                .isEqualTo(true);
        assertThat(browser.js("return window.exposureGraph.cy.$id('v->w').data('label')")).isEqualTo("all categories");
    }

    @Test
    void depthSliderRedrawsWithFewerHops() {
        browser.open(port, "#/vendor/v?depth=3");
        browser.awaitView("vendor");
        WebElement slider = browser.driver.findElement(By.id("depth"));
        slider.click();
        slider.sendKeys(Keys.HOME); // keyboard: to depth 1, then the change event redraws
        browser.waiting(30).until(d -> browser.driver.getCurrentUrl().endsWith("depth=1"));
        browser.awaitView("vendor");
        assertThat(browser.nodeNames()).containsExactlyInAnyOrder("Vendor V", "Trust C", "Processor P0", "Vendor W");
    }

    @Test
    void doubleClickExpandsAnOrganisationsOwnSuppliersAndCollapsesThemAgain() {
        browser.open(port, "#/vendor/v?depth=1");
        browser.awaitView("vendor");
        assertThat(browser.nodeNames()).doesNotContain("Processor P1");
        browser.js("window.exposureGraph.cy.$id('p0').emit('dbltap');");
        browser.waiting(15).until(d -> browser.nodeNames().contains("Processor P1"));
        @SuppressWarnings("unchecked")
        List<String> passedOn = (List<String>) browser.js("return window.exposureGraph.cy.$id('p0->p1').data('categoryIds')");
        assertThat(passedOn).containsExactlyInAnyOrder("mental-health", "identity-contact", "employment");
        browser.js("window.exposureGraph.cy.$id('p0').emit('dbltap');");
        browser.waiting(15).until(d -> !browser.nodeNames().contains("Processor P1"));
    }
}
