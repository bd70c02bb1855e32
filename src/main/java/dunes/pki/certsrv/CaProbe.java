package dunes.pki.certsrv;

import dunes.build.BuildSpec;
import dunes.build.FieldError;
import dunes.build.probe.ProbeTrust;
import dunes.build.probe.ProductProbe;
import dunes.secrets.SecretRef;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The CA before any change: logs in to certsrv (over TLS pinned to {@link ProbeTrust#CA}, or over
 * plain HTTP the build's person accepted) and reads the advanced request page's template list
 * ({@link CertsrvPort#templates}). Nothing is submitted.
 *
 * <p>Findings: {@code ca.url} when no certsrv answers there (a 404, a page that is not certsrv's),
 * {@code ca.username} when the login is refused, {@code ca.authentication} when the server does not
 * offer the request's method (its {@code WWW-Authenticate} schemes are named), {@code ca.template}
 * when the CA does not offer the request's template to this account. A CA that does not answer at all,
 * or answers a 5xx, is an exception (retried); "no certsrv" and "no template" are believed only when a
 * second look agrees (a fault storm garbles single answers: docs/lab.md, "Fault storms").
 * certsrv states no version; the report's version is {@code certsrv} with the templates it offers.
 */
@Component
public class CaProbe implements ProductProbe {

  private final CertsrvPort certsrv;

  public CaProbe(CertsrvPort certsrv) {
    this.certsrv = certsrv;
  }

  @Override
  public String product() {
    return ProbeTrust.CA;
  }

  /** Plain HTTP is looked up for the build whose business key is the request's ticket. */
  @Override
  public ProbeReport probe(BuildSpec spec, ProbeTrust trust) {
    BuildSpec.CertificateAuthority ca = spec.ca();
    URI url = URI.create(ca.url());
    CertsrvAuthentication method = CertsrvAuthentication.of(ca.authentication()).orElseThrow();
    CertsrvPort.Target target = "http".equalsIgnoreCase(url.getScheme())
        ? CertsrvPort.Target.http(url, ca.username(), new SecretRef(ca.passwordRef()), ca.template(), spec.ticket(),
            method)
        : CertsrvPort.Target.https(url, trust.fingerprint(ProbeTrust.CA), ca.username(),
            new SecretRef(ca.passwordRef()), ca.template(), method);
    List<FieldError> findings = new ArrayList<>();
    List<String> offered;
    try {
      offered = templates(target);
    } catch (CertsrvAuthenticationException e) {
      findings.add(new FieldError(e.methodOffered() ? "ca.username" : "ca.authentication", e.getMessage()));
      return new ProbeReport(product(), "certsrv", findings);
    } catch (CertsrvProtocolException e) {
      if (e.serverError()) {
        throw e; // the server failed on this call: retried, then an incident, never a verdict on the CA
      }
      findings.add(new FieldError("ca.url", "no AD CS web enrolment (certsrv) answers at " + target + ": "
          + e.getMessage()));
      return new ProbeReport(product(), "certsrv", findings);
    }
    if (offered.isEmpty()) {
      findings.add(new FieldError("ca.url", "certsrv at " + target + " lists no certificate template on "
          + HttpCertsrvClient.TEMPLATES + ": not a certsrv Dunes can read, or the account may enrol for none"));
    } else if (offered.stream().noneMatch(t -> t.equalsIgnoreCase(ca.template()))) {
      findings.add(new FieldError("ca.template", "the CA at " + target + " does not offer template '" + ca.template()
          + "' to " + ca.username() + "; it offers " + offered + " (the template's name, not its display name)"));
    }
    return new ProbeReport(product(), "certsrv (templates " + String.join(", ", offered) + ")", findings);
  }

  /**
   * The templates offered, looked at twice before the answer "not certsrv" or "no template" is
   * believed: one garbled or failed answer is no verdict on the CA (a second look that reads a
   * template list wins); a wrong URL or an empty list answers the same both times.
   */
  private List<String> templates(CertsrvPort.Target target) {
    try {
      List<String> offered = certsrv.templates(target);
      if (!offered.isEmpty()) {
        return offered;
      }
    } catch (CertsrvProtocolException e) {
      if (e.serverError()) {
        throw e;
      }
    }
    return certsrv.templates(target);
  }
}
