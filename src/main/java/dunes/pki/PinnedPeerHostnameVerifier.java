package dunes.pki;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Accepts a connection whose peer presented exactly the pinned certificate, whatever name was
 * dialled: with a pinned leaf the name adds nothing, and an appliance re-addressed by VAMI keeps a
 * certificate naming its old address. It checks the pin again rather than accept every name.
 */
public final class PinnedPeerHostnameVerifier implements HostnameVerifier {

  private final String pinned;

  public PinnedPeerHostnameVerifier(String sha256Fingerprint) {
    this.pinned = Fingerprints.normalize(sha256Fingerprint);
  }

  @Override
  public boolean verify(String hostname, SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf
          && Fingerprints.sha256(leaf).equals(pinned);
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
  }
}
