package dunes.lab;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Server-side TLS contexts for the lab's systems. */
public final class LabTls {

  private LabTls() {}

  /** A context serving {@code chain} (leaf first) with {@code key}. */
  public static SSLContext server(PrivateKey key, X509Certificate... chain) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = "lab".toCharArray();
      store.setKeyEntry("server", key, password, chain);
      return server(store, password);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a lab TLS context", e);
    }
  }

  /** A context serving the key entry of {@code store} (a node serves its jssecacerts this way). */
  public static SSLContext server(KeyStore store, char[] keyPassword) {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, keyPassword);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a lab TLS context", e);
    }
  }

  public static SSLContext server(LabCertificates.Issued issued) {
    return server(issued.keys().getPrivate(), issued.certificate());
  }
}
