package dunes.lab.edge;

import static dunes.lab.edge.EdgeApiException.notFound;

import dunes.edge.xml.AddressGroup;
import dunes.edge.xml.AddressGroups;
import dunes.edge.xml.EdgeXml;
import dunes.edge.xml.SecondaryAddresses;
import dunes.edge.xml.Vnic;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** An edge's ten vNICs: vnic 0 the uplink, the others unconnected until configured. */
final class EdgeInterfaces {

  static final int COUNT = 10;

  private final String edgeId;
  private final TreeMap<Integer, Vnic> vnics = new TreeMap<>();

  EdgeInterfaces(String edgeId, String uplinkAddress, String subnetMask) {
    this.edgeId = edgeId;
    vnics.put(0, uplink(uplinkAddress, subnetMask));
    for (int index = 1; index < COUNT; index++) {
      vnics.put(index, unconnected(index));
    }
  }

  Vnic get(int index) {
    return EdgeXml.copy(existing(index), Vnic.class);
  }

  /** @return the vNIC it replaced */
  Vnic put(int index, Vnic vnic) {
    existing(index);
    return vnics.put(index, vnic);
  }

  /** Every primary and secondary address: a virtual server may listen on any of them. */
  Set<String> addresses() {
    Set<String> all = new TreeSet<>();
    vnics.values().forEach(v -> all.addAll(addresses(v)));
    return all;
  }

  static Set<String> addresses(Vnic vnic) {
    Set<String> all = new TreeSet<>();
    if (vnic.addressGroups != null) {
      for (AddressGroup group : vnic.addressGroups.groups) {
        all.add(group.primaryAddress);
        if (group.secondaryAddresses != null) {
          all.addAll(group.secondaryAddresses.ipAddresses);
        }
      }
    }
    return all;
  }

  private Vnic existing(int index) {
    Vnic vnic = vnics.get(index);
    if (vnic == null) {
      throw notFound("vnic " + index + " does not exist on " + edgeId + " (0-" + (COUNT - 1) + ")");
    }
    return vnic;
  }

  private static Vnic uplink(String primaryAddress, String subnetMask) {
    AddressGroup group = new AddressGroup();
    group.primaryAddress = primaryAddress;
    group.subnetMask = subnetMask;
    group.secondaryAddresses = new SecondaryAddresses();
    Vnic vnic = new Vnic();
    vnic.index = 0;
    vnic.name = "vnic0";
    vnic.type = "uplink";
    vnic.isConnected = true;
    vnic.addressGroups = new AddressGroups();
    vnic.addressGroups.groups.add(group);
    return vnic;
  }

  private static Vnic unconnected(int index) {
    Vnic vnic = new Vnic();
    vnic.index = index;
    vnic.name = "vnic" + index;
    vnic.type = "internal";
    vnic.isConnected = false;
    return vnic;
  }
}
