package dunes.pki;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one server certificate, named by its SHA-256 fingerprint in the build request
 * or approved by an operator: how appliances with self-signed certificates are trusted without
 * trusting everything. Refuses every client certificate (Dunes is never a TLS server here).
 */
public final class PinnedCertificateTrustManager extends X509ExtendedTrustManager {

  private final String pinned;

  public PinnedCertificateTrustManager(String sha256Fingerprint) {
    this.pinned = Fingerprints.normalize(sha256Fingerprint);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the server presented no certificate");
    }
    String presented = Fingerprints.sha256(chain[0]);
    if (!presented.equals(pinned)) {
      throw new CertificateException("the server's certificate " + chain[0].getSubjectX500Principal()
          + " has SHA-256 fingerprint " + presented + ", not the pinned " + pinned);
    }
    chain[0].checkValidity();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("no client certificates are trusted");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }

  /** A TLS context trusting only the certificate with this fingerprint. */
  public static javax.net.ssl.SSLContext sslContext(String sha256Fingerprint) {
    try {
      javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
      tls.init(null, new javax.net.ssl.TrustManager[] {new PinnedCertificateTrustManager(sha256Fingerprint)}, null);
      return tls;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS pinned to " + sha256Fingerprint, e);
    }
  }
}
