package dunes.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * HttpClient 5 clients that trust exactly one certificate (an appliance's, pinned by its SHA-256
 * fingerprint): what VAMI, the vCO configuration API, the CA's certsrv and the edge manager are
 * spoken over. They offer {@link TlsProtocols#offered()}; a peer that speaks only TLS 1.0/1.1 fails
 * with a {@link LegacyProtocolException}.
 */
public final class PinnedHttpClients {

  /**
   * The pool of each client, stated rather than left to HttpClient's defaults (the same figures): a
   * client lives for one session with one server (one route), opened and closed by one job's call,
   * so at most one connection is in use per client and the open connections to a system are bounded
   * by the job executor's threads (docs/benchmarks.md, "ScaleBenchmark").
   */
  public static final int MAX_CONNECTIONS_PER_ROUTE = 5;
  public static final int MAX_CONNECTIONS_TOTAL = 25;

  private PinnedHttpClients() {}

  /**
   * @param dns resolves names (RequestDns: the request's DNS servers); null for the system's DNS
   */
  public static CloseableHttpClient create(String fingerprint, Duration connectTimeout, Duration responseTimeout,
      DnsResolver dns) {
    return build(PoolingHttpClientConnectionManagerBuilder.create()
        .setTlsSocketStrategy(new LegacyDiagnosis(ClientTlsStrategyBuilder.create()
            .setSslContext(PinnedCertificateTrustManager.sslContext(fingerprint))
            .setTlsVersions(TlsProtocols.offered())
            // exactly one certificate is trusted, the pinned leaf; a name check adds nothing and would
            // break when an appliance moves (its certificate keeps the old address as IP SAN), so the
            // client's own check is the pin once more (CLIENT, not the JSSE built-in)
            .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
            .setHostnameVerifier(new PinnedPeerHostnameVerifier(fingerprint))
            .buildClassic(), connectTimeout))
        .setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(timeout(connectTimeout)).build()),
        connectTimeout, responseTimeout, dns);
  }

  /**
   * The same client without TLS, for the one case a request allowed it and a person accepted it (a
   * CA whose certsrv has no https binding): everything it sends travels in clear. It has no TLS
   * strategy, so it cannot be used for an https URL by mistake.
   */
  public static CloseableHttpClient plainHttp(Duration connectTimeout, Duration responseTimeout, DnsResolver dns) {
    return build(PoolingHttpClientConnectionManagerBuilder.create(), connectTimeout, responseTimeout, dns);
  }

  private static CloseableHttpClient build(PoolingHttpClientConnectionManagerBuilder connections,
      Duration connectTimeout, Duration responseTimeout, DnsResolver dns) {
    connections.setDefaultConnectionConfig(ConnectionConfig.custom()
        .setConnectTimeout(timeout(connectTimeout))
        .setSocketTimeout(timeout(responseTimeout))
        .build());
    connections.setMaxConnPerRoute(MAX_CONNECTIONS_PER_ROUTE).setMaxConnTotal(MAX_CONNECTIONS_TOTAL);
    if (dns != null) {
      connections.setDnsResolver(dns);
    }
    return HttpClients.custom()
        .setConnectionManager(connections.build())
        .setDefaultRequestConfig(requestConfig(responseTimeout).build())
        .disableAutomaticRetries() // a request is never sent twice behind our back; the caller converges
        .disableRedirectHandling()
        .build();
  }

  /**
   * The request settings of every client here (the response timeout), for a caller that gives one
   * context settings of its own (a context's settings replace the client's, they do not add to them).
   */
  public static RequestConfig.Builder requestConfig(Duration responseTimeout) {
    return RequestConfig.custom().setResponseTimeout(timeout(responseTimeout));
  }

  /** Basic credentials sent with the first request (preemptive): one round trip, and only over the pinned TLS. */
  public static HttpClientContext preemptiveBasic(HttpHost server, UsernamePasswordCredentials login) {
    BasicScheme basic = new BasicScheme();
    basic.initPreemptive(login);
    HttpClientContext context = HttpClientContext.create();
    context.resetAuthExchange(server, basic);
    return context;
  }

  /** What an appliance's or manager's REST call answered; the body is read whole (they are small). */
  public record Answer(int status, String body, String location) {}

  /**
   * Sends {@code request} with preemptive Basic {@code login}: the status, the body and the
   * {@code Location} header, whatever the status. Callers decide by status and map the failures.
   */
  public static Answer send(CloseableHttpClient http, HttpHost server, HttpUriRequestBase request,
      UsernamePasswordCredentials login) throws IOException {
    return http.execute(server, request, preemptiveBasic(server, login), response -> {
      Header location = response.getFirstHeader("Location");
      return new Answer(response.getCode(),
          response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity()),
          location == null ? null : location.getValue());
    });
  }

  /**
   * A failed handshake with a peer that speaks only TLS 1.0/1.1 becomes a
   * {@link LegacyProtocolException} naming peer, protocol and setting, instead of the JDK's
   * "Received fatal alert: protocol_version"; every other outcome passes unchanged.
   */
  private record LegacyDiagnosis(TlsSocketStrategy tls, Duration timeout) implements TlsSocketStrategy {
    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
        throws IOException {
      InetAddress address = socket.getInetAddress();
      try {
        return tls.upgrade(socket, target, port, attachment, context);
      } catch (SSLException e) {
        if (address == null) {
          throw e;
        }
        throw TlsProtocols.diagnose(target, port, address, timeout, e).map(IOException.class::cast).orElse(e);
      }
    }
  }

  private static Timeout timeout(Duration duration) {
    return Timeout.of(duration.toMillis(), TimeUnit.MILLISECONDS);
  }
}
