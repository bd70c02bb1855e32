package dunes.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.appliance.shell.NodeShellPort;
import dunes.appliance.vami.ApplianceIdentity;
import dunes.appliance.vami.ApplianceIdentityPort;
import dunes.build.BuildVariables;
import dunes.lab.LabJournal;
import dunes.lab.vsphere.LabVSphere;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import dunes.support.ExampleRequest;
import dunes.vsphere.VSphereProperties;
import dunes.vsphere.VmInfo;
import dunes.vsphere.YavijavaVSphere;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Builds in the lab with the job executor running as in production (one context for every
 * subclass: 127.0.10.x, the lab's vCenter on port 18989, its guests without VMware Tools running):
 * starting builds, answering their Tasklist tasks as an operator would, waiting for them, reading
 * what the lab and the engine kept.
 */
@SpringBootTest(properties = {
    "spring.datasource.url=jdbc:h2:mem:dunes-node-lifecycle;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=true",
    "dunes.lab.credentials-file=target/node-lifecycle/lab-credentials.properties",
    "dunes.lab.vsphere.address=127.0.10.40",
    "dunes.lab.vsphere.port=18989",
    "dunes.lab.vsphere.work-dir=target/node-lifecycle/vsphere",
    // guests whose VMware Tools never start within a test: vCenter refuses a guest shutdown of node 1, and the
    // build hands the choice back to the operator (NodeLifecycleProcessTest); EndToEndBuildTest keeps the 1 s
    "dunes.lab.vsphere.tools-heartbeat-delay=1h",
    "dunes.lab.nodes.work-dir=target/node-lifecycle/nodes",
    "dunes.lab.ca.address=127.0.10.60",
    "dunes.lab.ca.mode=AUTO_ISSUE", // the lab profile holds requests for a CA manager; tests that want that set PENDING
    "dunes.lab.ca.port=0",
    "dunes.lab.edge.address=127.0.10.70",
    "dunes.lab.edge.port=0",
    "dunes.lab.sso.address=127.0.10.81",
    "dunes.lab.reference.address=127.0.10.19",
    "dunes.lab.reference.work-dir=target/node-lifecycle/reference",
    "dunes.lab.sso.port=0",
    "dunes.lab.changes.address=127.0.10.50",
    "dunes.lab.dns.address=" + LabBuildTest.DNS,
    "dunes.lab.dns.port=" + ExampleRequest.LAB_DNS_PORT,
    "dunes.lab.dns.work-dir=target/node-lifecycle/dns",
    "dunes.dns.port=" + ExampleRequest.LAB_DNS_PORT,
    "dunes.lab.changes.port=18090",
    "dunes.lab.database.names=vcvCO,dba,dbb",
    "dunes.secrets.values.sso-wrong=not-the-lab-sso-password",
    "dunes.secrets.bindings.sso-wrong.purposes=sso-admin,vco-rest", // bound as the lab's sso-admin: SSO refuses it
    "dunes.secrets.bindings.sso-wrong.hosts=sso.lab.local",
    "dunes.secrets.bindings.sso-wrong.build-nodes=true",
    // ProbeBeforeChangeTest's NSX Manager and second reference appliance, bound as production binds a host
    "dunes.secrets.bindings.vsm-admin.hosts=vsm.lab.local,nsx.lab.local",
    "dunes.secrets.bindings.vco-admin.hosts=vcoref.lab.local,vcoref2.lab.local",
    "dunes.change-management.callback-url=http://127.0.10.50:18090/changes"},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("lab")
@Import({LabBuildTest.EveryStepTwice.class, CrashHooks.class})
public abstract class LabBuildTest {

  protected static final Duration BUILD = Duration.ofSeconds(120);
  /** This lab's DNS server: every request of a build here names it in {@code network.dns}. */
  public static final String DNS = "127.0.10.53";

  @Autowired protected ProcessEngine engine;
  @Autowired protected LabVSphere lab;
  @Autowired protected LabJournal journal;
  @Autowired protected SecretStore secrets;
  @Autowired protected ApplianceIdentityPort identity;
  @Autowired protected dunes.lab.sso.LabSso sso;
  @Autowired protected dunes.lab.ca.LabCertificateAuthority ca;
  @Autowired protected dunes.lab.guests.LabGuests guests;
  @Autowired protected dunes.lab.LabFaults faults;
  @Autowired protected javax.sql.DataSource dataSource;
  @Autowired protected dunes.build.BuildStatusReader status;
  @Autowired protected dunes.lab.edge.LabEdge edge;
  @Autowired protected dunes.lab.dns.LabDns dns;
  @Autowired protected dunes.lab.dns.LabClusters clusters;
  @Autowired protected dunes.lab.guests.LabReferenceAppliance reference;
  @Autowired protected dunes.plan.Plans plans;
  protected YavijavaVSphere vcenter;

  @BeforeEach
  void connect() {
    JvmRegistries.claim(engine); // several cached test contexts share the JVM-wide registries
    init(engine);
    vcenter = YavijavaVSphere.open(VSphereProperties.defaults(), lab.sdkUrl(), "administrator@vsphere.local",
        secrets.resolve(new SecretRef("vcenter-admin")), lab.fingerprint());
  }

  @AfterEach
  void disconnect() {
    EveryStepTwice.ENABLED.set(false);
    CrashHooks.reset();
    vcenter.close();
  }

  // ---------------------------------------------------------------------------------------------

  /** The example request in this test's address range: nodes {prefix}1..3 at 127.0.10.{range}1..3. */
  protected String request(String ticket, String prefix, int range, int delay, String vcenterPin, String datastore) {
    return request(ticket, prefix, range, 3, delay, vcenterPin, datastore);
  }

  /**
   * The example request with {@code nodeCount} nodes (2 to 9) {prefix}1..n at 127.0.10.{range}1..n, the
   * virtual name at 127.0.10.{range}0. A range whose addresses hold none of the lab's own servers
   * (127.0.10.19, .40, .50, .53, .60, .70, .81): 1 with at most 8 nodes, 2, 3, 9, 10 to 24.
   */
  protected String request(String ticket, String prefix, int range, int nodeCount, int delay, String vcenterPin,
      String datastore) {
    if (nodeCount < 2 || nodeCount > 9) {
      throw new IllegalArgumentException("a range holds 2 to 9 nodes, not " + nodeCount);
    }
    ObjectNode request = ExampleRequest.withTicket(ticket, labDns());
    ExampleRequest.node(request, "cluster").put("name", "vcvco" + prefix).put("fqdn", "vcvco" + prefix + ".lab.local")
        .put("virtualIp", "127.0.10." + range + "0");
    record("vcvco" + prefix + ".lab.local", "127.0.10." + range + "0"); // the virtual name's DNS records
    ArrayNode nodes = request.putArray("nodes");
    for (int i = 1; i <= nodeCount; i++) {
      nodes.addObject().put("name", prefix + i).put("fqdn", prefix + i + ".lab.local")
          .put("ip", "127.0.10." + range + i).put("netmask", "255.255.255.0").put("gateway", "127.0.10.1");
      record(prefix + i + ".lab.local", "127.0.10." + range + i); // each node's records
    }
    return onLabEndpoints(request, delay, vcenterPin, datastore).toString();
  }

  /**
   * The example request on a cluster the lab handed out ({@link dunes.lab.dns.LabClusters}: names,
   * addresses and their DNS records, any number of clusters), otherwise as {@link #request}.
   */
  protected String request(String ticket, dunes.lab.dns.LabClusters.Cluster cluster, int delay, String vcenterPin,
      String datastore) {
    ObjectNode request = ExampleRequest.onCluster(ExampleRequest.withTicket(ticket, labDns()), cluster);
    return onLabEndpoints(request, delay, vcenterPin, datastore).toString();
  }

  /** This lab's endpoints, ports and pins in the request (vCenter, SSO, CA, edge, reference appliance). */
  private ObjectNode onLabEndpoints(ObjectNode request, int delay, String vcenterPin, String datastore) {
    int ssoPort = sso.port();
    String ssoFingerprint = sso.fingerprint();
    ObjectNode vcenter = ExampleRequest.node(request, "vcenter");
    vcenter.put("url", "https://vcenter.lab.local:18989/sdk").put("datastore", datastore);
    if (vcenterPin != null) {
      vcenter.put("fingerprint", vcenterPin);
    }
    request.put("startDelaySeconds", delay);
    ExampleRequest.node(request, "sso").put("port", ssoPort).put("fingerprint", ssoFingerprint);
    ExampleRequest.node(request, "ca").put("url", "https://ca.lab.local:" + ca.port() + "/certsrv")
        .put("fingerprint", ca.tlsFingerprint()).put("rootFingerprint", dunes.pki.Fingerprints.sha256(ca.rootCertificate()));
    ExampleRequest.node(request, "edge").put("managerUrl", "https://vsm.lab.local:" + edge.url().getPort())
        .put("fingerprint", edge.fingerprint());
    ExampleRequest.node(request, "ovf/reference").put("url", reference.url()).put("fingerprint", reference.fingerprint());
    return request;
  }

  /**
   * The name's A record and its address's PTR record, as a DNS administrator makes them before a build:
   * the PTR names it whatever another test's name on the same address left (the lab's DNS lives as
   * long as the context), served without restarting the lab's DNS (docs/lab.md).
   */
  protected void record(String name, String address) {
    dns.put(name, address);
  }

  /**
   * The request with its cluster on {@code base}0 and node i on {@code base}i (e.g. "127.0.62.2": 127.0.62.20,
   * .21, …), gateway {@code gateway}, and their DNS records there.
   */
  protected ObjectNode onAddresses(String json, String base, String gateway) {
    try {
      ObjectNode request = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
      ObjectNode cluster = ExampleRequest.node(request, "cluster").put("virtualIp", base + "0");
      record(cluster.get("fqdn").asText(), base + "0");
      for (int i = 0; i < request.get("nodes").size(); i++) {
        ObjectNode node = ExampleRequest.node(request, "nodes/" + i).put("ip", base + (i + 1)).put("gateway", gateway);
        record(node.get("fqdn").asText(), base + (i + 1));
      }
      return request;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The build's field errors ({@code validationErrors}), as change management gets them. */
  protected List<com.fasterxml.jackson.databind.JsonNode> findings(ProcessInstance build) throws Exception {
    List<com.fasterxml.jackson.databind.JsonNode> list = new java.util.ArrayList<>();
    new com.fasterxml.jackson.databind.ObjectMapper().readTree((String) variable(build, "validationErrors"))
        .forEach(list::add);
    return list;
  }

  /** The sequence number of the lab journal's last entry: what a later check counts from. */
  protected long lastSeq() {
    List<LabJournal.Entry> entries = journal.entries();
    return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
  }

  /** Only the rejection report reached the lab: no vCenter, node, CA, edge or database change. */
  protected void assertNothingChangedSince(long seq, String ticket) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(journal.entries("changes")).filteredOn(e -> e.target().equals(ticket))
            .extracting(LabJournal.Entry::operation).containsExactly("rejected"));
    assertThat(journal.entries()).filteredOn(e -> e.seq() > seq && !e.system().equals("changes"))
        .as("the lab's journal after the build started").isEmpty();
  }

  /** This context's lab DNS server (a subclass may place its lab elsewhere): what its requests name in network.dns. */
  protected String labDns() {
    return dns.settings().address();
  }

  /** Starts a build as the lab's {@code operator} would: the authenticated requester four eyes compares with. */
  protected ProcessInstance start(String json) {
    String ticket = json.replaceAll("(?s).*\"ticket\":\"([^\"]+)\".*", "$1");
    engine.getIdentityService().setAuthentication("operator", List.of(dunes.security.DunesGroups.OPERATORS));
    try {
      return engine.getRuntimeService().createMessageCorrelation(BuildVariables.MSG_BUILD_REQUESTED)
          .processInstanceBusinessKey(ticket).setVariable(BuildVariables.BUILD_REQUEST, json).correlateStartMessage();
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }

  /**
   * Approves the build's plan as {@code operator}: it pins every existing endpoint and covers the
   * first contact with each new node's SSH server and vCO server, so no fingerprint is asked again.
   */
  protected void approvePlan(ProcessInstance build) {
    Task task = awaitTask(build, PlanApproval.TASK);
    assertThat(task).hasCandidateGroup("vco-operators");
    PlanApproval.complete(engine, task, "operator", PlanApproval.APPROVE);
  }

  /** {@link #approvePlan(ProcessInstance)} of the build of {@code ticket}, e.g. one started over REST. */
  protected void approvePlan(String ticket) {
    ProcessInstance build = await().atMost(BUILD).until(() -> engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).singleResult(),
        b -> b != null);
    approvePlan(build);
  }

  /** Approves the plan if the build gets to it: a build its preflight ends shows none. */
  protected void approvePlanIfShown(ProcessInstance build) {
    Task task = await().atMost(BUILD).pollInterval(Duration.ofMillis(100)).until(
        () -> engine.getTaskService().createTaskQuery().processInstanceBusinessKey(build.getBusinessKey())
            .taskDefinitionKey(PlanApproval.TASK).singleResult(), t -> t != null || ended(build) || incident(build));
    if (task != null) {
      PlanApproval.complete(engine, task, "operator", PlanApproval.APPROVE);
    }
  }

  private boolean ended(ProcessInstance build) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(build.getId())
        .singleResult().getEndTime() != null;
  }

  /** The SSH host key the approved plan pinned at first contact with {@code address} (port 2222, the example's). */
  protected String pinnedHostKey(ProcessInstance build, String address) {
    return plans.pin(build.getBusinessKey(), "ssh://" + address + ":2222").orElseThrow(
        () -> new AssertionError("no host key pinned for " + address + " in build " + build.getBusinessKey()))
        .fingerprint();
  }

  protected Task awaitTask(ProcessInstance build, String key) {
    try {
      return await().atMost(BUILD).pollInterval(Duration.ofMillis(100)).until(
          () -> engine.getTaskService().createTaskQuery().processInstanceBusinessKey(build.getBusinessKey())
              .taskDefinitionKey(key).singleResult(), t -> t != null || incident(build));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("build " + build.getBusinessKey() + " never reached " + key + "; active: "
          + activeActivities(build), e);
    }
  }

  protected HistoricProcessInstance awaitEnd(ProcessInstance build) {
    HistoricProcessInstance ended = awaitEndOf(build);
    if ("EndEvent_Failed".equals(ended.getEndActivityId())) { // say why, for a test that did not expect it
      org.slf4j.LoggerFactory.getLogger(LabBuildTest.class).info("build {} failed: {} {}", build.getBusinessKey(),
          variable(build, "failureCode"), variable(build, "failureMessage"));
    }
    return ended;
  }

  private HistoricProcessInstance awaitEndOf(ProcessInstance build) {
    try {
      return await().atMost(BUILD).pollInterval(Duration.ofMillis(200)).until(
          () -> engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(build.getId())
              .singleResult(), h -> h.getEndTime() != null || incident(build));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("build " + build.getBusinessKey() + " did not end; active: " + activeActivities(build), e);
    }
  }

  /**
   * Answers every Tasklist task of the builds as the operator would, within about 0.1 s (plan
   * approved, node 1 powered off for cloning: the lab's guests have no VMware Tools for a guest
   * shutdown), until every build ended; an incident ends the wait with its message.
   */
  protected void answerUntilEnded(List<ProcessInstance> builds) {
    answerUntilEnded(builds, Duration.ofMinutes(10), task -> {}, () -> {});
  }

  /** As {@link #answerUntilEnded(List)}, telling {@code answered} each task answered and running {@code eachTurn} between looks. */
  protected void answerUntilEnded(List<ProcessInstance> builds, Duration within, java.util.function.Consumer<Task> answered,
      Runnable eachTurn) {
    long deadline = System.nanoTime() + within.toNanos();
    while (builds.stream().anyMatch(b -> engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceId(b.getId()).singleResult().getEndTime() == null)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("builds did not end: " + builds.stream().map(this::activeActivities).toList());
      }
      builds.forEach(this::incident);
      for (ProcessInstance build : builds) {
        for (Task task : engine.getTaskService().createTaskQuery().processInstanceBusinessKey(build.getBusinessKey())
            .list()) {
          PlanApproval.complete(engine, task, "operator",
              task.getTaskDefinitionKey().equals("Task_ShutdownNodeForClone")
                  ? Map.of("shutdownMethod", "powerOff", "shutdownConfirmed", true) // no Tools: a guest shutdown is refused
                  : PlanApproval.APPROVE);
          answered.accept(task);
        }
      }
      eachTurn.run();
      org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(100)).until(() -> true);
    }
  }


  /** Where every instance of the build (called processes too) stands, for a failure message. */
  protected List<String> activeActivities(ProcessInstance build) {
    return engine.getHistoryService().createHistoricActivityInstanceQuery().unfinished().list().stream()
        .filter(a -> build.getBusinessKey().equals(engine.getHistoryService().createHistoricProcessInstanceQuery()
            .processInstanceId(a.getProcessInstanceId()).singleResult().getBusinessKey()))
        .map(a -> a.getProcessDefinitionKey() + "/" + a.getActivityId()).toList();
  }

  protected boolean incident(ProcessInstance build) {
    var incidents = engine.getRuntimeService().createIncidentQuery().list().stream()
        .filter(i -> build.getBusinessKey().equals(engine.getRuntimeService().createProcessInstanceQuery()
            .processInstanceId(i.getProcessInstanceId()).singleResult().getBusinessKey())).toList();
    if (!incidents.isEmpty()) {
      throw new AssertionError("incident in build " + build.getBusinessKey() + ": " + incidents.get(0).getActivityId()
          + ": " + incidents.get(0).getIncidentMessage());
    }
    return false;
  }

  protected Object variable(ProcessInstance build, String name) {
    HistoricVariableInstance v = engine.getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(build.getId()).variableName(name).singleResult();
    return v == null ? null : v.getValue();
  }

  /** The configuration workflows the lab node ran, by name, in order (reads of the cluster status left out). */
  protected List<String> workflowRuns(String node) {
    return journal.entries("node").stream().filter(e -> e.target().equals(node) && e.operation().equals("workflow-run"))
        .map(e -> e.detail().replaceAll("(?s) [{(\\[].*$", "")) // inputs may span lines (PEM)
        .filter(name -> !name.equals("Get cluster status")).toList();
  }

  /** Every managed entity of a type in the lab's vCenter, by name. */
  protected List<String> inventoryNames(String type) throws Exception {
    return LabInventory.names(lab, secrets, type);
  }

  protected void assertOneVmPerNodeAllOn(String... names) {
    for (String name : names) {
      VmInfo vm = vcenter.findVm(name).orElseThrow(() -> new AssertionError("no vm " + name));
      assertThat(vm.powerState()).as(name).isEqualTo(VmInfo.PowerState.POWERED_ON);
    }
  }

  /** The identity the node's guest reports over its pinned SSH session (port 2222, as the example request says). */
  protected void assertIdentity(String address, String fingerprint, String hostname) {
    ApplianceIdentity read = await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(
        () -> identity.read(new NodeShellPort.Target(address, 2222, fingerprint, new SecretRef("appliance-root"))), i -> true);
    assertThat(read.hostname()).isEqualTo(hostname);
    assertThat(read.network().ip()).isEqualTo(address);
  }

  /** The chain a node serves, through a JDK TLS client that trusts only {@code root} and checks the address. */
  protected java.security.cert.X509Certificate[] servedChain(String host, int port, java.security.cert.X509Certificate root)
      throws Exception {
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("root", root);
    javax.net.ssl.TrustManagerFactory factory =
        javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
    tls.init(null, factory.getTrustManagers(), null);
    try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket(host, port)) {
      javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return (java.security.cert.X509Certificate[]) socket.getSession().getPeerCertificates();
    }
  }

  /** The private key a lab node serves with, read from its keystore file as the appliance would. */
  protected java.security.Key privateKeyOf(String vmName) throws Exception {
    java.security.KeyStore store = java.security.KeyStore.getInstance("JKS");
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(guests.node(vmName).orElseThrow().keystoreFile())) {
      store.load(in, "dunesdunes".toCharArray());
    }
    return store.getKey("dunes", "dunesdunes".toCharArray());
  }

  /** Wraps every step bean of Dunes ({@code *Step}, a JavaDelegate): how tests change what all steps do. */
  public static BeanPostProcessor aroundEveryStep(java.util.function.UnaryOperator<JavaDelegate> wrap) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof JavaDelegate step && name.endsWith("Step") && bean.getClass().getName().startsWith("dunes.")) {
          return wrap.apply(step);
        }
        return bean;
      }
    };
  }

  /** When enabled, every step bean runs its work twice in the same job: the second run must change nothing. */
  @TestConfiguration
  public static class EveryStepTwice {
    public static final AtomicBoolean ENABLED = new AtomicBoolean();

    @Bean
    static BeanPostProcessor everyStepTwice() {
      return aroundEveryStep(step -> execution -> {
        step.execute(execution);
        if (ENABLED.get()) {
          step.execute(execution);
        }
      });
    }
  }
}
