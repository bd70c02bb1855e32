package dunes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dunes.lab.ca.CertificateRequest;
import dunes.lab.ca.LabCertificateAuthority;
import dunes.lab.vsphere.LabVSphere;
import dunes.support.Chromium;
import dunes.support.ExampleRequest;
import dunes.support.JvmRegistries;
import dunes.support.LabProcess;
import dunes.support.Tasklist;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The README's lab build as a person does it, in headless Chromium (Debian's, driven by Selenium):
 * the operator logs in to Tasklist, starts the build from the start form (the example's defaults,
 * moved to this test's addresses 127.0.61.x), approves the build plan and confirms the shutdown
 * before cloning, each in its form; the approver approves both certificate requests the lab CA
 * holds (mode PENDING) in one task, and the build completes with exactly those tasks. A screenshot of each screen goes to target/screens, or with -Ddunes.screens=docs/screens to the ones docs/operations.md shows.
 */
class BrowserBuildTest {

  private static final String TICKET = "CHG0061001";
  // target/screens by default, so a test run leaves the checkout clean; -Ddunes.screens=docs/screens refreshes the docs
  private static final Path SCREENS = Path.of(System.getProperty("dunes.screens", "target/screens"));
  private static final Duration BUILD = Duration.ofMinutes(6);
  private static final LabProcess LAB = LabProcess.at(61, Path.of("target", "browser-build"), Map.of());

  /** What a person decides in each task the build asks, by task name: its form's variables and their values. */
  private static final String PLAN = "Approve the build plan";
  private static final String SHUTDOWN = "Shut down node 1 for cloning";
  private static final Map<String, Map<String, String>> OPERATOR_DECISIONS = Map.of(
      PLAN, Map.of("planDecision", "approve"),
      SHUTDOWN, Map.of("shutdownMethod", "guest", "shutdownConfirmed", "true"));
  private static final String CA_APPROVAL = "Approve the certificate requests";
  private static final Map<String, String> APPROVER_DECISION = Map.of("certificateApproval", "approve");

  private ConfigurableApplicationContext context;
  private ChromeDriver browser;

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (context != null && context.isActive()) {
      context.getBean(LabVSphere.class).stopSimulator(); // a durable simulator outlives the context otherwise
      context.close();
    }
  }

  @Test
  void anOperatorAndAnApproverBuildTheExampleInTasklist() throws Exception {
    browser = Chromium.start(1280, 1500); // before the lab: without a browser the test is skipped at once
    start();
    Tasklist tasklist = new Tasklist(browser, URI.create("http://" + LAB.address(1) + ":" + port()));

    tasklist.login("operator", password("operator"));
    tasklist.screenshot(SCREENS.resolve("login.png"));
    tasklist.submitLogin();
    tasklist.openStartForm("vCO HA build");
    tasklist.fill(placement());
    tasklist.fill(Map.of("Nodes1Ip", "127.0.61.11")); // node 2 on node 1's address: refused, nothing started
    Optional<String> refused = tasklist.start();
    assertThat(refused).hasValueSatisfying(text -> assertThat(text).contains("Nothing was started", "Node 2 IP"));
    assertThat(builds()).isZero();
    tasklist.scrollToTop();
    tasklist.screenshot(SCREENS.resolve("start-form-refused.png"));
    tasklist.fill(Map.of("Nodes1Ip", LAB.address(12)));
    tasklist.screenshot(SCREENS.resolve("start-form.png"));
    assertThat(tasklist.start()).isEmpty();

    List<String> answered = answerUntilEnded(tasklist);

    HistoricProcessInstance build = engine().getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey("VcoHaBuild").processInstanceBusinessKey(TICKET).singleResult();
    assertThat(build.getEndActivityId()).as("the build started in Tasklist, tasks answered there: " + answered)
        .isEqualTo("EndEvent_Completed");
    assertThat(build.getStartUserId()).isEqualTo("operator");
    List<HistoricTaskInstance> tasks = engine().getHistoryService().createHistoricTaskInstanceQuery()
        .processInstanceBusinessKey(TICKET).finished().orderByHistoricTaskInstanceEndTime().asc().list();
    assertThat(tasks).extracting(HistoricTaskInstance::getName).containsExactlyElementsOf(answered);
    // the README's build meets exactly the plan, the shutdown and one approval of the CA's two requests
    assertThat(tasks).extracting(HistoricTaskInstance::getName, HistoricTaskInstance::getAssignee)
        .containsExactlyInAnyOrder(tuple(PLAN, "operator"), tuple(SHUTDOWN, "operator"), tuple(CA_APPROVAL, "approver"));
    assertThat((String) engine().getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(build.getId()).variableName("buildSpec").singleResult().getValue())
        .contains("\"virtualIp\":\"" + LAB.address(10) + "\"");
    // the build as Dunes's own API reports it, read in the same browser with the operator's login
    browser.register(() -> new UsernameAndPassword("operator", password("operator")));
    browser.get("http://" + LAB.address(1) + ":" + port() + "/api/builds/" + TICKET);
    assertThat(browser.findElement(By.tagName("body")).getText()).contains("\"outcome\":\"completed\"");
    browser.findElements(By.cssSelector("input[type=checkbox]")).forEach(WebElement::click); // Chromium's "Pretty-print"
    tasklist.screenshot(SCREENS.resolve("build-completed.png"));
  }

  /**
   * Answers every task the build shows in Tasklist, operator's and approver's, until the build ends;
   * returns the names of the tasks answered, in order. The first screen of each kind is kept.
   */
  private List<String> answerUntilEnded(Tasklist tasklist) throws Exception {
    List<String> answered = new ArrayList<>();
    Set<String> shown = new LinkedHashSet<>();
    long deadline = System.nanoTime() + BUILD.toNanos();
    while (!ended()) {
      await().atMost(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1))).pollInterval(Duration.ofMillis(200))
          .failFast("the build stalled; answered " + answered, this::failOnIncident)
          .until(() -> ended() || engine().getTaskService().createTaskQuery().active().count() > 0);
      if (ended()) {
        break;
      }
      if (waitingForApprover()) {
        tasklist.logout();
        tasklist.login("approver", password("approver"));
        tasklist.submitLogin();
        for (String name : tasklist.taskNames()) {
          if (name.equals(CA_APPROVAL)) {
            answer(tasklist, name, APPROVER_DECISION, shown);
            answered.add(name);
            issuePendingRequests();
          }
        }
        tasklist.logout();
        tasklist.login("operator", password("operator"));
        tasklist.submitLogin();
        continue;
      }
      List<String> names = tasklist.taskNames();
      for (String name : names) {
        Map<String, String> decision = OPERATOR_DECISIONS.get(name);
        if (decision == null) {
          throw new AssertionError("the build asks the operator '" + name + "', which this test does not answer");
        }
        answer(tasklist, name, decision, shown);
        answered.add(name);
        break; // the list changes with each answer
      }
    }
    return answered;
  }

  private static void answer(Tasklist tasklist, String name, Map<String, String> decision, Set<String> shown) {
    tasklist.openTask(name);
    tasklist.decide(decision);
    if (shown.add(name)) {
      tasklist.screenshot(SCREENS.resolve(name.toLowerCase().replaceAll("[^a-z0-9]+", "-") + ".png"));
    }
    tasklist.complete();
  }

  /** The lab CA's manager issues what the approver approved: the CA holds requests until then (mode PENDING). */
  private void issuePendingRequests() {
    LabCertificateAuthority ca = context.getBean(LabCertificateAuthority.class);
    ca.requests().stream().filter(r -> r.status() == CertificateRequest.Status.PENDING).forEach(r -> ca.approve(r.id()));
  }

  /** A certificate request waits for the approver (this context runs this one build). */
  private boolean waitingForApprover() {
    return engine().getTaskService().createTaskQuery().taskName(CA_APPROVAL).count() > 0;
  }

  private boolean ended() {
    return engine().getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey("VcoHaBuild")
        .processInstanceBusinessKey(TICKET).finished().count() > 0;
  }

  private long builds() {
    return engine().getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey("VcoHaBuild").count();
  }

  private void failOnIncident() {
    engine().getRuntimeService().createIncidentQuery().list().stream().findFirst().ifPresent(i -> {
      throw new AssertionError("incident at " + i.getActivityId() + ": " + i.getIncidentMessage());
    });
  }

  /** The start form's fields this test's lab placement needs; every other field keeps the form's default. */
  private static Map<String, String> placement() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("Ticket", TICKET);
    fields.put("ClusterVirtualIp", LAB.address(10));
    for (int i = 0; i < 2; i++) {
      fields.put("Nodes" + i + "Ip", LAB.address(11 + i));
      fields.put("Nodes" + i + "Gateway", LAB.address(1));
    }
    fields.put("VcenterUrl", "https://vcenter.lab.local:" + LabProcess.VCENTER_PORT + "/sdk");
    fields.put("SsoPort", String.valueOf(LabProcess.PORT));
    fields.put("CaUrl", "https://ca.lab.local:" + LabProcess.PORT + "/certsrv");
    fields.put("EdgeManagerUrl", "https://vsm.lab.local:" + LabProcess.PORT);
    fields.put("NetworkDns0", LAB.dns());
    return fields;
  }

  /**
   * Dunes with its lab in this JVM, every system at {@link LabProcess#placement()}, the CA holding
   * requests as the README's lab does, the cluster's names in the lab's DNS.
   */
  private void start() throws Exception {
    clear();
    Map<String, String> properties = new LinkedHashMap<>(LAB.placement());
    properties.put("spring.datasource.url", "jdbc:h2:mem:browser-build;DB_CLOSE_DELAY=-1");
    properties.put("server.address", LAB.address(1));
    properties.put("server.port", "0");
    properties.put("camunda.bpm.job-execution.enabled", "true");
    properties.put("dunes.lab.ca.mode", "PENDING");
    properties.put("dunes.dns.port", String.valueOf(ExampleRequest.LAB_DNS_PORT));
    properties.put("dunes.change-management.callback-url",
        "http://" + LAB.address(50) + ":" + LabProcess.CHANGES_PORT + "/changes");
    // the records a site's DNS administrator adds before a build
    properties.put("dunes.lab.hosts.vcvco.lab.local", LAB.address(10));
    properties.put("dunes.lab.hosts.vcvco1.lab.local", LAB.address(11));
    properties.put("dunes.lab.hosts.vcvco2.lab.local", LAB.address(12));
    context = new SpringApplicationBuilder(DunesApplication.class).profiles("lab").run(properties.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    JvmRegistries.claim(engine());
  }

  /** A fresh lab: a simulator an earlier failed run left running (it outlives a JVM) is stopped first. */
  private static void clear() throws Exception {
    Path pid = LAB.state().resolve("vsphere/vcsim.pid");
    if (Files.exists(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
          .filter(p -> p.info().commandLine().orElse("").contains(LAB.state().toString()))
          .ifPresent(p -> {
            p.destroy();
            p.onExit().join();
          });
    }
    FileSystemUtils.deleteRecursively(LAB.state());
  }

  private String password(String user) {
    return context.getEnvironment().getProperty("dunes.lab.users." + user);
  }

  private int port() {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  private ProcessEngine engine() {
    return context.getBean(ProcessEngine.class);
  }
}
