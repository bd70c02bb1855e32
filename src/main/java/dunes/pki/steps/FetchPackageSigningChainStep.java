package dunes.pki.steps;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.keys.CertificateChains;
import java.security.cert.X509Certificate;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Fetches the package-signing request's PKCS#7 chain from the CA (TLS pinned to it), orders it,
 * requires it to end in the build's trusted CA root ({@link CaRoot}) and validates it against that
 * root, and keeps it as PEM, leaf first, in
 * {@value PackageSigningChain#CHAIN}: what the imports then hand to vCO (certificates are public).
 * Reads only, so a retry fetches the same chain again.
 */
@Component
public class FetchPackageSigningChainStep implements JavaDelegate {

  private final CertsrvPort ca;
  private final SubmittedRequests requests;

  public FetchPackageSigningChainStep(CertsrvPort ca, SubmittedRequests requests) {
    this.ca = ca;
    this.requests = requests;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    List<X509Certificate> chain = CertificateRequestsAtCa.issuedChain(ca, execution, spec, requests.ofKind(execution, CertificateKind.PACKAGE_SIGNING),
        List.of(), List.of());
    execution.setVariable(PackageSigningChain.CHAIN, CertificateChains.pem(chain));
  }
}
