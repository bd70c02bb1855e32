package dunes.edge.steps;

import dunes.edge.xml.AddressGroup;
import dunes.edge.xml.SecondaryAddresses;
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

  /** Adds {@code ip} as a secondary address of the first group (the vNIC must have one). */
  static void add(Vnic vnic, String ip) {
    AddressGroup first = vnic.addressGroups.groups.get(0);
    if (first.secondaryAddresses == null) {
      first.secondaryAddresses = new SecondaryAddresses();
    }
    first.secondaryAddresses.ipAddresses.add(ip);
  }

  /**
   * Takes {@code ip} out of every group's secondary addresses. A list left empty is written as
   * {@code before}'s group at the same place was (absent, or an empty element), so that a vNIC
   * the build only added to is, after this, the vNIC as it was.
   *
   * @return whether anything changed
   */
  static boolean remove(Vnic vnic, String ip, Vnic before) {
    boolean changed = false;
    if (vnic.addressGroups == null) {
      return false;
    }
    for (int i = 0; i < vnic.addressGroups.groups.size(); i++) {
      AddressGroup group = vnic.addressGroups.groups.get(i);
      if (group.secondaryAddresses != null && group.secondaryAddresses.ipAddresses.remove(ip)) {
        changed = true;
        if (group.secondaryAddresses.ipAddresses.isEmpty() && !hadSecondaryAddresses(before, i)) {
          group.secondaryAddresses = null;
        }
      }
    }
    return changed;
  }

  private static boolean hadSecondaryAddresses(Vnic before, int group) {
    return before.addressGroups != null && group < before.addressGroups.groups.size()
        && before.addressGroups.groups.get(group).secondaryAddresses != null;
  }
}
