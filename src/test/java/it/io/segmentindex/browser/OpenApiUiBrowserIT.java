package it.io.segmentindex.browser;

import it.io.segmentindex.Api;
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
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI UI (Swagger UI at /openapi/ui/) in headless Chromium: Try it out answers 401 until a development
 * token is given to Authorize, then creates a dataset (201) and lists it (200) in the token's tenant. The calls go
 * to the server that serves the page, so the document's server URL is right for whoever opens it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiUiBrowserIT {

    static final String LIST = "#operations-Datasets-DatasetResource_list";
    static final String CREATE = "#operations-Datasets-DatasetResource_create";
    /** The live answer's row; the table's header row has the same columns. */
    static final String ANSWER = ".live-responses-table tr.response ";

    /** A tenant of its own, so that the listed datasets are only this test's. */
    final String tenant = UUID.randomUUID().toString();
    Chromium browser;
    ChromeDriver driver;
    WebDriverWait wait;
    String token;

    @BeforeAll
    void start() throws IOException {
        // The token a user of the development server gets, from the same endpoint.
        token = Api.anonymous().post("/api/v1/dev/token?groups=admin&tenant_id=" + tenant, null).expect(200).json()
                .getString("access_token");

        browser = Chromium.start("openapi-ui");
        driver = browser.driver;
        wait = browser.wait;
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    /** The browser logs the 401 answer as a failed load; anything else in the console fails the test. */
    @AfterEach
    void noConsoleErrors() {
        List<String> errors = browser.consoleProblems(m -> m.contains("the server responded with a status of 401"));
        assertEquals(List.of(), errors, "the browser console has errors or warnings");
    }

    @Test
    @Order(1)
    void withoutATokenTryItOutIsRefused() {
        openUi();
        WebElement op = tryItOut(LIST);
        execute(op);
        assertEquals(Api.BASE + "/api/v1/datasets", requestUrl(op), "the call goes to the server of the page");
        assertEquals("401", status(op), body(op));
        assertTrue(body(op).contains("\"unauthorized\""), body(op));
        shot("openapi-01-unauthorized");
    }

    @Test
    @Order(2)
    void withADevTokenTryItOutCreatesAndListsADataset() {
        openUi();
        authorize(token);
        String name = "Try it out " + UUID.randomUUID();

        WebElement create = tryItOut(CREATE);
        WebElement body = create.findElement(By.cssSelector("textarea.body-param__text"));
        body.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        body.sendKeys("{\"name\": \"" + name + "\", \"indexing_technique\": \"economy\"}");
        execute(create);
        assertEquals("201", status(create), body(create));
        assertTrue(body(create).contains("\"name\": \"" + name + "\""), body(create));
        shot("openapi-02-created");

        WebElement list = tryItOut(LIST);
        execute(list);
        assertEquals("200", status(list), body(list));
        assertTrue(body(list).contains("\"data\""), body(list));
        assertTrue(body(list).contains(name), body(list));
        shot("openapi-03-listed");

        // The dataset is in the token's tenant, as the API itself shows.
        JsonObject listed = new Api(tenant).get("/api/v1/datasets").expect(200).json();
        assertEquals(name, listed.getJsonArray("data").getJsonObject(0).getString("name"), listed::toString);
    }

    // ---- page helpers

    void openUi() {
        driver.get(Api.BASE + "/openapi/ui/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(LIST)));
    }

    /** Authorize, paste the token into the bearer field, authorize, close the dialog. */
    void authorize(String bearer) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".auth-wrapper button.authorize")))
                .click();
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".modal-ux .auth-container input")));
        field.sendKeys(bearer);
        driver.findElement(By.cssSelector(".modal-ux button.modal-btn.authorize")).click();
        // Once authorized, the dialog offers Logout instead of Authorize.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".modal-ux .auth-btn-wrapper"),
                "Logout"));
        driver.findElement(By.cssSelector(".modal-ux button.btn-done")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-ux")));
        wait.until(ExpectedConditions.attributeContains(By.cssSelector(".auth-wrapper button.authorize"), "class",
                "locked"));
    }

    /** Expands the operation and presses Try it out. */
    WebElement tryItOut(String operation) {
        WebElement op = driver.findElement(By.cssSelector(operation));
        if (op.findElements(By.cssSelector(".opblock-body")).isEmpty()) {
            op.findElement(By.cssSelector(".opblock-summary-control")).click();
        }
        // The body renders after the click: wait for the button to exist, not only to become clickable.
        wait.until(d -> op.findElements(By.cssSelector("button.try-out__btn")).stream()
                .filter(b -> b.isDisplayed() && b.isEnabled()).findFirst().orElse(null)).click();
        wait.until(d -> !op.findElements(By.cssSelector("button.execute")).isEmpty());
        return op;
    }

    void execute(WebElement op) {
        op.findElement(By.cssSelector("button.execute")).click();
        wait.until(d -> !op.findElements(By.cssSelector(ANSWER + ".response-col_status")).isEmpty());
        // In view, so that the screenshots show the answer.
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})",
                op.findElement(By.cssSelector(ANSWER)));
    }

    static String status(WebElement op) {
        return op.findElement(By.cssSelector(ANSWER + ".response-col_status")).getText().trim();
    }

    static String body(WebElement op) {
        return op.findElement(By.cssSelector(ANSWER + ".response-col_description pre")).getText();
    }

    static String requestUrl(WebElement op) {
        return op.findElement(By.cssSelector(".request-url pre")).getText().trim();
    }

    void shot(String name) {
        browser.shot(name);
    }
}
