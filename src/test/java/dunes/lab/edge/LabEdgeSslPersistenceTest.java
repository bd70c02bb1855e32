package dunes.lab.edge;

import static dunes.lab.edge.EdgeConfigs.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dunes.lab.LabCertificates;
import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.LabTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTPS through the edge: passed through untouched (the client sees the member's own certificate),
 * sticky per SSL session id, and checked by the SSL health check.
 */
class LabEdgeSslPersistenceTest {

  private static final String API = "127.0.2.50";
  private static final String VIP = "127.0.2.51";
  private static final int PORT = 18281;
  private static final String CONFIG = "/api/3.0/edges/edge-1/loadbalancer/config";

  private LabEdge edge;
  private EdgeApiClient api;
  private NameServer first;
  private NameServer second;
  private SSLContext trustingMembers;
  private List<java.security.cert.X509Certificate> memberCertificates;

  private record Answer(String member, String sessionId) {}

  @BeforeEach
  void start() {
    edge = LabEdge.start(LabEdge.Settings.defaults("admin", "s3cret").withAddress(API, 0)
        .withHealthChecks(Duration.ofMillis(50), Duration.ofMillis(500)), new LabJournal(), new LabFaults());
    api = new EdgeApiClient(edge.url(), edge.certificate(), "admin", "s3cret");
    api.put("/api/3.0/edges/edge-1/vnics/0", EdgeConfigs.uplink("127.0.0.1", VIP));
    LabCertificates.Issued one = LabCertificates.selfSigned("vcvco1", List.of("vcvco.lab.local"), List.of(VIP));
    LabCertificates.Issued two = LabCertificates.selfSigned("vcvco2", List.of("vcvco.lab.local"), List.of(VIP));
    first = NameServer.tls("vcvco1", "127.0.2.11", LabTls.server(one));
    second = NameServer.tls("vcvco2", "127.0.2.12", LabTls.server(two));
    memberCertificates = List.of(one.certificate(), two.certificate());
    trustingMembers = freshContext();
  }

  @AfterEach
  void stop() {
    edge.close();
    first.close();
    second.close();
  }

  @Test
  void shouldSendAResumedSessionBackToTheMemberThatIssuedIt() {
    publish("SSL_SESSION_ID");

    List<Answer> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      answers.add(askTls(trustingMembers));
    }

    assertThat(answers).extracting(Answer::member).containsOnly(answers.get(0).member());
    assertThat(answers).extracting(Answer::sessionId).containsOnly(answers.get(0).sessionId());
  }

  @Test
  void shouldBalanceNewSessionsRoundRobin() {
    publish("SSL_SESSION_ID");

    List<String> members = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      members.add(askTls(freshContext()).member());
    }

    assertThat(members).containsExactly("vcvco1", "vcvco2", "vcvco1", "vcvco2");
  }

  @Test
  void shouldNotStickWithoutPersistence() {
    publish(null);

    List<String> members = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      members.add(askTls(trustingMembers).member());
    }

    assertThat(members).containsExactly("vcvco1", "vcvco2", "vcvco1", "vcvco2");
  }

  @Test
  void shouldTakeOutAMemberThatAcceptsTcpButDoesNotSpeakTls() {
    NameServer plain = NameServer.plain("plain", "127.0.2.13");
    try (plain) {
      String config = EdgeConfigs.oneService(VIP, PORT, "HTTPS", "SSL", "SSL_SESSION_ID",
          List.of(member(first, 1), member(plain, 1)));
      assertThat(api.put(CONFIG, config).statusCode()).isEqualTo(204);

      // new sessions each time, so that only the health check keeps them off the plain member
      await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> List.of(askTls(freshContext()).member(),
          askTls(freshContext()).member()).stream().allMatch("vcvco1"::equals));
      assertThat(List.of(askTls(freshContext()).member(), askTls(freshContext()).member())).containsOnly("vcvco1");
    }
  }

  /** A client context with an empty session cache: its first connection is always a new session. */
  private SSLContext freshContext() {
    return EdgeApiClient.trusting(memberCertificates.toArray(java.security.cert.X509Certificate[]::new));
  }

  private void publish(String persistence) {
    String config = EdgeConfigs.oneService(VIP, PORT, "HTTPS", "SSL", persistence,
        List.of(member(first, 1), member(second, 1)));
    assertThat(api.put(CONFIG, config).statusCode()).isEqualTo(204);
  }

  /** A TLS 1.2 client (session ids are a TLS 1.2 affair; 1.3 resumes by ticket) through the VIP. */
  private static Answer askTls(SSLContext context) {
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(VIP, PORT)) {
      socket.setEnabledProtocols(new String[] {"TLSv1.2"});
      socket.setSoTimeout(5000);
      socket.startHandshake();
      String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
      return new Answer(line, HexFormat.of().formatHex(socket.getSession().getId()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
