package dunes.vsphere;

import dunes.pki.Fingerprints;
import dunes.pki.PinnedCertificateTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS trust for OVF downloads: the pinned leaf (its validity checked, see
 * {@link PinnedCertificateTrustManager}), else whatever the JDK's default trust store trusts.
 * Never trust-all.
 */
final class OvfTrust extends X509ExtendedTrustManager {

  /** The JDK's default trust, plus the pinned certificate when a fingerprint is given. */
  static SSLContext context(String pinnedFingerprint) {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      X509ExtendedTrustManager jdk = Arrays.stream(factory.getTrustManagers())
          .filter(X509ExtendedTrustManager.class::isInstance).map(X509ExtendedTrustManager.class::cast)
          .findFirst().orElseThrow(() -> new IllegalStateException("the JDK offers no X509 trust manager"));
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {pinnedFingerprint == null ? jdk : new OvfTrust(pinnedFingerprint, jdk)}, null);
      return tls;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS for the OVF download", e);
    }
  }

  private final String pinned;
  private final PinnedCertificateTrustManager pin;
  private final X509ExtendedTrustManager jdk;

  private OvfTrust(String fingerprint, X509ExtendedTrustManager jdk) {
    this.pinned = Fingerprints.normalize(fingerprint);
    this.pin = new PinnedCertificateTrustManager(fingerprint);
    this.jdk = jdk;
  }

  private interface JdkCheck {
    void run() throws CertificateException;
  }

  private void check(X509Certificate[] chain, String authType, JdkCheck jdkCheck) throws CertificateException {
    if (chain != null && chain.length > 0 && Fingerprints.sha256(chain[0]).equals(pinned)) {
      pin.checkServerTrusted(chain, authType);
      return;
    }
    try {
      jdkCheck.run();
    } catch (CertificateException e) {
      throw new CertificateException((chain == null || chain.length == 0 ? "no certificate"
          : chain[0].getSubjectX500Principal() + " with SHA-256 fingerprint " + Fingerprints.sha256(chain[0]))
          + " is neither the pinned " + pinned + " nor trusted by the JDK's trust store (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain, authType, () -> jdk.checkServerTrusted(chain, authType));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, authType, () -> jdk.checkServerTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, authType, () -> jdk.checkServerTrusted(chain, authType, engine));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    pin.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    pin.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    pin.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return jdk.getAcceptedIssuers();
  }
}
