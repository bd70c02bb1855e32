package dunes.edge;

/** Whether an IPv4 address is in the subnet of an interface address and its mask. */
final class Subnets {

  private Subnets() {}

  /** False when any of the three is not a dotted IPv4 address (nothing to judge by). */
  static boolean contains(String interfaceAddress, String mask, String address) {
    Long network = ipv4(interfaceAddress);
    Long bits = ipv4(mask);
    Long candidate = ipv4(address);
    return network != null && bits != null && candidate != null && (network & bits) == (candidate & bits);
  }

  private static Long ipv4(String text) {
    if (text == null || !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return null;
    }
    long value = 0;
    for (String part : text.split("\\.")) {
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        return null;
      }
      value = value << 8 | octet;
    }
    return value;
  }
}
