package dunes.pki.steps;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.Fingerprints;
import dunes.pki.RootTrust;
import dunes.pki.certsrv.CertsrvPort;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * A real TLS handshake to the node's 8281 that trusts only the build's CA root ({@link CaRoot}) and checks the node's
 * address against the certificate (as any HTTPS client would): it must present the installed
 * leaf. From now on that leaf is what the build pins for 8281.
 */
@Component
public class VerifyServedCertificateStep implements JavaDelegate {

  private final CertsrvPort ca;
  private final SubmittedRequests requests;

  public VerifyServedCertificateStep(CertsrvPort ca, SubmittedRequests requests) {
    this.ca = ca;
    this.requests = requests;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    List<X509Certificate> chain = CertificateRequestsAtCa.issuedChain(ca, execution, spec, requests.ofKind(execution, CertificateKind.CLIENT_SSL),
        ClientCertificates.names(spec).dnsNames(), ClientCertificates.names(spec).ipAddresses());
    X509Certificate served = handshake(node.ip(), spec.appliance().serverPort(), chain.get(chain.size() - 1));
    String expected = Fingerprints.sha256(chain.get(0));
    if (!Fingerprints.sha256(served).equals(expected)) {
      throw new IllegalStateException("node " + node.name() + " serves " + Fingerprints.sha256(served)
          + " on " + node.ip() + ":" + spec.appliance().serverPort() + ", not the installed " + expected
          + " (did vco-server read the new keystore?)");
    }
    execution.setVariable("serverFingerprint", expected);
  }

  private static X509Certificate handshake(String host, int port, X509Certificate root) {
    try {
      try (SSLSocket socket = (SSLSocket) RootTrust.sslContext(root).getSocketFactory().createSocket(host, port)) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the address must be a SAN
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
      }
    } catch (IOException e) {
      throw new IllegalStateException("TLS to " + host + ":" + port + " trusting only the CA's root failed: "
          + e.getMessage(), e);
    }
  }
}
