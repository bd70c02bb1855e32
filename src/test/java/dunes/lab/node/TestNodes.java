package dunes.lab.node;

import dunes.support.LabNodes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Nodes for one test: addresses 127.0.3.x only (other suites use 127.0.1.x and 127.0.2.x),
 * fixed high ports, a short STARTING, closed after the test.
 */
final class TestNodes extends LabNodes {

  static final LabNode.Ports PORTS = new LabNode.Ports(18281, 18286, 18287, 15480, 12222);
  static final Duration STARTING = Duration.ofMillis(200);


  TestNodes(Path dir) {
    super(dir, PORTS);
  }

  LabNode create(String name, String address) {
    return create(name, address, STARTING);
  }


  /** Alias "dunes" of a keystore file, read as any client would with keytool's defaults. */
  static X509Certificate dunesCertificate(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("JKS");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "dunesdunes".toCharArray());
    }
    return (X509Certificate) store.getCertificate("dunes");
  }

  /** A TLS client context that trusts exactly one certificate. */
  static SSLContext trusting(X509Certificate certificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("only", certificate);
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
