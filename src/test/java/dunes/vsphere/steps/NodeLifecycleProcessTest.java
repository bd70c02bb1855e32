package dunes.vsphere.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.appliance.vami.ApplianceIdentity;
import dunes.appliance.vami.VamiPort;
import dunes.build.BuildVariables;
import dunes.lab.LabJournal;
import dunes.lab.vsphere.LabVSphere;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import dunes.support.ExampleRequest;
import dunes.vsphere.VAppInfo;
import dunes.vsphere.VSphereProperties;
import dunes.vsphere.VmInfo;
import dunes.vsphere.YavijavaVSphere;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The node lifecycle of a build in the lab, with the job executor running as in production: OVF
 * deploy, the appliance trusted by an operator, VAMI identity, the shutdown task, clones for N = 3,
 * node 1 on again, the staggered-start vApp — read back from the lab's vCenter and the nodes' VAMI.
 */
@SpringBootTest(properties = {
    "spring.datasource.url=jdbc:h2:mem:dunes-node-lifecycle;DB_CLOSE_DELAY=-1",
    "camunda.bpm.job-execution.enabled=true",
    "dunes.lab.credentials-file=target/node-lifecycle/lab-credentials.properties",
    "dunes.lab.vsphere.address=127.0.10.40",
    "dunes.lab.vsphere.port=18989",
    "dunes.lab.vsphere.work-dir=target/node-lifecycle/vsphere",
    "dunes.lab.nodes.work-dir=target/node-lifecycle/nodes",
    "dunes.lab.ca.address=127.0.10.60",
    "dunes.lab.ca.port=0",
    "dunes.lab.edge.address=127.0.10.70",
    "dunes.lab.edge.port=0",
    "dunes.lab.sso.address=127.0.10.81",
    "dunes.lab.sso.port=0",
    "dunes.lab.changes.address=127.0.10.50",
    "dunes.lab.changes.port=18090",
    "dunes.lab.database.names=vcvCO,dba,dbb",
    "dunes.secrets.values.sso-wrong=not-the-lab-sso-password",
    "dunes.change-management.callback-url=http://127.0.10.50:18090/changes"},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("lab")
@Import(NodeLifecycleProcessTest.EveryStepTwice.class)
class NodeLifecycleProcessTest {

  private static final Duration BUILD = Duration.ofSeconds(120);

  @Autowired ProcessEngine engine;
  @Autowired LabVSphere lab;
  @Autowired LabJournal journal;
  @Autowired SecretStore secrets;
  @Autowired VamiPort vami;
  @Autowired dunes.lab.sso.LabSso sso;
  @Autowired dunes.lab.LabFaults faults;
  @Autowired javax.sql.DataSource dataSource;
  @Autowired dunes.build.BuildStatusReader status;
  private YavijavaVSphere vcenter;

  @BeforeEach
  void connect() {
    // the REST API and its authentication find "the" engine in a JVM-wide registry; several cached
    // test contexts each register theirs under the default name, so claim it for this test
    ProcessEngines.registerProcessEngine(engine);
    init(engine);
    vcenter = YavijavaVSphere.open(VSphereProperties.defaults(), lab.sdkUrl(), "administrator@vsphere.local",
        secrets.resolve(new SecretRef("vcenter-admin")), lab.fingerprint());
  }

  @AfterEach
  void disconnect() {
    EveryStepTwice.ENABLED.set(false);
    vcenter.close();
  }

  @Test
  void shouldDeployCloneAndStaggerThreeNodesWithTheOperatorsDecisions() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        request(ticket, "a", 1, 30, null, "LabDatastore"));
    ExampleRequest.node(request, "appliance").put("cpus", 4).put("memoryMb", 6144);
    ExampleRequest.node(request, "database").put("name", "dba");
    faults.inject("node:a1:config", dunes.lab.LabFaults.Kind.HTTP_503, 2); // as a vco-server still starting
    ProcessInstance build = start(request.toString());

    completeFingerprintTask(build, lab.fingerprint(), "vCenter");
    String applianceFingerprint = confirmAppliance(build);
    Task shutdown = awaitTask(build, "Task_ShutdownNodeForClone");
    assertThat(shutdown).hasCandidateGroup("vco-operators");
    assertThat(engine.getTaskService().createTaskQuery().taskId(shutdown.getId()).initializeFormKeys().singleResult()
        .getCamundaFormRef().getKey()).isEqualTo("shutdown-for-clone");
    assertThat(engine.getTaskService().getVariable(shutdown.getId(), "sourcePowerState")).isEqualTo("POWERED_ON");
    assertThat(engine.getTaskService().getVariable(shutdown.getId(), "cloneNames")).isEqualTo("a2, a3");
    assertThat(status.find(ticket).orElseThrow().openTasks()).extracting(t -> t.taskDefinitionKey())
        .containsExactly("Task_ShutdownNodeForClone"); // a stage's task is the build's task
    engine.getTaskService().complete(shutdown.getId(), Map.of("shutdownMethod", "guest", "shutdownConfirmed", true));

    HistoricProcessInstance ended = awaitEnd(build);
    assertThat(ended.getEndActivityId()).isEqualTo("EndEvent_Completed");
    assertOneVmPerNodeAllOn("a1", "a2", "a3");
    assertThat(engine.getHistoryService().createHistoricDetailQuery().variableUpdates().list().stream()
        .filter(d -> ((org.camunda.bpm.engine.history.HistoricVariableUpdate) d).getVariableName().equals("ovfImportProgress"))
        .filter(d -> build.getBusinessKey().equals(engine.getHistoryService().createHistoricProcessInstanceQuery()
            .processInstanceId(d.getProcessInstanceId()).singleResult().getBusinessKey()))
        .map(d -> ((org.camunda.bpm.engine.history.HistoricVariableUpdate) d).getValue()))
        .as("the upload's progress, shown while the deploy job ran").contains(100);
    assertThat(List.of("a1", "a2", "a3")).allSatisfy(name -> { // sized before the first power-on; clones inherit
      assertThat(vcenter.findVm(name).orElseThrow().cpus()).isEqualTo(4);
      assertThat(vcenter.findVm(name).orElseThrow().memoryMb()).isEqualTo(6144);
    });
    VAppInfo vapp = vcenter.findVApp("vcvcoa").orElseThrow();
    assertThat(vapp.buildTag()).isEqualTo(ticket);
    assertThat(vapp.members()).extracting(VAppInfo.Member::vm, VAppInfo.Member::startOrder, VAppInfo.Member::startDelay)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a1", 1, 30), org.assertj.core.groups.Tuple.tuple("a2", 2, 30),
            org.assertj.core.groups.Tuple.tuple("a3", 3, 30));
    assertThat(vapp.members()).allSatisfy(m -> {
      assertThat(m.waitingForGuest()).isTrue();
      assertThat(m.stopAction()).isEqualTo("guestShutdown");
    });
    assertIdentity("127.0.10.11", applianceFingerprint, "vcvcoa.lab.local");
    assertIdentity("127.0.10.12", applianceFingerprint, "a2.lab.local");
    assertIdentity("127.0.10.13", applianceFingerprint, "a3.lab.local");
    assertThat(journal.entries("changes")).filteredOn(e -> e.target().equals(ticket))
        .extracting(LabJournal.Entry::operation).containsExactly("started", "completed");
    assertThat(variable(build, "databaseChanges")).isEqualTo("ALLOW_SNAPSHOT_ISOLATION ON; READ_COMMITTED_SNAPSHOT ON");
    assertThat(engine.getHistoryService().createHistoricJobLogQuery().failureLog().list())
        .filteredOn(l -> build.getId().equals(l.getRootProcessInstanceId()))
        .filteredOn(l -> String.valueOf(l.getJobExceptionMessage()).contains("503"))
        .as("the two 503 answers were retried, not failed").hasSize(2);
    // every password the build used (vCenter, root, configurator, SSO, database) stayed out of the engine
    List<String> passwords = java.util.stream.Stream.of("vcenter-admin", "appliance-root", "vco-config", "sso-admin", "vco-db")
        .map(ref -> secrets.resolve(new SecretRef(ref)).revealAsString()).toList();
    assertThat(dunes.support.EngineTables.hits(dataSource, passwords)).isEmpty();
  }

  @Test
  void shouldConvergeWhenEveryStepRunsTwice() throws Exception {
    EveryStepTwice.ENABLED.set(true);
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        request(ticket, "b", 2, 10, lab.fingerprint(), "LabDatastore"));
    ExampleRequest.node(request, "database").put("name", "dbb");
    ExampleRequest.node(request, "appliance").putArray("plugins").add("vCAC").add("Active Directory");
    ProcessInstance build = start(request.toString());
    String applianceFingerprint = confirmAppliance(build);
    Task shutdown = awaitTask(build, "Task_ShutdownNodeForClone");
    engine.getTaskService().complete(shutdown.getId(), Map.of("shutdownMethod", "powerOff", "shutdownConfirmed", true));

    assertThat(awaitEnd(build).getEndActivityId()).isEqualTo("EndEvent_Completed");
    assertOneVmPerNodeAllOn("b1", "b2", "b3");
    assertThat(inventoryNames("VirtualMachine")).filteredOn(n -> n.matches("b[0-9]")).containsExactlyInAnyOrder("b1", "b2", "b3");
    assertThat(inventoryNames("VirtualApp")).filteredOn("vcvcob"::equals).hasSize(1);
    assertThat(vcenter.findVApp("vcvcob").orElseThrow().members()).extracting(VAppInfo.Member::vm)
        .containsExactly("b1", "b2", "b3");
    assertThat(journal.entries("database")).filteredOn(e -> e.target().equals("dbb")).hasSize(2); // each option once
    assertThat(workflowRuns("b1")).containsExactlyInAnyOrder("Configure network settings", "Import certificate from URL",
        "Import certificate from URL", "Configure SSO", "Microsoft SQL Server", "Create database tables", "Configure licence",
        "Install plug-in", "Install plug-in");
    assertThat(workflowRuns("b2")).containsExactly("Configure network settings");
    assertThat(journal.entries("node")).filteredOn(e -> e.target().equals("b1") && e.operation().equals("restart"))
        .hasSize(1);
    assertIdentity("127.0.10.22", applianceFingerprint, "b2.lab.local");
    assertIdentity("127.0.10.23", applianceFingerprint, "b3.lab.local");
  }

  @Test
  void shouldFailWithABpmnErrorNamingAWrongDatastoreAndReportIt() {
    String ticket = ExampleRequest.newTicket();
    ProcessInstance build = start(request(ticket, "c", 3, 10, lab.fingerprint(), "NoSuchDatastore"));

    HistoricProcessInstance ended = awaitEnd(build);
    assertThat(ended.getEndActivityId()).isEqualTo("EndEvent_Failed");
    assertThat(variable(build, "failureCode")).isEqualTo(VSphereVariables.ERROR_INVENTORY_NOT_FOUND);
    assertThat((String) variable(build, "failureMessage")).contains("NoSuchDatastore");
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(build.getId())
        .activityId("CallActivity_UndoVSphere").finished().count()).isEqualTo(1);
    assertThat(journal.entries("changes")).filteredOn(e -> e.target().equals(ticket))
        .extracting(LabJournal.Entry::operation).containsExactly("started", "failed");
    assertThat(vcenter.findVm("c1")).isEmpty();
  }

  @Test
  void shouldRemoveWhatTheBuildDeployedWhenTheChangeIsCancelled() {
    String ticket = ExampleRequest.newTicket();
    ProcessInstance build = start(request(ticket, "d", 4, 10, lab.fingerprint(), "LabDatastore"));
    confirmAppliance(build);
    awaitTask(build, "Task_ShutdownNodeForClone");
    assertThat(vcenter.findVm("d1")).isPresent();

    engine.getRuntimeService().createMessageCorrelation(BuildVariables.MSG_CHANGE_CANCELLED)
        .processInstanceBusinessKey(ticket).correlate();

    assertThat(awaitEnd(build).getEndActivityId()).isEqualTo("EndEvent_Cancelled");
    assertThat(vcenter.findVm("d1")).isEmpty();
    assertThat(vcenter.findVApp("vcvcod")).isEmpty();
  }

  @Test
  void shouldStopAtRefusedSsoCredentialsWithoutBurningRetriesAndUndoTheVms() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        request(ticket, "e", 5, 10, lab.fingerprint(), "LabDatastore"));
    ExampleRequest.node(request, "sso").put("passwordRef", "sso-wrong");
    ProcessInstance build = start(request.toString());
    confirmAppliance(build);

    assertThat(awaitEnd(build).getEndActivityId()).isEqualTo("EndEvent_Failed");
    assertThat(variable(build, "failureCode")).isEqualTo("SsoCredentialsRefused");
    assertThat((String) variable(build, "failureMessage")).contains("InvalidCredentialException").contains("sso-wrong")
        .doesNotContain("not-the-lab-sso-password");
    assertThat(engine.getHistoryService().createHistoricJobLogQuery().failureLog().list())
        .filteredOn(l -> build.getId().equals(l.getRootProcessInstanceId()))
        .filteredOn(l -> String.valueOf(l.getJobExceptionMessage()).contains("InvalidCredential"))
        .as("no retry was spent on a wrong password").isEmpty();
    assertThat(workflowRuns("e1")).containsOnlyOnce("Configure SSO").doesNotContain("Microsoft SQL Server");
    assertThat(vcenter.findVm("e1")).isEmpty();
  }

  @Test
  void shouldStopBeforeTrustingAnSsoCertificateOtherThanThePinnedOne() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        request(ticket, "f", 6, 10, lab.fingerprint(), "LabDatastore"));
    ExampleRequest.node(request, "sso").put("fingerprint", "AB".repeat(32));
    ProcessInstance build = start(request.toString());
    confirmAppliance(build);

    assertThat(awaitEnd(build).getEndActivityId()).isEqualTo("EndEvent_Failed");
    assertThat(variable(build, "failureCode")).isEqualTo("CertificateMismatch");
    assertThat((String) variable(build, "failureMessage")).contains(sso.fingerprint());
    assertThat(workflowRuns("f1")).containsExactly("Configure network settings"); // nothing imported, nothing registered
  }

  @Test
  void shouldStopWhenTheOperatorRejectsTheAppliancesCertificate() {
    String ticket = ExampleRequest.newTicket();
    ProcessInstance build = start(request(ticket, "g", 7, 10, lab.fingerprint(), "LabDatastore"));
    completeFingerprintTask(build, null, "VAMI");
    Task task = awaitTask(build, "Task_ConfirmFingerprint");
    assertThat((String) engine.getTaskService().getVariable(task.getId(), "certificatePurpose")).contains("8281");
    engine.getTaskService().complete(task.getId(), Map.of("certificateDecision", "reject"));

    assertThat(awaitEnd(build).getEndActivityId()).isEqualTo("EndEvent_Failed");
    assertThat(variable(build, "failureCode")).isEqualTo("CertificateRejected");
    assertThat(workflowRuns("g1")).isEmpty();
    assertThat(vcenter.findVm("g1")).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  /** The example request in this test's address range: nodes {prefix}1..3 at 127.0.10.{range}1..3. */
  private String request(String ticket, String prefix, int range, int delay, String vcenterPin, String datastore) {
    int ssoPort = sso.port();
    String ssoFingerprint = sso.fingerprint();
    ObjectNode request = ExampleRequest.withTicket(ticket);
    ExampleRequest.node(request, "cluster").put("name", "vcvco" + prefix).put("fqdn", "vcvco" + prefix + ".lab.local")
        .put("virtualIp", "127.0.10." + range + "0");
    ArrayNode nodes = request.putArray("nodes");
    for (int i = 1; i <= 3; i++) {
      nodes.addObject().put("name", prefix + i).put("fqdn", prefix + i + ".lab.local")
          .put("ip", "127.0.10." + range + i).put("netmask", "255.255.255.0").put("gateway", "127.0.10.1");
    }
    ObjectNode vcenter = ExampleRequest.node(request, "vcenter");
    vcenter.put("url", "https://vcenter.lab.local:18989/sdk").put("datastore", datastore);
    if (vcenterPin != null) {
      vcenter.put("fingerprint", vcenterPin);
    }
    request.put("startDelaySeconds", delay);
    ExampleRequest.node(request, "sso").put("port", ssoPort).put("fingerprint", ssoFingerprint);
    return request.toString();
  }

  private ProcessInstance start(String json) {
    String ticket = json.replaceAll("(?s).*\"ticket\":\"([^\"]+)\".*", "$1");
    return engine.getRuntimeService().createMessageCorrelation(BuildVariables.MSG_BUILD_REQUESTED)
        .processInstanceBusinessKey(ticket).setVariable(BuildVariables.BUILD_REQUEST, json).correlateStartMessage();
  }

  /** Node 1's VAMI, vCO server and SSH host key, as an operator confirms them; returns VAMI's fingerprint. */
  private String confirmAppliance(ProcessInstance build) {
    String vami = completeFingerprintTask(build, null, "VAMI");
    completeFingerprintTask(build, null, "8281");
    completeFingerprintTask(build, null, "SSH");
    return vami;
  }

  /** Waits for Task_ConfirmFingerprint, checks what it shows, accepts it; returns the fingerprint shown. */
  private String completeFingerprintTask(ProcessInstance build, String expected, String purposeContains) {
    Task task = awaitTask(build, "Task_ConfirmFingerprint");
    assertThat(task).hasCandidateGroup("vco-operators");
    String shown = (String) engine.getTaskService().getVariable(task.getId(), "certificateFingerprint");
    assertThat((String) engine.getTaskService().getVariable(task.getId(), "certificatePurpose")).contains(purposeContains);
    if (expected != null) {
      assertThat(shown).isEqualTo(expected);
    }
    engine.getTaskService().complete(task.getId(), Map.of("certificateDecision", "accept"));
    return shown;
  }

  private Task awaitTask(ProcessInstance build, String key) {
    return await().atMost(BUILD).pollInterval(Duration.ofMillis(100)).until(
        () -> engine.getTaskService().createTaskQuery().processInstanceBusinessKey(build.getBusinessKey())
            .taskDefinitionKey(key).singleResult(), t -> t != null || incident(build));
  }

  private HistoricProcessInstance awaitEnd(ProcessInstance build) {
    try {
      return await().atMost(BUILD).pollInterval(Duration.ofMillis(200)).until(
          () -> engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(build.getId())
              .singleResult(), h -> h.getEndTime() != null || incident(build));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("build " + build.getBusinessKey() + " did not end; active: " + activeActivities(build), e);
    }
  }

  /** Where every instance of the build (called processes too) stands, for a failure message. */
  private List<String> activeActivities(ProcessInstance build) {
    return engine.getHistoryService().createHistoricActivityInstanceQuery().unfinished().list().stream()
        .filter(a -> build.getBusinessKey().equals(engine.getHistoryService().createHistoricProcessInstanceQuery()
            .processInstanceId(a.getProcessInstanceId()).singleResult().getBusinessKey()))
        .map(a -> a.getProcessDefinitionKey() + "/" + a.getActivityId()).toList();
  }

  private boolean incident(ProcessInstance build) {
    var incidents = engine.getRuntimeService().createIncidentQuery().list().stream()
        .filter(i -> build.getBusinessKey().equals(engine.getRuntimeService().createProcessInstanceQuery()
            .processInstanceId(i.getProcessInstanceId()).singleResult().getBusinessKey())).toList();
    if (!incidents.isEmpty()) {
      throw new AssertionError("incident in build " + build.getBusinessKey() + ": " + incidents.get(0).getActivityId()
          + ": " + incidents.get(0).getIncidentMessage());
    }
    return false;
  }

  private Object variable(ProcessInstance build, String name) {
    HistoricVariableInstance v = engine.getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(build.getId()).variableName(name).singleResult();
    return v == null ? null : v.getValue();
  }

  /** The configuration workflows the lab node ran, by name, in order. */
  private List<String> workflowRuns(String node) {
    return journal.entries("node").stream().filter(e -> e.target().equals(node) && e.operation().equals("workflow-run"))
        .map(e -> e.detail().replaceAll(" [{(\\[].*$", "")).toList();
  }

  /** Every managed entity of a type in the lab's vCenter, by name, read with the simulator's own session. */
  private List<String> inventoryNames(String type) throws Exception {
    com.vmware.vim25.mo.ServiceInstance si = new dunes.vsphere.VSphereConnector(Duration.ofSeconds(5), Duration.ofSeconds(30))
        .connect(lab.sdkUrl(), "administrator@vsphere.local", secrets.resolve(new SecretRef("vcenter-admin")), lab.fingerprint());
    try {
      return java.util.Arrays.stream(new com.vmware.vim25.mo.InventoryNavigator(si.getRootFolder()).searchManagedEntities(type))
          .map(com.vmware.vim25.mo.ManagedEntity::getName).toList();
    } finally {
      si.getServerConnection().logout();
    }
  }

  private void assertOneVmPerNodeAllOn(String... names) {
    for (String name : names) {
      VmInfo vm = vcenter.findVm(name).orElseThrow(() -> new AssertionError("no vm " + name));
      assertThat(vm.powerState()).as(name).isEqualTo(VmInfo.PowerState.POWERED_ON);
    }
  }

  private void assertIdentity(String address, String fingerprint, String hostname) {
    ApplianceIdentity identity = await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(
        () -> vami.read(new VamiPort.Target(address, 5480, fingerprint, new SecretRef("appliance-root"))), i -> true);
    assertThat(identity.hostname()).isEqualTo(hostname);
    assertThat(identity.network().ip()).isEqualTo(address);
  }

  /** When enabled, every step bean runs its work twice in the same job: the second run must change nothing. */
  @TestConfiguration
  static class EveryStepTwice {
    static final AtomicBoolean ENABLED = new AtomicBoolean();

    @Bean
    static BeanPostProcessor everyStepTwice() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          if (bean instanceof JavaDelegate step && name.endsWith("Step") && bean.getClass().getName().startsWith("dunes.")) {
            return (JavaDelegate) execution -> {
              step.execute(execution);
              if (ENABLED.get()) {
                step.execute(execution);
              }
            };
          }
          return bean;
        }
      };
    }
  }
}
