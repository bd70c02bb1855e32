package dunes.edge.steps;

import static dunes.edge.steps.EdgeStage.VIP;
import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.LabJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stage changes only what it owns on a real-looking vNIC: every documented field the model does
 * not know (portgroupId, mtu, macAddress, shaping, proxy ARP, …) comes back byte for byte, through
 * the virtual IP's addition and through the undo.
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
  void shouldPutTheVnicBackExactlyOnUndo() {
    String before = stage.lab.edge.vnicXml(0);
    stage.runStage();

    stage.run(stage.restore);

    assertThat(stage.lab.edge.vnicXml(0)).isEqualTo(before);
  }
}
