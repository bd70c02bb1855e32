package dunes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.edge.xml.EdgeXml;
import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.Member;
import dunes.edge.xml.Pool;
import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.ca.LabCertificateAuthority;
import dunes.lab.edge.LabEdge;
import dunes.lab.guests.LabGuests;
import dunes.lab.node.LabNode;
import dunes.lab.node.LabVcoDatabase;
import dunes.lab.node.NodeState;
import dunes.support.JvmRegistries;
import dunes.support.LabInventory;
import dunes.support.PlanApproval;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;

/**
 * The README's run setup (profile lab, the lab at its own addresses) driven only from outside, as
 * change management and the operators would: the build request arrives as a message on
 * {@code /engine-rest/message}, every Tasklist task is completed over {@code /engine-rest} by the
 * user it is meant for, and the result is checked where a client would see it: through the
 * virtual IP. Every test here starts from the cluster the example request built.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:dunes-end-to-end;DB_CLOSE_DELAY=-1",
    "dunes.lab.credentials-file=target/end-to-end/lab-credentials.properties",
    "dunes.lab.vsphere.work-dir=target/end-to-end/vsphere",
    "dunes.lab.nodes.work-dir=target/end-to-end/nodes",
    "dunes.lab.reference.work-dir=target/end-to-end/reference",
    "dunes.lab.ca.mode=PENDING",
    // the example request's DNS server, 127.0.0.53, off port 53 (which only root may bind)
    "dunes.lab.dns.port=" + dunes.support.ExampleRequest.LAB_DNS_PORT,
    "dunes.lab.dns.work-dir=target/end-to-end/dns",
    "dunes.dns.port=" + dunes.support.ExampleRequest.LAB_DNS_PORT})
@ActiveProfiles("lab")
class EndToEndBuildTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration BUILD = Duration.ofMinutes(4);
  private static final String TICKET = "CHG0001001";
  private static final String VIP = "127.0.0.10";
  private static final String FQDN = "vcvco.lab.local";
  private static final int[] PORTS = {8281, 8286, 8287};
  private static String exampleBuilt;

  @Autowired ProcessEngine engine;
  @Autowired Environment environment;
  @Autowired LabJournal journal;
  @Autowired LabFaults faults;
  @Autowired dunes.lab.dns.LabDns dns;
  @Autowired LabEdge edge;
  @Autowired LabGuests guests;
  @Autowired LabCertificateAuthority ca;
  @Autowired dunes.lab.vsphere.LabVSphere vsphere;
  @Autowired dunes.secrets.SecretStore secrets;
  @Autowired javax.sql.DataSource dataSource;
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();
  /** what the REST API answered the requester who tried to approve, over every build of this context */
  private static final List<String> refusedApprovals = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void claimEngineName() {
    JvmRegistries.claim(engine); // the REST API finds "the" engine in a JVM-wide registry
  }

  @Test
  void shouldBuildTheExampleRequestIntoAClusterBehindTheVirtualIp() throws Exception {
    exampleBuild();

    HistoricProcessInstance build = history(TICKET, "VcoHaBuild");
    assertThat(build.getEndActivityId()).isEqualTo("EndEvent_Completed");
    // the requester (operator): the engine API guard applies four eyes before the engine's authorizations
    assertThat(refusedApprovals).as("the requester may not approve").isNotEmpty()
        .allSatisfy(answer -> assertThat(answer).startsWith("403 ").contains("who requested the build", "four eyes"));
    // the cluster's nodes started one at a time: each restart began after the one before had ended
    List<HistoricProcessInstance> starts = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceBusinessKey(TICKET).processDefinitionKey("RestartNode").orderByProcessInstanceStartTime().asc()
        .list();
    assertThat(starts).hasSize(2);
    assertThat(starts.get(1).getStartTime()).isAfterOrEqualTo(starts.get(0).getEndTime());
    assertThat(historicVariables(TICKET, "approvedBy")).containsOnly("approver");
    assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceBusinessKey(TICKET)
        .taskDefinitionKey("Task_ApproveCertificateRequest").count()).as("one approval for both certificates").isOne();

    X509Certificate[] chain = handshake(newTls(), FQDN, VIP, 8281).chain();
    assertThat(chain[0].getSubjectX500Principal().getName()).contains("CN=" + FQDN);
    assertThat(sans(chain[0])).contains(FQDN, "vcvco1.lab.local", "vcvco2.lab.local", "127.0.0.10", "127.0.0.11",
        "127.0.0.12");
    assertThat(chain[chain.length - 1]).isEqualTo(ca.rootCertificate());

    // new TLS sessions alternate between the nodes; one resumed session keeps to its node
    List<String> served = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      served.add(handshake(newTls(), FQDN, VIP, 8281).node());
    }
    assertThat(Set.copyOf(served)).containsExactlyInAnyOrder("vcvco1", "vcvco2");
    for (int i = 1; i < served.size(); i++) {
      assertThat(served.get(i)).as("connection " + i + " of " + served).isNotEqualTo(served.get(i - 1));
    }
    SSLContext session = newTls();
    Served first = handshake(session, FQDN, VIP, 8281);
    for (int i = 0; i < 3; i++) {
      Served again = handshake(session, FQDN, VIP, 8281);
      assertThat(again.sessionId()).isEqualTo(first.sessionId());
      assertThat(again.node()).isEqualTo(first.node());
    }
    for (int port : new int[] {8286, 8287}) {
      assertThat(nameLine(VIP, port)).isIn("vcvco1", "vcvco2");
    }

    // the build's verification is in its history and in the report change management got
    JsonNode verification = JSON.readTree((String) variable(build, "verification"));
    assertThat(verification.path("chainSubject").asText()).contains("CN=" + FQDN);
    assertThat(verification.path("nodeStates").path("vcvco2").asText()).isEqualTo("RUNNING");
    assertThat(journal.entries("changes")).anySatisfy(e -> assertThat(e.detail()).contains("completed")
        .contains(verification.path("fingerprint").asText()));

    // exactly one of each: the clone, the vApp, and per port one pool and one virtual server
    assertThat(LabInventory.names(vsphere, secrets, "VirtualApp")).containsExactly("vcvco");
    assertThat(journal.entries("vsphere")).filteredOn(e -> e.operation().equals("vapp-seen"))
        .extracting(LabJournal.Entry::target).containsExactly("vcvco");
    assertThat(journal.entries("node")).filteredOn(e -> e.operation().equals("disk-cloned"))
        .extracting(LabJournal.Entry::target).containsExactly("vcvco2");
    assertThat(edgeOperations("add-pool")).hasSize(3);
    assertThat(edgeOperations("add-virtual-server")).hasSize(3);
    LoadBalancer config = EdgeXml.read(edge.configXml(), LoadBalancer.class);
    assertThat(config.pools).extracting(p -> p.name).containsExactlyInAnyOrder("vcvco-8281", "vcvco-8286", "vcvco-8287");
    assertThat(config.virtualServers).hasSize(3);

    // no password the build used is in the engine's tables (history, variables, jobs)
    List<String> passwords = java.util.stream.Stream.of("vcenter-admin", "appliance-root", "vco-config", "sso-admin",
        "vco-db", "vsm-admin", "ca-enroll").map(ref -> secrets.resolve(new dunes.secrets.SecretRef(ref)).revealAsString())
        .toList();
    assertThat(dunes.support.EngineTables.hits(dataSource, passwords)).isEmpty();
  }

  @Test
  void shouldGiveOneNodeTheTrafficDuringAnAuthoringWindowAndRestoreItAfter() throws Exception {
    exampleBuild();

    startWindow("CHG0002001");
    JsonNode task = awaitTask("CHG0002001", "Task_AuthoringFinished");
    String running = runningNode();
    assertThat(clusterDatabase().settings().activeNodes()).isEqualTo(1);
    assertThat(states()).containsEntry(running, NodeState.RUNNING).containsValue(NodeState.STANDBY);
    assertThat(taskVariable(task, "runningNode")).isEqualTo(running);
    assertThat(weights()).allSatisfy((member, weight) -> assertThat(weight).as(member)
        .isEqualTo(member.equals(address(running)) ? 1 : 0));
    for (int i = 0; i < 3; i++) {
      assertThat(handshake(newTls(), FQDN, VIP, 8281).node()).isEqualTo(running);
    }
    complete(task, "operator", Map.of("authoringFinished", true));
    awaitEnd("CHG0002001", "VcoAuthoringWindow");
    assertRestored();

    startWindow("CHG0002002");
    awaitTask("CHG0002002", "Task_AuthoringFinished");
    assertThat(clusterDatabase().settings().activeNodes()).isEqualTo(1);
    cancel("Msg_AuthoringWindowCancelled", "CHG0002002");
    assertThat(awaitEnd("CHG0002002", "VcoAuthoringWindow").getEndActivityId()).isEqualTo("EndEvent_Restored");
    assertRestored();

    message("Msg_AuthoringWindowRequested", "CHG0002003", Map.of("buildTicket", "CHG9999999"));
    HistoricProcessInstance unknown = awaitEnd("CHG0002003", "VcoAuthoringWindow");
    assertThat(unknown.getEndActivityId()).isEqualTo("EndEvent_UnknownBuild");
    assertThat((String) variable(unknown, "failureMessage")).contains("CHG9999999");
    assertThat(clusterDatabase().settings().activeNodes()).isEqualTo(2);
  }

  @Test
  void shouldPutEverythingBackWhenTheLoadBalancerFailsAndTheChangeIsCancelled() throws Exception {
    exampleBuild(); // the edge already serves a cluster: its undo must keep that one exactly
    String ticket = "CHG0003001";
    dns.put("vcvcof.lab.local", "127.0.0.14");
    ObjectNode request = exampleRequest(ticket);
    ((ObjectNode) request.path("cluster")).put("name", "vcvcof").put("fqdn", "vcvcof.lab.local").put("virtualIp", "127.0.0.14");
    ArrayNode nodes = request.putArray("nodes");
    for (int i = 1; i <= 2; i++) {
      nodes.addObject().put("name", "f" + i).put("fqdn", "f" + i + ".lab.local").put("ip", "127.0.0.1" + (4 + i))
          .put("netmask", "255.255.255.0").put("gateway", "127.0.0.1");
      dns.put("f" + i + ".lab.local", "127.0.0.1" + (4 + i)); // its A and PTR records, which preflight asks for
    }
    String configBefore = edge.configXml();
    String vnicBefore = edge.vnicXml(0);
    faults.inject("edge:api:pools", LabFaults.Kind.HTTP_500, 1_000);
    try {
      message("Msg_VcoHaBuildRequested", ticket, Map.of("buildRequest", request.toString()));
      Map<String, byte[]> keystoreBefore = new HashMap<>();
      answerTasks(ticket, () -> keystoreBefore.isEmpty() ? captureKeystore("f1", keystoreBefore) : false,
          () -> failedJob(ticket, "Task_EnsurePool"));
      cancel("Msg_ChangeCancelled", ticket);
      assertThat(awaitEnd(ticket, "VcoHaBuild").getEndActivityId()).isEqualTo("EndEvent_Cancelled");
      assertThat(edge.configXml()).isEqualTo(configBefore);
      assertThat(edge.vnicXml(0)).isEqualTo(vnicBefore);
      assertThat(Files.readAllBytes(keystorePath("f1"))).isEqualTo(keystoreBefore.get("f1"));
      // the backup put back by an upload under a temporary name, renamed over the keystore: the last change to it
      assertThat(journal.entries("node")).filteredOn(e -> e.target().equals("f1") && e.operation().equals("sftp-rename"))
          .extracting(LabJournal.Entry::detail).last().isEqualTo(
              "/etc/vco/app-server/security/jssecacerts.dunes-tmp -> /etc/vco/app-server/security/jssecacerts");
      assertThat(LabInventory.names(vsphere, secrets, "VirtualApp")).doesNotContain("vcvcof");
      assertThat(journal.entries("vsphere")).extracting(LabJournal.Entry::target).doesNotContain("vcvcof");
      assertThat(LabInventory.names(vsphere, secrets, "VirtualMachine")).doesNotContain("f1", "f2");
      // the lab's guests follow vCenter's inventory by watching it: the VMs' guests go a moment after the VMs
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(guests.node("f1")).isEmpty();
        assertThat(guests.node("f2")).isEmpty();
      });
    } finally {
      faults.clear();
    }
    // the example cluster behind its virtual IP is untouched
    assertThat(handshake(newTls(), FQDN, VIP, 8281).node()).isIn("vcvco1", "vcvco2");
  }

  // --- the example build, once per context ------------------------------------------------------

  private synchronized void exampleBuild() throws Exception {
    if (TICKET.equals(exampleBuilt)) {
      assertThat(history(TICKET, "VcoHaBuild").getEndActivityId()).as("the example build").isEqualTo("EndEvent_Completed");
      return;
    }
    exampleBuilt = TICKET; // once, even when it fails: the other tests then fail on its result
    message("Msg_VcoHaBuildRequested", TICKET, Map.of("buildRequest", exampleRequest(TICKET).toString()));
    answerTasks(TICKET, () -> false, () -> false);
    HistoricProcessInstance build = awaitEnd(TICKET, "VcoHaBuild");
    assertThat(build.getEndActivityId()).as("failure: " + variable(build, "failureMessage"))
        .isEqualTo("EndEvent_Completed");
  }

  private ObjectNode exampleRequest(String ticket) throws Exception {
    ObjectNode request = (ObjectNode) JSON.readTree(Files.readString(Path.of("docs/build-request.example.json")));
    return request.put("ticket", ticket);
  }

  /**
   * Completes every task of the build as its user would, until the build ends or {@code stop}
   * holds; {@code onEachTurn} runs between polls (a test's observation point).
   */
  private void answerTasks(String ticket, java.util.function.BooleanSupplier onEachTurn,
      java.util.function.BooleanSupplier stop) throws Exception {
    long deadline = System.nanoTime() + BUILD.toNanos();
    while (System.nanoTime() < deadline) {
      onEachTurn.getAsBoolean();
      if (stop.getAsBoolean() || ended(ticket, "VcoHaBuild")) {
        return;
      }
      failOnIncident(ticket);
      for (JsonNode task : tasks(ticket)) {
        answer(task);
      }
      await().pollDelay(Duration.ofMillis(200)).until(() -> true);
    }
    throw new AssertionError("build " + ticket + " did not end in " + BUILD);
  }

  private void answer(JsonNode task) throws Exception {
    switch (task.path("taskDefinitionKey").asText()) {
      case PlanApproval.TASK -> complete(task, "operator", PlanApproval.APPROVE);
      case "Task_ShutdownNodeForClone" -> complete(task, "operator",
          Map.of("shutdownMethod", "guest", "shutdownConfirmed", true));
      case "Task_ApproveCertificateRequest" -> {
        HttpResponse<String> byRequester = completeResponse(task, "operator", Map.of("certificateApproval", "approve"));
        if (byRequester.statusCode() / 100 != 2) {
          refusedApprovals.add(byRequester.statusCode() + " " + byRequester.body());
        }
        List<Long> requestIds = new ArrayList<>(); // one task for both of the build's requests
        for (dunes.pki.steps.CertificateKind kind : dunes.pki.steps.CertificateKind.values()) {
          requestIds.add(((Number) JSON.readValue(taskVariable(task, kind.requestIdVariable()), Number.class)).longValue());
        }
        complete(task, "approver", Map.of("certificateApproval", "approve"));
        requestIds.forEach(id -> ca.approve(id.intValue())); // the CA manager issues them at the CA
      }
      default -> throw new AssertionError("unexpected task " + task.path("taskDefinitionKey").asText());
    }
  }

  // --- REST as the users -------------------------------------------------------------------------

  private void message(String name, String businessKey, Map<String, Object> variables) throws Exception {
    message(name, businessKey, variables, "operator");
  }

  /** A message into a running instance needs UPDATE on it: camunda-admin's (docs/security.md). */
  private void cancel(String name, String businessKey) throws Exception {
    message(name, businessKey, Map.of(), "admin");
  }

  private void message(String name, String businessKey, Map<String, Object> variables, String user) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("messageName", name).put("businessKey", businessKey);
    ObjectNode vars = body.putObject("processVariables");
    variables.forEach((k, v) -> vars.putObject(k).putPOJO("value", v));
    HttpResponse<String> answer = rest("POST", "/engine-rest/message", body.toString(), user);
    assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 204);
  }

  private void startWindow(String ticket) throws Exception {
    message("Msg_AuthoringWindowRequested", ticket, Map.of("buildTicket", TICKET));
  }

  private void complete(JsonNode task, String user, Map<String, Object> variables) throws Exception {
    HttpResponse<String> answer = completeResponse(task, user, variables);
    assertThat(answer.statusCode()).as(user + " completes " + task.path("name").asText() + ": " + answer.body())
        .isBetween(200, 204);
  }

  private HttpResponse<String> completeResponse(JsonNode task, String user, Map<String, Object> variables)
      throws Exception {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode vars = body.putObject("variables");
    variables.forEach((k, v) -> vars.putObject(k).putPOJO("value", v));
    return rest("POST", "/engine-rest/task/" + task.path("id").asText() + "/complete", body.toString(), user);
  }

  private List<JsonNode> tasks(String businessKey) throws Exception {
    JsonNode list = JSON.readTree(rest("GET", "/engine-rest/task?processInstanceBusinessKey=" + businessKey, null,
        "operator").body());
    List<JsonNode> tasks = new ArrayList<>();
    list.forEach(tasks::add);
    return tasks;
  }

  private JsonNode awaitTask(String businessKey, String key) {
    return await().atMost(BUILD).pollInterval(Duration.ofMillis(200)).until(() -> {
      failOnIncident(businessKey);
      return tasks(businessKey).stream().filter(t -> t.path("taskDefinitionKey").asText().equals(key)).findFirst()
          .orElse(null);
    }, t -> t != null);
  }

  private String taskVariable(JsonNode task, String name) throws Exception {
    HttpResponse<String> answer = rest("GET", "/engine-rest/task/" + task.path("id").asText() + "/variables/" + name,
        null, "operator");
    return JSON.readTree(answer.body()).path("value").toString().replaceAll("^\"|\"$", "");
  }

  /** The newest instance of {@code process} with this business key, from the engine's history. */
  private HistoricProcessInstance history(String businessKey, String process) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceBusinessKey(businessKey)
        .processDefinitionKey(process).orderByProcessInstanceStartTime().desc().list().stream().findFirst().orElse(null);
  }

  private boolean ended(String businessKey, String process) {
    HistoricProcessInstance instance = history(businessKey, process);
    return instance != null && instance.getEndTime() != null;
  }

  private HistoricProcessInstance awaitEnd(String businessKey, String process) {
    await().atMost(BUILD).pollInterval(Duration.ofMillis(200)).until(() -> {
      failOnIncident(businessKey);
      return ended(businessKey, process);
    });
    return history(businessKey, process);
  }

  private Object variable(HistoricProcessInstance instance, String name) {
    var v = engine.getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(instance.getId()).variableName(name).singleResult();
    return v == null ? null : v.getValue();
  }

  /** A variable's values in every process instance of the business key (called processes too). */
  private List<Object> historicVariables(String businessKey, String name) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceBusinessKey(businessKey)
        .list().stream().flatMap(p -> engine.getHistoryService().createHistoricVariableInstanceQuery()
            .processInstanceId(p.getId()).variableName(name).list().stream())
        .map(v -> v.getValue()).toList();
  }

  private boolean failedJob(String businessKey, String activityId) {
    return engine.getManagementService().createJobQuery().withException().list().stream()
        .anyMatch(j -> activityId.equals(j.getFailedActivityId()) && businessKey.equals(engine.getRuntimeService()
            .createProcessInstanceQuery().processInstanceId(j.getProcessInstanceId()).singleResult().getBusinessKey()));
  }

  private void failOnIncident(String businessKey) {
    engine.getRuntimeService().createIncidentQuery().list().stream()
        .filter(i -> {
          var instance = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(i.getProcessInstanceId())
              .singleResult();
          return instance != null && businessKey.equals(instance.getBusinessKey());
        })
        .findFirst().ifPresent(i -> {
          throw new AssertionError("incident in " + businessKey + " at " + i.getActivityId() + ": " + i.getIncidentMessage());
        });
  }

  private HttpResponse<String> rest(String method, String path, String body, String user) throws Exception {
    String password = environment.getProperty(user.equals("admin") ? "dunes.admin.password" : "dunes.lab.users." + user);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  // --- what a client of the virtual IP sees ------------------------------------------------------

  record Served(X509Certificate[] chain, String node, String sessionId) {}

  /** A TLS 1.2 context (vCO 5.5's clients) trusting only the lab CA's root; it keeps its sessions. */
  private SSLContext newTls() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("root", ca.rootCertificate());
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext tls = SSLContext.getInstance("TLSv1.2");
    tls.init(null, factory.getTrustManagers(), null);
    return tls;
  }

  /** GET /vco by the virtual name over a new connection; the lab node names itself in a header. */
  private Served handshake(SSLContext tls, String name, String address, int port) throws Exception {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress(address, port), 5_000);
    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, name, port, true)) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      parameters.setProtocols(new String[] {"TLSv1.2"});
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      socket.getOutputStream().write(("GET /vco HTTP/1.1\r\nHost: " + name + ":" + port + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      String node = null;
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        if (line.toLowerCase().startsWith("x-lab-node:")) {
          node = line.substring(line.indexOf(':') + 1).trim();
        }
      }
      return new Served((X509Certificate[]) socket.getSession().getPeerCertificates(), node,
          java.util.HexFormat.of().formatHex(socket.getSession().getId()));
    }
  }

  private static String nameLine(String address, int port) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 5_000);
      socket.setSoTimeout(10_000);
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine().trim();
    }
  }

  private static List<String> sans(X509Certificate certificate) throws Exception {
    List<String> names = new ArrayList<>();
    certificate.getSubjectAlternativeNames().forEach(n -> names.add(String.valueOf(n.get(1))));
    return names;
  }

  // --- the lab's side ------------------------------------------------------------------------------

  private List<LabJournal.Entry> edgeOperations(String operation) {
    return journal.entries("edge").stream().filter(e -> e.operation().equals(operation)).toList();
  }

  /** The database the example cluster's nodes share. */
  private LabVcoDatabase clusterDatabase() {
    return guests.node("vcvco1").orElseThrow().database();
  }

  private Map<String, NodeState> states() {
    Map<String, NodeState> states = new HashMap<>();
    for (String node : List.of("vcvco1", "vcvco2")) {
      states.put(node, guests.node(node).map(LabNode::state).orElseThrow());
    }
    return states;
  }

  private String runningNode() {
    return states().entrySet().stream().filter(e -> e.getValue() == NodeState.RUNNING).map(Map.Entry::getKey)
        .findFirst().orElseThrow(() -> new AssertionError("no node RUNNING: " + states()));
  }

  private static String address(String node) {
    return node.equals("vcvco1") ? "127.0.0.11" : "127.0.0.12";
  }

  /** "pool/member ip" → weight, for the example cluster's pools. */
  private Map<String, Integer> weightsByPool() {
    Map<String, Integer> weights = new HashMap<>();
    for (Pool pool : EdgeXml.read(edge.configXml(), LoadBalancer.class).pools) {
      if (pool.name.startsWith("vcvco-")) {
        for (Member member : pool.members) {
          weights.put(pool.name + "/" + member.ipAddress, member.weight);
        }
      }
    }
    return weights;
  }

  /** member ip → weight, asserting that every pool agrees. */
  private Map<String, Integer> weights() {
    Map<String, Integer> byPool = weightsByPool();
    assertThat(byPool).hasSize(PORTS.length * 2);
    Map<String, Integer> weights = new HashMap<>();
    byPool.forEach((key, weight) -> {
      Integer other = weights.put(key.substring(key.indexOf('/') + 1), weight);
      assertThat(other == null || other.equals(weight)).as("every pool gives " + key + " the same weight").isTrue();
    });
    return weights;
  }

  private void assertRestored() {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(clusterDatabase().settings().activeNodes()).isEqualTo(2);
      assertThat(states()).containsOnly(Map.entry("vcvco1", NodeState.RUNNING), Map.entry("vcvco2", NodeState.RUNNING));
      assertThat(weights()).containsOnly(Map.entry("127.0.0.11", 1), Map.entry("127.0.0.12", 1));
    });
  }

  private boolean captureKeystore(String node, Map<String, byte[]> into) {
    return guests.node(node).map(n -> {
      try {
        Path file = n.keystoreFile();
        if (Files.exists(file) && !Files.exists(n.file("/etc/vco/app-server/security/jssecacerts.backup"))) {
          into.put(node, Files.readAllBytes(file));
          keystorePaths.put(node, file);
          return true;
        }
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      return false;
    }).orElse(false);
  }

  private final Map<String, Path> keystorePaths = new HashMap<>();

  private Path keystorePath(String node) {
    return keystorePaths.get(node);
  }
}
