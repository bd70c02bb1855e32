package dunes.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.edge.xml.EdgeXml;
import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.Pool;
import dunes.edge.xml.VirtualServer;
import dunes.support.ExampleRequest;
import org.junit.jupiter.api.Test;

/** The field guide's pools and virtual servers for the README's example build (cluster vcvco, two nodes). */
class LoadBalancedPortsTest {

  final BuildSpec spec = BuildRequestReader.parseTrusted(ExampleRequest.withTicket("CHG-EDGE").toString());

  @Test
  void shouldBalanceTheServerPortAsHttpsAndTheTwoOthersAsTcp() {
    assertThat(LoadBalancedPorts.of(spec)).containsExactly(
        new LoadBalancedPort(8281, "HTTPS", "SSL", "SSL_SESSION_ID"),
        new LoadBalancedPort(8286, "TCP", "TCP", null),
        new LoadBalancedPort(8287, "TCP", "TCP", null));
    assertThat(LoadBalancedPorts.numbers(spec)).containsExactly(8281, 8286, 8287);
    assertThatThrownBy(() -> LoadBalancedPorts.of(spec, 443)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[8281, 8286, 8287]");
  }

  @Test
  void shouldMakeEveryNodeAMemberWithWeightOneCheckedOnItsPort() {
    Pool pool = LoadBalancedPorts.pool(spec, LoadBalancedPorts.of(spec, 8281));

    assertThat(pool.name).isEqualTo("vcvco-8281");
    assertThat(pool.id).isNull();
    assertThat(pool.servicePorts).singleElement().satisfies(p -> {
      assertThat(p.protocol).isEqualTo("HTTPS");
      assertThat(p.algorithm).isEqualTo("ROUND_ROBIN");
      assertThat(p.port).isEqualTo(8281);
      assertThat(p.healthCheckPort).isEqualTo(8281);
      assertThat(p.healthCheck.mode).isEqualTo("SSL");
    });
    assertThat(pool.members).extracting(m -> m.ipAddress).containsExactly("127.0.0.11", "127.0.0.12");
    assertThat(pool.members).allSatisfy(m -> {
      assertThat(m.weight).isEqualTo(1);
      assertThat(m.servicePorts).singleElement().satisfies(p -> {
        assertThat(p.port).isEqualTo(8281);
        assertThat(p.healthCheckPort).isEqualTo(8281);
        assertThat(p.healthCheck).isNull();
      });
    });
  }

  @Test
  void shouldPutTheVirtualServerOnTheVirtualIpWithPersistenceOnlyForHttps() {
    VirtualServer https = LoadBalancedPorts.virtualServer(spec, LoadBalancedPorts.of(spec, 8281), "pool-4");
    VirtualServer tcp = LoadBalancedPorts.virtualServer(spec, LoadBalancedPorts.of(spec, 8287), "pool-6");

    assertThat(https.name).isEqualTo("vcvco-8281-vip");
    assertThat(https.ipAddress).isEqualTo("127.0.0.10");
    assertThat(https.isEnabled()).isTrue();
    assertThat(https.pool.id).isEqualTo("pool-4");
    assertThat(https.applicationProfiles).singleElement()
        .satisfies(p -> assertThat(p.persistence.method).isEqualTo("SSL_SESSION_ID"));
    assertThat(tcp.name).isEqualTo("vcvco-8287-vip");
    assertThat(tcp.applicationProfiles).singleElement().satisfies(p -> {
      assertThat(p.protocol).isEqualTo("TCP");
      assertThat(p.port).isEqualTo(8287);
      assertThat(p.persistence).isNull();
    });
  }

  @Test
  void shouldCompareByContentNotByIdOrFormatting() {
    LoadBalancedPort port = LoadBalancedPorts.of(spec, 8286);
    Pool read = EdgeXml.copy(LoadBalancedPorts.pool(spec, port), Pool.class);
    read.id = "pool-2";
    VirtualServer server = LoadBalancedPorts.virtualServer(spec, port, "pool-2");
    VirtualServer readServer = EdgeXml.copy(server, VirtualServer.class);
    readServer.id = "virtualServer-2";
    readServer.enabled = null;
    readServer.pool.name = "vcvco-8286";

    assertThat(EdgeContent.samePool(read, LoadBalancedPorts.pool(spec, port))).isTrue();
    read.members.get(1).weight = 0;
    assertThat(EdgeContent.samePool(read, LoadBalancedPorts.pool(spec, port))).isFalse();
    assertThat(EdgeContent.sameVirtualServer(readServer, server)).isTrue();
    assertThat(EdgeContent.sameVirtualServer(readServer, LoadBalancedPorts.virtualServer(spec, port, "pool-3"))).isFalse();
    assertThat(EdgeContent.sameXml("<loadBalancer>\n<enabled>false</enabled></loadBalancer>",
        "<loadBalancer><enabled>false</enabled>\n</loadBalancer>", LoadBalancer.class)).isTrue();
  }
}
