package dunes.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian ({@code chromium}, {@code chromium-driver}) driven by Selenium
 * through Debian's own chromedriver: no driver is downloaded, so it runs without a network. Without
 * them the browser tests are skipped with the reason, unless the environment says
 * {@code DUNES_TEST_BROWSER=required} (as {@code .ci/run} does): then they fail.
 */
public final class Chromium {

  private static final Path BROWSER = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  /** A new headless browser with a window of {@code width} x {@code height}; skips (or fails) without one. */
  public static ChromeDriver start(int width, int height) {
    String missing = !Files.isExecutable(BROWSER) ? BROWSER.toString() : !Files.isExecutable(DRIVER) ? DRIVER.toString() : null;
    if (missing != null) {
      String reason = "the browser tests need Debian's Chromium and its driver (" + missing + " is missing): "
          + "apt-get install -y chromium chromium-driver";
      if ("required".equals(System.getenv("DUNES_TEST_BROWSER"))) {
        Assertions.fail(reason);
      }
      Assumptions.abort(reason);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    // --no-sandbox: CI runs as root, where Chromium refuses its sandbox
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=" + width + "," + height, "--lang=en-US", "--password-store=basic");
    // no password manager: after one user's login it filled the next login's fields with that user's password
    options.setExperimentalOption("prefs", java.util.Map.of("credentials_enable_service", false,
        "profile.password_manager_enabled", false, "autofill.profile_enabled", false));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().withLogFile(Path.of("target", "chromedriver.log").toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return driver;
  }
}
