package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.ops4j.pax.exam.ExamSystem;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.TestContainer;
import org.ops4j.pax.exam.options.FrameworkPropertyOption;
import org.ops4j.pax.exam.spi.PaxExamRuntime;

/**
 * The "Sabot Jobs" console page in a real browser: headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}) driven by Selenium against the distribution's bundles on Felix and Jetty (Pax Exam in server mode:
 * the framework runs in this JVM, the test talks to it over HTTP as a user's browser does). It logs in with the
 * console's admin credentials, submits an unbounded datagen job through the form, sees it RUNNING with its rows-in
 * count growing across page loads, opens its operator graph, takes a savepoint and stops it with the buttons, restarts
 * it from the savepoint and cancels it; a script with a parse error is answered with line and column and its secret
 * values stay masked; POSTs from another origin or without the form's token are refused. Screenshots of every step
 * go to {@code target/screenshots/}.
 */
public class ConsoleJobsBrowserIT {

    static final String SCRIPT =
            """
            CREATE TABLE clicks (
              id BIGINT,
              ts AS TIMESTAMPADD(SECOND, CAST(id AS INT), TIMESTAMP '2024-01-01 00:00:00'),
              WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
            ) WITH ('connector' = 'datagen', 'rows-per-second' = '300',
              'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '100000000');
            CREATE TABLE click_counts (w TIMESTAMP(3), n BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO click_counts SELECT TUMBLE_START(ts, INTERVAL '10' SECOND), COUNT(*) FROM clicks
              GROUP BY TUMBLE(ts, INTERVAL '10' SECOND);
            """;

    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static TestContainer container;
    private static WebDriver browser;
    private static String password;
    private static String origin;
    private static int shot;

    @BeforeClass
    public static void start() throws Exception {
        Path chromium = executable("chromium", "Debian's chromium package");
        Path chromedriver = executable("chromedriver", "Debian's chromium-driver package");
        password = HexFormat.of().formatHex(SecureRandom.getSeed(16));
        // the distribution's bundles as every IT has them; the test itself runs here, outside the framework
        List<Option> options = new ArrayList<>(List.of(new SabotTestSupport() {}.configuration()));
        options.add(frameworkProperty("felix.webconsole.username").value("admin"));
        options.add(frameworkProperty("felix.webconsole.password").value(HttpApiIT.hash(password)));
        String port = options.stream()
                .filter(o ->
                        o instanceof FrameworkPropertyOption p && p.getKey().equals("org.osgi.service.http.port"))
                .map(o -> String.valueOf(((FrameworkPropertyOption) o).getValue()))
                .findFirst()
                .orElseThrow();
        origin = "http://127.0.0.1:" + port;
        ExamSystem system = PaxExamRuntime.createTestSystem(options.toArray(new Option[0]));
        container = PaxExamRuntime.createContainer(system);
        container.start();

        Files.createDirectories(SCREENSHOTS);
        try (var old = Files.list(SCREENSHOTS)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        ChromeOptions chrome = new ChromeOptions()
                .setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, chrome);
        browser.manage().timeouts().pageLoadTimeout(WAIT);
    }

    @AfterClass
    public static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (container != null) {
            container.stop();
        }
    }

    /** The browser and driver from the test setup; absent ones fail the test with what to install. */
    private static Path executable(String name, String packageName) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Paths.get(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(name + " is not installed (not on the PATH): the console's browser test needs "
                + packageName + " (apt-get install -y chromium chromium-driver; .ci/run installs both)");
    }

    @Test
    public void submitWatchSavepointStopRestartAndCancelAJobInTheBrowser() throws Exception {
        // log in: the console's basic authentication, credentials in the first URL as a user's bookmark would have
        browser.get(origin.replace("http://", "http://admin:" + password + "@") + "/system/console/sabot-jobs");
        waitFor(d -> d.findElements(By.id("sabot-jobs")).size() == 1, "the jobs page");
        assertTrue(browser.getTitle(), browser.getTitle().contains("Sabot Jobs"));
        screenshot("jobs-page");

        browser.findElement(By.id("sql")).sendKeys(SCRIPT);
        browser.findElement(By.id("job-name")).sendKeys("console-clicks");
        screenshot("submit-form");
        browser.findElement(By.id("submit-job")).click();
        String started = outcome("Started job-");
        Matcher id = Pattern.compile("Started (job-\\d+)").matcher(started);
        assertTrue(started, id.find());
        String job = id.group(1);

        long before = rowsIn(job);
        long after = before;
        for (long deadline = System.nanoTime() + WAIT.toNanos(); after <= before && System.nanoTime() < deadline; ) {
            Thread.sleep(500);
            browser.navigate().refresh();
            after = rowsIn(job);
        }
        assertTrue("rows in did not grow across page loads: " + before + " then " + after, after > before);
        WebElement row = jobRow(job);
        assertEquals("RUNNING", row.getAttribute("data-state"));
        assertEquals("console-clicks", row.findElement(By.className("name")).getText());
        screenshot("running");

        row.findElement(By.linkText(job)).click();
        waitFor(
                d -> d.findElements(By.cssSelector("#operator-graph g.operator"))
                                .size()
                        >= 3,
                "the operator graph");
        List<String> operators = browser.findElements(By.cssSelector("#operator-graph g.operator")).stream()
                .map(e -> e.getAttribute("data-operator"))
                .toList();
        assertTrue(operators.toString(), operators.get(0).matches("s0-source-default_clicks"));
        assertTrue(operators.toString(), operators.stream().anyMatch(o -> o.contains("windowaggregate")));
        assertTrue(operators.toString(), operators.stream().anyMatch(o -> o.contains("sink")));
        assertFalse(browser.findElements(By.cssSelector("#operator-metrics tr.operator-metrics"))
                .isEmpty());
        assertTrue(browser.findElement(By.id("operator-metrics")).getText().contains("records-in"));
        screenshot("job-detail");

        clickAction("savepoint");
        String savepointText = outcome("Savepoint ");
        Path savepoint = savepointPath(savepointText);
        assertTrue("no savepoint directory " + savepoint, Files.isDirectory(savepoint));
        assertTrue(browser.findElement(By.id("job-facts")).getText().contains("savepoint"));
        screenshot("savepoint");

        clickAction("stop");
        String stoppedText = outcome("Stopped " + job);
        Path stopSavepoint = savepointPath(stoppedText);
        assertTrue("no savepoint directory " + stopSavepoint, Files.isDirectory(stopSavepoint));
        assertEquals("STOPPED", browser.findElement(By.id("sabot-job")).getAttribute("data-state"));
        browser.get(origin + "/system/console/sabot-jobs");
        assertEquals("STOPPED", jobRow(job).getAttribute("data-state"));
        long stoppedAt = rowsIn(job);
        screenshot("stopped");

        // restart from the stop's savepoint: a new job that continues, then cancel it
        browser.get(origin + "/system/console/sabot-jobs?job=" + job);
        assertEquals(
                stopSavepoint.toString(),
                browser.findElement(By.name("savepoint")).getAttribute("value"));
        browser.findElement(By.cssSelector("button[value='restart']")).click();
        String restarted = outcome("from " + stopSavepoint);
        Matcher second = Pattern.compile("Started (job-\\d+)").matcher(restarted);
        assertTrue(restarted, second.find());
        String job2 = second.group(1);
        assertEquals("RUNNING", jobRow(job2).getAttribute("data-state"));
        assertEquals("the stopped job's count stays", stoppedAt, rowsIn(job));
        screenshot("restarted");
        browser.get(origin + "/system/console/sabot-jobs?job=" + job2);
        clickAction("cancel");
        outcome("Cancelling " + job2);
        waitFor(
                d -> {
                    d.navigate().refresh();
                    return "CANCELED".equals(d.findElement(By.id("sabot-job")).getAttribute("data-state"));
                },
                job2 + " cancelled");
        screenshot("cancelled");
    }

    @Test
    public void badSqlIsShownWithLineAndColumnAndSecretsStayMasked() throws Exception {
        browser.get(origin.replace("http://", "http://admin:" + password + "@") + "/system/console/sabot-jobs");
        String secret = "hunter2-" + HexFormat.of().formatHex(SecureRandom.getSeed(4));
        browser.findElement(By.id("sql"))
                .sendKeys("INSERT INTO t\nSELEC id FROM t;\nCREATE TABLE t (id BIGINT) WITH ('connector' = 'datagen',"
                        + " 'password' = '" + secret + "');");
        browser.findElement(By.id("submit-job")).click();
        String error = outcome("line 2, column 1", true);
        assertTrue(error, error.contains("SELEC"));
        assertEquals(
                "line 2, column 1:\nSELEC id FROM t;\n^",
                browser.findElement(By.className("sql-error-at")).getText());
        String page = browser.getPageSource();
        assertFalse("the secret appeared on the page", page.contains(secret));
        assertTrue(browser.findElement(By.id("sql")).getAttribute("value").contains("'password' = '******'"));
        screenshot("bad-sql");
    }

    @Test
    public void postsFromOtherOriginsOrWithoutTheTokenAreRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth =
                "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        String page = http.send(
                        HttpRequest.newBuilder(URI.create(origin + "/system/console/sabot-jobs"))
                                .header("Authorization", auth)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher token = Pattern.compile("name='token' value='([0-9a-f]+)'").matcher(page);
        assertTrue(token.find());
        long jobsBefore = page.split("<tr class='job'", -1).length;
        String cancelAll = "action=submit&sql=" + URLEncoder.encode(SCRIPT, StandardCharsets.UTF_8) + "&token=";
        Map<String, HttpRequest.Builder> refused = Map.of(
                "another origin",
                post(auth, cancelAll + token.group(1)).header("Origin", "http://attacker.invalid"),
                "no origin or referer",
                post(auth, cancelAll + token.group(1)),
                "a wrong token",
                post(auth, cancelAll + "0" + token.group(1)).header("Origin", origin),
                "a cross-site fetch",
                post(auth, cancelAll + token.group(1)).header("Origin", origin).header("Sec-Fetch-Site", "cross-site"));
        for (Map.Entry<String, HttpRequest.Builder> e : refused.entrySet()) {
            HttpResponse<String> reply = http.send(e.getValue().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(e.getKey() + ": " + reply.body(), 403, reply.statusCode());
            assertTrue(reply.body(), reply.body().startsWith("Refused: "));
        }
        HttpResponse<String> get = http.send(
                HttpRequest.newBuilder(URI.create(origin + "/system/console/sabot-jobs"))
                        .header("Authorization", auth)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("a refused POST started a job", jobsBefore, get.body().split("<tr class='job'", -1).length);
        HttpResponse<String> anonymous = http.send(
                post(null, cancelAll + token.group(1)).header("Origin", origin).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
    }

    private HttpRequest.Builder post(String auth, String form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + "/system/console/sabot-jobs"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        return auth == null ? b : b.header("Authorization", auth);
    }

    private static void clickAction(String action) {
        browser.findElement(By.cssSelector("div.actions button[value='" + action + "']"))
                .click();
    }

    /** Waits for the outcome box of a POST and returns its text, which must contain {@code expected}. */
    private static String outcome(String expected) {
        return outcome(expected, false);
    }

    private static String outcome(String expected, boolean error) {
        waitFor(d -> d.findElements(By.id("outcome")).size() == 1, "an outcome containing '" + expected + "'");
        WebElement box = browser.findElement(By.id("outcome"));
        String text = box.getText();
        assertEquals("error outcome? " + text, error, box.getAttribute("class").contains("error"));
        assertTrue("expected '" + expected + "' in: " + text, text.contains(expected));
        return text;
    }

    private static Path savepointPath(String text) {
        Matcher m = Pattern.compile("savepoint (/\\S+) \\(id \\d+", Pattern.CASE_INSENSITIVE)
                .matcher(text);
        assertTrue(text, m.find());
        return Paths.get(m.group(1));
    }

    private static WebElement jobRow(String job) {
        return browser.findElement(By.cssSelector("tr.job[data-job='" + job + "']"));
    }

    private static long rowsIn(String job) {
        return Long.parseLong(
                jobRow(job).findElement(By.className("rows-in")).getText().strip());
    }

    private static void waitFor(java.util.function.Function<WebDriver, Boolean> condition, String what) {
        try {
            new WebDriverWait(browser, WAIT).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("timeout");
            throw new AssertionError("timed out waiting for " + what + "; page:\n"
                    + browser.findElement(By.tagName("body")).getText());
        }
    }

    private static void screenshot(String name) {
        try {
            File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(
                    file.toPath(),
                    SCREENSHOTS.resolve(String.format("%02d-%s.png", ++shot, name)),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
