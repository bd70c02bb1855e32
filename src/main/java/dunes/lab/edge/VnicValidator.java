package dunes.lab.edge;

import static dunes.lab.edge.EdgeApiException.badRequest;
import static dunes.xml.XmlText.child;
import static dunes.xml.XmlText.childText;
import static dunes.xml.XmlText.children;

import dunes.xml.XmlText;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.w3c.dom.Element;

/**
 * Refuses a vNIC PUT the documented parameters do not allow (vmware-archive/nsxraml nsxvapi.raml,
 * "vNIC Parameters: Edge Services Gateway Only"): {@code index} is required; {@code portgroupId}
 * "needs to be defined if isConnected=true", and so does an address group; each address group
 * needs its {@code primaryAddress} and a {@code subnetMask} or {@code subnetPrefixLength};
 * {@code secondaryAddresses} needs at least one {@code ipAddress}. Addresses must be IPv4 (the lab's
 * limit) and given once.
 */
final class VnicValidator {

  private static final Set<String> TYPES = Set.of("uplink", "internal", "trunk");

  private VnicValidator() {}

  /** @return the vNIC's primary and secondary addresses */
  static Set<String> validate(int index, String text) {
    Element vnic = StoredXml.parse(text, "vnic").root();
    String where = "vnic " + index;
    Optional<String> bodyIndex = childText(vnic, "index");
    check(bodyIndex.isPresent(), where + ": index is required");
    check(bodyIndex.get().equals(Integer.toString(index)), "vnic index " + bodyIndex.get()
        + " in the body does not match " + index + " in the address");
    boolean connected = flag(vnic, "isConnected", where, false);
    flag(vnic, "enableProxyArp", where, false);
    flag(vnic, "enableSendRedirects", where, true);
    childText(vnic, "type").ifPresent(type -> check(TYPES.contains(type.toLowerCase()), where + ": type '" + type
        + "' is not one of Uplink, Internal, TRUNK"));
    childText(vnic, "mtu").ifPresent(mtu -> check(mtu.matches("\\d{1,5}"), where + ": mtu '" + mtu
        + "' is not a number"));
    List<Element> groups = child(vnic, "addressGroups").map(g -> children(g, "addressGroup")).orElse(List.of());
    if (connected) {
      check(childText(vnic, "portgroupId").filter(id -> !id.isEmpty()).isPresent(), where + ": portgroupId is "
          + "required when isConnected is true (the port group the interface connects to)");
      check(!groups.isEmpty(), where + ": a connected vNIC needs an addressGroup");
    }
    for (Element group : groups) {
      check(childText(group, "primaryAddress").isPresent(), where + ": an addressGroup needs its primaryAddress");
      check(child(group, "subnetMask").isPresent() || child(group, "subnetPrefixLength").isPresent(),
          where + ": an addressGroup needs a subnetMask or subnetPrefixLength");
      child(group, "secondaryAddresses").ifPresent(s -> check(!children(s, "ipAddress").isEmpty(),
          where + ": secondaryAddresses needs at least one ipAddress"));
    }
    for (Element group : groups) {
      childText(group, "subnetMask").ifPresent(mask -> check(ConfigValidator.isIpv4(mask), where
          + ": subnet mask '" + mask + "' is not valid"));
    }
    Set<String> addresses = new TreeSet<>();
    for (String address : EdgeInterfaces.addresses(vnic)) {
      check(ConfigValidator.isIpv4(address), where + ": address '" + address + "' is not an IPv4 address");
      check(addresses.add(address), where + ": address " + address + " is given twice");
    }
    return addresses;
  }

  private static boolean flag(Element vnic, String name, String where, boolean otherwise) {
    Optional<String> value = childText(vnic, name);
    check(value.isEmpty() || value.get().equals("true") || value.get().equals("false"), where + ": " + name + " '"
        + value.orElse("") + "' is not true or false");
    return value.map(Boolean::parseBoolean).orElse(otherwise);
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw badRequest(message);
    }
  }
}
