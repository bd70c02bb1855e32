package dunes.lab.edge;

import static dunes.lab.edge.EdgeConfigs.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Published virtual servers forward real TCP connections to healthy members, by weight. */
class LabEdgeForwardingTest {

  private static final String API = "127.0.2.40";
  private static final String VIP = "127.0.2.41";
  private static final int PORT = 18286;
  private static final String CONFIG = "/api/3.0/edges/edge-1/loadbalancer/config";

  private final LabJournal journal = new LabJournal();
  private final LabFaults faults = new LabFaults();
  private LabEdge edge;
  private EdgeApiClient api;
  private NameServer first;
  private NameServer second;
  private NameServer third;

  @BeforeEach
  void start() {
    edge = LabEdge.start(LabEdge.Settings.defaults("admin", "s3cret").withAddress(API, 0)
        .withHealthChecks(Duration.ofMillis(50), Duration.ofMillis(500)), journal, faults);
    api = new EdgeApiClient(edge.url(), edge.certificate(), "admin", "s3cret");
    assertThat(api.put("/api/3.0/edges/edge-1/vnics/0", EdgeConfigs.uplink("127.0.0.1", VIP)).statusCode())
        .isEqualTo(204);
    first = NameServer.plain("vcvco1", "127.0.2.11");
    second = NameServer.plain("vcvco2", "127.0.2.12");
    third = NameServer.plain("vcvco3", "127.0.2.13");
  }

  @AfterEach
  void stop() {
    edge.close();
    first.close();
    second.close();
    third.close();
  }

  @Test
  void shouldAlternateBetweenMembersOfEqualWeight() {
    publish(List.of(member(first, 1), member(second, 1)));

    assertThat(Connections.ask(VIP, PORT, 4)).containsExactly("vcvco1", "vcvco2", "vcvco1", "vcvco2");
  }

  @Test
  void shouldShareConnectionsByWeightAndGiveWeightZeroNothing() {
    publish(List.of(member(first, 2), member(second, 1), member(third, 0)));

    List<String> answers = Connections.ask(VIP, PORT, 6);

    assertThat(answers).containsExactly("vcvco1", "vcvco2", "vcvco1", "vcvco1", "vcvco2", "vcvco1");
    assertThat(Collections.frequency(answers, "vcvco3")).isZero();
  }

  @Test
  void shouldTakeAStoppedMemberOutAfterFailedChecksAndBackWhenHealthy() {
    publish(List.of(member(first, 1), member(second, 1)));
    assertThat(Connections.ask(VIP, PORT, 2)).containsExactlyInAnyOrder("vcvco1", "vcvco2");

    second.stop();
    await().atMost(Duration.ofSeconds(5)).until(() -> Connections.ask(VIP, PORT, 4).stream().allMatch("vcvco1"::equals));
    assertThat(Connections.ask(VIP, PORT, 4)).containsOnly("vcvco1");

    second.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> Connections.ask(VIP, PORT, 2).contains("vcvco2"));
  }

  @Test
  void shouldCloseTheListenerWhenTheLoadBalancerIsDisabled() {
    publish(List.of(member(first, 1)));
    assertThat(Connections.ask(VIP, PORT)).isEqualTo("vcvco1");

    String disabled = api.get(CONFIG).body().replaceFirst("<enabled>true</enabled>", "<enabled>false</enabled>");
    assertThat(disabled).contains("<enabled>false</enabled>");
    assertThat(api.put(CONFIG, disabled).statusCode()).isEqualTo(204);

    assertThat(edge.listening()).isEmpty();
    assertThatThrownBy(() -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(VIP, PORT), 2000);
      }
    }).isInstanceOf(ConnectException.class);
  }

  @Test
  void shouldKeepForwardingWithNewMembersWhenRepublishedOnTheSameAddress() {
    publish(List.of(member(first, 1)));
    assertThat(Connections.ask(VIP, PORT)).isEqualTo("vcvco1");

    publish(List.of(member(second, 1)));

    assertThat(Connections.ask(VIP, PORT, 2)).containsOnly("vcvco2");
    assertThat(journal.count("edge", "publish")).isEqualTo(2);
  }

  @Test
  void shouldResetConnectionsWhenAFaultIsInjectedOnTheVirtualServer() {
    publish(List.of(member(first, 1)));
    faults.inject("edge:vip:" + VIP + ":" + PORT, LabFaults.Kind.RESET, 1);

    assertThat(Connections.ask(VIP, PORT, 2)).containsExactly("", "vcvco1");
  }

  @Test
  void shouldServeEachPortOfAVirtualServerFromTheMatchingServicePortOfOnePool() {
    String node = "127.0.2.21";
    try (NameServer messaging = NameServer.plain("node-18286", node, 18286);
        NameServer secure = NameServer.plain("node-18287", node, 18287)) {
      String config = """
          <loadBalancer><enabled>true</enabled>
            <pool><name>vco-tcp</name>
              <servicePort><protocol>TCP</protocol><algorithm>ROUND_ROBIN</algorithm><port>18286</port>
                <healthCheck><mode>TCP</mode></healthCheck></servicePort>
              <servicePort><protocol>TCP</protocol><algorithm>ROUND_ROBIN</algorithm><port>18287</port>
                <healthCheck><mode>TCP</mode></healthCheck></servicePort>
              <member><ipAddress>%s</ipAddress><weight>1</weight>
                <servicePort><protocol>TCP</protocol><port>18286</port><healthCheckPort>18286</healthCheckPort></servicePort>
                <servicePort><protocol>TCP</protocol><port>18287</port><healthCheckPort>18287</healthCheckPort></servicePort>
              </member>
            </pool>
            <virtualServer><name>vco-vip</name><ipAddress>%s</ipAddress>
              <applicationProfile><protocol>TCP</protocol><port>18286</port></applicationProfile>
              <applicationProfile><protocol>TCP</protocol><port>18287</port></applicationProfile>
              <pool><name>vco-tcp</name></pool>
            </virtualServer>
          </loadBalancer>""".formatted(node, VIP);

      assertThat(api.put(CONFIG, config).statusCode()).isEqualTo(204);

      assertThat(edge.listening()).containsExactly(VIP + ":18286", VIP + ":18287");
      assertThat(Connections.ask(VIP, 18286)).isEqualTo("node-18286");
      assertThat(Connections.ask(VIP, 18287)).isEqualTo("node-18287");
    }
  }

  private void publish(List<EdgeConfigs.MemberSpec> members) {
    String config = EdgeConfigs.oneService(VIP, PORT, "TCP", "TCP", null, members);
    assertThat(api.put(CONFIG, config).statusCode()).isEqualTo(204);
  }
}
