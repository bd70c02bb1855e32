package dunes.edge.steps;

import dunes.edge.xml.AddressGroup;
import dunes.edge.xml.Vnic;

/** The virtual IP on a vNIC: as a primary or secondary address of one of its address groups. */
final class VirtualIps {

  private VirtualIps() {}

  static boolean holds(Vnic vnic, String ip) {
    if (vnic.addressGroups == null) {
      return false;
    }
    for (AddressGroup group : vnic.addressGroups.groups) {
      if (ip.equals(group.primaryAddress)
          || group.secondaryAddresses != null && group.secondaryAddresses.ipAddresses.contains(ip)) {
        return true;
      }
    }
    return false;
  }
}
