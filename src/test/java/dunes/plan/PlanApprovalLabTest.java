package dunes.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.build.BuildVariables;
import dunes.lab.ca.LabCertificateAuthority;
import dunes.support.ExampleRequest;
import dunes.support.JvmRegistries;
import dunes.support.PlanApproval;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The README's example request, built in the lab as the README's run command runs it (profile lab,
 * its CA holding requests for a CA manager, guests whose VMware Tools run, names in the lab's DNS),
 * on 127.0.63.x, every
 * task answered over {@code /engine-rest} by the user it is meant for: the build asks exactly for the
 * plan, the shutdown before cloning (unless the request puts it in the plan) and the CA's approvals.
 * With {@code dunes.plan.skip-when-pinned} a request that pins every existing endpoint gets no plan.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:dunes-plan-lab;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=true",
    "dunes.lab.credentials-file=target/plan-lab/lab-credentials.properties",
    "dunes.lab.state-dir=", // in memory: the README's data/lab (its vcvCO cluster database) may be in use
    "dunes.lab.vsphere.address=127.0.63.40",
    "dunes.lab.vsphere.port=18989",
    "dunes.lab.vsphere.work-dir=target/plan-lab/vsphere",
    "dunes.lab.nodes.work-dir=target/plan-lab/nodes",
    "dunes.lab.ca.address=127.0.63.60",
    "dunes.lab.ca.port=0", // the CA's mode stays the lab profile's: holding requests, as the README runs it
    "dunes.lab.edge.address=127.0.63.70",
    "dunes.lab.edge.port=0",
    "dunes.lab.sso.address=127.0.63.81",
    "dunes.lab.sso.port=0",
    "dunes.lab.reference.address=127.0.63.19",
    "dunes.lab.reference.work-dir=target/plan-lab/reference",
    "dunes.lab.changes.address=127.0.63.50",
    "dunes.lab.dns.address=" + PlanApprovalLabTest.DNS,
    "dunes.lab.dns.port=" + ExampleRequest.LAB_DNS_PORT,
    "dunes.lab.dns.work-dir=target/plan-lab/dns",
    "dunes.dns.port=" + ExampleRequest.LAB_DNS_PORT,
    "dunes.lab.changes.port=18090",
    "dunes.lab.database.names=vcvCO,dbp,dbq",
    "dunes.change-management.callback-url=http://127.0.63.50:18090/changes",
    "dunes.plan.skip-when-pinned=true"})
@ActiveProfiles("lab")
class PlanApprovalLabTest {

  static final String DNS = "127.0.63.53";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration BUILD = Duration.ofMinutes(6); // a whole build on a loaded machine
  private static final String CA_APPROVAL = "Task_ApproveCertificateRequest";
  private static final String SHUTDOWN = "Task_ShutdownNodeForClone";

  @Autowired ProcessEngine engine;
  @Autowired Environment environment;
  @Autowired dunes.lab.dns.LabDns dns;
  @Autowired LabCertificateAuthority ca;
  @Autowired dunes.lab.sso.LabSso sso;
  @Autowired dunes.lab.edge.LabEdge edge;
  @Autowired dunes.lab.vsphere.LabVSphere vsphere;
  @Autowired dunes.lab.guests.LabReferenceAppliance reference;
  @Autowired Plans plans;
  @Autowired DataSource dataSource;
  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void claimEngineName() {
    JvmRegistries.claim(engine); // the REST API finds "the" engine in a JVM-wide registry
  }

  @Test
  void shouldAskForThePlanTheShutdownAndTheCaApprovalsOnlyAndShowThePlanTheDryRunReturned() throws Exception {
    String ticket = ExampleRequest.newTicket();
    String request = placed(ticket, "p", 1, "vcvCO").toString();
    List<Long> before = dunesRows(ticket);
    HttpResponse<String> dryRun = rest("POST", "/api/builds?dryRun=true", request, "operator");
    assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
    assertThat(dunesRows(ticket)).as("the dry run wrote nothing").isEqualTo(before).containsOnly(0L);
    JsonNode dry = JSON.readTree(dryRun.body());
    assertThat(dry.at("/preflight/passed").asBoolean()).as(dry.at("/preflight").toString()).isTrue();

    assertThat(rest("POST", "/api/builds", request, "operator").statusCode()).isEqualTo(201);
    Task plan = awaitTask(ticket, PlanApproval.TASK);
    assertThat(JSON.readTree(plans.find(ticket).orElseThrow().json())).as("the plan the task shows is the dry run's")
        .isEqualTo(dry.get("plan"));
    BuildPlan dryPlan = JSON.treeToValue(dry.get("plan"), BuildPlan.class);
    assertThat(engine.getTaskService().getVariables(plan.getId())).containsAllEntriesOf(PlanText.variables(dryPlan));
    assertThat(dryPlan.existingEndpoints()).extracting(BuildPlan.ExistingEndpoint::key)
        .contains("vcenter", "edge", "ca", "sso", "reference");

    HistoricProcessInstance build = operate(ticket);

    assertThat(build.getEndActivityId()).isEqualTo("EndEvent_Completed");
    assertThat(userTasks(ticket)).containsExactlyInAnyOrder(tuple(PlanApproval.TASK, "operator"),
        tuple(CA_APPROVAL, "approver"), tuple(SHUTDOWN, "operator")); // one approval for both certificates
    assertThat(plans.approved(ticket).orElseThrow().approvedBy()).isEqualTo("operator");
    assertThat(plans.pins(ticket)).extracting(Plans.Pin::source).contains(Plans.FROM_PLAN, Plans.FIRST_CONTACT);
  }

  @Test
  void shouldShutNodeOneDownWithoutATaskWhenTheRequestPutsItInThePlan() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = placed(ticket, "q", 2, "dbp");
    request.putObject("approvals").put("shutdownInPlan", true);
    assertThat(rest("POST", "/api/builds", request.toString(), "operator").statusCode()).isEqualTo(201);
    Task plan = awaitTask(ticket, PlanApproval.TASK);
    assertThat((String) engine.getTaskService().getVariable(plan.getId(), "planShutdown"))
        .startsWith("Approved with this plan");

    HistoricProcessInstance build = operate(ticket);

    assertThat(build.getEndActivityId()).isEqualTo("EndEvent_Completed");
    assertThat(userTasks(ticket)).containsExactlyInAnyOrder(tuple(PlanApproval.TASK, "operator"),
        tuple(CA_APPROVAL, "approver"));
    HistoricProcessInstance clones = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceBusinessKey(ticket).processDefinitionKey("CloneNodes").singleResult();
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(clones.getId())
        .activityId("Task_ShutdownSource").count()).isEqualTo(1);
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(clones.getId())
        .variableName("shutdownMethod").singleResult().getValue()).as("a guest shutdown").isEqualTo("guest");
  }

  @Test
  void shouldAskNoPlanWhenTheRequestPinsEveryEndpointAndThePolicyAllowsIt() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = placed(ticket, "r", 3, "dbq");
    ExampleRequest.node(request, "vcenter").put("fingerprint", vsphere.fingerprint());
    ExampleRequest.node(request, "sso").put("fingerprint", sso.fingerprint());
    ExampleRequest.node(request, "ca").put("fingerprint", ca.tlsFingerprint())
        .put("rootFingerprint", dunes.pki.Fingerprints.sha256(ca.rootCertificate()));
    ExampleRequest.node(request, "edge").put("fingerprint", edge.fingerprint());
    ExampleRequest.node(request, "ovf/reference").put("fingerprint", reference.fingerprint());
    assertThat(rest("POST", "/api/builds", request.toString(), "operator").statusCode()).isEqualTo(201);

    Task first = awaitTask(ticket, "Task_ConfirmFingerprint"); // the new appliance's key: confirmed as before
    assertThat((String) engine.getTaskService().getVariable(first.getId(), "certificatePurpose")).contains("SSH");
    assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceBusinessKey(ticket)
        .taskDefinitionKey(PlanApproval.TASK).count()).isZero();
    assertThat(plans.find(ticket).orElseThrow().approved()).isFalse();
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().activityId("CallActivity_ProbeProducts")
        .processInstanceId(buildId(ticket)).finished().count()).as("the products probed, trusted by the request's pins")
        .isEqualTo(1);

    assertThat(rest("POST", "/api/builds/" + ticket + "/cancel", "", "operator").statusCode()).isEqualTo(202);
    assertThat(awaitEnd(ticket).getEndActivityId()).isEqualTo("EndEvent_Cancelled");
  }

  // ---------------------------------------------------------------------------------------------

  /** The README's example request with its cluster and nodes on 127.0.63.(10·range + n), the lab's systems where this context put them. */
  private ObjectNode placed(String ticket, String prefix, int range, String database) {
    ObjectNode request = ExampleRequest.withTicket(ticket, DNS);
    String vip = "127.0.63." + range + "0";
    ExampleRequest.node(request, "cluster").put("name", "vcvco" + prefix).put("fqdn", "vcvco" + prefix + ".lab.local")
        .put("virtualIp", vip);
    dns.put("vcvco" + prefix + ".lab.local", vip); // its A record and its address's PTR
    ArrayNode nodes = request.putArray("nodes");
    for (int i = 1; i <= 2; i++) {
      nodes.addObject().put("name", prefix + i).put("fqdn", prefix + i + ".lab.local")
          .put("ip", "127.0.63." + range + i).put("netmask", "255.255.255.0").put("gateway", "127.0.63.1");
      dns.put(prefix + i + ".lab.local", "127.0.63." + range + i);
    }
    ExampleRequest.node(request, "vcenter").put("url", "https://vcenter.lab.local:18989/sdk");
    ExampleRequest.node(request, "sso").put("port", sso.port());
    ExampleRequest.node(request, "ca").put("url", "https://ca.lab.local:" + ca.port() + "/certsrv");
    ExampleRequest.node(request, "edge").put("managerUrl", "https://vsm.lab.local:" + edge.url().getPort());
    ExampleRequest.node(request, "ovf/reference").put("url", reference.url());
    ExampleRequest.node(request, "database").put("name", database);
    return request;
  }

  /** Answers the build's tasks as their users do in Tasklist (claim, complete) until it ends. */
  private HistoricProcessInstance operate(String ticket) throws Exception {
    long deadline = System.nanoTime() + BUILD.toNanos();
    while (System.nanoTime() < deadline) {
      HistoricProcessInstance build = history(ticket);
      if (build != null && build.getEndTime() != null) {
        return build;
      }
      failOnIncident(ticket);
      for (Task task : engine.getTaskService().createTaskQuery().processInstanceBusinessKey(ticket).list()) {
        switch (task.getTaskDefinitionKey()) {
          case PlanApproval.TASK -> complete(task, "operator", PlanApproval.APPROVE);
          case SHUTDOWN -> complete(task, "operator", Map.of("shutdownMethod", "guest", "shutdownConfirmed", true));
          case CA_APPROVAL -> { // one task for both of the build's requests
            List<Number> ids = java.util.Arrays.stream(dunes.pki.steps.CertificateKind.values())
                .map(kind -> (Number) engine.getTaskService().getVariable(task.getId(), kind.requestIdVariable())).toList();
            complete(task, "approver", Map.of("certificateApproval", "approve"));
            ids.forEach(id -> ca.approve(id.intValue())); // and the CA's manager issues them at the CA
          }
          default -> throw new AssertionError("the build asks for " + task.getTaskDefinitionKey());
        }
      }
      org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(200)).until(() -> true);
    }
    throw new AssertionError("build " + ticket + " did not end in " + BUILD + "; active: " + engine.getHistoryService()
        .createHistoricActivityInstanceQuery().unfinished().list().stream()
        .map(a -> a.getProcessDefinitionKey() + "/" + a.getActivityId()).toList());
  }

  private void complete(Task task, String user, Map<String, Object> variables) throws Exception {
    HttpResponse<String> claimed = rest("POST", "/engine-rest/task/" + task.getId() + "/claim",
        JSON.writeValueAsString(Map.of("userId", user)), user);
    assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(204);
    ObjectNode vars = JSON.createObjectNode();
    variables.forEach((name, value) -> vars.putObject(name).putPOJO("value", value));
    HttpResponse<String> done = rest("POST", "/engine-rest/task/" + task.getId() + "/complete",
        JSON.createObjectNode().set("variables", vars).toString(), user);
    assertThat(done.statusCode()).as(done.body()).isIn(200, 204);
  }

  /** Every user task of the build and its called processes, from ACT_HI_TASKINST: (definition key, assignee). */
  private List<org.assertj.core.groups.Tuple> userTasks(String ticket) {
    return engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceBusinessKey(ticket).list()
        .stream().map(t -> tuple(t.getTaskDefinitionKey(), t.getAssignee())).toList();
  }

  /** The rows Dunes and the engine keep for {@code ticket}: plans, preflight reports, tickets, process instances. */
  private List<Long> dunesRows(String ticket) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    return List.of(
        jdbc.queryForObject("SELECT COUNT(*) FROM DUNES_PLAN WHERE BUILD_KEY_ = ?", Long.class, ticket),
        jdbc.queryForObject("SELECT COUNT(*) FROM DUNES_PREFLIGHT_REPORT WHERE BUILD_KEY_ = ?", Long.class, ticket),
        jdbc.queryForObject("SELECT COUNT(*) FROM DUNES_TICKET WHERE TICKET_ID_ = ?", Long.class, ticket),
        jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE BUSINESS_KEY_ = ?", Long.class, ticket));
  }

  private Task awaitTask(String ticket, String key) {
    return org.awaitility.Awaitility.await().atMost(BUILD).pollInterval(Duration.ofMillis(100)).until(() -> {
      failOnIncident(ticket);
      return engine.getTaskService().createTaskQuery().processInstanceBusinessKey(ticket).taskDefinitionKey(key)
          .singleResult();
    }, t -> t != null);
  }

  private HistoricProcessInstance awaitEnd(String ticket) {
    return org.awaitility.Awaitility.await().atMost(BUILD).pollInterval(Duration.ofMillis(200))
        .until(() -> history(ticket), h -> h != null && h.getEndTime() != null);
  }

  private HistoricProcessInstance history(String ticket) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceBusinessKey(ticket)
        .processDefinitionKey(BuildVariables.PROCESS_KEY).singleResult();
  }

  private String buildId(String ticket) {
    return history(ticket).getId();
  }

  private void failOnIncident(String ticket) {
    engine.getRuntimeService().createIncidentQuery().list().stream()
        .filter(i -> ticket.equals(engine.getRuntimeService().createProcessInstanceQuery()
            .processInstanceId(i.getProcessInstanceId()).singleResult().getBusinessKey()))
        .findFirst().ifPresent(i -> {
          throw new AssertionError("incident in build " + ticket + ": " + i.getActivityId() + ": " + i.getIncidentMessage());
        });
  }

  private HttpResponse<String> rest(String method, String path, String body, String user) throws Exception {
    String password = environment.getProperty("dunes.lab.users." + user);
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
