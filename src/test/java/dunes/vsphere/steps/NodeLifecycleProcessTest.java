package dunes.vsphere.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.build.BuildVariables;
import dunes.lab.LabJournal;
import dunes.secrets.SecretRef;
import dunes.support.ExampleRequest;
import dunes.support.LabBuildTest;
import dunes.support.PlanApproval;
import dunes.vsphere.VAppInfo;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

/**
 * The node lifecycle of a build in the lab: OVF deploy, the appliance's SSH host key trusted by an
 * operator, the identity set by the VAMI commands over SSH, node configuration, the shutdown task (a guest shutdown
 * refused while node 1's VMware Tools do not run, then a power-off), clones for N = 3, node 1 on again, the
 * staggered-start vApp — read back from the lab's vCenter, the nodes and the engine.
 */
class NodeLifecycleProcessTest extends LabBuildTest {

  @Test
  void shouldDeployCloneAndStaggerThreeNodesWithTheOperatorsDecisions() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        request(ticket, "a", 1, 30, null, "LabDatastore"));
    ExampleRequest.node(request, "appliance").put("cpus", 4).put("memoryMb", 6144);
    ExampleRequest.node(request, "database").put("name", "dba");
    faults.inject("node:a1:config", dunes.lab.LabFaults.Kind.HTTP_503, 2); // as a vco-server still starting
    ProcessInstance build = start(request.toString());

    approvePlan(build); // vCenter unpinned in the request: the plan's approval pins it, and node 1's keys at first contact
    Task shutdown = awaitTask(build, "Task_ShutdownNodeForClone");
    assertThat(shutdown).hasCandidateGroup("vco-operators");
    assertThat(engine.getTaskService().createTaskQuery().taskId(shutdown.getId()).initializeFormKeys().singleResult()
        .getCamundaFormRef().getKey()).isEqualTo("shutdown-for-clone");
    assertThat(engine.getTaskService().getVariable(shutdown.getId(), "sourcePowerState")).isEqualTo("POWERED_ON");
    assertThat(engine.getTaskService().getVariable(shutdown.getId(), "cloneNames")).isEqualTo("a2, a3");
    assertThat(status.find(ticket).orElseThrow().openTasks()).extracting(t -> t.taskDefinitionKey())
        .containsExactly("Task_ShutdownNodeForClone"); // a stage's task is the build's task
    engine.getTaskService().complete(shutdown.getId(), Map.of("shutdownMethod", "guest", "shutdownConfirmed", true));

    // node 1's VMware Tools are not running (LabBuildTest): no guest shutdown, the choice comes back with the reason
    Task again = awaitTask(build, "Task_ShutdownNodeForClone");
    assertThat(engine.getTaskService().getVariable(again.getId(), "shutdownRefusal")).isEqualTo("VMware Tools is not"
        + " running in vm 'a1' (guestToolsNotRunning): a guest shutdown needs it; wait for Tools or choose a power-off");
    assertThat(engine.getTaskService().getVariables(again.getId())).containsEntry("sourcePowerState", "POWERED_ON")
        .containsEntry("sourceGuestState", "notRunning").containsEntry("sourceToolsStatus", "guestToolsNotRunning");
    assertThat(new String(engine.getFormService().getDeployedTaskForm(again.getId()).readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8)).as("the operator's form shows the reason").contains("\"key\": \"shutdownRefusal\"");
    assertThat(vcenter.findVm("a1").orElseThrow().powerState()).isEqualTo(dunes.vsphere.VmInfo.PowerState.POWERED_ON);
    String clones = again.getProcessInstanceId();
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(clones)
        .activityId("Task_ReadSourceState").count()).as("node 1's state read again for the operator").isEqualTo(2);
    assertThat(engine.getHistoryService().createHistoricJobLogQuery().processInstanceId(clones).failureLog().count())
        .as("no retry spent on the refusal").isZero();
    engine.getTaskService().complete(again.getId(), Map.of("shutdownMethod", "powerOff", "shutdownConfirmed", true));

    HistoricProcessInstance ended = awaitEnd(build);
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(clones)
        .activityId("EndEvent_Clones").finished().count()).as("the clone stage completed").isEqualTo(1);
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(clones)
        .variableName("shutdownRefusal").singleResult().getValue()).as("the power-off went ahead").isNull();
    assertThat(ended.getEndActivityId()).isEqualTo("EndEvent_Completed");
    assertOneVmPerNodeAllOn("a1", "a2", "a3");
    assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceBusinessKey(ticket)
        .taskDefinitionKey("Task_ConfirmFingerprint").count())
        .as("vCenter, node 1's SSH host key and its 8281: the approved plan covers each").isZero();
    String applianceFingerprint = pinnedHostKey(build, "127.0.10.11");
    assertThat(engine.getHistoryService().createHistoricDetailQuery().variableUpdates().list().stream()
        .filter(d -> ((org.camunda.bpm.engine.history.HistoricVariableUpdate) d).getVariableName().equals("vsphereProgress"))
        .filter(d -> build.getBusinessKey().equals(engine.getHistoryService().createHistoricProcessInstanceQuery()
            .processInstanceId(d.getProcessInstanceId()).singleResult().getBusinessKey()))
        .map(d -> ((org.camunda.bpm.engine.history.HistoricVariableUpdate) d).getValue()))
        .as("the upload's progress, shown by the wait loop while a worker uploads").contains(100);
    assertThat(List.of("a1", "a2", "a3")).allSatisfy(name -> { // sized before the first power-on; clones inherit
      assertThat(vcenter.findVm(name).orElseThrow().cpus()).isEqualTo(4);
      assertThat(vcenter.findVm(name).orElseThrow().memoryMb()).isEqualTo(6144);
      assertThat(vcenter.findVm(name).orElseThrow().syncTimeWithHost()).as("clocks synchronised").isTrue();
    });
    VAppInfo vapp = vcenter.findVApp("vcvcoa").orElseThrow();
    assertThat(vapp.buildTag()).isEqualTo(ticket);
    assertThat(vapp.members()).extracting(VAppInfo.Member::vm, VAppInfo.Member::startOrder, VAppInfo.Member::startDelay)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a1", 1, 30), org.assertj.core.groups.Tuple.tuple("a2", 2, 30),
            org.assertj.core.groups.Tuple.tuple("a3", 3, 30));
    assertThat(vapp.members()).allSatisfy(m -> {
      assertThat(m.waitingForGuest()).isFalse();
      assertThat(m.stopAction()).isEqualTo("guestShutdown");
    });
    assertIdentity("127.0.10.11", applianceFingerprint, "vcvcoa.lab.local");
    assertIdentity("127.0.10.12", applianceFingerprint, "a2.lab.local");
    assertIdentity("127.0.10.13", applianceFingerprint, "a3.lab.local");
    assertThat(engine.getHistoryService().createHistoricJobLogQuery().failureLog().list())
        .filteredOn(l -> build.getId().equals(l.getRootProcessInstanceId()))
        .extracting(org.camunda.bpm.engine.history.HistoricJobLog::getActivityId)
        .as("an appliance booting or switching its address is waited for, not a failed attempt")
        .doesNotContain("Task_SetNodeIdentity", "Task_SetCloneIdentity");
    assertThat(journal.entries("changes")).filteredOn(e -> e.target().equals(ticket))
        .extracting(LabJournal.Entry::operation).containsExactly("started", "completed");
    assertThat(variable(build, "databaseChanges")).isEqualTo("ALLOW_SNAPSHOT_ISOLATION ON; READ_COMMITTED_SNAPSHOT ON");
    List<org.camunda.bpm.engine.history.HistoricJobLog> unavailable = engine.getHistoryService()
        .createHistoricJobLogQuery().failureLog().list().stream()
        .filter(l -> build.getId().equals(l.getRootProcessInstanceId()))
        .filter(l -> String.valueOf(l.getJobExceptionMessage()).contains("503"))
        .sorted(java.util.Comparator.comparing(org.camunda.bpm.engine.history.HistoricJobLog::getTimestamp)).toList();
    assertThat(unavailable).filteredOn(l -> l.getProcessInstanceId().equals(unavailable.get(0).getProcessInstanceId()))
        .as("the two injected 503 answers of node 1's first configuration call were retried, not failed").hasSize(2);
    // every password the build used (vCenter, root, configurator, SSO, database, edge, CA) stayed out of the engine
    List<String> passwords = java.util.stream.Stream.of("vcenter-admin", "appliance-root", "vco-config", "sso-admin", "vco-db", "vsm-admin", "ca-enroll")
        .map(ref -> secrets.resolve(new SecretRef(ref)).revealAsString()).toList();
    assertThat(dunes.support.EngineTables.hits(dataSource, passwords)).isEmpty();
    // node 1 serves the CA-signed chain: a JDK client trusting only the lab's root, checking the address
    java.security.cert.X509Certificate[] served = servedChain("127.0.10.11", 8281, ca.rootCertificate());
    assertThat(served[0].getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList()).contains("vcvcoa.lab.local",
        "a1.lab.local", "a2.lab.local", "a3.lab.local", "127.0.10.10", "127.0.10.11", "127.0.10.12", "127.0.10.13");
    // and its private key is nowhere in the engine
    java.security.Key key = privateKeyOf("a1");
    assertThat(dunes.support.EngineTables.hits(dataSource, List.of(
        java.util.Base64.getEncoder().encodeToString(key.getEncoded()).substring(0, 64),
        java.util.HexFormat.of().formatHex(key.getEncoded()).substring(0, 64)))).isEmpty();
  }

  @Test
  void shouldConvergeWhenEveryStepRunsTwice() throws Exception {
    LabBuildTest.EveryStepTwice.ENABLED.set(true);
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        request(ticket, "b", 2, 10, lab.fingerprint(), "LabDatastore"));
    ExampleRequest.node(request, "database").put("name", "dbb");
    ExampleRequest.node(request, "appliance").putArray("plugins").add("vCAC").add("Active Directory");
    ProcessInstance build = start(request.toString());
    approvePlan(build);
    Task shutdown = awaitTask(build, "Task_ShutdownNodeForClone");
    engine.getTaskService().complete(shutdown.getId(), Map.of("shutdownMethod", "powerOff", "shutdownConfirmed", true));

    assertThat(awaitEnd(build).getEndActivityId()).isEqualTo("EndEvent_Completed");
    assertOneVmPerNodeAllOn("b1", "b2", "b3");
    assertThat(inventoryNames("VirtualMachine")).filteredOn(n -> n.matches("b[0-9]")).containsExactlyInAnyOrder("b1", "b2", "b3");
    assertThat(inventoryNames("VirtualApp")).filteredOn("vcvcob"::equals).hasSize(1);
    assertThat(vcenter.findVApp("vcvcob").orElseThrow().members()).extracting(VAppInfo.Member::vm)
        .containsExactly("b1", "b2", "b3");
    assertThat(journal.entries("database")).filteredOn(e -> e.target().equals("dbb")).hasSize(2); // each option once
    assertThat(workflowRuns("b1")).containsExactlyInAnyOrder("Configure network settings", "Import trusted certificate from URL",
        "Import trusted certificate from URL", "Configure SSO", "Microsoft SQL Server", "Create database tables", "Use vCenter Server license",
        "Install plug-in", "Install plug-in", "Create package signing certificate", "Export package signing CSR",
        "Import trusted certificate", "Import package signing certificate", "Configure cluster");
    assert journal.entries("node").stream().noneMatch(e -> e.target().equals("b1") && e.detail().contains(" failed: "));
    assertThat(workflowRuns("b2")).containsExactly("Configure network settings", "Add a vCenter Server instance", "Configure cluster");
    assertThat(journal.entries("node")).filteredOn(e -> e.target().equals("b1") && e.operation().equals("restart"))
        .as("one restart each for the configuration, the new certificate and the cluster").hasSize(3);
    assertThat(journal.entries("ca")).filteredOn(e -> e.operation().equals("submit") && e.detail().contains("CN=vcvcob.lab.local"))
        .as("one CSR per certificate: package signing and client SSL").hasSize(2);
    assertThat(journal.entries("node")).filteredOn(e -> e.target().equals("b1") && e.operation().equals("file-copy")
        && e.detail().endsWith("jssecacerts.backup.dunes-tmp")).as("one backup, copied under a temporary name").hasSize(1);
    assertThat(journal.entries("node")).filteredOn(e -> e.target().equals("b1") && e.operation().equals("sftp-rename")
        && e.detail().endsWith("jssecacerts.backup")).as("and moved to its final name once").hasSize(1);
    String applianceFingerprint = pinnedHostKey(build, "127.0.10.21");
    assertIdentity("127.0.10.22", applianceFingerprint, "b2.lab.local");
    assertIdentity("127.0.10.23", applianceFingerprint, "b3.lab.local");
  }

  @Test
  void shouldRemoveWhatTheBuildDeployedWhenTheChangeIsCancelled() {
    String ticket = ExampleRequest.newTicket();
    ProcessInstance build = start(request(ticket, "d", 4, 10, lab.fingerprint(), "LabDatastore"));
    approvePlan(build);
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
    approvePlan(build);

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
    approvePlan(build);

    assertThat(awaitEnd(build).getEndActivityId()).isEqualTo("EndEvent_Failed");
    assertThat(variable(build, "failureCode")).isEqualTo("CertificateMismatch");
    assertThat((String) variable(build, "failureMessage")).contains(sso.fingerprint());
    assertThat(workflowRuns("f1")).containsExactly("Configure network settings"); // nothing imported, nothing registered
  }

  @Test
  void shouldBuildNothingWhenTheOperatorRejectsThePlan() {
    String ticket = ExampleRequest.newTicket();
    ProcessInstance build = start(request(ticket, "g", 7, 10, lab.fingerprint(), "LabDatastore"));
    Task task = awaitTask(build, PlanApproval.TASK);
    assertThat((String) engine.getTaskService().getVariable(task.getId(), "planFirstContact"))
        .contains("ssh://127.0.10.71:2222", "https://127.0.10.71:8281");
    PlanApproval.complete(engine, task, "operator", PlanApproval.REJECT);

    assertThat(awaitEnd(build).getEndActivityId()).isEqualTo("EndEvent_NotBuilt");
    assertThat(plans.approved(ticket)).isEmpty();
    assertThat(workflowRuns("g1")).isEmpty();
    assertThat(vcenter.findVm("g1")).isEmpty();
  }
}
