package dunes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.lab.LabJournal;
import dunes.lab.ca.CertificateRequest;
import dunes.lab.ca.LabCertificateAuthority;
import dunes.lab.vsphere.LabVSphere;
import dunes.pki.Fingerprints;
import dunes.support.ExampleRequest;
import dunes.support.JvmRegistries;
import dunes.support.PlanApproval;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The README's run setup with its durable lab (engine on an H2 file, lab state under one
 * directory), restarted in the middle of the example build: everything in the JVM stops — engine,
 * CA, edge, nodes, the SQL Server stand-in — and starts again from what was kept; the vCenter
 * (vcsim) runs on and is adopted. The build goes on and completes, against the same certificates
 * it pinned. Each test moves the lab and the request to addresses of its own (fixed ports, so a
 * restarted system answers where the build left it).
 */
class LabRestartBuildTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration BUILD = Duration.ofMinutes(5);

  /** One test's lab: its addresses 127.0.{@code octet}.x, its files and its ticket. */
  private record Lab(int octet, Path work, String ticket) {
    String address(int last) {
      return "127.0." + octet + "." + last;
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private Lab lab;
  private ConfigurableApplicationContext context;

  @AfterEach
  void stop() {
    if (context != null && context.isActive()) {
      context.getBean(LabVSphere.class).stopSimulator(); // a durable simulator outlives the context otherwise
      context.close();
    }
  }

  @Test
  void shouldCompleteABuildWhoseLabRestartedInTheMiddle() throws Exception {
    lab = new Lab(50, Path.of("target/lab-restart"), "CHG0050001");
    clear();
    start();
    String root = Fingerprints.sha256(context.getBean(LabCertificateAuthority.class).rootCertificate());
    String vcenter = context.getBean(LabVSphere.class).fingerprint();
    message(exampleRequest());
    // node 1 deployed and powered on, the probe's pins confirmed; its vCO not yet configured
    answerTasksUntil(() -> journal().entries("node").stream()
        .anyMatch(e -> e.target().equals("vcvco1") && e.operation().equals("power-on")));
    assertThat(journal().entries("node")).noneMatch(e -> e.target().equals("vcvco1")
        && e.operation().equals("workflow-run"));

    context.close(); // the lab and the engine stop mid-build; only what they kept survives
    start();

    assertThat(context.getBean(LabVSphere.class).adopted()).isTrue();
    assertThat(Fingerprints.sha256(context.getBean(LabCertificateAuthority.class).rootCertificate())).isEqualTo(root);
    assertThat(context.getBean(LabVSphere.class).fingerprint()).isEqualTo(vcenter);
    answerTasksUntil(() -> ended() != null);
    HistoricProcessInstance build = ended();
    assertThat(build.getEndActivityId()).as("the build after the lab's restart").isEqualTo("EndEvent_Completed");
    assertThat(journal().entries("node")).as("node 1 came back from its disk, not fresh")
        .anyMatch(e -> e.operation().equals("disk-kept") && e.target().equals("vcvco1"));
    assertThat(journal().entries("node").stream().filter(e -> e.operation().equals("first-boot")))
        .extracting(LabJournal.Entry::target).containsExactly("vcvco1");
  }

  /**
   * Restarted twice in the middle of the configuration: once on node 1 between "Create package
   * signing certificate" and the export of its CSR (what the node's vCO configuration alone holds),
   * once after cluster mode was set with both nodes in the cluster's database. The build completes,
   * and every configuration change and database option was made once.
   */
  @Test
  void shouldCompleteABuildWhoseLabRestartedDuringTheNodesConfiguration() throws Exception {
    lab = new Lab(56, Path.of("target/lab-restart-configuration"), "CHG0056001");
    clear();
    start();
    message(exampleRequest());

    answerTasksUntil(() -> ran("vcvco1", "Create package signing certificate"));
    assertThat(ran("vcvco1", "Import package signing certificate")).as("restarted before the import").isFalse();
    context.close();
    start();

    answerTasksUntil(() -> ran("vcvco1", "Configure cluster") || ran("vcvco2", "Configure cluster"));
    context.close();
    start();

    assertThat(context.getBean(LabVSphere.class).adopted()).isTrue();
    answerTasksUntil(() -> ended() != null);
    assertThat(ended().getEndActivityId()).as("the build after two restarts of the lab").isEqualTo("EndEvent_Completed");
    List<LabJournal.Entry> runs = journal().entries("node").stream()
        .filter(e -> e.operation().equals("workflow-run") && !e.detail().startsWith("Get cluster status")).toList();
    assertThat(runs).as("configuration workflows run on node 1").anyMatch(e -> e.target().equals("vcvco1"));
    assertThat(runs).as("each configuration change made once, restarts or not")
        .extracting(e -> e.target() + " " + e.detail()).doesNotHaveDuplicates();
    assertThat(runs).filteredOn(e -> e.detail().startsWith("Import package signing certificate "))
        .extracting(LabJournal.Entry::target).containsExactly("vcvco1");
    assertThat(runs).filteredOn(e -> e.detail().startsWith("Configure cluster ")).as("once on every node")
        .extracting(LabJournal.Entry::target).containsExactlyInAnyOrder("vcvco1", "vcvco2");
    assertThat(journal().entries("database")).extracting(LabJournal.Entry::detail)
        .as("the SQL Server's options set once").containsExactly("ALLOW_SNAPSHOT_ISOLATION ON",
            "READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE");
    assertThat(journal().entries("node").stream().filter(e -> e.operation().equals("first-boot")))
        .extracting(LabJournal.Entry::target).containsExactly("vcvco1");
  }

  /** A fresh lab: a simulator an earlier failed run of this test left running (it outlives a JVM) is stopped first. */
  private void clear() throws Exception {
    Path pid = lab.work().resolve("lab/vsphere/vcsim.pid");
    if (Files.exists(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
          .filter(p -> p.info().commandLine().orElse("").contains(lab.work().toString()))
          .ifPresent(p -> {
            p.destroy();
            p.onExit().join();
          });
    }
    FileSystemUtils.deleteRecursively(lab.work());
  }

  private boolean ran(String node, String workflow) {
    return journal().entries("node").stream().anyMatch(e -> e.target().equals(node)
        && e.operation().equals("workflow-run") && e.detail().startsWith(workflow + " ") && !e.detail().contains(" failed: "));
  }

  /** As the run command starts it, with this test's files; command-line arguments, so they win over the profiles' files. */
  private void start() {
    Path work = lab.work();
    context = new SpringApplicationBuilder(DunesApplication.class).profiles("lab").run(
        // async: H2's file channel is not closed by the interrupt the job executor's shutdown sends a job
        // that is writing, which would leave this JVM's H2 instance unusable for the next start (a real
        // restart is a new JVM and has no such instance)
        "--spring.datasource.url=jdbc:h2:async:./" + work + "/engine/dunes;DB_CLOSE_ON_EXIT=FALSE",
        "--server.port=0",
        "--camunda.bpm.job-execution.enabled=true",
        "--dunes.lab.state-dir=" + work + "/lab",
        "--dunes.lab.credentials-file=" + work + "/lab-credentials.properties",
        "--dunes.lab.vsphere.work-dir=" + work + "/lab/vsphere",
        "--dunes.lab.nodes.work-dir=" + work + "/lab/nodes",
        "--dunes.lab.reference.work-dir=" + work + "/lab/reference",
        "--dunes.lab.vsphere.address=" + lab.address(140), "--dunes.lab.vsphere.port=18989",
        "--dunes.lab.ca.address=" + lab.address(160), "--dunes.lab.ca.port=18443",
        "--dunes.lab.ca.mode=AUTO_ISSUE", // the lab profile holds requests for a CA manager; this test plays none
        "--dunes.lab.edge.address=" + lab.address(170), "--dunes.lab.edge.port=18443",
        "--dunes.lab.sso.address=" + lab.address(181), "--dunes.lab.sso.port=17444",
        "--dunes.lab.reference.address=" + lab.address(119),
        "--dunes.lab.changes.address=" + lab.address(150), "--dunes.lab.changes.port=18090",
        "--dunes.change-management.callback-url=http://" + lab.address(150) + ":18090/changes",
        // the lab's DNS and the records a site's DNS administrator made for the cluster, served from the first start
        "--dunes.lab.dns.address=" + lab.address(153), "--dunes.lab.dns.port=" + ExampleRequest.LAB_DNS_PORT,
        "--dunes.dns.port=" + ExampleRequest.LAB_DNS_PORT,
        "--dunes.lab.hosts.vcvco.lab.local=" + lab.address(110),
        "--dunes.lab.hosts.vcvco1.lab.local=" + lab.address(111),
        "--dunes.lab.hosts.vcvco2.lab.local=" + lab.address(112));
    JvmRegistries.claim(context.getBean(ProcessEngine.class));
  }

  private LabJournal journal() {
    return context.getBean(LabJournal.class);
  }

  private ProcessEngine engine() {
    return context.getBean(ProcessEngine.class);
  }

  private HistoricProcessInstance ended() {
    return engine().getHistoryService().createHistoricProcessInstanceQuery().processInstanceBusinessKey(lab.ticket())
        .processDefinitionKey("VcoHaBuild").finished().list().stream().findFirst().orElse(null);
  }

  /** The README's example request at this test's addresses. */
  private ObjectNode exampleRequest() throws Exception {
    ObjectNode request = (ObjectNode) JSON.readTree(Files.readString(Path.of("docs/build-request.example.json")));
    request.put("ticket", lab.ticket());
    ((ObjectNode) request.get("network")).putArray("dns").add(lab.address(153));
    ((ObjectNode) request.get("cluster")).put("virtualIp", lab.address(110));
    for (int i = 0; i < 2; i++) {
      ((ObjectNode) request.get("nodes").get(i)).put("ip", lab.address(111 + i)).put("gateway", lab.address(1));
    }
    ((ObjectNode) request.get("vcenter")).put("url", "https://vcenter.lab.local:18989/sdk");
    ((ObjectNode) request.get("sso")).put("port", 17444);
    ((ObjectNode) request.get("ca")).put("url", "https://ca.lab.local:18443/certsrv");
    ((ObjectNode) request.get("edge")).put("managerUrl", "https://vsm.lab.local:18443");
    return request;
  }

  /** Completes every task as its user would until {@code done} holds; an incident fails the test. */
  private void answerTasksUntil(java.util.function.BooleanSupplier done) throws Exception {
    long deadline = System.nanoTime() + BUILD.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("build " + lab.ticket() + " stalled").isLessThan(deadline);
      engine().getRuntimeService().createIncidentQuery().list().stream().findFirst().ifPresent(i -> {
        throw new AssertionError("incident at " + i.getActivityId() + ": " + i.getIncidentMessage());
      });
      JsonNode tasks = JSON.readTree(rest("GET", "/engine-rest/task?processInstanceBusinessKey=" + lab.ticket(), null,
          "operator").body());
      for (JsonNode task : tasks) {
        answer(task);
      }
      await().pollDelay(Duration.ofMillis(200)).until(() -> true);
    }
  }

  private void answer(JsonNode task) throws Exception {
    switch (task.path("taskDefinitionKey").asText()) {
      case PlanApproval.TASK -> complete(task, "operator", PlanApproval.APPROVE);
      case "Task_ShutdownNodeForClone" -> complete(task, "operator",
          Map.of("shutdownMethod", "guest", "shutdownConfirmed", true));
      case "Task_ApproveCertificateRequest" -> {
        complete(task, "approver", Map.of("certificateApproval", "approve"));
        LabCertificateAuthority ca = context.getBean(LabCertificateAuthority.class);
        ca.requests().stream().filter(r -> r.status() == CertificateRequest.Status.PENDING)
            .forEach(r -> ca.approve(r.id()));
      }
      default -> throw new AssertionError("unexpected task " + task.path("taskDefinitionKey").asText());
    }
  }

  private void message(ObjectNode request) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("messageName", "Msg_VcoHaBuildRequested").put("businessKey", lab.ticket());
    body.putObject("processVariables").putObject("buildRequest").put("value", request.toString());
    HttpResponse<String> answer = rest("POST", "/engine-rest/message", body.toString(), "operator");
    assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 204);
  }

  private void complete(JsonNode task, String user, Map<String, Object> variables) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode vars = body.putObject("variables");
    variables.forEach((k, v) -> vars.putObject(k).putPOJO("value", v));
    HttpResponse<String> answer = rest("POST", "/engine-rest/task/" + task.path("id").asText() + "/complete",
        body.toString(), user);
    assertThat(answer.statusCode()).as(user + " completes " + task.path("name").asText() + ": " + answer.body())
        .isBetween(200, 204);
  }

  private HttpResponse<String> rest(String method, String path, String body, String user) throws Exception {
    var environment = context.getEnvironment();
    String password = environment.getProperty("dunes.lab.users." + user);
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
            + environment.getProperty("local.server.port") + path))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
