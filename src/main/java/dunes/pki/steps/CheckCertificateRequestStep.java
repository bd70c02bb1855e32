package dunes.pki.steps;

import static dunes.pki.steps.ClientCertificates.*;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.engine.Wait;
import dunes.engine.WaitDeadlines;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.certsrv.Disposition;
import dunes.pki.certsrv.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * One look at the build's requests after the approver said yes: the CA manager may not have issued
 * them yet. The requests are the ones the calling stage's request stages submitted
 * ({@link SubmittedRequests}), whatever the approval's variables say. {@value ClientCertificates#DISPOSITION}
 * is ISSUED once every one is. Still pending {@code dunes.deadlines.certificate-issue} after the
 * first look, it hands the requests back to the approvers ({@value #ERROR_OVERDUE}, with
 * {@value #OVERDUE} saying since when): only a person decides, and the next approval starts a new wait.
 */
@Component
public class CheckCertificateRequestStep implements JavaDelegate {

  public static final String ERROR_OVERDUE = "CertificateOverdue";
  /** The last overdue message, shown on the approval form. */
  static final String OVERDUE = "certificateOverdue";

  private final CertsrvPort ca;
  private final SubmittedRequests requests;
  private final WaitDeadlines deadlines;

  public CheckCertificateRequestStep(CertsrvPort ca, SubmittedRequests requests, WaitDeadlines deadlines) {
    this.ca = ca;
    this.requests = requests;
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    List<Long> pending = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    requests.ofApproval(execution).forEach((kind, id) -> {
      Status status = ca.status(ca(execution, spec), id);
      execution.setVariable(kind.dispositionVariable(), status.disposition().name());
      if (status.disposition() == Disposition.DENIED) {
        throw new BpmnError(SubmitCertificateRequestStep.ERROR_DENIED, "the CA at " + spec.ca().url()
            + " denied the " + kind.what() + " request " + status.requestId() + ": " + status.message());
      }
      if (status.disposition() != Disposition.ISSUED) {
        pending.add(status.requestId());
        seen.add(status.disposition().name());
      }
    });
    execution.setVariable(DISPOSITION, pending.isEmpty() ? Disposition.ISSUED.name() : seen.get(0));
    if (!pending.isEmpty()) {
      Optional<String> overdue = deadlines.overdue(Wait.CERTIFICATE_ISSUE, deadlines.began(execution, Wait.CERTIFICATE_ISSUE),
          "the CA at " + spec.ca().url() + " to issue request " + pending.stream().map(String::valueOf)
              .collect(Collectors.joining(", ")) + " after its approval", String.join(", ", seen));
      if (overdue.isPresent()) {
        deadlines.restart(execution, Wait.CERTIFICATE_ISSUE);
        execution.setVariable(OVERDUE, overdue.get());
        throw new BpmnError(ERROR_OVERDUE, overdue.get());
      }
    }
  }
}
