package dunes.pki.steps;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing Task_ApproveCertificateRequest ({@code camunda:taskListener event="complete"
 * delegateExpression="${submittedRequest}"}): the approver decided on the request id the form
 * showed, so it must still be the one the stage submitted ({@link SubmittedRequests}). A completion
 * (or an earlier variable write) that changed {@code certificateRequestId} is refused and the task
 * stays open; the CA is asked about the submitted request either way.
 */
@Component("submittedRequest")
public class SubmittedRequestListener implements TaskListener {

  private final SubmittedRequests requests;

  public SubmittedRequestListener(SubmittedRequests requests) {
    this.requests = requests;
  }

  @Override
  public void notify(DelegateTask task) {
    long submitted = requests.ofApproval(task.getExecution());
    Object shown = task.getVariable(ClientCertificates.REQUEST_ID);
    if (!(shown instanceof Number number) || number.longValue() != submitted) {
      throw new ProcessEngineException("'" + task.getName() + "' cannot be completed: its "
          + ClientCertificates.REQUEST_ID + " is not the request Dunes submitted (" + submitted + ")");
    }
  }
}
