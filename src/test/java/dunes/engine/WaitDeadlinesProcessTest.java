package dunes.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.when;

import dunes.appliance.config.VcoConfigPort;
import dunes.appliance.shell.NodeShellPort;
import dunes.appliance.shell.ServiceState;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.certsrv.Disposition;
import dunes.pki.certsrv.Status;
import dunes.pki.steps.SubmittedRequests;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import dunes.support.PollingStages;
import dunes.vsphere.Moref;
import dunes.vsphere.TaskRef;
import dunes.vsphere.TaskState;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.VmInfo;
import dunes.vsphere.steps.VSphereClients;
import dunes.vsphere.steps.VSphereWait;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.history.HistoricIncident;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * Poll loops past their deadline, run through the engine with the external systems answering
 * "not yet" for ever and the engine clock moved: each ends in an incident whose message says what
 * was awaited, since when and the last state (a single attempt here, so the incident opens at
 * once), or, for a CA that does not issue an approved request, back at the approvers.
 */
@TestPropertySource(properties = {
    "dunes.retry.vsphere=R1/PT1S", "dunes.retry.appliance=R1/PT1S",
    "dunes.deadlines.vsphere-task=PT2M", "dunes.deadlines.power-state=PT1M",
    "dunes.deadlines.service-start=PT1M", "dunes.deadlines.certificate-issue=PT5M",
    "dunes.deadlines.configuration-workflow=PT3M"})
class WaitDeadlinesProcessTest extends DunesIntegrationTest {

  @MockitoBean VSphereClients vsphereClients;
  @MockitoBean NodeShellPort shell;
  @MockitoBean CertsrvPort ca;
  @MockitoBean VcoConfigPort vco;
  @Autowired SubmittedRequests requests;
  private final VSpherePort vsphere = Mockito.mock(VSpherePort.class);

  @AfterEach
  void clock() {
    ClockUtil.reset();
  }

  @Test
  void shouldEndAVSphereTaskThatNeverFinishesInAnIncidentNamingItAndItsProgress() {
    Instant t0 = at(Instant.now());
    TaskRef clone = new TaskRef(new Moref("Task", "task-42"), new Moref("VirtualMachine", "vm-1"), "CloneVM_Task");
    when(vsphereClients.forBuild(any(), any())).thenReturn(vsphere);
    when(vsphere.poll(any())).thenReturn(new TaskState(TaskState.Status.RUNNING, 40, null, null, clone, null));
    ProcessInstance wait = await(VSphereWait.of(clone));

    at(t0.plusSeconds(119));
    runNextPoll(wait);
    assertThat(incidents(wait)).as("within the deadline it waits on").isZero();

    at(t0.plusSeconds(121));
    runNextPoll(wait);

    assertThat(incidentMessage(wait)).isEqualTo("still waiting for vSphere task Task:task-42 (CloneVM_Task) to finish"
        + " since " + t0 + " (121 s), past the deadline of 120 s (dunes.deadlines.vsphere-task); last seen: RUNNING 40%."
        + " Look at the task in vCenter's Recent Tasks, then retry: a retry looks once more");
    assertThat(historicIncident(wait).getActivityId()).isEqualTo("Task_PollVSphere");
  }

  @Test
  void shouldEndAGuestShutdownThatNeverEndsInAnIncidentNamingTheVmAndItsPowerState() {
    Instant t0 = at(Instant.now());
    when(vsphereClients.forBuild(any(), any())).thenReturn(vsphere);
    when(vsphere.findVm("vcvco1")).thenReturn(Optional.of(new VmInfo("vcvco1", new Moref("VirtualMachine", "vm-1"),
        VmInfo.PowerState.POWERED_ON, Map.of(), Set.of(), null, 2, 4096, "running", "guestToolsRunning", true)));
    ProcessInstance wait = await(VSphereWait.powerState("vcvco1", VmInfo.PowerState.POWERED_OFF, "shut down node 1"));

    at(t0.plusSeconds(61));
    runNextPoll(wait);

    assertThat(incidentMessage(wait)).startsWith("still waiting for vm 'vcvco1' to be POWERED_OFF (shut down node 1)"
        + " since " + t0 + " (61 s), past the deadline of 60 s (dunes.deadlines.power-state); last seen: POWERED_ON.");
  }

  @Test
  void shouldEndARestartThatNeverReachesRunningInAnIncidentNamingTheNodeAndItsState() {
    when(shell.serviceStatus(any())).thenReturn(ServiceState.STARTING);
    ProcessInstance restart = PollingStages.restartNode(engine, spec());
    runJobs(restart.getId());
    assertThat(timer(restart)).as("polling").isNotNull();

    at(Instant.now().plusSeconds(90));
    runNextPoll(restart);

    assertThat(incidentMessage(restart)).startsWith("still waiting for vco-server on vcvco1 (127.0.0.11) to be RUNNING"
        + " after its restart since ").contains("past the deadline of 60 s (dunes.deadlines.service-start);"
        + " last seen: STARTING. Look at the node");
    assertThat(historicIncident(restart).getActivityId()).isEqualTo("Task_NodeUp");
  }

  @Test
  void shouldEndAConfigurationRunThatNeverEndsInAnIncidentNamingTheRunAndItsState() {
    Instant t0 = at(Instant.now());
    ProcessInstance workflow = PollingStages.configurationWorkflow(engine, vco, spec());
    String run = PollingStages.RUN;
    runJobs(workflow.getId());
    runNextPoll(workflow); // the first look: the wait begins
    assertThat(incidents(workflow)).isZero();

    at(t0.plusSeconds(181));
    runNextPoll(workflow);

    assertThat(incidentMessage(workflow)).isEqualTo("still waiting for the run of 'Configure network settings' on node"
        + " vcvco1 (" + run + ") to end since " + t0 + " (181 s), past the deadline of 180 s"
        + " (dunes.deadlines.configuration-workflow); last seen: RUNNING. Look at the run in the vCO client (cancel it"
        + " if it hangs), then retry: a retry looks once more");
    assertThat(historicIncident(workflow).getActivityId()).isEqualTo("Task_PollWorkflow");
  }

  @Test
  void shouldHandAnApprovedRequestTheCaStillHoldsBackToTheApprovers() {
    Instant t0 = at(Instant.now());
    when(ca.status(any(), anyLong())).thenAnswer(i -> new Status(i.getArgument(1), Disposition.PENDING, "Taken Under Submission"));
    ProcessInstance approval = PollingStages.approvedCertificateRequest(engine, requests, spec(), 77);
    runJobs(approval.getId());
    assertThat(timer(approval)).as("polling the CA").isNotNull();

    at(t0.plusSeconds(301));
    runNextPoll(approval);

    assertThat(engine.getTaskService().createTaskQuery().processInstanceId(approval.getId()).singleResult()
        .getTaskDefinitionKey()).isEqualTo("Task_ApproveCertificateRequest");
    assertThat((String) engine.getRuntimeService().getVariable(approval.getId(), "certificateOverdue"))
        .startsWith("still waiting for the CA at ").contains("to issue request 77 after its approval since " + t0 + " (301 s), past the deadline of 300 s"
            + " (dunes.deadlines.certificate-issue); last seen: PENDING. The approver is asked again");
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(approval.getId())
        .activityId("Event_IssueOverdue").count()).isEqualTo(1);
    assertThat(engine.getRuntimeService().getVariable(approval.getId(), Wait.CERTIFICATE_ISSUE.variable()))
        .as("the next approval starts a new wait").isNull();
    assertThat(incidents(approval)).isZero();

    // the task back at the approvers escalates to pki-leads, never to vco-leads, and stays undecided
    String task = engine.getTaskService().createTaskQuery().processInstanceId(approval.getId()).singleResult().getId();
    engine.getManagementService().executeJob(engine.getManagementService().createJobQuery()
        .processInstanceId(approval.getId()).timers().activityId("Event_EscalateApproveCertificateRequest").singleResult().getId());
    assertThat(engine.getTaskService().getIdentityLinksForTask(task)).filteredOn(l -> l.getGroupId() != null)
        .extracting(l -> l.getGroupId()).containsExactlyInAnyOrder("pki-approvers", "pki-leads");
    assertThat(engine.getTaskService().createTaskQuery().taskId(task).singleResult().getPriority()).isEqualTo(100);
  }

  private ProcessInstance await(VSphereWait wait) {
    ProcessInstance stage = PollingStages.awaitVSphere(engine, spec(), wait);
    runJobs(stage.getId());
    assertThat(timer(stage)).as("polling").isNotNull();
    return stage;
  }

  /** The poll interval's timer fires, then the look it brings runs (once: R1 leaves no retry). */
  private void runNextPoll(ProcessInstance stage) {
    engine.getManagementService().executeJob(timer(stage).getId());
    Job look = engine.getManagementService().createJobQuery().processInstanceId(stage.getId()).messages().singleResult();
    try {
      engine.getManagementService().executeJob(look.getId());
    } catch (WaitExpiredException expected) {
      // the job failed; the engine recorded it
    } catch (RuntimeException e) {
      if (!(e.getCause() instanceof WaitExpiredException) && !(e instanceof org.camunda.bpm.engine.ProcessEngineException)) {
        throw e;
      }
    }
  }

  private Job timer(ProcessInstance stage) {
    return engine.getManagementService().createJobQuery().processInstanceId(stage.getId()).timers()
        .activityId(poll(stage)).singleResult();
  }

  private String poll(ProcessInstance stage) {
    String key = engine.getRepositoryService().getProcessDefinition(stage.getProcessDefinitionId()).getKey();
    return switch (key) {
      case "AwaitVSphere" -> "Event_PollInterval";
      case "RestartNode" -> "Event_NodeUpPoll";
      case "CertificateApproval" -> "Event_CaPoll";
      case "RunConfigurationWorkflow" -> "Event_WorkflowPoll";
      default -> throw new IllegalArgumentException(key);
    };
  }

  private long incidents(ProcessInstance stage) {
    return engine.getRuntimeService().createIncidentQuery().processInstanceId(stage.getId()).count();
  }

  private String incidentMessage(ProcessInstance stage) {
    Incident incident = engine.getRuntimeService().createIncidentQuery().processInstanceId(stage.getId()).singleResult();
    assertThat(incident).as("an incident").isNotNull();
    return incident.getIncidentMessage();
  }

  private HistoricIncident historicIncident(ProcessInstance stage) {
    return engine.getHistoryService().createHistoricIncidentQuery().processInstanceId(stage.getId()).singleResult();
  }

  private static String spec() {
    return ExampleRequest.changed(ExampleRequest.newTicket(), r -> { });
  }

  private static Instant at(Instant instant) {
    ClockUtil.setCurrentTime(Date.from(instant));
    return ClockUtil.now().toInstant();
  }
}
