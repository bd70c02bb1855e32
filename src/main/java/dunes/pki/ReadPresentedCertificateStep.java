package dunes.pki;

import java.net.URI;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * First step of ConfirmCertificate: reads the certificate {@code certificateUrl} presents, without
 * trusting it, for the operator's form; with a pinned fingerprint it decides alone — a match is
 * trusted, a mismatch is a BPMN error before anything is sent to that endpoint. An endpoint that
 * does not answer yet (a booting appliance) is retried.
 */
@Component
public class ReadPresentedCertificateStep implements JavaDelegate {

  public static final String ERROR_MISMATCH = "CertificateMismatch";

  private final CertificateProbe probe;

  public ReadPresentedCertificateStep(CertificateProbe probe) {
    this.probe = probe;
  }

  @Override
  public void execute(DelegateExecution execution) {
    URI url = URI.create((String) execution.getVariable("certificateUrl"));
    int port = url.getPort() > 0 ? url.getPort() : 443;
    PresentedCertificate presented = probe.probe(url.getHost(), port);
    execution.setVariable("certificateEndpoint", presented.endpoint());
    execution.setVariable("certificateSubject", presented.subject());
    execution.setVariable("certificateIssuer", presented.issuer());
    execution.setVariable("certificateValidFrom", presented.notBefore().toString());
    execution.setVariable("certificateValidTo", presented.notAfter().toString());
    execution.setVariable("certificateFingerprint", presented.sha256Fingerprint());
    execution.setVariable("certificateSubjectAltNames", String.join(", ", presented.subjectAltNames()));
    String pinned = (String) execution.getVariable("pinnedFingerprint");
    if (pinned == null || pinned.isBlank()) {
      execution.setVariable("certificateTrusted", false);
      return;
    }
    try {
      presented.requireMatch(pinned);
    } catch (CertificateProbe.FingerprintMismatchException e) {
      throw new BpmnError(ERROR_MISMATCH, e.getMessage(), e);
    }
    execution.setVariable("certificateTrusted", true);
    execution.setVariable(RecordConfirmedFingerprintStep.CONFIRMED, presented.sha256Fingerprint());
  }
}
