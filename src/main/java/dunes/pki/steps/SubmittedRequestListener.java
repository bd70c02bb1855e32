package dunes.pki.steps;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing Task_ApproveCertificateRequest ({@code camunda:taskListener event="complete"
 * delegateExpression="${submittedRequest}"}): the approver decided on the request ids the form
 * showed, one per certificate, so each must still be the one its request stage submitted
 * ({@link SubmittedRequests}). A completion (or an earlier variable write) that changed one of
 * them is refused and the task stays open; the CA is asked about the submitted requests either way.
 */
@Component("submittedRequest")
public class SubmittedRequestListener implements TaskListener {

  private final SubmittedRequests requests;

  public SubmittedRequestListener(SubmittedRequests requests) {
    this.requests = requests;
  }

  @Override
  public void notify(DelegateTask task) {
    requests.ofApproval(task.getExecution()).forEach((kind, submitted) -> {
      Object shown = task.getVariable(kind.requestIdVariable());
      if (!(shown instanceof Number number) || number.longValue() != submitted) {
        throw new ProcessEngineException("'" + task.getName() + "' cannot be completed: its "
            + kind.requestIdVariable() + " is not the " + kind.what() + " request Dunes submitted (" + submitted + ")");
      }
    });
  }
}
