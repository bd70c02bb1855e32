package dunes.pki.steps;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.Fingerprints;
import dunes.pki.PresentedCertificates;
import dunes.pki.ReadPresentedCertificateStep;
import dunes.pki.certsrv.CertsrvPort;
import dunes.plan.PlanEndpoints;
import dunes.plan.PlanTrust;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * ConfirmCertificate's read for {@code certificateSource = ca-root}: the root of the CA's own chain,
 * fetched over the CA connection the build already trusts (the CA web server's pinned certificate,
 * or plain HTTP a person accepted), for the same form and the same decision as any other
 * certificate: the request's {@code ca.rootFingerprint} decides alone, else a person compares it.
 * What it read is recorded in {@link PresentedCertificates}, which a person's acceptance pins.
 */
@Component
public class ReadCaRootStep implements JavaDelegate {

  private final CertsrvPort ca;
  private final PresentedCertificates presented;
  private final PlanTrust plan;

  public ReadCaRootStep(CertsrvPort ca, PresentedCertificates presented, PlanTrust plan) {
    this.ca = ca;
    this.presented = presented;
    this.plan = plan;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    X509Certificate root = CaRoot.read(ca, execution, spec);
    String fingerprint = Fingerprints.sha256(root);
    URI url = URI.create(spec.ca().url());
    String endpoint = url.getHost() + ":" + (url.getPort() > 0 ? url.getPort()
        : "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443);
    ReadPresentedCertificateStep.show(execution, endpoint + " (the CA's root)", root.getSubjectX500Principal().getName(),
        root.getIssuerX500Principal().getName(), root.getNotBefore().toInstant().toString(),
        root.getNotAfter().toInstant().toString(), fingerprint, "");
    presented.record(execution.getProcessInstanceId(), endpoint + " (the CA's root)", fingerprint, Instant.now());
    String requestPin = (String) execution.getVariable("pinnedFingerprint");
    String pin = ReadPresentedCertificateStep.pin(execution, plan, requestPin, PlanEndpoints.caRoot(spec.ca().url()),
        fingerprint);
    String pinnedBy = requestPin != null && !requestPin.isBlank() ? "ca.rootFingerprint" : "root the approved plan pinned";
    ReadPresentedCertificateStep.decide(execution, pin, fingerprint,
        pinned -> Fingerprints.normalize(pinned).equals(fingerprint),
        pinned -> "the CA at " + spec.ca().url() + " presents the root '" + root.getSubjectX500Principal().getName()
            + "' with SHA-256 " + fingerprint + ", not the pinned " + pinnedBy + " "
            + Fingerprints.normalize(pinned));
  }
}
