package dunes.pki;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After an operator accepted a certificate in Task_ConfirmFingerprint: the fingerprint the probe
 * read (not one typed in a form) becomes the one trusted from now on.
 */
@Component
public class RecordConfirmedFingerprintStep implements JavaDelegate {

  public static final String CONFIRMED = "confirmedFingerprint";
  private static final Logger LOG = LoggerFactory.getLogger(RecordConfirmedFingerprintStep.class);

  @Override
  public void execute(DelegateExecution execution) {
    String fingerprint = (String) execution.getVariable("certificateFingerprint");
    execution.setVariable(CONFIRMED, fingerprint);
    LOG.info("build {} trusts {} ({}) with SHA-256 {} as an operator confirmed", execution.getProcessBusinessKey(),
        execution.getVariable("certificateEndpoint"), execution.getVariable("certificatePurpose"), fingerprint);
  }
}
