package dunes.lab.edge;

import static dunes.lab.edge.EdgeApiException.badRequest;

import dunes.edge.xml.AddressGroup;
import dunes.edge.xml.Vnic;
import java.util.HashSet;
import java.util.Set;

/** Refuses a vNIC whose addresses are missing, malformed or given twice. */
final class VnicValidator {

  private VnicValidator() {}

  static void validate(Vnic vnic) {
    if (vnic.addressGroups == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (AddressGroup group : vnic.addressGroups.groups) {
      check(ConfigValidator.isIpv4(group.primaryAddress), "vnic " + vnic.index + ": primary address '"
          + group.primaryAddress + "' is not an IPv4 address");
      check(ConfigValidator.isIpv4(group.subnetMask), "vnic " + vnic.index + ": subnet mask '"
          + group.subnetMask + "' is not valid");
      check(seen.add(group.primaryAddress), "vnic " + vnic.index + ": address " + group.primaryAddress + " is given twice");
      if (group.secondaryAddresses != null) {
        for (String address : group.secondaryAddresses.ipAddresses) {
          check(ConfigValidator.isIpv4(address), "vnic " + vnic.index + ": secondary address '" + address
              + "' is not an IPv4 address");
          check(seen.add(address), "vnic " + vnic.index + ": address " + address + " is given twice");
        }
      }
    }
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw badRequest(message);
    }
  }
}
