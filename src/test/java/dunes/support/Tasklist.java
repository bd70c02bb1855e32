package dunes.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Camunda Tasklist 7.24 as a person uses it in a browser: the login page, <em>Start process</em>
 * with a Camunda Form, the task list of the filter {@code Dunes tasks}, a task's form, <em>Claim</em>,
 * <em>Complete</em>, logging out. Form fields are found by their form-js ids ({@code Field_...}),
 * which the rendered inputs end with.
 */
public final class Tasklist {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  /** More than form-js's input debounce (300 ms in the 7.24 webjar's form-js). */
  private static final Duration FORM_JS_DEBOUNCE = Duration.ofMillis(600);
  private static final Forms FORMS = new Forms(Path.of("forms"));

  private final ChromeDriver browser;
  private final URI base;
  private final WebDriverWait wait;

  public Tasklist(ChromeDriver browser, URI base) {
    this.browser = browser;
    this.base = base;
    this.wait = new WebDriverWait(browser, PATIENCE, Duration.ofMillis(100));
  }

  public void login(String user, String password) {
    browser.get(base.resolve("/camunda/app/tasklist/default/").toString());
    By username = By.cssSelector("input[ng-model=username]");
    By secret = By.cssSelector("input[ng-model=password]");
    // both fields hold what was typed at the same moment, so nothing filled one in after the other was typed
    wait.until(d -> {
      type(username, user);
      type(secret, password);
      return user.equals(d.findElement(username).getDomProperty("value"))
          && password.equals(d.findElement(secret).getDomProperty("value"));
    });
  }

  /** After {@link #login}: sends the login form and waits for the task list; says what the page showed otherwise. */
  public void submitLogin() {
    browser.findElement(By.cssSelector("form[name=signinForm] button[type=submit]")).click();
    try {
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//a[contains(., 'Start process')]")));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("Tasklist showed no task list after the login: "
          + browser.findElement(By.tagName("body")).getText(), e);
    }
  }

  /** Types {@code text} into an Angular input once the page is ready for it, as many times as it takes to stick. */
  private void type(By input, String text) {
    wait.until(d -> {
      WebElement field = d.findElement(input);
      if (!field.isDisplayed()) {
        return false;
      }
      field.clear();
      field.sendKeys(text);
      return text.equals(field.getDomProperty("value"));
    });
  }

  public void logout() {
    browser.findElement(By.xpath("//a[contains(@class,'dropdown-toggle')][span[contains(@class,'glyphicon-user')]]")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//a[contains(., 'Log out')]"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model=username]")));
  }

  /** Opens <em>Start process</em> and the start form of the process named {@code process}. */
  public void openStartForm(String process) {
    browser.findElement(By.xpath("//a[contains(., 'Start process')]")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//ul[@class='processes']//a[normalize-space(.)='"
        + process + "']"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-content .fjs-form")));
  }

  /**
   * Types each value over what the form field {@code Field_<id>} holds, as a person replacing it
   * would, pausing after each: form-js takes what is typed after a debounce, and typing into the next
   * field before it ran loses the first field's input.
   */
  public void fill(Map<String, String> values) {
    values.forEach((id, value) -> {
      WebElement input = field(id);
      for (int attempt = 0; attempt < 3 && !value.equals(input.getDomProperty("value")); attempt++) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), value);
        new Actions(browser).pause(FORM_JS_DEBOUNCE).perform();
      }
      if (!value.equals(input.getDomProperty("value"))) {
        throw new AssertionError("field " + id + " holds '" + input.getDomProperty("value") + "', not '" + value + "'");
      }
    });
  }

  /** Presses <em>Start</em>; returns the notice Tasklist then shows over the form (empty when the dialog closed without one). */
  public Optional<String> start() {
    By notices = By.cssSelector(".modal-content .notifications > *");
    int earlier = browser.findElements(notices).size(); // an earlier attempt's notice is not this one's answer
    browser.findElement(By.cssSelector(".modal-footer button[ng-click='startProcessInstance()']")).click();
    return wait.until(d -> {
      if (d.findElements(By.cssSelector(".modal-content")).isEmpty()) {
        return Optional.of("");
      }
      List<WebElement> shown = d.findElements(notices);
      return shown.size() > earlier ? Optional.of(shown.get(shown.size() - 1).getText().replace("×", "").strip()) : null;
    }).filter(text -> !text.isEmpty());
  }

  /** The names of the tasks the list shows now (reloaded). */
  public List<String> taskNames() {
    browser.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//a[contains(., 'Start process')]")));
    try {
      new WebDriverWait(browser, Duration.ofSeconds(3), Duration.ofMillis(100))
          .until(d -> !d.findElements(By.cssSelector("li.task h4 a")).isEmpty());
    } catch (org.openqa.selenium.TimeoutException none) {
      return List.of();
    }
    return browser.findElements(By.cssSelector("li.task h4 a")).stream().map(WebElement::getText).map(String::strip).toList();
  }

  /** Opens the first task named {@code name} and claims it; its form is then shown. */
  public void openTask(String name) {
    browser.findElements(By.cssSelector("li.task h4 a")).stream().filter(a -> a.getText().strip().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no task '" + name + "' in the list")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.claim"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[cam-tasklist-form] .fjs-form")));
    wait.until(d -> d.findElements(By.cssSelector("button.claim")).isEmpty());
  }

  /**
   * Makes a decision in the open task's form, by variable: for each key, the radio option with that
   * value, or for a checkbox {@code "true"}. Keys and values are the forms' own (forms/*.form), which
   * name the rendered inputs only by their component ids.
   */
  public void decide(Map<String, String> choices) {
    choices.forEach((key, choice) -> {
      JsonNode component = FORMS.component(key);
      String id = component.path("id").asText();
      List<WebElement> inputs = browser.findElements(By.cssSelector("[cam-tasklist-form] input[id*='-" + id + "']"));
      if (inputs.isEmpty()) {
        throw new AssertionError("the task's form shows no field " + key + " (" + id + ")");
      }
      if (component.path("type").asText().equals("checkbox")) {
        if (inputs.get(0).isSelected() != Boolean.parseBoolean(choice)) {
          click(inputs.get(0));
        }
        return;
      }
      List<String> values = component.path("values").findValuesAsText("value");
      if (!values.contains(choice)) {
        throw new AssertionError("field " + key + " has no option '" + choice + "', only " + values);
      }
      click(browser.findElement(By.cssSelector("[cam-tasklist-form] input[id$='-" + id + "-" + values.indexOf(choice) + "']")));
    });
  }

  /** Presses <em>Complete</em> and waits until Tasklist took the form away. */
  public void complete() {
    WebElement complete = wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
        "//div[contains(@class,'form-actions')]//button[normalize-space(.)='Complete']")));
    click(complete);
    wait.until(d -> d.findElements(By.cssSelector("[cam-tasklist-form] .fjs-form")).isEmpty());
  }

  /** Clicks {@code element} in the middle of the window, where no fixed header or footer covers it. */
  private void click(WebElement element) {
    browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    element.click();
  }

  /** Scrolls the start dialog back to its top, where Tasklist shows its notices. */
  public void scrollToTop() {
    browser.executeScript("document.querySelectorAll('.modal, .modal-body').forEach(e => e.scrollTop = 0)");
  }

  /** A PNG of what the browser window shows now. */
  public void screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private WebElement field(String id) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[id$='-Field_" + id + "']")));
  }

  /** The components of every Camunda Form in a folder, by key. */
  private record Forms(Path folder) {
    JsonNode component(String key) {
      try (var files = Files.list(folder)) {
        ObjectMapper json = new ObjectMapper();
        for (Path form : files.filter(f -> f.toString().endsWith(".form")).toList()) {
          for (JsonNode component : json.readTree(form.toFile()).findParents("key")) {
            if (component.path("key").asText().equals(key)) {
              return component;
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      throw new AssertionError("no form in " + folder + " has a field " + key);
    }
  }
}
