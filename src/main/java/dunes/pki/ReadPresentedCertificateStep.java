package dunes.pki;

import dunes.appliance.shell.HostKeyFingerprint;
import dunes.appliance.shell.NodeShellPort;
import dunes.plan.PlanEndpoints;
import dunes.plan.PlanTrust;
import dunes.plan.Plans;
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
 * with a pinned fingerprint (the request's, or the one the build's approved plan pins, see
 * {@link PlanTrust}) it decides alone — a match is trusted, a mismatch is a BPMN error
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
  private final PlanTrust plan;

  public ReadPresentedCertificateStep(CertificateProbe probe, NodeShellPort shell, PresentedCertificates presented,
      PlanTrust plan) {
    this.probe = probe;
    this.shell = shell;
    this.presented = presented;
    this.plan = plan;
  }

  @Override
  public void execute(DelegateExecution execution) {
    URI url = URI.create((String) execution.getVariable("certificateUrl"));
    String requestPin = (String) execution.getVariable("pinnedFingerprint");
    if ("ssh".equals(url.getScheme())) {
      // an SSH server has no certificate: the operator compares the host key's fingerprint (ssh-keygen -lf)
      int port = url.getPort() > 0 ? url.getPort() : 22;
      String fingerprint = shell.readHostKeyFingerprint(url.getHost(), port);
      show(execution, "ssh://" + url.getHost() + ":" + port, "SSH host key", "(none: SSH host keys are not signed)",
          "", "", fingerprint, "");
      presented.record(execution.getProcessInstanceId(), "ssh://" + url.getHost() + ":" + port, fingerprint, Instant.now());
      String pinned = pin(execution, plan, requestPin, PlanEndpoints.of(url.toString()), fingerprint);
      decide(execution, pinned, fingerprint, p -> HostKeyFingerprint.parse(p).toString().equals(fingerprint),
          p -> "the SSH server " + url.getHost() + ":" + port + " presents host key " + fingerprint + ", not the pinned " + p);
      return;
    }
    PresentedCertificate certificate = probe.probe(url.getHost(), url.getPort() > 0 ? url.getPort() : 443);
    show(execution, certificate.endpoint(), certificate.subject(), certificate.issuer(), certificate.notBefore().toString(),
        certificate.notAfter().toString(), certificate.sha256Fingerprint(), String.join(", ", certificate.subjectAltNames()));
    presented.record(execution.getProcessInstanceId(), certificate.endpoint(), certificate.sha256Fingerprint(), Instant.now());
    String pinned = pin(execution, plan, requestPin, PlanEndpoints.of(url.toString()), certificate.sha256Fingerprint());
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

  /**
   * The request's pin, else what the build's approved plan pins for {@code endpoint} (read from
   * Dunes's tables); null when neither pins it.
   */
  public static String pin(DelegateExecution execution, PlanTrust plan, String requestPin, String endpoint,
      String presented) {
    if (requestPin != null && !requestPin.isBlank()) {
      return requestPin;
    }
    return plan.pinFor(execution.getProcessBusinessKey(), endpoint, presented).map(Plans.Pin::fingerprint).orElse(null);
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
