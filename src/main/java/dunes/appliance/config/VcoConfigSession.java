package dunes.appliance.config;

import dunes.pki.PinnedHttpClients;
import dunes.pki.PinnedHttpClients.Answer;
import dunes.secrets.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.security.cert.CertificateException;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;

/**
 * One port call's HTTP connection to one vCO server's REST API: TLS pinned to the target's
 * certificate, Basic credentials, the configured timeouts. Lives for one call, so the password is
 * resolved when it is used and held no longer.
 */
final class VcoConfigSession implements AutoCloseable {

  private final VcoConfigPort.Target target;
  private final VcoConfigPort.Login account;
  private final CloseableHttpClient http;
  private final UsernamePasswordCredentials login;

  private VcoConfigSession(VcoConfigPort.Target target, VcoConfigPort.Login account, CloseableHttpClient http,
      UsernamePasswordCredentials login) {
    this.target = target;
    this.account = account;
    this.http = http;
    this.login = login;
  }

  static VcoConfigSession open(VcoConfigPort.Target target, VcoConfigPort.Login account, Secret password,
      VcoConfigProperties properties, DnsResolver dns) {
    CloseableHttpClient http = PinnedHttpClients.create(target.fingerprint(), properties.connectTimeout(),
        properties.responseTimeout(), dns);
    return new VcoConfigSession(target, account, http,
        new UsernamePasswordCredentials(account.username(), password.reveal()));
  }

  /** GET {@code path}: the body of a 200, or null for a 404 (no such object). */
  String getIfFound(String path) {
    HttpGet get = new HttpGet(path);
    Answer answer = call(get, List.of());
    if (answer.status() == 404) {
      return null;
    }
    if (answer.status() != 200) {
      throw unexpectedStatus(get, answer, "200 or 404", List.of());
    }
    return answer.body();
  }

  /** GET {@code pathAndQuery}: the body of a 200. */
  String get(String pathAndQuery) {
    HttpGet get = new HttpGet(pathAndQuery);
    Answer answer = call(get, List.of());
    if (answer.status() != 200) {
      throw unexpectedStatus(get, answer, "200", List.of());
    }
    return answer.body();
  }

  /**
   * POST {@code json} to {@code path}: the new execution's {@code Location} of a 202.
   *
   * @param secrets values inside {@code json} that must not reach a message, should vCO echo them
   */
  String post(String path, String json, Collection<String> secrets) {
    HttpPost post = new HttpPost(path);
    post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
    Answer answer = call(post, secrets);
    if (answer.status() != 202 && answer.status() != 201) {
      throw unexpectedStatus(post, answer, "202", secrets);
    }
    if (answer.location() == null || answer.location().isBlank()) {
      throw new VcoProtocolException(where(post) + " answered " + answer.status()
          + " without a Location header, expected the new execution's href there; the next attempt finds the run in "
          + "the workflow's executions");
    }
    return answer.location();
  }

  /** How messages name a call: "vCO at https://127.0.0.11:8281 (GET /vco/api/workflows?…)". */
  String where(String method, String pathAndQuery) {
    return "vCO at " + target + " (" + method + " " + pathAndQuery + ")";
  }

  private String where(HttpUriRequestBase request) {
    return where(request.getMethod(), request.getRequestUri());
  }

  private Answer call(HttpUriRequestBase request, Collection<String> secrets) {
    String where = where(request);
    request.setHeader("Accept", "application/json");
    HttpHost server = new HttpHost("https", target.host(), target.port());
    Answer answer;
    try {
      answer = PinnedHttpClients.send(http, server, request, login);
    } catch (SSLException e) {
      throw tlsFailure(where, e);
    } catch (ConnectException e) {
      throw new VcoUnavailableException(where + " refused the connection or did not accept it in time: "
          + e.getMessage() + "; the node may be powered off or vco-server stopped", false, e);
    } catch (IOException e) {
      throw new VcoUnavailableException(where + " gave no answer: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()), false, e);
    }
    return switch (answer.status()) {
      case 401 -> throw new VcoAuthenticationException(where + " refused the login '" + account.username()
          + "' with the password from secret '" + account.password().name() + "' (HTTP 401): the REST API takes a vCO "
          + "administrator (the embedded LDAP's vcoadmin before SSO, a member of the vCO admin group after); set "
          + "the request's login and that secret");
      case 503 -> throw new VcoUnavailableException(where + " answered 503 Service Unavailable ("
          + masked(firstLine(answer.body()), secrets) + "): the server is starting or standing by; retry later",
          true, null);
      default -> answer;
    };
  }

  private VcoConfigException unexpectedStatus(HttpUriRequestBase request, Answer answer, String expected,
      Collection<String> secrets) {
    String said = masked(firstLine(answer.body()), secrets);
    if (answer.status() == 400) {
      return new VcoRejectedException(where(request) + " refused the request (HTTP 400): " + said);
    }
    return new VcoProtocolException(where(request) + " answered HTTP " + answer.status() + ", expected " + expected
        + ": " + said);
  }

  /**
   * A certificate that is not the pinned one is a trust failure; any other TLS failure (a server
   * closing while it stops, say) is "not available now".
   */
  private VcoConfigException tlsFailure(String where, SSLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateException refused) {
        return new VcoTrustException(where + ": TLS refused before any request, the certificate is not the pinned one: "
            + refused.getMessage() + ". Another machine may hold that address, or the node's certificate changed; "
            + "confirm its fingerprint before trusting it", e);
      }
    }
    return new VcoUnavailableException(where + ": TLS handshake failed: " + e.getMessage(), false, e);
  }

  private static String masked(String text, Collection<String> secrets) {
    String result = text;
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        result = result.replace(secret, "****");
      }
    }
    return result;
  }

  private static String firstLine(String body) {
    String line = body.lines().findFirst().orElse("(empty body)").replaceAll("[\\p{Cc}\\uFFFD]", "?");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  @Override
  public void close() {
    http.close(CloseMode.GRACEFUL);
  }
}
