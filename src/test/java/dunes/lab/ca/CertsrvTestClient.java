package dunes.lab.ca;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An independent certsrv client for the tests: the JDK's HttpClient trusting only the CA root,
 * and the regular expressions that real certsrv clients apply to the HTML (PROTOCOLS.md 1b).
 */
final class CertsrvTestClient {

  static final Pattern ISSUED = Pattern.compile("certnew.cer\\?ReqID=(\\d+)&");
  static final Pattern PENDING_ID = Pattern.compile("Your Request Id is (\\d+).");
  static final Pattern DENIED = Pattern.compile("The disposition message is \"([^\"]+)");
  static final Pattern DOWNLOAD_DISPOSITION = Pattern.compile("Disposition message:[^\\t]+\\t\\t([^\\r\\n]+)");
  private static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Trident/7.0; rv:11.0) like Gecko";

  private final URI base;
  private final HttpClient http;
  private final String authorization;

  CertsrvTestClient(URI base, X509Certificate trustedRoot, String username, String password) {
    this(base, client(trustedRoot), username == null ? null
        : "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  private CertsrvTestClient(URI base, HttpClient http, String authorization) {
    this.base = base;
    this.http = http;
    this.authorization = authorization;
  }

  CertsrvTestClient withoutCredentials() {
    return new CertsrvTestClient(base, http, null);
  }

  CertsrvTestClient withCredentials(String username, String password) {
    return new CertsrvTestClient(base, http,
        "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** Sends {@code header} as the Authorization header, e.g. an NTLM negotiate message. */
  CertsrvTestClient withAuthorization(String header) {
    return new CertsrvTestClient(base, http, header);
  }

  /** POST certfnsh.asp with the fields a browser (and Dunes) sends. */
  HttpResponse<String> submit(String csrPem, String template) {
    return post("/certsrv/certfnsh.asp", Map.of(
        "Mode", "newreq",
        "CertRequest", csrPem,
        "CertAttrib", "CertificateTemplate:" + template + "\r\nUserAgent:" + BROWSER + "\r\n",
        "FriendlyType", "Saved-Request Certificate",
        "TargetStoreFlags", "0",
        "SaveCert", "yes"));
  }

  HttpResponse<String> post(String path, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> get(String pathAndQuery) {
    return send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> getText(String pathAndQuery) {
    return send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static Optional<String> find(Pattern pattern, String page) {
    Matcher matcher = pattern.matcher(page);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  static X509Certificate certificate(byte[] pemOrDer) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pemOrDer));
    } catch (GeneralSecurityException e) {
      throw new AssertionError("not a certificate", e);
    }
  }

  /** The certificates of a PKCS#7 in their encoded order, read by the JDK (DER or PEM). */
  @SuppressWarnings("unchecked")
  static List<X509Certificate> pkcs7(byte[] der) {
    try {
      return (List<X509Certificate>) CertificateFactory.getInstance("X.509")
          .generateCertPath(new ByteArrayInputStream(der), "PKCS7").getCertificates();
    } catch (GeneralSecurityException e) {
      throw new AssertionError("not a PKCS#7 chain", e);
    }
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(Duration.ofSeconds(10)).header("User-Agent", BROWSER);
    return authorization == null ? builder : builder.header("Authorization", authorization);
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpClient client(X509Certificate trustedRoot) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("lab-ca-root", trustedRoot);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, factory.getTrustManagers(), null);
      return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
