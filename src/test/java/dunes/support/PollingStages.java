package dunes.support;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import dunes.appliance.config.ExecutionState;
import dunes.appliance.config.VcoConfigPort;
import dunes.appliance.config.WorkflowRef;
import dunes.appliance.config.WorkflowResult;
import dunes.build.BuildVariables;
import dunes.pki.steps.CertificateKind;
import dunes.pki.steps.SubmittedRequests;
import dunes.vsphere.steps.VSphereWait;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * Stages started under a caller ({@link StageCaller}) to meet their poll loops: each answers the
 * stage's instance with its first jobs not run, so a test holds the clock and the external
 * system's answers before the loop looks.
 */
public final class PollingStages {

  /** The configuration run {@link #configurationWorkflow} starts. */
  public static final String RUN =
      "https://127.0.0.11:8281/vco/api/workflows/440c9173-0866-4819-b4c9-f5e15004fd4c/executions/e-1/";

  private PollingStages() {}

  /** AwaitVSphere on {@code wait}. */
  public static ProcessInstance awaitVSphere(ProcessEngine engine, String buildSpec, VSphereWait wait) {
    return StageCaller.call(engine, "AwaitVSphere", ExampleRequest.newTicket(), Map.of(BuildVariables.BUILD_SPEC,
        buildSpec, "vsphereWait", wait.toJson(), "vcenterFingerprint", "SHA256:" + "C".repeat(43)));
  }

  /** RestartNode of node vcvco1. */
  public static ProcessInstance restartNode(ProcessEngine engine, String buildSpec) {
    return StageCaller.call(engine, "RestartNode", ExampleRequest.newTicket(), Map.of(BuildVariables.BUILD_SPEC,
        buildSpec, BuildVariables.NODE_NAME, "vcvco1", "sshFingerprint", "SHA256:" + "A".repeat(43)));
  }

  /** RunConfigurationWorkflow of node vcvco1's network settings, whose run {@link #RUN} {@code vco} says is RUNNING. */
  public static ProcessInstance configurationWorkflow(ProcessEngine engine, VcoConfigPort vco, String buildSpec) {
    when(vco.converge(any(), any(WorkflowRef.class), any(), any())).thenReturn(new WorkflowResult(
        "Configure network settings", "440c9173-0866-4819-b4c9-f5e15004fd4c", WorkflowResult.Outcome.STARTED, RUN));
    when(vco.state(any(), any())).thenReturn(new ExecutionState("Configure network settings", RUN,
        ExecutionState.Status.RUNNING, null));
    return StageCaller.call(engine, "RunConfigurationWorkflow", ExampleRequest.newTicket(), Map.of(
        BuildVariables.BUILD_SPEC, buildSpec, BuildVariables.NODE_NAME, "vcvco1", "configuration", "network",
        "serverFingerprint", "CD".repeat(32)));
  }

  /**
   * CertificateApproval of a request the CA holds as pending ({@code requestId}, recorded for the
   * caller as the certificate stage would), past its approver's yes (the four-eyes approval itself is
   * FourEyesApprovalTest's): moved from the approver's task to {@code Task_CheckRequest}.
   */
  public static ProcessInstance approvedCertificateRequest(ProcessEngine engine, SubmittedRequests requests,
      String buildSpec, long requestId) {
    String ticket = ExampleRequest.newTicket();
    ProcessInstance caller = StageCaller.start(engine, "CertificateApproval", ticket, Map.of(
        BuildVariables.BUILD_SPEC, buildSpec, "certificateDisposition", "PENDING", "caFingerprint", "AB".repeat(32)));
    // the client certificate's request, as its request stage called from the approval's caller records it
    requests.record("client-request-of-" + caller.getId(), caller.getId(), ticket, CertificateKind.CLIENT_SSL, requestId);
    ProcessInstance approval = StageCaller.called(engine, caller);
    engine.getRuntimeService().createProcessInstanceModification(approval.getId())
        .cancelAllForActivity("Task_ApproveCertificateRequest").startBeforeActivity("Task_CheckRequest").execute();
    return approval;
  }
}
