package dunes.pki;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing Task_ConfirmFingerprint ({@code camunda:taskListener event="complete"
 * delegateExpression="${presentedFingerprint}"}): the operator decided on the fingerprint the form
 * showed, so it must still be the one Dunes read. A completion (or an earlier variable write) that
 * changed {@code certificateFingerprint} is refused and the task stays open; what is pinned comes
 * from {@link PresentedCertificates} either way.
 */
@Component("presentedFingerprint")
public class PresentedFingerprintListener implements TaskListener {

  static final String SHOWN = "certificateFingerprint";

  private final PresentedCertificates presented;

  public PresentedFingerprintListener(PresentedCertificates presented) {
    this.presented = presented;
  }

  @Override
  public void notify(DelegateTask task) {
    String read = presented.find(task.getProcessInstanceId()).map(PresentedCertificates.Presented::fingerprint)
        .orElseThrow(() -> new ProcessEngineException("'" + task.getName() + "' cannot be completed: Dunes read no"
            + " certificate in this instance"));
    if (!read.equals(task.getVariable(SHOWN))) {
      throw new ProcessEngineException("'" + task.getName() + "' cannot be completed: its " + SHOWN + " is not the"
          + " fingerprint Dunes read (" + read + "); a decision pins only what Dunes read");
    }
  }
}
