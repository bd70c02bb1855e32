package dunes.lab.edge;

import java.util.List;
import java.util.stream.Collectors;

/** Load balancer configurations as the tests send them: XML text, as an operator's script would. */
final class EdgeConfigs {

  record MemberSpec(String ipAddress, int port, int weight) {}

  private EdgeConfigs() {}

  static MemberSpec member(NameServer server, int weight) {
    return new MemberSpec(server.address(), server.port(), weight);
  }

  /** One pool and one enabled virtual server on {@code vip:port}, load balancer enabled. */
  static String oneService(String vip, int port, String protocol, String healthMode, String persistence,
      List<MemberSpec> members) {
    String memberXml = members.stream().map(m -> """
          <member>
            <ipAddress>%s</ipAddress>
            <weight>%d</weight>
            <servicePort><protocol>%s</protocol><port>%d</port><healthCheckPort>%d</healthCheckPort></servicePort>
          </member>
        """.formatted(m.ipAddress(), m.weight(), protocol, m.port(), m.port())).collect(Collectors.joining());
    String persistenceXml = persistence == null ? ""
        : "<persistence><method>" + persistence + "</method></persistence>";
    return """
        <loadBalancer>
          <enabled>true</enabled>
          <pool>
            <name>test-pool</name>
            <servicePort>
              <protocol>%s</protocol><algorithm>ROUND_ROBIN</algorithm><port>%d</port><healthCheckPort>%d</healthCheckPort>
              <healthCheck><mode>%s</mode><healthThreshold>2</healthThreshold><unHealthThreshold>2</unHealthThreshold><interval>5</interval><timeout>15</timeout></healthCheck>
            </servicePort>
        %s
          </pool>
          <virtualServer>
            <name>test-vip</name>
            <enabled>true</enabled>
            <ipAddress>%s</ipAddress>
            <applicationProfile><protocol>%s</protocol><port>%d</port>%s</applicationProfile>
            <pool><name>test-pool</name></pool>
          </virtualServer>
        </loadBalancer>
        """.formatted(protocol, port, port, healthMode, memberXml, vip, protocol, port, persistenceXml);
  }

  /** vnic 0 with its primary address and the given secondary addresses. */
  static String uplink(String primary, String... secondaries) {
    String secondaryXml = secondaries.length == 0 ? "" : List.of(secondaries).stream()
        .map(a -> "<ipAddress>" + a + "</ipAddress>")
        .collect(Collectors.joining("", "<secondaryAddresses>", "</secondaryAddresses>"));
    return """
        <vnic>
          <index>0</index>
          <name>vnic0</name>
          <type>uplink</type>
          <portgroupId>dvportgroup-20</portgroupId>
          <isConnected>true</isConnected>
          <addressGroups>
            <addressGroup>
              <primaryAddress>%s</primaryAddress>
              %s
              <subnetMask>255.0.0.0</subnetMask>
            </addressGroup>
          </addressGroups>
        </vnic>
        """.formatted(primary, secondaryXml);
  }
}
