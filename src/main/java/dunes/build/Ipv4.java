package dunes.build;

import java.util.Optional;
import java.util.regex.Pattern;

/** Dotted-quad IPv4 arithmetic without name resolution (InetAddress would ask DNS). */
final class Ipv4 {

  private static final Pattern DOTTED_QUAD =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private Ipv4() {}

  static Optional<Long> parse(String text) {
    if (text == null || !DOTTED_QUAD.matcher(text).matches()) {
      return Optional.empty();
    }
    long value = 0;
    for (String octet : text.split("\\.")) {
      value = (value << 8) | Integer.parseInt(octet);
    }
    return Optional.of(value);
  }

  /** A netmask is a run of ones followed by zeros, /1 to /32. */
  static boolean isNetmask(long mask) {
    long inverted = ~mask & 0xFFFFFFFFL;
    return mask != 0 && (inverted & (inverted + 1)) == 0;
  }

  static boolean sameSubnet(long a, long b, long mask) {
    return (a & mask) == (b & mask);
  }

  /**
   * Why an address cannot be one host's (a node, a gateway, a name server), or null: RFC 1122
   * 3.2.1.3 reserves 0.0.0.0/8 ("this network"), RFC 5771 224.0.0.0/4 for multicast and RFC 1112
   * 240.0.0.0/4 (with the limited broadcast 255.255.255.255) as reserved.
   */
  static String notAHost(long address) {
    long first = address >>> 24;
    if (first == 0) {
      return "0.0.0.0/8 means \"this network\" (RFC 1122), not a host";
    }
    if (first >= 224 && first <= 239) {
      return "a multicast address (224.0.0.0/4, RFC 5771), not a host";
    }
    if (first >= 240) {
      return "a reserved or broadcast address (240.0.0.0/4, RFC 1112), not a host";
    }
    return null;
  }

  /** Ones in the mask: /24 for 255.255.255.0. */
  static int prefix(long mask) {
    return Long.bitCount(mask);
  }

  /**
   * How many hosts the subnet holds: all addresses but the network's own and its broadcast
   * (RFC 919/922); /31 and /32 hold 2 and 1 (RFC 3021 point-to-point, a single host).
   */
  static long hosts(long mask) {
    long size = 1L << (32 - prefix(mask));
    return size <= 2 ? size : size - 2;
  }

  /** The subnet's own address or its directed broadcast: no host may use either (subnets larger than /31). */
  static String reservedInSubnet(long address, long mask) {
    if (prefix(mask) >= 31) {
      return null;
    }
    long hostBits = ~mask & 0xFFFFFFFFL;
    if ((address & hostBits) == 0) {
      return "the subnet's own (network) address";
    }
    if ((address & hostBits) == hostBits) {
      return "the subnet's broadcast address";
    }
    return null;
  }

  static String text(long address) {
    return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
  }
}
