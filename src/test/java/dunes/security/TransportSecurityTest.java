package dunes.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dunes.lab.LabCertificates;
import dunes.pki.Fingerprints;
import dunes.pki.PinnedCertificateTrustManager;
import dunes.support.JvmRegistries;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Dunes's own port with TLS (profile tls: a PKCS#12 this class writes before the context starts,
 * its password handed in as DUNES_TLS_KEYSTORE_PASSWORD) and the login throttling of the engine,
 * seen from outside over HTTPS.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "DUNES_TLS_KEYSTORE_PASSWORD=" + TransportSecurityTest.KEYSTORE_PASSWORD)
@ActiveProfiles({"test", "tls"})
class TransportSecurityTest {

  static final String KEYSTORE_PASSWORD = "tls-test-keystore-pw";
  private static final Path KEYSTORE = Path.of("target/tls-test/dunes-tls.p12");
  /** the tls profile's back-off per wrong password (loginDelayBase 1 s, factor 1) */
  private static final Duration BACK_OFF = Duration.ofSeconds(1);
  private static final String ADMIN = "admin";
  private static final String ADMIN_PASSWORD = "test-admin-pw-4711"; // application-test.yaml
  private static final LabCertificates.Issued CERTIFICATE = writeKeystore();

  @Autowired ProcessEngine engine;
  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

  private final CookieManager cookies = new CookieManager();
  private final HttpClient https = HttpClient.newBuilder()
      .sslContext(PinnedCertificateTrustManager.sslContext(Fingerprints.sha256(CERTIFICATE.certificate())))
      .cookieHandler(cookies).build();

  @BeforeEach
  void claimTheEngineName() {
    JvmRegistries.claim(engine);
  }

  @Test
  void shouldServeTheKeystoresCertificateOverTls13AndHttp2() throws Exception {
    HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/engine-rest/user/" + ADMIN + "/profile")).GET(),
        ADMIN, ADMIN_PASSWORD);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    SSLSession session = answer.sslSession().orElseThrow();
    assertThat(session.getPeerCertificates()[0]).isEqualTo(CERTIFICATE.certificate());
    assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
    assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
  }

  @Test
  void shouldShowOpensslTheKeystoresCertificate() throws Exception {
    // an independent TLS client: OpenSSL's s_client, trusting only the keystore's certificate, asking for HTTP/2 by ALPN
    Path trusted = Files.writeString(KEYSTORE.resolveSibling("dunes-tls.pem"), LabCertificates.pem(CERTIFICATE.certificate()));
    Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-servername", "localhost", "-verify_hostname", "localhost", "-CAfile", trusted.toString(),
        "-verify_return_error", "-alpn", "h2").redirectErrorStream(true).start();
    openssl.getOutputStream().close();
    assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(output).contains("Verify return code: 0 (ok)").contains("New, TLSv1.3").contains("ALPN protocol: h2");
  }

  @Test
  void shouldAnswerPlainHttpOnTheTlsPortWithoutReachingTheApplication() throws Exception {
    HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/engine-rest/user/" + ADMIN + "/profile"))
            .header("Authorization", basic(ADMIN, ADMIN_PASSWORD)).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    // Tomcat's own refusal: "This combination of host and port requires TLS."
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("requires TLS").doesNotContain(ADMIN + "\"");
  }

  @Test
  void shouldGiveTheWebappsSecureHttpOnlySameSiteCookiesAndHsts() throws Exception {
    HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/camunda/app/tasklist/default/")).GET(), null, null);

    assertThat(answer.statusCode()).isEqualTo(200);
    List<String> setCookies = answer.headers().allValues("Set-Cookie");
    assertThat(attributes(setCookies, "JSESSIONID")).contains("secure", "httponly", "samesite=strict");
    // the webapps' scripts read the CSRF token: Secure and SameSite, not HttpOnly
    assertThat(attributes(setCookies, "XSRF-TOKEN")).contains("secure", "samesite=strict");
    assertThat(answer.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(
        hsts -> assertThat(hsts).contains("max-age="));
  }

  @Test
  void shouldDelayEveryWrongPasswordAndNeverLockAdminForGood() throws Exception {
    // Basic on both APIs goes through the engine's check; each wrong password is counted once the previous back-off is over
    String[] paths = {"/engine-rest/user/" + ADMIN + "/profile", "/api/builds/CHG0000001"};
    Instant first = null;
    Instant lastWrong = null;
    for (int i = 0; i < 20; i++) {
      awaitBackOffOver(ADMIN);
      lastWrong = Instant.now();
      first = first == null ? lastWrong : first;
      assertThat(send(HttpRequest.newBuilder(uri(paths[i % 2])).GET(), ADMIN, "wrong-" + i).statusCode()).isEqualTo(401);
    }
    assertThat(attempts(ADMIN)).as("wrong passwords the engine counted (its default locks for good at 10)").isEqualTo(20);
    assertThat(Duration.between(first, lastWrong)).as("20 counted guesses wait out 19 back-offs")
        .isGreaterThanOrEqualTo(BACK_OFF.multipliedBy(19));

    // the right password is refused while the last back-off runs, then accepted: never a permanent lock
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
        send(HttpRequest.newBuilder(uri(paths[0])).GET(), ADMIN, ADMIN_PASSWORD).statusCode() == 200);
    assertThat(Duration.between(lastWrong, Instant.now())).isGreaterThanOrEqualTo(BACK_OFF);
    assertThat(attempts(ADMIN)).as("a good login clears the count").isZero();
  }

  @Test
  void shouldCountAWrongWebappLoginLikeAWrongBasicOne() throws Exception {
    String user = "walter";
    if (engine.getIdentityService().createUserQuery().userId(user).count() == 0) {
      User walter = engine.getIdentityService().newUser(user);
      walter.setPassword("walter-pw-1234");
      engine.getIdentityService().saveUser(walter);
    }
    send(HttpRequest.newBuilder(uri("/camunda/app/tasklist/default/")).GET(), null, null); // session and XSRF token
    String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(HttpCookie::getValue).findFirst().orElseThrow();

    HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/tasklist"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=wrong")), null, null);

    assertThat(login.statusCode()).as(login.body()).isEqualTo(401);
    assertThat(attempts(user)).isEqualTo(1);
  }

  private void awaitBackOffOver(String user) {
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
      Timestamp until = jdbc.queryForObject("select LOCK_EXP_TIME_ from ACT_ID_USER where ID_ = ?", Timestamp.class, user);
      return until == null || !until.toInstant().isAfter(Instant.now());
    });
  }

  private int attempts(String user) {
    Integer attempts = jdbc.queryForObject("select ATTEMPTS_ from ACT_ID_USER where ID_ = ?", Integer.class, user);
    return attempts == null ? 0 : attempts;
  }

  /** The attributes of the cookie's Set-Cookie header, lower case, without its value. */
  private static List<String> attributes(List<String> setCookies, String name) {
    String header = setCookies.stream().filter(c -> c.startsWith(name + "=")).findFirst()
        .orElseThrow(() -> new AssertionError("no Set-Cookie " + name + " in " + setCookies));
    return Arrays.stream(header.split(";")).skip(1).map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String user, String password) throws Exception {
    if (user != null) {
      request.header("Authorization", basic(user, password));
    }
    return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("https://localhost:" + port + path);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Dunes's key and certificate as an operator would hand them over: one PKCS#12 file. */
  private static LabCertificates.Issued writeKeystore() {
    LabCertificates.Issued issued = LabCertificates.selfSigned("localhost", List.of("localhost"), List.of("127.0.0.1"));
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("dunes", issued.keys().getPrivate(), KEYSTORE_PASSWORD.toCharArray(),
          new java.security.cert.Certificate[] {issued.certificate()});
      Files.createDirectories(KEYSTORE.getParent());
      try (OutputStream out = Files.newOutputStream(KEYSTORE)) {
        store.store(out, KEYSTORE_PASSWORD.toCharArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return issued;
  }
}
