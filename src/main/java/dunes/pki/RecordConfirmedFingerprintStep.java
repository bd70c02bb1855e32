package dunes.pki;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After an operator accepted a certificate in Task_ConfirmFingerprint: the fingerprint
 * Task_ReadCertificate read — from {@link PresentedCertificates}, not the form's variable, which a
 * completion or a variable write could change — becomes the one trusted from now on.
 */
@Component
public class RecordConfirmedFingerprintStep implements JavaDelegate {

  public static final String CONFIRMED = "confirmedFingerprint";
  private static final Logger LOG = LoggerFactory.getLogger(RecordConfirmedFingerprintStep.class);

  private final PresentedCertificates presented;

  public RecordConfirmedFingerprintStep(PresentedCertificates presented) {
    this.presented = presented;
  }

  @Override
  public void execute(DelegateExecution execution) {
    PresentedCertificates.Presented read = presented.find(execution.getProcessInstanceId())
        .orElseThrow(() -> new IllegalStateException("no certificate read in this instance: nothing an operator"
            + " accepted can be trusted"));
    execution.setVariable(CONFIRMED, read.fingerprint());
    LOG.info("build {} trusts {} ({}) with SHA-256 {} as an operator confirmed", execution.getProcessBusinessKey(),
        read.endpoint(), execution.getVariable("certificatePurpose"), read.fingerprint());
  }
}
