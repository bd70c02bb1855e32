package dunes.lab.edge;

import static dunes.lab.edge.EdgeApiException.notFound;
import static dunes.xml.XmlText.child;
import static dunes.xml.XmlText.childText;
import static dunes.xml.XmlText.children;

import dunes.xml.XmlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.w3c.dom.Element;

/**
 * An edge's ten vNICs, each kept as the whole text its last PUT carried (a GET answers it back
 * exactly), so that a client that drops or changes a field shows in what the lab holds. vnic 0 is
 * the uplink, the others unconnected until configured. Their fields are those of the documented
 * vNIC (vmware-archive/nsxraml nsxvapi.raml, "vNIC Parameters" and vnicUpdate).
 */
final class EdgeInterfaces {

  static final int COUNT = 10;
  /** The uplink's port group: the lab has no vCenter network inventory behind it, so a fixed moref. */
  static final String UPLINK_PORTGROUP = "dvportgroup-20";

  private final String edgeId;
  private final TreeMap<Integer, String> texts = new TreeMap<>();

  EdgeInterfaces(String edgeId, String uplinkAddress, String subnetMask) {
    this.edgeId = edgeId;
    texts.put(0, uplink(uplinkAddress, subnetMask));
    for (int index = 1; index < COUNT; index++) {
      texts.put(index, unconnected(index));
    }
  }

  /** The vNIC's text exactly as the last PUT (or the lab's start) gave it. */
  String text(int index) {
    return existing(index);
  }

  /** @return the text it replaced */
  String put(int index, String text) {
    existing(index);
    return texts.put(index, text);
  }

  /** Every primary and secondary address: a virtual server may listen on any of them. */
  Set<String> addresses() {
    Set<String> all = new TreeSet<>();
    texts.values().forEach(text -> all.addAll(addresses(text)));
    return all;
  }

  private static List<String> addresses(String vnicText) {
    return addresses(StoredXml.parse(vnicText, "vnic").root());
  }

  /** The primary and secondary addresses of each address group of a {@code <vnic>}, in document order. */
  static List<String> addresses(Element vnic) {
    List<String> all = new ArrayList<>();
    for (Element group : child(vnic, "addressGroups").map(g -> children(g, "addressGroup")).orElse(List.of())) {
      childText(group, "primaryAddress").ifPresent(all::add);
      child(group, "secondaryAddresses").ifPresent(s -> children(s, "ipAddress")
          .forEach(address -> all.add(address.getTextContent().strip())));
    }
    return all;
  }

  private String existing(int index) {
    String text = texts.get(index);
    if (text == null) {
      throw notFound("vnic " + index + " does not exist on " + edgeId + " (0-" + (COUNT - 1) + ")");
    }
    return text;
  }

  private static String uplink(String primaryAddress, String subnetMask) {
    return """
        <vnic>
          <label>vNic_0</label>
          <name>vnic0</name>
          <addressGroups>
            <addressGroup>
              <primaryAddress>%s</primaryAddress>
              <subnetMask>%s</subnetMask>
            </addressGroup>
          </addressGroups>
          <mtu>1500</mtu>
          <type>uplink</type>
          <isConnected>true</isConnected>
          <index>0</index>
          <portgroupId>%s</portgroupId>
          <portgroupName>vcvco-uplink</portgroupName>
          <enableProxyArp>false</enableProxyArp>
          <enableSendRedirects>true</enableSendRedirects>
        </vnic>""".formatted(primaryAddress, subnetMask, UPLINK_PORTGROUP);
  }

  private static String unconnected(int index) {
    return """
        <vnic>
          <label>vNic_%d</label>
          <name>vnic%d</name>
          <addressGroups/>
          <mtu>1500</mtu>
          <type>internal</type>
          <isConnected>false</isConnected>
          <index>%d</index>
          <enableProxyArp>false</enableProxyArp>
          <enableSendRedirects>true</enableSendRedirects>
        </vnic>""".formatted(index, index, index);
  }
}
