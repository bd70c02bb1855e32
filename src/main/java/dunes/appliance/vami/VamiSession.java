package dunes.appliance.vami;

import dunes.pki.PinnedHttpClients;
import dunes.pki.PinnedHttpClients.Answer;
import dunes.secrets.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;

/**
 * One converge's HTTP connection to one appliance's VAMI: TLS pinned to the target's certificate,
 * root's Basic credentials, the configured timeouts. Lives for one call of the port, so the
 * password is resolved when it is used and held no longer.
 */
final class VamiSession implements AutoCloseable {


  private final VamiPort.Target target;
  private final CloseableHttpClient http;
  private final UsernamePasswordCredentials root;

  private VamiSession(VamiPort.Target target, CloseableHttpClient http, UsernamePasswordCredentials root) {
    this.target = target;
    this.http = http;
    this.root = root;
  }

  static VamiSession open(VamiPort.Target target, Secret rootPassword, VamiProperties properties, DnsResolver dns) {
    CloseableHttpClient http = PinnedHttpClients.create(target.fingerprint(), properties.connectTimeout(),
        properties.responseTimeout(), dns);
    return new VamiSession(target, http, new UsernamePasswordCredentials("root", rootPassword.reveal()));
  }

  /** GET /vami/{setting} at {@code host}: the JSON body of a 200. */
  String get(String host, String setting) {
    return call(host, new HttpGet("/vami/" + setting), setting);
  }

  /** PUT /vami/{setting} at {@code host}: the JSON body of a 200 (the new value). */
  String put(String host, String setting, String json) {
    HttpPut put = new HttpPut("/vami/" + setting);
    put.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
    return call(host, put, setting);
  }

  /** How messages name a call: "VAMI at https://127.0.0.11:5480 (GET /vami/hostname)". */
  String where(String host, String method, String setting) {
    return "VAMI at https://" + host + ":" + target.port() + " (" + method + " /vami/" + setting + ")";
  }

  private String call(String host, HttpUriRequestBase request, String setting) {
    String where = where(host, request.getMethod(), setting);
    HttpHost server = new HttpHost("https", host, target.port());
    Answer answer;
    try {
      answer = PinnedHttpClients.send(http, server, request, root);
    } catch (SSLException e) {
      throw tlsFailure(where, e);
    } catch (ConnectException e) {
      throw new VamiUnavailableException(where + " refused the connection or did not accept it in time: "
          + e.getMessage() + "; the appliance may be powered off, still booting or at another address", false, e);
    } catch (IOException e) {
      throw new VamiUnavailableException(where + " gave no answer: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()), false, e);
    }
    return switch (answer.status()) {
      case 200 -> answer.body();
      case 401 -> throw new VamiAuthenticationException(where + " refused the root password from secret '"
          + target.rootPassword().name() + "' (HTTP 401); set that secret to the appliance's root password");
      case 400 -> throw new VamiRejectedException(where + " refused the value: " + VamiJson.error(answer.body()));
      case 503 -> throw new VamiUnavailableException(where + " answered 503 Service Unavailable: the appliance is not ready; "
          + "retry later", true, null);
      default -> throw new VamiProtocolException(where + " answered HTTP " + answer.status() + ", expected 200: "
          + firstLine(answer.body()));
    };
  }

  /**
   * A certificate that is not the pinned one is a trust failure; any other TLS failure (a
   * handshake the appliance broke off while its listener moved or restarted) is "not available
   * now", retried like a refused connection.
   */
  private VamiException tlsFailure(String where, SSLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateException refused) {
        return new VamiTrustException(where + ": TLS refused, the certificate is not the pinned one: "
            + refused.getMessage() + ". Another machine may hold that address, or the appliance's certificate "
            + "changed; confirm VAMI's fingerprint before trusting it", e);
      }
    }
    return new VamiUnavailableException(where + ": TLS handshake failed: " + e.getMessage(), false, e);
  }

  private static String firstLine(String body) {
    return body.lines().findFirst().orElse("(empty body)");
  }

  @Override
  public void close() {
    http.close(CloseMode.GRACEFUL);
  }
}
