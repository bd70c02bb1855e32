package dunes.edge.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Dunes's XML model reads what the manager writes and refuses what it must not read. */
class EdgeXmlTest {

  @Test
  void shouldReadAPoolWithItsServicePortsAndMembers() {
    Pool pool = EdgeXml.read("""
        <pool><name>vco-pool</name>
          <servicePort><protocol>HTTPS</protocol><algorithm>ROUND_ROBIN</algorithm><port>8281</port>
            <healthCheckPort>8281</healthCheckPort><healthCheck><mode>SSL</mode><interval>5</interval></healthCheck></servicePort>
          <servicePort><protocol>TCP</protocol><port>8286</port></servicePort>
          <member><ipAddress>10.0.0.11</ipAddress><weight>0</weight>
            <servicePort><protocol>HTTPS</protocol><port>8281</port></servicePort></member>
        </pool>""", Pool.class);

    assertThat(pool.servicePorts).extracting(p -> p.port).containsExactly(8281, 8286);
    assertThat(pool.servicePorts.get(0).healthCheck.mode).isEqualTo("SSL");
    assertThat(pool.members.get(0).weight).isZero();
    assertThat(EdgeXml.write(pool)).contains("<weight>0</weight>").doesNotContain("<id>", "<algorithm/>");
  }

  @Test
  void shouldRefuseExternalEntities() {
    String hostile = "<!DOCTYPE l [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>"
        + "<loadBalancer><enabled>&e;</enabled></loadBalancer>";

    assertThatThrownBy(() -> EdgeXml.read(hostile, LoadBalancer.class)).isInstanceOf(InvalidEdgeXmlException.class);
  }

  @Test
  void shouldRefuseAnotherRootElement() {
    assertThatThrownBy(() -> EdgeXml.read("<pool><name>p</name></pool>", LoadBalancer.class))
        .isInstanceOf(InvalidEdgeXmlException.class).hasMessageContaining("expected <loadBalancer>, got <pool>");
  }
}
