package it.io.segmentindex.browser;

import it.io.segmentindex.Api;
import it.io.segmentindex.RetrievalIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin page in headless Chromium against the running server: log in with a token, switch a segment off
 * and see it leave hit testing, batch-disable three, and see a failed disable's fallback error. Every test
 * ends by reading the browser's console: any error fails it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminPageBrowserIT {

    static final String[] CORPUS = java.util.stream.Stream.concat(java.util.Arrays.stream(RetrievalIT.CORPUS),
            java.util.stream.Stream.of(
                    "Glaciers carve U-shaped valleys as they slowly move downhill under their own weight.",
                    "A haiku is a short poem of three lines with five, seven and five syllables.")).toArray(String[]::new);

    final Api api = new Api();
    Chromium browser;
    ChromeDriver driver;
    WebDriverWait wait;

    String handbook;
    String handbookDoc;
    String faulty;
    String faultyDoc;

    @BeforeAll
    void start() throws IOException {
        handbook = dataset("Field guide", "high_quality");
        handbookDoc = document(handbook, "facts.md", CORPUS);
        faulty = dataset("Flaky index", "economy");
        faultyDoc = document(faulty, "three-facts.md", CORPUS[0], CORPUS[1], CORPUS[2]);

        browser = Chromium.start("admin-page");
        driver = browser.driver;
        wait = browser.wait;
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (faulty != null) {
            api.faults(faulty);
        }
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> errors = browser.consoleProblems(m -> false);
        assertEquals(List.of(), errors, "the browser console has errors or warnings");
    }

    @Test
    @Order(1)
    void logsInWithAToken() {
        driver.get(Api.BASE + "/admin/");
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertEquals("Bearer token", driver.findElement(By.cssSelector("label[for=token]")).getText());
        // The build's server mints development tokens, so the page offers its button.
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dev-token")));
        shot("01-login");
        assertFalse(driver.findElement(By.id("workspace")).isDisplayed(), "nothing shown before logging in");

        field.sendKeys(api.token());
        field.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("workspace")));
        String whoami = driver.findElement(By.id("whoami-text")).getText();
        assertTrue(whoami.contains("it-user"), whoami);
        assertTrue(whoami.contains("tenant " + api.tenant), "the whole tenant id, not a prefix: " + whoami);
        datasetButton(handbook);
        datasetButton(faulty);
    }

    @Test
    @Order(2)
    void switchingASegmentOffTakesItOutOfHitTesting() {
        openDocument(handbook, handbookDoc, CORPUS.length);
        String target = segmentId(handbookDoc, handbook, 4);

        hitTest("sliding window flow control", "full_text_search");
        assertTrue(hitIds().contains(target), "found before the disable");
        hitTest("packet loss on a network connection", "semantic_search");
        assertTrue(hitIds().contains(target));
        shot("02-segments");

        // Keyboard: focus the switch and press space, as a keyboard user would.
        WebElement toggle = switchOf(target);
        assertEquals("Segment 4 enabled", toggle.getAccessibleName());
        assertEquals("switch", toggle.getAriaRole());
        assertTrue(toggle.isSelected());
        toggle.sendKeys(Keys.SPACE);
        WebElement op = awaitOperation(1, "succeeded");
        assertTrue(op.getText().contains("Disable segment #4"), op.getText());
        assertTrue(driver.findElement(By.id("progress")).getAttribute("textContent")
                .contains("Disable segment #4: succeeded"), "announced in the live region");
        wait.until(d -> !switchOf(target).isSelected() && usable(switchOf(target)));
        wait.until(d -> row(target).findElement(By.cssSelector("td.index")).getText().equals("no"));
        assertEquals(driver.switchTo().activeElement(), switchOf(target), "focus stays on the switch");

        hitTest("sliding window flow control", "full_text_search");
        assertFalse(hitIds().contains(target), "gone from full-text search");
        hitTest("packet loss on a network connection", "semantic_search");
        assertFalse(hitIds().contains(target), "gone from semantic search");
        hitTest("TCP sliding window", "hybrid_search");
        assertFalse(hitIds().contains(target), "gone from hybrid search");
        assertFalse(segment(handbook, handbookDoc, target).getBoolean("enabled"));
        shot("03-hit-testing");
    }

    @Test
    @Order(3)
    void batchDisablesThreeSelectedSegments() {
        openDocument(handbook, handbookDoc, CORPUS.length);
        List<String> ids = List.of(segmentId(handbookDoc, handbook, 1), segmentId(handbookDoc, handbook, 2),
                segmentId(handbookDoc, handbook, 3));
        for (String id : ids) {
            row(id).findElement(By.cssSelector("input.select")).click();
        }
        assertEquals("3 selected", driver.findElement(By.id("selection-count")).getText());
        driver.findElement(By.id("batch-disable")).click();
        WebElement op = awaitOperation(1, "succeeded");
        assertTrue(op.getText().contains("Disable 3 segments"), op.getText());
        assertEquals(3, op.findElements(By.cssSelector("tr.item-succeeded")).size(), op.getText());
        assertEquals("3 of 3 done", op.findElement(By.cssSelector(".op-progress .muted")).getText());
        for (String id : ids) {
            wait.until(d -> !switchOf(id).isSelected());
            assertFalse(segment(handbook, handbookDoc, id).getBoolean("enabled"));
        }
        wait.until(ExpectedConditions.textToBe(By.id("selection-count"), "0 selected"));

        // The filter shows what is left enabled: four of eight (one was switched off before).
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("filter-enabled")))
                .selectByValue("true");
        driver.findElement(By.id("filters-apply")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("segments-caption"),
                "4 segments in facts.md (filtered)"));
        assertEquals(4, driver.findElements(By.cssSelector("#segment-rows tr")).size());
        shot("04-batch");
    }

    @Test
    @Order(4)
    void aFailedDisableShowsTheFallbackAndItsError() {
        api.faults(faulty, "delete");
        openDocument(faulty, faultyDoc, 3);
        // Keywords only: the page offers no vector search for this dataset.
        assertFalse(driver.findElement(By.cssSelector("input[name=method][value=semantic_search]")).isEnabled());
        assertTrue(driver.findElement(By.cssSelector("input[name=method][value=full_text_search]")).isSelected());
        String target = segmentId(faultyDoc, faulty, 2);
        switchOf(target).click();
        WebElement op = awaitOperation(1, "failed");
        WebElement error = op.findElement(By.cssSelector(".op-error"));
        assertTrue(error.isDisplayed());
        assertTrue(error.getText().contains("injected index fault"), error.getText());
        assertTrue(error.getText().contains("enabled again"), error.getText());
        WebElement item = op.findElement(By.cssSelector("tr.item-failed"));
        assertTrue(item.getText().contains("#2") && item.getText().contains("injected index fault"), item.getText());
        assertTrue(driver.findElement(By.id("progress")).getAttribute("textContent").contains("failed"));
        // The fallback put the segment back: the switch follows the server, not the click.
        wait.until(d -> switchOf(target).isSelected() && usable(switchOf(target)));
        assertTrue(segment(faulty, faultyDoc, target).getBoolean("enabled"));
        hitTest("mitochondria chemical energy", "full_text_search");
        assertTrue(hitIds().contains(target), "still searchable after the recovery");
        shot("05-fallback");
        api.faults(faulty);
    }

    @Test
    @Order(5)
    void archivingADocumentRunsAsAnOperation() {
        openDocument(faulty, faultyDoc, 3);
        driver.findElement(By.cssSelector("[data-document-action=archive]")).click();
        awaitOperation(1, "succeeded");
        wait.until(d -> documentButton(faultyDoc).getText().contains("archived"));
        assertFalse(usable(driver.findElement(By.cssSelector("[data-document-action=archive]"))));
        hitTest("Eiffel Tower", "keyword_search");
        assertEquals(Set.of(), hitIds(), "an archived document is not searchable");
        driver.findElement(By.cssSelector("[data-document-action=un_archive]")).click();
        awaitOperation(2, "succeeded");
        wait.until(d -> !documentButton(faultyDoc).getText().contains("archived"));
        hitTest("Eiffel Tower", "keyword_search");
        assertFalse(hitIds().isEmpty(), "searchable again");
    }

    @Test
    @Order(6)
    void aReaderBrowsesAndSearchesButCannotSwitch() {
        driver.get(Api.BASE + "/admin/");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("logout"))).click();
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertEquals(driver.switchTo().activeElement(), field, "focus goes to the token field");
        field.sendKeys(new Api(api.tenant, "rita", "reader").token(), Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami-text"), "rita"));
        assertTrue(driver.findElement(By.id("whoami-text")).getText().contains("read-only"));
        openDocument(handbook, handbookDoc, CORPUS.length);
        String target = segmentId(handbookDoc, handbook, 5);
        WebElement toggle = switchOf(target);
        assertFalse(usable(toggle));
        toggle.click();
        assertTrue(switchOf(target).isSelected(), "the switch does not move");
        assertTrue(driver.findElements(By.cssSelector("#operations > li")).isEmpty(), "nothing was sent");
        assertFalse(usable(driver.findElement(By.cssSelector("[data-document-action=archive]"))));
        hitTest("rainforest species", "full_text_search");
        assertTrue(hitIds().contains(target), "readers search");
        assertTrue(segment(handbook, handbookDoc, target).getBoolean("enabled"));
    }

    // ---- fixtures and page helpers

    String dataset(String name, String technique) {
        return api.post("/api/v1/datasets", Json.createObjectBuilder().add("name", name)
                .add("indexing_technique", technique).build().toString()).expect(201).json().getString("id");
    }

    /** A text document with these segments, indexed. */
    String document(String dataset, String name, String... contents) {
        var segments = Json.createArrayBuilder();
        for (String c : contents) {
            segments.add(Json.createObjectBuilder().add("content", c));
        }
        String id = api.post("/api/v1/datasets/" + dataset + "/documents", Json.createObjectBuilder()
                .add("name", name).add("doc_form", "text_model").add("segments", segments).build().toString())
                .expect(201).json().getString("id");
        JsonObject doc = api.awaitJson("/api/v1/datasets/" + dataset + "/documents/" + id,
                j -> !j.getString("indexing_status").equals("waiting")
                        && !j.getString("indexing_status").equals("indexing"));
        assertEquals("completed", doc.getString("indexing_status"), doc::toString);
        return id;
    }

    void openDocument(String dataset, String document, int segments) {
        driver.get(Api.BASE + "/admin/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("workspace")));
        datasetButton(dataset).click();
        wait.until(d -> !d.findElements(By.cssSelector("button[data-document-id='" + document + "']")).isEmpty());
        documentButton(document).click();
        wait.until(d -> d.findElements(By.cssSelector("#segment-rows tr")).size() == segments);
        // Index states load after the rows; wait so screenshots and assertions see them.
        wait.until(d -> d.findElements(By.cssSelector("#segment-rows td.index .muted")).isEmpty());
    }

    WebElement datasetButton(String id) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-dataset-id='" + id
                + "']")));
    }

    WebElement documentButton(String id) {
        return driver.findElement(By.cssSelector("button[data-document-id='" + id + "']"));
    }

    WebElement row(String segmentId) {
        return driver.findElement(By.cssSelector("#segment-rows tr[data-segment-id='" + segmentId + "']"));
    }

    WebElement switchOf(String segmentId) {
        return row(segmentId).findElement(By.cssSelector("input[role=switch]"));
    }

    /** Waits until the page lists `count` operations and the newest is in `state`. */
    WebElement awaitOperation(int count, String state) {
        wait.until(d -> d.findElements(By.cssSelector("#operations > li")).size() == count);
        wait.until(d -> {
            String s = d.findElement(By.cssSelector("#operations > li")).getAttribute("data-state");
            return s != null && !s.equals("queued") && !s.equals("running");
        });
        WebElement op = driver.findElement(By.cssSelector("#operations > li"));
        assertEquals(state, op.getAttribute("data-state"), op.getText());
        return op;
    }

    void hitTest(String query, String method) {
        WebElement q = driver.findElement(By.id("hit-query"));
        q.clear();
        q.sendKeys(query);
        driver.findElement(By.cssSelector("input[name=method][value=" + method + "]")).click();
        // Cleared first, so the wait below sees this search's answer and not the previous one's.
        ((JavascriptExecutor) driver).executeScript("document.getElementById('hit-status').textContent = ''");
        driver.findElement(By.id("hit-run")).click();
        wait.until(d -> d.findElement(By.id("hit-status")).getText().contains("for “" + query + "”"));
    }

    static boolean usable(WebElement control) {
        return !"true".equals(control.getAttribute("aria-disabled"));
    }

    Set<String> hitIds() {
        return driver.findElements(By.cssSelector("#hit-results > li")).stream()
                .map(e -> e.getAttribute("data-segment-id")).collect(Collectors.toSet());
    }

    String segmentId(String document, String dataset, int position) {
        for (var v : api.segments(dataset, document)) {
            JsonObject s = v.asJsonObject();
            if (s.getInt("position") == position) {
                return s.getString("id");
            }
        }
        throw new AssertionError("no segment at position " + position);
    }

    JsonObject segment(String dataset, String document, String id) {
        return api.get("/api/v1/datasets/" + dataset + "/documents/" + document + "/segments/" + id).expect(200)
                .json();
    }

    void shot(String name) {
        browser.shot(name);
    }
}
