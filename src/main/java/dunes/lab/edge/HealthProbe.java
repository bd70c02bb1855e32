package dunes.lab.edge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One health check of one member. The SSL check trusts nothing: it connects, starts a handshake
 * and counts the member healthy once it has presented a certificate, then aborts the handshake
 * at certificate verification. So it proves the member speaks TLS, without any code path that
 * accepts an unverified peer.
 */
final class HealthProbe {

  private static final SSLContext PROBE_TLS = probeContext();

  private HealthProbe() {}

  static boolean check(String mode, InetSocketAddress target, Duration timeout) {
    int millis = (int) Math.max(1, timeout.toMillis());
    try (Socket socket = new Socket()) {
      socket.connect(target, millis);
      if (!"SSL".equals(mode)) {
        return true;
      }
      socket.setSoTimeout(millis);
      return presentsCertificate(socket, target);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean presentsCertificate(Socket plain, InetSocketAddress target) throws IOException {
    try (SSLSocket tls = (SSLSocket) PROBE_TLS.getSocketFactory()
        .createSocket(plain, target.getHostString(), target.getPort(), false)) {
      tls.startHandshake();
      return false; // unreachable: the probe's trust manager refuses every certificate
    } catch (SSLHandshakeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof CertificateSeen) {
          return true;
        }
      }
      return false;
    }
  }

  /** Thrown by the probe's trust manager: the member got as far as presenting a certificate. */
  private static final class CertificateSeen extends CertificateException {
    CertificateSeen() {
      super("lab health probe: the member presented a certificate; it is not trusted, only seen");
    }
  }

  private static SSLContext probeContext() {
    X509TrustManager seeOnly = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the probe is never a server");
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateSeen();
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {seeOnly}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
