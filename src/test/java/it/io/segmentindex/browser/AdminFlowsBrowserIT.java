package it.io.segmentindex.browser;

import it.io.segmentindex.Api;
import it.io.segmentindex.RetrievalIT;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin page's whole job in headless Chromium: create a dataset, add a document from pasted text through the
 * split preview, reconcile and reindex to the end, and see a failed operation in the dataset's health and retry it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminFlowsBrowserIT {

    final Api api = new Api();
    final String name = "Handbook " + UUID.randomUUID().toString().substring(0, 8);
    Chromium browser;
    ChromeDriver driver;
    WebDriverWait wait;
    String dataset;
    String document;

    @BeforeAll
    void start() throws IOException {
        browser = Chromium.start("admin-flows");
        driver = browser.driver;
        wait = browser.wait;
        driver.get(Api.BASE + "/admin/");
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.sendKeys(api.token(), Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("workspace")));
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (dataset != null) {
            api.faults(dataset);
        }
    }

    @AfterEach
    void noConsoleErrors() {
        // The one 409 is the duplicate name createsADataset sends on purpose; its message shows in the form.
        assertEquals(List.of(), browser.consoleProblems(m -> m.contains("/api/v1/datasets - Failed to load resource:"
                + " the server responded with a status of 409")), "the browser console has errors or warnings");
    }

    @Test
    @Order(1)
    void createsADataset() {
        driver.findElement(By.id("dataset-new")).click();
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dataset-dialog")));
        assertEquals(driver.switchTo().activeElement(), driver.findElement(By.id("dataset-name")), "focus in the form");
        driver.findElement(By.id("dataset-name")).sendKeys(name);
        new Select(driver.findElement(By.id("dataset-technique"))).selectByValue("economy");
        WebElement keywords = driver.findElement(By.id("dataset-keywords"));
        keywords.clear();
        keywords.sendKeys("5");
        browser.shot("admin-06-new-dataset");
        driver.findElement(By.id("dataset-create")).click();
        wait.until(ExpectedConditions.invisibilityOf(dialog));

        WebElement current = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#datasets button[aria-current=true]")));
        assertTrue(current.getText().contains(name) && current.getText().contains("economy"), current.getText());
        dataset = current.getAttribute("data-dataset-id");
        JsonObject created = api.get("/api/v1/datasets/" + dataset).expect(200).json();
        assertEquals(name, created.getString("name"));
        assertEquals(5, created.getInt("keyword_number"));

        // The same name again: the server's 409 shows in the form, which stays open.
        driver.findElement(By.id("dataset-new")).click();
        driver.findElement(By.id("dataset-name")).sendKeys(name);
        driver.findElement(By.id("dataset-create")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dataset-form-error")));
        assertTrue(error.getText().contains("409"), error.getText());
        driver.findElement(By.cssSelector("#dataset-dialog .dialog-cancel")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("dataset-dialog")));
    }

    @Test
    @Order(2)
    void addsADocumentFromPastedTextThroughTheSplitPreview() {
        driver.findElement(By.id("document-new")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("document-dialog")));
        driver.findElement(By.id("document-name")).sendKeys("pasted.md");
        WebElement text = driver.findElement(By.id("document-text"));
        text.sendKeys(String.join("\n\n", RetrievalIT.CORPUS[0], RetrievalIT.CORPUS[1], RetrievalIT.CORPUS[3]));
        assertFalse(AdminPageBrowserIT.usable(driver.findElement(By.id("document-add"))), "no add before a preview");

        driver.findElement(By.id("document-preview")).click();
        wait.until(ExpectedConditions.textToBe(By.id("split-summary"), "3 segments as text_model."));
        List<WebElement> pieces = driver.findElements(By.cssSelector("#split-preview > li"));
        assertEquals(3, pieces.size());
        assertTrue(pieces.get(2).getText().contains("sliding window"), pieces.get(2).getText());
        browser.shot("admin-07-split-preview");

        // Editing the text makes the preview stale: what is added is always what was last shown.
        text.sendKeys("\n\n" + RetrievalIT.CORPUS[2]);
        wait.until(d -> d.findElements(By.cssSelector("#split-preview > li")).isEmpty());
        assertFalse(AdminPageBrowserIT.usable(driver.findElement(By.id("document-add"))));
        driver.findElement(By.id("document-preview")).click();
        wait.until(ExpectedConditions.textToBe(By.id("split-summary"), "4 segments as text_model."));
        driver.findElement(By.id("document-add")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("document-dialog")));

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "indexed"));
        WebElement doc = driver.findElement(By.cssSelector("#documents button[aria-current=true]"));
        assertTrue(doc.getText().contains("pasted.md") && doc.getText().contains("completed"), doc.getText());
        document = doc.getAttribute("data-document-id");
        wait.until(d -> d.findElements(By.cssSelector("#segment-rows tr")).size() == 4);
        assertEquals(4, api.segmentIds(dataset, document).size());
        assertEquals(RetrievalIT.CORPUS[2], api.segments(dataset, document).getJsonObject(3).getString("content"));
    }

    @Test
    @Order(3)
    void reconcileAndReindexRunToTheEndAndTheHealthShowsNoDrift() {
        WebElement health = driver.findElement(By.id("health"));
        assertTrue(health.isDisplayed());
        wait.until(ExpectedConditions.textToBe(By.id("health-drift"), "Not checked yet: run a reconcile."));

        driver.findElement(By.id("reconcile-run")).click();
        WebElement op = awaitNewestOperation("Reconcile " + name, "succeeded");
        assertTrue(op.getText().contains("Found 0 missing and 0 extra"), op.getText());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("health-drift"),
                "found the index and the database in agreement"));
        assertTrue(driver.findElement(By.id("health-drift")).getText().startsWith("None: the reconcile"));

        driver.findElement(By.id("reindex-run")).click();
        op = awaitNewestOperation("Reindex " + name, "succeeded");
        assertTrue(op.getText().contains("Found 0 missing and 0 extra"), op.getText());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("health-drift"), "None: the reindex"));
        wait.until(ExpectedConditions.textToBe(By.id("health-backlog"), "None: the index is up to date."));
    }

    @Test
    @Order(4)
    void aFailedOperationIsListedInTheHealthAndItsRetrySettlesIt() {
        String target = api.segmentIds(dataset, document).get(1);
        api.faults(dataset, "delete");
        String failed = api.patch("/api/v1/datasets/" + dataset + "/segments/" + target + "/disable").expect(202)
                .json().getString("operation_id");
        assertEquals("failed", api.awaitOperation(failed).getString("state"));
        api.faults(dataset);

        driver.findElement(By.id("health-refresh")).click();
        WebElement entry = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#health-failed li[data-operation-id='" + failed + "']")));
        assertTrue(entry.getText().contains("Disable segment") && entry.getText().contains("injected"),
                entry.getText());
        assertTrue(entry.getText().contains("1 of 1 item failed"), entry.getText());
        browser.shot("admin-08-health");

        entry.findElement(By.tagName("button")).click();
        awaitNewestOperation("Retry of Disable segment", "succeeded");
        wait.withMessage(() -> "the failure, as listed: " + driver.findElement(By.id("health")).getText())
                .until(d -> d.findElement(By.cssSelector("#health-failed li[data-operation-id='" + failed + "']"))
                        .getText().toLowerCase().contains("retried: succeeded"));
        assertTrue(driver.findElement(By.cssSelector("#health-failed li[data-operation-id='" + failed + "']"))
                .findElements(By.tagName("button")).isEmpty(), "a settled failure offers no retry");
        assertFalse(api.get("/api/v1/datasets/" + dataset + "/segments/" + target + "/index").expect(200).json()
                .getBoolean("in_index"), "the retry took the segment out");
        browser.shot("admin-09-retried");
    }

    /** Waits until the newest operation in the side pane is this one and has ended, and checks how. */
    WebElement awaitNewestOperation(String title, String state) {
        wait.until(d -> {
            List<WebElement> ops = d.findElements(By.cssSelector("#operations > li"));
            String s = ops.isEmpty() ? null : ops.get(0).getAttribute("data-state");
            return s != null && ops.get(0).getText().contains(title) && !s.equals("queued") && !s.equals("running");
        });
        WebElement op = driver.findElement(By.cssSelector("#operations > li"));
        assertEquals(state, op.getAttribute("data-state"), op.getText());
        return op;
    }
}
