package dunes.changes;

import dunes.build.CancelRegistry;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * CancelBuild's first step, in the transaction of the message (or REST call) that starts it:
 * records the cancellation of the ticket (the business key) with the authenticated caller, so the
 * caller's answer means it is kept. A repeat keeps the first record.
 */
@Component
public class RecordCancelStep implements JavaDelegate {

  private final CancelRegistry cancels;
  private final IdentityService identity;

  public RecordCancelStep(CancelRegistry cancels, IdentityService identity) {
    this.cancels = cancels;
    this.identity = identity;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Authentication caller = identity.getCurrentAuthentication();
    cancels.record(execution.getProcessBusinessKey(), caller == null ? null : caller.getUserId());
  }
}
