package dunes.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS that trusts exactly one root, as a client of a CA-signed server would: the JDK's PKIX checks, no other anchor. */
public final class RootTrust {

  private RootTrust() {}

  public static SSLContext sslContext(X509Certificate root) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("root", root);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, factory.getTrustManagers(), null);
      return tls;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context trusting only " + root.getSubjectX500Principal(), e);
    }
  }
}
