package dunes.pki;

import java.time.Duration;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpHost;

/**
 * Run in a JVM of its own by {@link LegacyTlsTest}: with {@code -Ddunes.tls.allow-legacy-protocols=true}
 * and {@code -Djava.security.properties} lifting the JDK's refusal, the documented way. Prints what the
 * probe read and what a pinned client was answered. Arguments: host, port, pinned fingerprint.
 */
public final class LegacyTlsClientMain {

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    Duration timeout = Duration.ofSeconds(5);
    PresentedCertificate presented = new CertificateProbe(timeout, timeout, null).probe(host, port);
    System.out.println("probe " + presented.sha256Fingerprint());
    try (CloseableHttpClient http = PinnedHttpClients.create(args[2], timeout, timeout, null)) {
      int status = http.execute(new HttpHost("https", host, port), new HttpGet("/"), response -> response.getCode());
      System.out.println("http " + status);
    }
  }
}
