package dunes.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.when;

import dunes.appliance.config.ExecutionState;
import dunes.appliance.config.VcoConfigPort;
import dunes.appliance.config.WorkflowResult;
import dunes.appliance.shell.NodeShellPort;
import dunes.appliance.shell.ServiceState;
import dunes.build.BuildVariables;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.certsrv.Disposition;
import dunes.pki.certsrv.Status;
import dunes.pki.steps.CertificateKind;
import dunes.pki.steps.SubmittedRequests;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import dunes.support.StageCaller;
import dunes.vsphere.Moref;
import dunes.vsphere.TaskRef;
import dunes.vsphere.TaskState;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.steps.VSphereClients;
import dunes.vsphere.steps.VSphereWait;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * Each wait loop looks again after its own system's {@code dunes.polling.*} interval: run through the
 * engine with the system answering "not yet" and the engine clock held, the loop's timer is due
 * exactly that interval later (distinct values here, so a loop reading another system's fails).
 */
@TestPropertySource(properties = {
    "dunes.polling.vsphere=PT7S", "dunes.polling.appliance=PT11S", "dunes.polling.configuration-workflow=PT13S",
    "dunes.polling.certificate-authority=PT17S"})
class PollIntervalsProcessTest extends DunesIntegrationTest {

  @MockitoBean VSphereClients vsphereClients;
  @MockitoBean NodeShellPort shell;
  @MockitoBean CertsrvPort ca;
  @MockitoBean VcoConfigPort vco;
  @Autowired SubmittedRequests requests;
  private final VSpherePort vsphere = Mockito.mock(VSpherePort.class);
  private Instant now;

  @BeforeEach
  void holdTheClock() {
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ClockUtil.setCurrentTime(Date.from(now));
  }

  @AfterEach
  void clock() {
    ClockUtil.reset();
  }

  @Test
  void shouldLookAtARunningVSphereTaskAgainAfterTheVSphereInterval() {
    TaskRef clone = new TaskRef(new Moref("Task", "task-42"), new Moref("VirtualMachine", "vm-1"), "CloneVM_Task");
    when(vsphereClients.forBuild(any(), any())).thenReturn(vsphere);
    when(vsphere.poll(any())).thenReturn(new TaskState(TaskState.Status.RUNNING, 40, null, null, clone, null));
    ProcessInstance wait = StageCaller.call(engine, "AwaitVSphere", ExampleRequest.newTicket(), Map.of(
        BuildVariables.BUILD_SPEC, spec(), "vsphereWait", VSphereWait.of(clone).toJson(),
        "vcenterFingerprint", "SHA256:" + "C".repeat(43)));
    runJobs(wait.getId());

    assertThat(dueIn(wait, "Event_PollInterval")).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void shouldLookAtAStartingVcoServerAgainAfterTheApplianceInterval() {
    when(shell.serviceStatus(any())).thenReturn(ServiceState.STARTING);
    ProcessInstance restart = StageCaller.call(engine, "RestartNode", ExampleRequest.newTicket(), Map.of(
        BuildVariables.BUILD_SPEC, spec(), BuildVariables.NODE_NAME, "vcvco1", "sshFingerprint", "SHA256:" + "A".repeat(43)));
    runJobs(restart.getId());

    assertThat(dueIn(restart, "Event_NodeUpPoll")).isEqualTo(Duration.ofSeconds(11));
  }

  @Test
  void shouldLookAtARunningConfigurationWorkflowAgainAfterItsOwnInterval() {
    String run = "https://127.0.0.11:8281/vco/api/workflows/440c9173-0866-4819-b4c9-f5e15004fd4c/executions/e-1/";
    when(vco.converge(any(), any(dunes.appliance.config.WorkflowRef.class), any(), any())).thenReturn(new WorkflowResult(
        "Configure network settings", "440c9173-0866-4819-b4c9-f5e15004fd4c", WorkflowResult.Outcome.STARTED, run));
    when(vco.state(any(), any())).thenReturn(new ExecutionState("Configure network settings", run,
        ExecutionState.Status.RUNNING, null));
    ProcessInstance workflow = StageCaller.call(engine, "RunConfigurationWorkflow", ExampleRequest.newTicket(), Map.of(
        BuildVariables.BUILD_SPEC, spec(), BuildVariables.NODE_NAME, "vcvco1", "configuration", "network",
        "serverFingerprint", "CD".repeat(32)));
    runJobs(workflow.getId());

    assertThat(dueIn(workflow, "Event_WorkflowPoll")).isEqualTo(Duration.ofSeconds(13));
  }

  @Test
  void shouldLookAtTheCaForAnApprovedRequestAgainAfterTheCertificateAuthorityInterval() {
    String ticket = ExampleRequest.newTicket();
    when(ca.status(any(), anyLong())).thenAnswer(i -> new Status(i.getArgument(1), Disposition.PENDING, "Taken Under Submission"));
    ProcessInstance caller = StageCaller.start(engine, "CertificateApproval", ticket, Map.of(
        BuildVariables.BUILD_SPEC, spec(), "certificateDisposition", "PENDING", "caFingerprint", "AB".repeat(32)));
    requests.record("client-request-of-" + caller.getId(), caller.getId(), ticket, CertificateKind.CLIENT_SSL, 77);
    ProcessInstance approval = StageCaller.called(engine, caller);
    // the approver said yes (FourEyesApprovalTest's part): the stage looks at the CA
    engine.getRuntimeService().createProcessInstanceModification(approval.getId())
        .cancelAllForActivity("Task_ApproveCertificateRequest").startBeforeActivity("Task_CheckRequest").execute();
    runJobs(approval.getId());

    assertThat(dueIn(approval, "Event_CaPoll")).isEqualTo(Duration.ofSeconds(17));
  }

  /** How long after the held clock the loop's timer fires. */
  private Duration dueIn(ProcessInstance stage, String timerEvent) {
    Job timer = engine.getManagementService().createJobQuery().processInstanceId(stage.getId()).timers()
        .activityId(timerEvent).singleResult();
    assertThat(timer).as("%s waiting at %s", stage.getId(), timerEvent).isNotNull();
    return Duration.between(now, timer.getDuedate().toInstant());
  }

  private static String spec() {
    return ExampleRequest.changed(ExampleRequest.newTicket(), r -> { });
  }
}
