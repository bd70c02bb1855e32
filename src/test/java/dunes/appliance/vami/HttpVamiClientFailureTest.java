package dunes.appliance.vami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.lab.LabFaults;
import dunes.lab.node.LabNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What the VAMI client says when the appliance refuses, is not ready, or is not the pinned one (127.0.7.50). */
@ExtendWith(OutputCaptureExtension.class)
class HttpVamiClientFailureTest {

  static final String OTHER_FINGERPRINT = "AB:".repeat(31) + "AB";

  @TempDir Path dir;
  VamiLab lab;
  LabNode node;

  @BeforeEach
  void setUp() {
    lab = new VamiLab(dir);
    node = lab.poweredOn("vcvco1", "127.0.7.50");
  }

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void shouldSayTheRootPasswordWasRefused(CapturedOutput output) {
    String wrong = "wrong-" + lab.rootPassword;

    assertThatThrownBy(() -> lab.client(wrong, null).converge(lab.target(node),
        new DesiredIdentity("vcvco.lab.local", null, null)))
        .isInstanceOf(VamiAuthenticationException.class)
        .hasMessageContaining("refused the root password from secret 'appliance-root'")
        .message().doesNotContain(wrong);
    assertThat(lab.count("vami-hostname")).isZero();
    assertThat(output).doesNotContain(wrong).doesNotContain(lab.rootPassword);
  }

  @Test
  void shouldRefuseAnApplianceWhoseCertificateIsNotThePinnedOne() {
    VamiPort.Target pinnedElsewhere = new VamiPort.Target(node.address(), VamiLab.PORTS.vami(), OTHER_FINGERPRINT, VamiLab.ROOT);

    assertThatThrownBy(() -> lab.client().converge(pinnedElsewhere, new DesiredIdentity("evil.lab.local", null, null)))
        .isInstanceOf(VamiTrustException.class)
        .hasMessageContaining("not the pinned one")
        .hasMessageContaining(OTHER_FINGERPRINT)
        .message().doesNotContain(lab.rootPassword);
    assertThat(node.identity().hostname()).isEqualTo("vcvco1.lab.local");
  }

  @Test
  void shouldRetryAHandshakeTheApplianceBreaksOff() throws Exception {
    // a listener that takes the connection and closes it mid-handshake, as a VAMI moving to its new address does
    try (java.net.ServerSocket closing = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.7.51"))) {
      Thread acceptor = new Thread(() -> {
        try (java.net.Socket client = closing.accept()) {
          client.getInputStream().read(new byte[64]);
        } catch (java.io.IOException ignored) {
          // the test's client gave up first: nothing to close
        }
      });
      acceptor.start();
      VamiPort.Target closingTarget = new VamiPort.Target("127.0.7.51", closing.getLocalPort(), OTHER_FINGERPRINT,
          VamiLab.ROOT);

      assertThatThrownBy(() -> lab.client().read(closingTarget))
          .isInstanceOfSatisfying(VamiUnavailableException.class, e -> assertThat(e.answered()).isFalse())
          .hasMessageContaining("TLS handshake failed");
      acceptor.join(5_000);
    }
  }

  @Test
  void shouldReportA503AsRetryable() {
    lab.faults.inject("node:vcvco1:vami", LabFaults.Kind.HTTP_503, 1);

    assertThatThrownBy(() -> lab.client().read(lab.target(node)))
        .isInstanceOfSatisfying(VamiUnavailableException.class, e -> assertThat(e.answered()).isTrue())
        .hasMessageContaining("503");
    assertThat(lab.client().read(lab.target(node)).hostname()).isEqualTo("vcvco1.lab.local");
  }

  @Test
  void shouldNameTheExpectedJsonWhenTheAnswerIsGarbage() {
    lab.faults.inject("node:vcvco1:vami", LabFaults.Kind.GARBAGE, 1);

    assertThatThrownBy(() -> lab.client().read(lab.target(node)))
        .isInstanceOf(VamiProtocolException.class)
        .hasMessageContaining("GET /vami/hostname")
        .hasMessageContaining("expected {\"hostname\":\"<fqdn>\"}");
  }

  @Test
  void shouldPassOnTheAppliancesRefusalOfAValue() {
    assertThatThrownBy(() -> lab.client().converge(lab.target(node), new DesiredIdentity(null, "Mars/Olympus", null)))
        .isInstanceOf(VamiRejectedException.class)
        .hasMessageContaining("PUT /vami/timezone")
        .hasMessageContaining("not a known time zone");
    assertThat(lab.count("vami-timezone")).isZero();
  }
}
