package dunes.pki.steps;

import static dunes.pki.steps.ClientCertificates.*;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.certsrv.Disposition;
import dunes.pki.certsrv.Status;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * One look at a pending request after the approver said yes: the CA manager may not have issued it
 * yet. The request is the one the calling stage submitted ({@link SubmittedRequests}), whatever the
 * approval's variables say.
 */
@Component
public class CheckCertificateRequestStep implements JavaDelegate {

  private final CertsrvPort ca;
  private final SubmittedRequests requests;

  public CheckCertificateRequestStep(CertsrvPort ca, SubmittedRequests requests) {
    this.ca = ca;
    this.requests = requests;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    Status status = ca.status(ca(execution, spec), requests.ofApproval(execution));
    execution.setVariable(DISPOSITION, status.disposition().name());
    if (status.disposition() == Disposition.DENIED) {
      throw new BpmnError(SubmitCertificateRequestStep.ERROR_DENIED, "the CA at " + spec.ca().url()
          + " denied request " + status.requestId() + ": " + status.message());
    }
  }
}
