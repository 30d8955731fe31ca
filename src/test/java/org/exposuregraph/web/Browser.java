package org.exposuregraph.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, with a fresh profile and a
 * download folder of its own, as a JUnit extension: one browser per test class
 * ({@code @RegisterExtension static final Browser browser = new Browser();}). Missing binaries fail
 * the test with the command that installs them: CI installs them ({@code .ci/run}), so a silent skip
 * would hide a broken pipeline.
 */
final class Browser implements BeforeAllCallback, AfterAllCallback {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    ChromeDriver driver;
    Path downloads;
    private Path profile;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path chromium = executable("chromium.binary", "/usr/bin/chromium");
        Path chromedriver = executable("chromedriver.binary", "/usr/bin/chromedriver");
        profile = Files.createTempDirectory("exposuregraph-chromium-");
        downloads = Files.createTempDirectory("exposuregraph-downloads-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,800");
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        // The performance log carries the request headers Chromium really sent; the browser log the console,
        // where Chromium reports what the Content-Security-Policy refused.
        options.setCapability("goog:loggingPrefs", Map.of("performance", "ALL", "browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        // --window-size sets the outer window; the issue asks for a 1280×800 page, so size the viewport.
        driver.get("about:blank");
        long chrome = (Long) driver.executeScript("return window.outerHeight - window.innerHeight;");
        long sides = (Long) driver.executeScript("return window.outerWidth - window.innerWidth;");
        driver.manage().window().setSize(new Dimension(1280 + (int) sides, 800 + (int) chrome));
    }

    private static Path executable(String property, String fallback) {
        Path path = Path.of(System.getProperty(property, fallback));
        assertThat(Files.isExecutable(path))
                .as("%s is missing: the browser tests need Debian's chromium and chromium-driver "
                        + "(apt-get update && apt-get install -y chromium chromium-driver; .ci/run does this), "
                        + "or -D%s=<path>", path, property)
                .isTrue();
        return path;
    }

    /** A fresh page with this API key stored, as a user who typed it into the key field once. */
    void signIn(int port, String apiKey) {
        open(port, "");
        js("localStorage.clear(); localStorage.setItem('exposuregraph.apiKey', arguments[0]);", apiKey);
        driver.navigate().refresh();
        awaitView("welcome");
    }

    /** Opens the page at this port and hash (e.g. {@code #/vendor/v}). */
    void open(int port, String hash) {
        driver.get("http://localhost:" + port + "/" + hash);
    }

    /** Waits until the router has finished drawing this view, and insists it drew it without error. */
    void awaitView(String view) {
        // 60 s: the first view after the application starts can take long on a busy shared machine.
        waiting(60).until(d -> js(
                "const m = document.getElementById('main'); return m.dataset.view === arguments[0] && m.dataset.state !== 'loading';", view));
        assertThat(js("return document.getElementById('main').dataset.state")).as("view %s state; messages: %s", view, messages())
                .isEqualTo("ready");
    }

    /** Names of the nodes the Cytoscape instance shows now. */
    @SuppressWarnings("unchecked")
    List<String> nodeNames() {
        return (List<String>) js("return window.exposureGraph.cy.nodes(':visible').map(n => n.data('name'));");
    }

    String messages() {
        return driver.findElement(By.id("messages")).getText();
    }

    /**
     * The names of the visible nodes once they are exactly {@code expected} (within 10 s), or as they are then:
     * the graph redraws asynchronously, so a check right after a click may see the previous drawing.
     */
    List<String> nodeNamesOnceExactly(String... expected) {
        java.util.Set<String> wanted = java.util.Set.of(expected);
        try {
            waiting(10).until(d -> new java.util.HashSet<>(nodeNames()).equals(wanted) && nodeNames().size() == expected.length);
        } catch (org.openqa.selenium.TimeoutException e) {
            // fall through: the caller's assertion reports what is shown
        }
        return nodeNames();
    }

    /** Console lines in which Chromium reports something the page's Content-Security-Policy refused, since the last call. */
    List<String> policyViolations() {
        return driver.manage().logs().get("browser").getAll().stream().map(e -> e.getMessage())
                .filter(m -> m.contains("Content Security Policy")).toList();
    }

    /** Sets a form field's value as a user's pick would, and fires its change event. */
    void pick(String id, String value) {
        js("const el = document.getElementById(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('change', {bubbles: true}));",
                id, value);
    }

    WebDriverWait waiting(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Waits for a downloaded file with this suffix (Chromium writes .crdownload first). */
    /** The downloaded file with this suffix, once Chromium has written it (it may appear empty at first). */
    Path download(String suffix) {
        return waiting(20).until(d -> files().filter(p -> p.toString().endsWith(suffix) && size(p) > 0).findFirst().orElse(null));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // renamed or removed meanwhile: not there yet
        }
    }

    /**
     * From the next document on, records every request the browser sends and every Content-Security-Policy
     * violation (a CDP script, itself not subject to the policy), for {@link #requested} and
     * {@link #assertNothingFromOutsideAndNothingBlocked}.
     */
    void recordRequestsAndPolicyViolations() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.cspViolations = []; document.addEventListener('securitypolicyviolation',"
                        + " e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"));
        driver.manage().logs().get("performance"); // drop what came before
    }

    /** Every request sent since {@link #recordRequestsAndPolicyViolations} (inline {@code data:} URLs are none). */
    List<URI> requested() {
        return driver.manage().logs().get("performance").getAll().stream()
                .map(LogEntry::getMessage).map(JSON::readTree)
                .filter(m -> m.at("/message/method").asString().equals("Network.requestWillBeSent"))
                .map(m -> m.at("/message/params/request/url").asString())
                .filter(url -> !url.startsWith("data:")) // not always URI-safe, and never a request
                .map(URI::create)
                .toList();
    }

    /** No request left the application on {@code port}, and the Content-Security-Policy blocked nothing. */
    void assertNothingFromOutsideAndNothingBlocked(List<URI> requested, int port) {
        assertThat(requested).as("no request left the application").allSatisfy(u -> {
            assertThat(u.getHost()).isEqualTo("localhost");
            assertThat(u.getPort()).isEqualTo(port);
        });
        assertThat(js("return window.cspViolations")).as("blocked by the Content-Security-Policy").asList().isEmpty();
    }

    void clearDownloads() {
        files().forEach(p -> p.toFile().delete());
    }

    private Stream<Path> files() {
        try (Stream<Path> s = Files.list(downloads)) {
            return s.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
        return target;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (driver != null) {
            driver.quit();
        }
        for (Path dir : new Path[] {profile, downloads}) {
            if (dir == null) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
