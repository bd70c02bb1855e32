package dunes.pki.certsrv;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.ca.LabCertificateAuthority;
import dunes.lab.ca.LabCertificateAuthority.Settings;
import dunes.pki.PinnedHttpClients;
import dunes.secrets.SecretRef;
import dunes.secrets.TestSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicNameValuePair;

/**
 * A lab CA on a free port of a 127.0.13.x address, with its journal and fault knobs, the client
 * pinned to its TLS certificate, and the lab's control API (what a CA manager does) over HTTPS.
 */
final class CertsrvLab implements AutoCloseable {

  static final String USER = "LAB\\enroll";
  static final SecretRef PASSWORD = new SecretRef("ca-enroll");
  static final String TEMPLATE = "WebServer";

  /** unique per lab, so that a test can look for it in every message and in the log */
  final String password = "enroll-" + UUID.randomUUID();
  final LabJournal journal = new LabJournal();
  final LabFaults faults = new LabFaults();
  final LabCertificateAuthority ca;

  CertsrvLab(String address) {
    this(address, s -> s);
  }

  CertsrvLab(String address, UnaryOperator<Settings> settings) {
    ca = LabCertificateAuthority.start(settings.apply(Settings.defaults(USER, password).withAddress(address, 0)),
        journal, faults);
  }

  HttpCertsrvClient client() {
    return clientWith(password, CertsrvProperties.defaults());
  }

  /** A client whose secret store holds {@code storedPassword} under {@link #PASSWORD}. */
  static HttpCertsrvClient clientWith(String storedPassword, CertsrvProperties properties) {
    return new HttpCertsrvClient(properties,
        TestSecrets.onLoopback(Map.of(PASSWORD.name(), storedPassword)), null);
  }

  CertsrvPort.Target target() {
    return target(ca.tlsFingerprint());
  }

  CertsrvPort.Target target(String fingerprint) {
    return CertsrvPort.Target.https(ca.url(), fingerprint, USER, PASSWORD, TEMPLATE, CertsrvAuthentication.BASIC);
  }

  /** POST /lab/requests/{id}/approve, as the CA manager issuing the request. */
  void approve(long requestId) {
    assertThat(control("/lab/requests/" + requestId + "/approve", List.of())).isEqualTo(200);
  }

  /** POST /lab/requests/{id}/deny with the manager's message. */
  void deny(long requestId, String message) {
    assertThat(control("/lab/requests/" + requestId + "/deny", List.of(new BasicNameValuePair("message", message))))
        .isEqualTo(200);
  }

  private int control(String path, List<BasicNameValuePair> form) {
    HttpHost server = new HttpHost("https", ca.url().getHost(), ca.port());
    try (CloseableHttpClient http = PinnedHttpClients.create(ca.tlsFingerprint(), Duration.ofSeconds(5),
        Duration.ofSeconds(5), null)) {
      HttpPost post = new HttpPost(path);
      post.setEntity(new UrlEncodedFormEntity(form));
      return http.execute(server, post,
          PinnedHttpClients.preemptiveBasic(server, new UsernamePasswordCredentials(USER, password.toCharArray())),
          response -> response.getCode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    ca.close();
  }
}
