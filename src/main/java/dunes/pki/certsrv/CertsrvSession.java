package dunes.pki.certsrv;

import dunes.pki.LegacyProtocolException;
import dunes.pki.PinnedHttpClients;
import dunes.secrets.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.auth.AuthChallenge;
import org.apache.hc.client5.http.auth.ChallengeType;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.auth.AuthChallengeParser;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.message.ParserCursor;
import org.apache.hc.core5.io.CloseMode;

/**
 * One port call's connection to one CA's certsrv: TLS pinned to the target's certificate (or plain
 * http a person accepted), the target's login ({@link CertsrvLogin}), the configured timeouts. Lives
 * for one call, so the password is resolved when it is used and held no longer. Only 200 answers
 * come back; every other outcome is one of the typed {@link CertsrvException}s.
 */
final class CertsrvSession implements AutoCloseable {

  /**
   * IIS answers non-browser clients a certificate with another Content-Type (certsrv.py's note,
   * PROTOCOLS.md 1b), so Dunes says it is a browser, and names itself.
   */
  static final String USER_AGENT = "Mozilla/5.0 (compatible; Dunes certsrv client)";
  /** certsrv's pages and certificates are a few KiB; more is not certsrv */
  static final int MAX_BODY = 1 << 20;

  /** A 200 answer. */
  record Answer(String contentType, byte[] body) {

    String text() {
      Charset charset = StandardCharsets.UTF_8;
      try {
        ContentType type = contentType == null ? null : ContentType.parse(contentType);
        if (type != null && type.getCharset() != null) {
          charset = type.getCharset();
        }
      } catch (RuntimeException e) { // an unknown charset name: read as UTF-8
      }
      return new String(body, charset);
    }

    /**
     * A page rather than a certificate, told by its first character: a certificate or PKCS#7 starts
     * with DER's 0x30 or PEM's '-', a page with '<'. The Content-Type decides only an empty body, as
     * IIS is known to send certificates with the wrong one to some clients.
     */
    boolean isHtml() {
      for (int i = 0; i < body.length; i++) {
        int b = body[i] & 0xff;
        boolean bom = i < 3 && (b == 0xef || b == 0xbb || b == 0xbf);
        if (!bom && !Character.isWhitespace(b)) {
          return b == '<';
        }
      }
      return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/html");
    }
  }

  /** Any answer; {@code offered} holds the schemes of its {@code WWW-Authenticate} headers. */
  private record Raw(int status, String contentType, byte[] body, List<String> offered) {}

  private final CertsrvPort.Target target;
  private final CloseableHttpClient http;
  private final CertsrvLogin login;
  private final String password;
  private final HttpHost server;

  private CertsrvSession(CertsrvPort.Target target, CloseableHttpClient http, HttpHost server, CertsrvLogin login,
      Secret password) {
    this.target = target;
    this.http = http;
    this.server = server;
    this.login = login;
    this.password = password.revealAsString();
  }

  /**
   * Over TLS pinned to the target's fingerprint; over plain http only for a target whose build a
   * person accepted it for (checked by the caller against what Dunes recorded). Negotiate logs in
   * to Kerberos here, before any request.
   */
  static CertsrvSession open(CertsrvPort.Target target, Secret password, CertsrvProperties properties,
      DnsResolver dns) {
    int port = target.baseUrl().getPort();
    HttpHost server = target.plainHttp()
        ? new HttpHost("http", target.baseUrl().getHost(), port == -1 ? 80 : port)
        : new HttpHost("https", target.baseUrl().getHost(), port == -1 ? 443 : port);
    CertsrvLogin login = CertsrvLogin.open(target, server, password, properties, dns);
    try {
      CloseableHttpClient http = target.plainHttp()
          ? PinnedHttpClients.plainHttp(properties.connectTimeout(), properties.responseTimeout(), dns)
          : PinnedHttpClients.create(target.fingerprint(), properties.connectTimeout(), properties.responseTimeout(),
              dns);
      return new CertsrvSession(target, http, server, login, password);
    } catch (RuntimeException e) {
      login.close();
      throw e;
    }
  }

  /** GET {@code page} (relative to the certsrv path, e.g. {@code certnew.cer?ReqID=3&Enc=bin}). */
  Answer get(String page) {
    return call(new HttpGet(target.path() + "/" + page), page);
  }

  /** POST {@code form}, url-encoded, to {@code page}. */
  Answer post(String page, List<NameValuePair> form) {
    HttpPost post = new HttpPost(target.path() + "/" + page);
    post.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
    return call(post, page);
  }

  /** How messages name a call: "certsrv at https://ca.example/certsrv (GET certnew.cer?ReqID=3&Enc=bin)". */
  String where(String method, String page) {
    return "certsrv at " + target + " (" + method + " " + page + ")";
  }

  /** A short, tag-stripped excerpt of a page, the password masked should the page echo it. */
  String excerpt(String page) {
    return CertsrvAnswers.excerpt(page, password);
  }

  private Answer call(HttpUriRequestBase request, String page) {
    String where = where(request.getMethod(), page);
    request.setHeader("User-Agent", USER_AGENT);
    Raw raw;
    try {
      raw = http.execute(server, request, login.context(), response -> {
        HttpEntity entity = response.getEntity();
        return new Raw(response.getCode(), entity == null ? null : entity.getContentType(), read(entity, where),
            offered(response));
      });
    } catch (SSLException e) {
      throw tlsFailure(where, e);
    } catch (ConnectException e) {
      throw new CertsrvUnavailableException(where + " refused the connection or did not accept it in time: "
          + e.getMessage() + "; the CA's web server may be down", false, e);
    } catch (IOException e) {
      throw new CertsrvUnavailableException(where + " gave no answer: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()), false, e);
    }
    Answer answer = new Answer(raw.contentType(), raw.body());
    return switch (raw.status()) {
      case 200 -> answer;
      case 401 -> throw CertsrvAuthenticationException.refused(where, target, raw.offered(),
          login.clientSideFailure().orElse(null));
      case 502, 503, 504 -> throw new CertsrvUnavailableException(where + " answered HTTP " + raw.status() + " ("
          + excerpt(answer.text()) + "); retry later", true, null);
      default -> throw new CertsrvProtocolException(where + " answered HTTP " + raw.status() + ", expected 200: "
          + excerpt(answer.text()), raw.status());
    };
  }

  /** The schemes a response's {@code WWW-Authenticate} headers offer, in order, each once. */
  private static List<String> offered(HttpResponse response) {
    List<String> schemes = new ArrayList<>();
    for (Header header : response.getHeaders(HttpHeaders.WWW_AUTHENTICATE)) {
      String value = header.getValue() == null ? "" : header.getValue();
      try {
        for (AuthChallenge challenge : AuthChallengeParser.INSTANCE.parse(ChallengeType.TARGET, value,
            new ParserCursor(0, value.length()))) {
          if (schemes.stream().noneMatch(challenge.getSchemeName()::equalsIgnoreCase)) {
            schemes.add(challenge.getSchemeName());
          }
        }
      } catch (ParseException e) { // a malformed challenge still names its scheme first
        String scheme = value.strip().split("[\\s,]", 2)[0];
        if (!scheme.isEmpty() && schemes.stream().noneMatch(scheme::equalsIgnoreCase)) {
          schemes.add(scheme);
        }
      }
    }
    return schemes;
  }

  private static byte[] read(HttpEntity entity, String where) throws IOException {
    if (entity == null) {
      return new byte[0];
    }
    try (InputStream in = entity.getContent()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw new CertsrvProtocolException(where + " answered more than " + MAX_BODY
            + " bytes, expected a certsrv page or a certificate of a few KiB");
      }
      return body;
    }
  }

  /**
   * A certificate that is not the pinned one is a trust failure; any other TLS failure (a server
   * closing while it stops, say) is "not available now".
   */
  private static CertsrvException tlsFailure(String where, SSLException e) {
    if (e instanceof LegacyProtocolException) {
      return new CertsrvProtocolException(where + ": " + e.getMessage(), e); // retrying cannot help
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateException refused) {
        return new CertsrvTrustException(where + ": TLS refused before any request, the certificate is not the "
            + "pinned one: " + refused.getMessage() + ". Another machine may hold that address, or the CA's web "
            + "server certificate changed; confirm its fingerprint before trusting it", e);
      }
    }
    return new CertsrvUnavailableException(where + ": TLS handshake failed: " + e.getMessage(), false, e);
  }

  @Override
  public void close() {
    http.close(CloseMode.GRACEFUL);
    login.close();
  }
}
