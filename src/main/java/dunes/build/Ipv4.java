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
}
