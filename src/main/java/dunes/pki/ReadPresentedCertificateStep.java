package dunes.pki;

import dunes.appliance.shell.HostKeyFingerprint;
import dunes.appliance.shell.NodeShellPort;
import java.net.URI;
import java.time.Instant;
import java.util.function.Predicate;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * First step of ConfirmCertificate: reads the certificate {@code certificateUrl} presents (or, for
 * an {@code ssh://} URL, the server's host key), without trusting it, for the operator's form;
 * with a pinned fingerprint it decides alone — a match is trusted, a mismatch is a BPMN error
 * before anything is sent to that endpoint. What it read is also recorded in
 * {@link PresentedCertificates}, where no completion reaches: an operator's acceptance pins that.
 * An endpoint that does not answer yet (a booting appliance) is retried.
 */
@Component
public class ReadPresentedCertificateStep implements JavaDelegate {

  public static final String ERROR_MISMATCH = "CertificateMismatch";

  private final CertificateProbe probe;
  private final NodeShellPort shell;
  private final PresentedCertificates presented;

  public ReadPresentedCertificateStep(CertificateProbe probe, NodeShellPort shell, PresentedCertificates presented) {
    this.probe = probe;
    this.shell = shell;
    this.presented = presented;
  }

  @Override
  public void execute(DelegateExecution execution) {
    URI url = URI.create((String) execution.getVariable("certificateUrl"));
    String pinned = (String) execution.getVariable("pinnedFingerprint");
    if ("ssh".equals(url.getScheme())) {
      // an SSH server has no certificate: the operator compares the host key's fingerprint (ssh-keygen -lf)
      int port = url.getPort() > 0 ? url.getPort() : 22;
      String fingerprint = shell.readHostKeyFingerprint(url.getHost(), port);
      show(execution, "ssh://" + url.getHost() + ":" + port, "SSH host key", "(none: SSH host keys are not signed)",
          "", "", fingerprint, "");
      presented.record(execution.getProcessInstanceId(), "ssh://" + url.getHost() + ":" + port, fingerprint, Instant.now());
      decide(execution, pinned, fingerprint, p -> HostKeyFingerprint.parse(p).toString().equals(fingerprint),
          p -> "the SSH server " + url.getHost() + ":" + port + " presents host key " + fingerprint + ", not the pinned " + p);
      return;
    }
    PresentedCertificate certificate = probe.probe(url.getHost(), url.getPort() > 0 ? url.getPort() : 443);
    show(execution, certificate.endpoint(), certificate.subject(), certificate.issuer(), certificate.notBefore().toString(),
        certificate.notAfter().toString(), certificate.sha256Fingerprint(), String.join(", ", certificate.subjectAltNames()));
    presented.record(execution.getProcessInstanceId(), certificate.endpoint(), certificate.sha256Fingerprint(), Instant.now());
    decide(execution, pinned, certificate.sha256Fingerprint(), certificate::matches,
        p -> new CertificateProbe.FingerprintMismatchException(certificate, p).getMessage());
  }

  /** What the operator's form shows. */
  public static void show(DelegateExecution execution, String endpoint, String subject, String issuer, String from,
      String to, String fingerprint, String altNames) {
    execution.setVariable("certificateEndpoint", endpoint);
    execution.setVariable("certificateSubject", subject);
    execution.setVariable("certificateIssuer", issuer);
    execution.setVariable("certificateValidFrom", from);
    execution.setVariable("certificateValidTo", to);
    execution.setVariable("certificateFingerprint", fingerprint);
    execution.setVariable("certificateSubjectAltNames", altNames);
  }

  /** Without a pin the operator decides; with one, a match is trusted and a mismatch stops the build. */
  public static void decide(DelegateExecution execution, String pinned, String presented, Predicate<String> matches,
      java.util.function.Function<String, String> mismatch) {
    if (pinned == null || pinned.isBlank()) {
      execution.setVariable("certificateTrusted", false);
      return;
    }
    if (!matches.test(pinned)) {
      throw new BpmnError(ERROR_MISMATCH, mismatch.apply(pinned));
    }
    execution.setVariable("certificateTrusted", true);
    execution.setVariable(RecordConfirmedFingerprintStep.CONFIRMED, presented);
  }
}
