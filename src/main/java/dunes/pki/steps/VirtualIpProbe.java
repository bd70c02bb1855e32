package dunes.pki.steps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import dunes.pki.RootTrust;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * A client of the cluster's virtual name, as vCAC or a browser would be: HTTPS trusting only the
 * CA's root with the host name checked (HttpClient's default verifier), and plain TCP connects.
 */
final class VirtualIpProbe {

  private static final int TIMEOUT_SECONDS = 10;

  record Answer(int status, List<X509Certificate> chain) {}

  private final DnsResolver dns;
  private final X509Certificate root;

  /** @param dns RequestDns (the request's DNS servers), or null for the system's DNS */
  VirtualIpProbe(DnsResolver dns, X509Certificate root) {
    this.dns = dns != null ? dns : SystemDefaultDnsResolver.INSTANCE;
    this.root = root;
  }

  Answer get(String host, int port, String path) {
    String url = "https://" + host + ":" + port + path;
    try (CloseableHttpClient client = client()) {
      HttpClientContext context = HttpClientContext.create();
      return client.execute(new HttpGet(url), context, response -> {
        EntityUtils.consume(response.getEntity());
        return new Answer(response.getCode(), peerChain(context.getSSLSession(), url));
      });
    } catch (IOException e) {
      throw new IllegalStateException(url + " through the virtual IP, trusting only the CA's root "
          + root.getSubjectX500Principal().getName() + ": " + e.getMessage(), e);
    }
  }

  void connect(String host, int port) {
    try (Socket socket = new Socket()) {
      InetAddress address = dns.resolve(host)[0];
      socket.connect(new InetSocketAddress(address, port), TIMEOUT_SECONDS * 1000);
    } catch (IOException e) {
      throw new IllegalStateException(host + ":" + port + " does not accept connections through the virtual IP: "
          + e.getMessage() + " (is a virtual server published for it?)", e);
    }
  }

  private CloseableHttpClient client() {
    Timeout timeout = Timeout.of(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(dns)
            .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(RootTrust.sslContext(root)).buildClassic())
            .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
            .build())
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .build();
  }

  private static List<X509Certificate> peerChain(SSLSession session, String url) throws SSLPeerUnverifiedException {
    if (session == null) {
      throw new SSLPeerUnverifiedException(url + " answered without a TLS session");
    }
    Certificate[] peer = session.getPeerCertificates();
    return Arrays.stream(peer).map(X509Certificate.class::cast).toList();
  }
}
