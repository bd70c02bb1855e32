package dunes.pki.steps;

import static dunes.pki.steps.ClientCertificates.*;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.Fingerprints;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.keys.Keystores;
import java.security.cert.X509Certificate;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Fetches the issued chain over the pinned CA connection, checks it (one chain to the build's trusted
 * root, {@link CaRoot}; valid now, for TLS servers, every name of the cluster), and installs it in the node's keystore as
 * {@code dunes} with the pending key; the pending alias and the old entry go. A keystore that
 * already holds this chain, or is what an earlier attempt of this step uploaded
 * ({@link KeystoreUploads}), is left as it is. Whether vco-server restarts to serve it is decided
 * after, from what node 1 serves ({@link RestartToServeStep}).
 */
@Component
public class InstallCertificateStep implements JavaDelegate {

  static final String LEAF_FINGERPRINT = "clientCertificateFingerprint";

  private final KeystoreUploads uploads;
  private final CertsrvPort ca;
  private final SubmittedRequests requests;

  public InstallCertificateStep(KeystoreUploads uploads, CertsrvPort ca, SubmittedRequests requests) {
    this.uploads = uploads;
    this.ca = ca;
    this.requests = requests;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    List<X509Certificate> chain = CertificateRequestsAtCa.issuedChain(ca, execution, spec, requests.ofKind(execution, CertificateKind.CLIENT_SSL),
        names(spec).dnsNames(),
        names(spec).ipAddresses());
    uploads.replaceOnce(execution, node(execution, spec), KEYSTORE,
        keystore -> Keystores.installChain(keystore, STORE_PASSWORD, PENDING_ALIAS, ALIAS, STORE_PASSWORD, chain));
    execution.setVariable(LEAF_FINGERPRINT, Fingerprints.sha256(chain.get(0)));
  }
}
