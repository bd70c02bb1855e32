package dunes.edge;

import dunes.edge.xml.ApiError;
import dunes.edge.xml.EdgeXml;
import dunes.xml.InvalidXmlException;
import dunes.pki.PinnedHttpClients;
import dunes.pki.PinnedHttpClients.Answer;
import dunes.secrets.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;

/**
 * One port call's HTTPS connection to the vShield Manager: TLS pinned to the target's
 * certificate, preemptive Basic credentials, the configured timeouts. Lives for one call, so the
 * password is resolved when it is used and held no longer. Outcomes are decided by HTTP status
 * only: the manager's error codes are not documented publicly (lab-edge.md).
 */
final class EdgeSession implements AutoCloseable {

  private static final ContentType XML = ContentType.APPLICATION_XML;

  private final EdgePort.Target target;
  private final HttpHost server;
  private final String basePath;
  private final CloseableHttpClient http;
  private final UsernamePasswordCredentials login;

  private EdgeSession(EdgePort.Target target, CloseableHttpClient http, UsernamePasswordCredentials login) {
    URI uri = URI.create(target.managerUrl());
    this.target = target;
    this.server = new HttpHost("https", uri.getHost(), uri.getPort() == -1 ? 443 : uri.getPort());
    this.basePath = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    this.http = http;
    this.login = login;
  }

  static EdgeSession open(EdgePort.Target target, Secret password, EdgeProperties properties, DnsResolver dns) {
    CloseableHttpClient http = PinnedHttpClients.create(target.fingerprint(), properties.connectTimeout(),
        properties.responseTimeout(), dns);
    return new EdgeSession(target, http, new UsernamePasswordCredentials(target.username(), password.reveal()));
  }

  /** GET {@code path}: the body of a 200. @param what names the object for a 404, e.g. "pool 'pool-1'" */
  String get(String path, String what) {
    HttpGet get = new HttpGet(basePath + path);
    Answer answer = call(get, what);
    expect(get, answer, 200);
    return answer.body();
  }

  /** PUT {@code xml} to {@code path}: 204 (or 200) when the manager applied it. */
  void put(String path, String xml, String what) {
    HttpPut put = new HttpPut(basePath + path);
    put.setEntity(new StringEntity(xml, XML));
    Answer answer = call(put, what);
    if (answer.status() != 200) {
      expect(put, answer, 204);
    }
  }

  /** DELETE {@code path}: 204 (or 200) when the manager removed it. */
  void delete(String path, String what) {
    HttpDelete delete = new HttpDelete(basePath + path);
    Answer answer = call(delete, what);
    if (answer.status() != 200) {
      expect(delete, answer, 204);
    }
  }

  /** POST {@code xml} to {@code path}: the new object's {@code Location} of a 201. */
  String post(String path, String xml, String what) {
    HttpPost post = new HttpPost(basePath + path);
    post.setEntity(new StringEntity(xml, XML));
    Answer answer = call(post, what);
    expect(post, answer, 201);
    if (answer.location() == null || answer.location().isBlank()) {
      throw new EdgeProtocolException(where(post) + " answered 201 without a Location header, expected the new "
          + "object's address there; the next attempt finds it by name");
    }
    return answer.location();
  }

  /** How messages name a call: "edge 'edge-1' on https://vsm.lab.local:8443 (user admin): PUT /api/3.0/…". */
  String where(HttpUriRequestBase request) {
    return target + ": " + request.getMethod() + " " + request.getRequestUri();
  }

  private Answer call(HttpUriRequestBase request, String what) {
    request.setHeader("Accept", XML.getMimeType());
    Answer answer;
    try {
      answer = PinnedHttpClients.send(http, server, request, login);
    } catch (SSLException e) {
      throw tlsFailure(request, e);
    } catch (ConnectException e) {
      throw new EdgeUnavailableException(where(request) + " refused the connection or did not accept it in time: "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new EdgeUnavailableException(where(request) + " gave no answer: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }
    int status = answer.status();
    if (status == 401 || status == 403) {
      throw new EdgeAuthenticationException(where(request) + " refused the login '" + target.username()
          + "' with the password from secret '" + target.password().name() + "' (HTTP " + status + "); set that secret "
          + "to the manager's password, or give the account the rights to change the edge");
    }
    if (status == 404) {
      throw new EdgeNotFoundException(where(request) + ": the manager has no " + what + " (HTTP 404: "
          + said(answer.body()) + ")", what);
    }
    if (status == 400) {
      String details = said(answer.body());
      throw new EdgeRefusedException(where(request) + " was refused (HTTP 400): " + details, details);
    }
    if (status >= 500) {
      throw new EdgeUnavailableException(where(request) + " answered HTTP " + status + " (" + said(answer.body())
          + "); retry later", null);
    }
    return answer;
  }

  private void expect(HttpUriRequestBase request, Answer answer, int status) {
    if (answer.status() != status) {
      throw new EdgeProtocolException(where(request) + " answered HTTP " + answer.status() + ", expected " + status
          + ": " + said(answer.body()));
    }
  }

  /** A certificate that is not the pinned one is a trust failure; any other TLS failure is "not available now". */
  private EdgeException tlsFailure(HttpUriRequestBase request, SSLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateException refused) {
        return new EdgeTrustException(where(request) + ": TLS refused before any request, the certificate is not the "
            + "pinned one: " + refused.getMessage() + ". Another machine may hold that address, or the manager's "
            + "certificate changed; confirm its fingerprint before trusting it", e);
      }
    }
    return new EdgeUnavailableException(where(request) + ": TLS handshake failed: " + e.getMessage(), e);
  }

  /** The manager's {@code <error><details>}, else the body's first line. */
  private static String said(String body) {
    try {
      ApiError error = EdgeXml.read(body, ApiError.class);
      if (error.details != null && !error.details.isBlank()) {
        return clean(error.details);
      }
    } catch (InvalidXmlException e) {
      // not an error body (an HTML page from a proxy, say): its first line is what there is to show
    }
    return clean(body.lines().findFirst().orElse("(empty body)"));
  }

  private static String clean(String text) {
    String line = text.strip().replaceAll("[\\p{Cc}\\uFFFD]", "?");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  @Override
  public void close() {
    http.close(CloseMode.GRACEFUL);
  }
}
