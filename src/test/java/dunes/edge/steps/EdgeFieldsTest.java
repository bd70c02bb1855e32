package dunes.edge.steps;

import static dunes.edge.steps.EdgeStage.VIP;
import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.LabJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stage changes only what it owns on a real-looking vNIC and load balancer configuration: every
 * field the model does not know (portgroupId, mtu, macAddress, shaping, proxy ARP, …; logging, a
 * pool's description, a member's maxConn, …) comes back byte for byte, through the stage and
 * through the undo.
 */
class EdgeFieldsTest {

  static final String OTHER_VIP = "127.0.20.99";
  /** vnic 0 as an operator set it up, fields from the documented vNIC (vmware-archive/nsxraml vnicUpdate) */
  static final String VNIC = """
      <vnic>
        <label>vNic_0</label>
        <name>uplink-dmz</name>
        <addressGroups>
          <addressGroup>
            <primaryAddress>127.0.0.1</primaryAddress>
            <secondaryAddresses>
              <ipAddress>%s</ipAddress>
            </secondaryAddresses>
            <subnetMask>255.0.0.0</subnetMask>
            <subnetPrefixLength>8</subnetPrefixLength>
          </addressGroup>
        </addressGroups>
        <mtu>9000</mtu>
        <type>uplink</type>
        <isConnected>true</isConnected>
        <index>0</index>
        <portgroupId>dvportgroup-77</portgroupId>
        <portgroupName>dmz</portgroupName>
        <macAddress>
          <edgeVmHaIndex>0</edgeVmHaIndex>
          <value>00:50:56:aa:bb:cc</value>
        </macAddress>
        <enableProxyArp>true</enableProxyArp>
        <enableSendRedirects>false</enableSendRedirects>
        <inShapingPolicy>
          <averageBandwidth>100000</averageBandwidth>
          <peakBandwidth>200000</peakBandwidth>
          <burstSize>1024</burstSize>
          <enabled>true</enabled>
          <inherited>false</inherited>
        </inShapingPolicy>
      </vnic>
      """.formatted(OTHER_VIP);

  /** An edge that already balances something else, with fields Dunes's model does not know. */
  static final String CONFIG = """
      <?xml version="1.0" encoding="UTF-8"?>
      <loadBalancer>
        <enabled>true</enabled>
        <pool>
          <id>pool-4</id>
          <name>legacy</name>
          <description>reporting, kept by the operator</description>
          <transparent>false</transparent>
          <servicePort>
            <protocol>HTTP</protocol>
            <algorithm>LEAST_CONN</algorithm>
            <port>8080</port>
            <healthCheck><mode>HTTP</mode><uri>/health</uri></healthCheck>
          </servicePort>
          <member>
            <name>report1</name>
            <ipAddress>127.0.20.98</ipAddress>
            <weight>1</weight>
            <maxConn>100</maxConn>
          </member>
        </pool>
        <virtualServer>
          <id>virtualServer-2</id>
          <name>legacy-vip</name>
          <description>reporting</description>
          <enabled>true</enabled>
          <ipAddress>%s</ipAddress>
          <applicationProfile><protocol>HTTP</protocol><port>8080</port></applicationProfile>
          <pool><id>pool-4</id></pool>
          <logging>true</logging>
        </virtualServer>
        <logging>
          <enable>true</enable>
          <logLevel>info</logLevel>
        </logging>
      </loadBalancer>
      """.formatted(OTHER_VIP);

  EdgeStage stage;

  @BeforeEach
  void start() {
    stage = new EdgeStage();
    stage.client.putVnicXml(stage.target(), 0, VNIC);
  }

  @AfterEach
  void stop() {
    stage.close();
  }

  /** The first object of a configuration text that starts with {@code open}, as written there. */
  private static String object(String config, String open) {
    int start = config.indexOf(open);
    String close = open.replace("<", "</");
    return config.substring(start, config.indexOf(close, start) + close.length());
  }

  @Test
  void shouldKeepEveryVnicFieldButTheSecondaryAddressesByteForByte() {
    String before = stage.lab.edge.vnicXml(0);

    stage.runStage();

    String added = "\n        <ipAddress>" + VIP + "</ipAddress>";
    String after = stage.lab.edge.vnicXml(0);
    assertThat(after).isEqualTo(before.replace("<ipAddress>" + OTHER_VIP + "</ipAddress>",
        "<ipAddress>" + OTHER_VIP + "</ipAddress>" + added));
    assertThat(after.replace(added, "")).isEqualTo(before);
    assertThat(stage.lab.journal.entries("edge")).filteredOn(e -> e.operation().equals("update-vnic"))
        .extracting(LabJournal.Entry::detail).last().asString().endsWith("changed [addressGroups]");
  }

  @Test
  void shouldKeepTheOperatorsLoadBalancerTextThroughTheStageAndPutItBackExactlyOnUndo() {
    stage.client.putConfigXml(stage.target(), CONFIG);
    String config = stage.lab.edge.configXml();
    String legacyPool = object(config, "<pool>");
    String legacyServer = object(config, "<virtualServer>");

    stage.runStage();
    String built = stage.lab.edge.configXml();
    stage.run(stage.restore);

    assertThat(config).as("the lab keeps what the operator put").isEqualTo(CONFIG);
    assertThat(built).contains(legacyPool, legacyServer, "<logging>\n    <enable>true</enable>", "vcvco-8281",
        "vcvco-8287-vip");
    assertThat(stage.lab.edge.listening()).contains(OTHER_VIP + ":8080");
    assertThat(stage.lab.edge.configXml()).isEqualTo(CONFIG);
  }

  @Test
  void shouldDisableTheBalancerAgainWhenItWasOffBeforeTheBuildDespiteTheOperatorsOwnVirtualServer() {
    String off = CONFIG.replaceFirst("<enabled>true</enabled>", "<enabled>false</enabled>")
        .replace("<description>reporting</description>\n    <enabled>true</enabled>",
            "<description>reporting</description>\n    <enabled>false</enabled>");
    assertThat(off).contains("<enabled>false</enabled>\n  <pool>", "<description>reporting</description>\n    "
        + "<enabled>false</enabled>");
    stage.client.putConfigXml(stage.target(), off);

    stage.runStage();
    assertThat(stage.lab.edge.configXml()).as("the stage enabled it").startsWith(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<loadBalancer>\n  <enabled>true</enabled>");
    stage.run(stage.restore);

    assertThat(stage.lab.edge.configXml()).isEqualTo(off);
  }

  @Test
  void shouldPutTheVnicBackExactlyOnUndo() {
    String before = stage.lab.edge.vnicXml(0);
    stage.runStage();

    stage.run(stage.restore);

    assertThat(stage.lab.edge.vnicXml(0)).isEqualTo(before);
  }
}
