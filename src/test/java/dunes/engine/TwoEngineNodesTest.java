package dunes.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dunes.build.BuildVariables;
import dunes.security.DunesGroups;
import dunes.support.DunesNode;
import dunes.support.ExampleRequest;
import dunes.support.PostgresServer;
import dunes.support.WebappSession;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Dunes on two engine nodes (two JVMs) over one PostgreSQL database, started at the same moment on
 * an empty database: one setup, one deployment, job executors on both, one build per ticket across
 * nodes, sessions each node's own, and a node killed mid-way whose jobs the other finishes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoEngineNodesTest {

  private static final String ADMIN = "admin";
  private static final String ADMIN_PASSWORD = "test-admin-pw-4711"; // application-test.yaml
  private static final String OPERATOR = "olga";
  private static final String OPERATOR_PASSWORD = "olga-pw-1234";
  /** Timer-paced async steps, so the killed node holds work in flight. */
  private static final String PROBE_KEY = "TwoNodeProbe";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HikariDataSource database;
  private static JdbcTemplate jdbc;
  private static DunesNode nodeA;
  private static DunesNode nodeB;

  /** Once, in the first test, not in @BeforeAll: without PostgreSQL each test shows as skipped, with the reason. */
  @BeforeEach
  void twoNodesAtOnce() throws Exception {
    PostgresServer server = PostgresServer.get();
    if (nodeA != null) {
      return;
    }
    String url = server.freshDatabase("dunes_two_nodes");
    Map<String, String> shared = new LinkedHashMap<>();
    shared.putAll(PostgresServer.datasource(url));
    // a crashed node's jobs come free after the lock time: short here, so the test waits seconds
    shared.put("camunda.bpm.job-execution.lock-time-in-millis", "15000");
    shared.put("camunda.bpm.job-execution.wait-time-in-millis", "200");
    shared.put("camunda.bpm.job-execution.max-wait", "1000");
    shared.put("dunes.change-management.callback-url", "http://127.0.55.20:18090/changes"); // nobody: reports fail
    nodeA = DunesNode.start("node-a", "127.0.55.11", 18055, shared);
    nodeB = DunesNode.start("node-b", "127.0.55.12", 18055, shared);
    nodeA.awaitUp(Duration.ofMinutes(4));
    nodeB.awaitUp(Duration.ofMinutes(4));
    database = PostgresServer.pool(url, 2);
    jdbc = new JdbcTemplate(database);
  }

  @AfterAll
  static void stop() throws Exception {
    for (DunesNode node : new DunesNode[] {nodeA, nodeB}) {
      if (node != null) {
        node.close();
      }
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  @Order(1)
  void shouldSetUpGroupsFilterGrantsAndDeploymentsOnceWhenBothNodesStartTogether() {
    assertThat(nodeA.isAlive()).isTrue();
    assertThat(nodeB.isAlive()).isTrue();
    // Camunda's own PostgreSQL DDL (db/create/activiti.postgres.create.*.sql), run by the engine at the first start
    assertThat(jdbc.queryForObject("SELECT data_type FROM information_schema.columns WHERE table_name = 'act_ge_bytearray'"
        + " AND column_name = 'bytes_'", String.class)).isEqualTo("bytea");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_GE_PROPERTY WHERE NAME_ = 'schema.history' AND VALUE_ LIKE 'create(%'",
        Integer.class)).isEqualTo(1);
    assertThat(jdbc.queryForList("SELECT ID_ FROM ACT_ID_GROUP ORDER BY ID_", String.class))
        .contains(DunesGroups.OPERATORS, DunesGroups.PKI_APPROVERS, "camunda-admin").doesNotHaveDuplicates();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_FILTER WHERE NAME_ = 'Dunes tasks'", Integer.class))
        .isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RU_AUTHORIZATION WHERE GROUP_ID_ = ?", Integer.class,
        DunesGroups.OPERATORS)).isPositive();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT GROUP_ID_, RESOURCE_TYPE_, RESOURCE_ID_"
        + " FROM ACT_RU_AUTHORIZATION WHERE GROUP_ID_ IS NOT NULL GROUP BY GROUP_ID_, RESOURCE_TYPE_, RESOURCE_ID_"
        + " HAVING COUNT(*) > 1) twice", Integer.class)).isZero();
    // both nodes deploy the same resources at start: the engine's deployment lock makes it one version
    assertThat(jdbc.queryForList("SELECT KEY_ FROM ACT_RE_PROCDEF WHERE VERSION_ > 1", String.class)).isEmpty();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RE_PROCDEF WHERE KEY_ = ?", Integer.class,
        BuildVariables.PROCESS_KEY)).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_ID_USER WHERE ID_ = ?", Integer.class, ADMIN)).isEqualTo(1);
  }

  @Test
  @Order(2)
  void shouldStartOneBuildPerTicketWhenBothNodesGetItAtOnce() throws Exception {
    createOperator();
    for (int round = 0; round < 5; round++) {
      String ticket = ExampleRequest.newTicket();
      String body = JSON.writeValueAsString(Map.of("messageName", BuildVariables.MSG_BUILD_REQUESTED,
          "businessKey", ticket, "processVariables", Map.of(BuildVariables.BUILD_REQUEST,
              Map.of("value", ExampleRequest.withTicket(ticket).toString(), "type", "String"))));
      CompletableFuture<HttpResponse<String>> onA = postAsync(nodeA, "/engine-rest/message", body);
      CompletableFuture<HttpResponse<String>> onB = postAsync(nodeB, "/engine-rest/message", body);
      List<Integer> statuses = List.of(onA.get().statusCode(), onB.get().statusCode());

      assertThat(statuses).as(onA.get().body() + " / " + onB.get().body()).containsExactlyInAnyOrder(204, 400);
      assertThat(onA.get().statusCode() == 400 ? onA.get().body() : onB.get().body()).contains("already has a build");
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE PROC_DEF_KEY_ = ? AND BUSINESS_KEY_ = ?",
          Integer.class, BuildVariables.PROCESS_KEY, ticket)).isEqualTo(1);
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM DUNES_TICKET WHERE TICKET_ID_ = ?", Integer.class, ticket))
          .isEqualTo(1);
    }
  }

  @Test
  @Order(3)
  void shouldKeepEachNodesWebappSessionsItsOwnAndWorking() throws Exception {
    WebappSession onA = WebappSession.login(nodeA.base(), OPERATOR, OPERATOR_PASSWORD);
    String cookieOfA = onA.cookie("JSESSIONID");

    HttpResponse<String> aOnB = HTTP.send(HttpRequest.newBuilder(nodeB.base().resolve("/camunda/api/admin/auth/user/default"))
        .header("Cookie", "JSESSIONID=" + cookieOfA).GET().build(), HttpResponse.BodyHandlers.ofString());
    WebappSession onB = WebappSession.login(nodeB.base(), OPERATOR, OPERATOR_PASSWORD);

    // without sticky sessions a person is asked to log in again; with them (docs/operations.md) never
    assertThat(aOnB.statusCode()).as(aOnB.body()).isNotEqualTo(200);
    assertThat(onA.get("/camunda/api/admin/auth/user/default").body()).contains("\"userId\":\"" + OPERATOR + "\"");
    assertThat(onB.get("/camunda/api/admin/auth/user/default").body()).contains("\"userId\":\"" + OPERATOR + "\"");
  }

  @Test
  @Order(4)
  void shouldFinishEveryRunOnTheOtherNodeWhenOneIsKilledMidWay() throws Exception {
    deployProbe();
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> started = post(i % 2 == 0 ? nodeA : nodeB, "/engine-rest/process-definition/key/" + PROBE_KEY
          + "/start", "{}", ADMIN, ADMIN_PASSWORD);
      assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
      runs.add(JSON.readTree(started.body()).get("id").asText());
    }
    awaitTrue(Duration.ofMinutes(2), () -> jobsRunBy("node-a") > 0 && jobsRunBy("node-b") > 0);
    assertThat(ended()).as("runs ended before the kill").isLessThan(10);

    nodeB.kill();
    int byBBeforeKill = jobsRunBy("node-b");
    int byABeforeKill = jobsRunBy("node-a");
    awaitTrue(Duration.ofMinutes(3), () -> ended() == 10);

    assertThat(jdbc.queryForList("SELECT ID_ FROM ACT_HI_PROCINST WHERE PROC_DEF_KEY_ = ? AND STATE_ = 'COMPLETED'",
        String.class, PROBE_KEY)).containsExactlyInAnyOrderElementsOf(runs);
    assertThat(byBBeforeKill).isPositive();
    assertThat(jobsRunBy("node-b")).isEqualTo(byBBeforeKill);
    assertThat(jobsRunBy("node-a")).isGreaterThan(byABeforeKill);
    // every step of every run ran once to its end: no step lost, none done twice
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_ACTINST a JOIN ACT_HI_PROCINST p ON a.PROC_INST_ID_ = p.ID_"
        + " WHERE p.PROC_DEF_KEY_ = ? AND a.ACT_TYPE_ = 'serviceTask' AND a.END_TIME_ IS NOT NULL", Integer.class,
        PROBE_KEY)).isEqualTo(10 * 3);
  }

  private static int jobsRunBy(String node) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_JOB_LOG j JOIN ACT_HI_PROCINST p ON j.PROCESS_INSTANCE_ID_ = p.ID_"
        + " WHERE p.PROC_DEF_KEY_ = ? AND j.HOSTNAME_ = ? AND j.JOB_STATE_ = 2", Integer.class, PROBE_KEY, node);
  }

  private static int ended() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE PROC_DEF_KEY_ = ? AND END_TIME_ IS NOT NULL",
        Integer.class, PROBE_KEY);
  }

  /** Three async steps, each followed by a one-second timer: the engine's jobs, and nothing of Dunes's. */
  private static void deployProbe() throws Exception {
    StringBuilder flow = new StringBuilder("<startEvent id=\"StartEvent_Probe\"/>");
    String previous = "StartEvent_Probe";
    for (int i = 1; i <= 3; i++) {
      flow.append("<sequenceFlow id=\"Flow_").append(i).append("a\" sourceRef=\"").append(previous)
          .append("\" targetRef=\"Task_Step").append(i).append("\"/>")
          .append("<serviceTask id=\"Task_Step").append(i).append("\" camunda:asyncBefore=\"true\"")
          .append(" camunda:expression=\"${execution.setVariable('step").append(i).append("', true)}\"/>")
          .append("<sequenceFlow id=\"Flow_").append(i).append("b\" sourceRef=\"Task_Step").append(i)
          .append("\" targetRef=\"Timer_").append(i).append("\"/>")
          .append("<intermediateCatchEvent id=\"Timer_").append(i).append("\"><timerEventDefinition>")
          .append("<timeDuration>PT1S</timeDuration></timerEventDefinition></intermediateCatchEvent>");
      previous = "Timer_" + i;
    }
    flow.append("<sequenceFlow id=\"Flow_end\" sourceRef=\"").append(previous).append("\" targetRef=\"EndEvent_Probe\"/>")
        .append("<endEvent id=\"EndEvent_Probe\"/>");
    String bpmn = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\""
        + " xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" targetNamespace=\"dunes-test\">"
        + "<process id=\"" + PROBE_KEY + "\" isExecutable=\"true\" camunda:historyTimeToLive=\"P1D\">" + flow
        + "</process></definitions>";
    String boundary = "dunes-probe-boundary";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\ntwo-node-probe\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"probe.bpmn\"; filename=\"probe.bpmn\"\r\n"
        + "Content-Type: application/xml\r\n\r\n" + bpmn + "\r\n--" + boundary + "--\r\n";
    HttpResponse<String> deployed = HTTP.send(HttpRequest.newBuilder(nodeA.base().resolve("/engine-rest/deployment/create"))
        .header("Authorization", basic(ADMIN, ADMIN_PASSWORD))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
  }

  private static void createOperator() throws Exception {
    HttpResponse<String> user = post(nodeA, "/engine-rest/user/create", JSON.writeValueAsString(Map.of(
        "profile", Map.of("id", OPERATOR, "firstName", "Olga", "lastName", "Operator", "email", "olga@lab.local"),
        "credentials", Map.of("password", OPERATOR_PASSWORD))), ADMIN, ADMIN_PASSWORD);
    assertThat(user.statusCode()).as(user.body()).isEqualTo(204);
    HttpResponse<String> member = HTTP.send(HttpRequest.newBuilder(nodeB.base().resolve(
            "/engine-rest/group/" + DunesGroups.OPERATORS + "/members/" + OPERATOR))
        .header("Authorization", basic(ADMIN, ADMIN_PASSWORD)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(member.statusCode()).as(member.body()).isEqualTo(204);
  }

  private static HttpResponse<String> post(DunesNode node, String path, String json, String user, String password)
      throws IOException, InterruptedException {
    return HTTP.send(request(node, path, json, user, password), HttpResponse.BodyHandlers.ofString());
  }

  private static CompletableFuture<HttpResponse<String>> postAsync(DunesNode node, String path, String json) {
    return HTTP.sendAsync(request(node, path, json, OPERATOR, OPERATOR_PASSWORD), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(DunesNode node, String path, String json, String user, String password) {
    return HttpRequest.newBuilder(node.base().resolve(path)).header("Authorization", basic(user, password))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static void awaitTrue(Duration patience, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + patience + "; node-a:\n" + nodeA.logTail());
      }
      Thread.sleep(250);
    }
  }
}
