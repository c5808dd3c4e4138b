package it.io.segmentindex.browser;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The system's headless Chromium, driven through its chromedriver, with a profile and screenshots of its own. */
final class Chromium implements AutoCloseable {

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final Path profile;
    private final Path screenshots = Path.of(System.getProperty("it.screenshots.dir", "target/screenshots"));

    private Chromium(ChromeDriver driver, Path profile) throws IOException {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        this.profile = profile;
        Files.createDirectories(screenshots);
    }

    static Chromium start(String name) throws IOException {
        File chromium = new File(System.getProperty("it.chromium", "/usr/bin/chromium"));
        File chromedriver = new File(System.getProperty("it.chromedriver", "/usr/bin/chromedriver"));
        // Requested browser tests without a browser are a failure, never a skip.
        assertTrue(chromium.canExecute(), "Chromium not found at " + chromium
                + " (install the Debian packages chromium and chromium-driver)");
        assertTrue(chromedriver.canExecute(), "chromedriver not found at " + chromedriver
                + " (install the Debian package chromium-driver)");
        Path profile = Files.createTempDirectory(name + "-chromium");
        ChromeOptions options = new ChromeOptions();
        // Both paths are given, so Selenium never looks for (or downloads) a browser or a driver itself.
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1366,768", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        return new Chromium(new ChromeDriver(service, options), profile);
    }

    /** The console's warnings and errors since the last call, but those {@code expected} accepts. */
    List<String> consoleProblems(Predicate<String> expected) {
        List<String> problems = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue() && !expected.test(e.getMessage())) {
                problems.add(e.getLevel() + " " + e.getMessage());
            }
        }
        return problems;
    }

    void shot(String name) {
        try {
            Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AssertionError("screenshot " + name, e);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
