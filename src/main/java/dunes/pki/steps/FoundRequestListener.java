package dunes.pki.steps;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.Fingerprints;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.certsrv.Disposition;
import dunes.pki.certsrv.Status;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing Task_FindSubmittedRequest ({@code camunda:taskListener event="complete"
 * delegateExpression="${foundRequest}"}): a person looked at the CA for the CSR whose answer Dunes
 * lost ({@link SubmissionMarkers}). "found" records the request id they entered as this stage's
 * ({@link SubmittedRequests}) once the CA knows it and, when it was issued, its certificate carries
 * the submitted key; "none" forgets the marker so the stage submits again. Anything else is refused
 * naming the field, and the task stays open.
 */
@Component("foundRequest")
public class FoundRequestListener implements TaskListener {

  static final String FINDING = "submissionFinding";
  static final String FOUND_ID = "foundRequestId";

  private final SubmissionMarkers markers;
  private final SubmittedRequests requests;
  private final CertsrvPort ca;

  public FoundRequestListener(SubmissionMarkers markers, SubmittedRequests requests, CertsrvPort ca) {
    this.markers = markers;
    this.requests = requests;
    this.ca = ca;
  }

  @Override
  public void notify(DelegateTask task) {
    DelegateExecution stage = task.getExecution();
    String stageId = stage.getProcessInstanceId();
    SubmissionMarkers.Marker marker = markers.find(stageId).orElseThrow(() -> refused(task, FINDING,
        "this stage has no submission in doubt any more"));
    Object finding = task.getVariable(FINDING);
    if ("none".equals(finding)) {
      markers.clear(stageId);
      return;
    }
    if (!"found".equals(finding)) {
      throw refused(task, FINDING, "choose 'found' (enter its request id) or 'none' (the CA holds no such request)");
    }
    if (!(task.getVariable(FOUND_ID) instanceof Number number) || number.longValue() < 1) {
      throw refused(task, FOUND_ID, "enter the CA's request id (a whole number from 1) of the request you found");
    }
    long id = number.longValue();
    BuildSpec spec = BuildVariables.spec(stage);
    CertsrvPort.Target target = ClientCertificates.ca(stage, spec);
    Status status = ca.status(target, id);
    if (status.disposition() == Disposition.ISSUED) {
      String issuedKey = Fingerprints.publicKeySha256(ca.fetch(target, id).leaf().getPublicKey());
      if (!issuedKey.equals(marker.publicKeySha256())) {
        throw refused(task, FOUND_ID, "request " + id + " at " + marker.caUrl() + " was issued for key SHA-256 "
            + issuedKey + ", not the submitted one (" + marker.publicKeySha256() + "): it is another request");
      }
    }
    requests.record(stageId, SubmittedRequests.callerOf(stage), stage.getProcessBusinessKey(),
        CertificateKind.ofWhat(marker.certificate()), id);
  }

  private static ProcessEngineException refused(DelegateTask task, String field, String why) {
    return new ProcessEngineException("'" + task.getName() + "' cannot be completed: " + field + ": " + why);
  }
}
