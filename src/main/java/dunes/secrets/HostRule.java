package dunes.secrets;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of a binding's {@code hosts}: a host name or IPv4 address exactly as requests name it
 * ({@code vcenter.corp.example}, {@code 10.1.2.3}), or, where patterns are allowed, every name
 * below a domain ({@code *.lab.local}) or every address of a network ({@code 127.0.0.0/8});
 * optionally {@code :port}. Nothing is looked up in DNS: a name matches names, an address
 * matches addresses, so a name that resolves into a bound network still matches nothing.
 */
public final class HostRule {

  private static final Pattern ENTRY = Pattern.compile("(?<host>[^:]+)(?::(?<port>\\d{1,5}))?");
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");
  private static final Pattern DOTTED_QUAD =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private enum Kind { EXACT, DOMAIN, NETWORK }

  private final String entry;
  private final Kind kind;
  private final String host;
  private final long network;
  private final long mask;
  private final OptionalInt port;

  private HostRule(String entry, Kind kind, String host, long network, long mask, OptionalInt port) {
    this.entry = entry;
    this.kind = kind;
    this.host = host;
    this.network = network;
    this.mask = mask;
    this.port = port;
  }

  /** @throws IllegalArgumentException naming the entry and what is wrong with it */
  static HostRule parse(String text, boolean allowPatterns) {
    String entry = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher m = ENTRY.matcher(entry);
    if (entry.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a host: a name or IPv4 address, optionally :port"
          + " (IPv6 is not supported)");
    }
    OptionalInt port = OptionalInt.empty();
    if (m.group("port") != null) {
      int p = Integer.parseInt(m.group("port"));
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("'" + text + "': a port is 1 to 65535");
      }
      port = OptionalInt.of(p);
    }
    String host = Destination.Endpoint.normalize(m.group("host"));
    if (host.startsWith("*.")) {
      String domain = host.substring(2);
      requirePatterns(text, allowPatterns);
      if (!NAME.matcher(domain).matches() || !domain.contains(".") || DOTTED_QUAD.matcher(domain).matches()) {
        throw new IllegalArgumentException("'" + text + "': a name pattern is *. and a domain of at least two labels,"
            + " such as *.lab.local");
      }
      return new HostRule(entry, Kind.DOMAIN, domain, 0, 0, port);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      requirePatterns(text, allowPatterns);
      String address = host.substring(0, slash);
      String bits = host.substring(slash + 1);
      if (!DOTTED_QUAD.matcher(address).matches() || !bits.matches("\\d{1,2}")
          || Integer.parseInt(bits) < 8 || Integer.parseInt(bits) > 32) {
        throw new IllegalArgumentException("'" + text + "': a network is an IPv4 address and a prefix of 8 to 32 bits,"
            + " such as 127.0.0.0/8");
      }
      long mask = (0xFFFFFFFFL << (32 - Integer.parseInt(bits))) & 0xFFFFFFFFL;
      return new HostRule(entry, Kind.NETWORK, null, ipv4(address) & mask, mask, port);
    }
    if (host.contains("*") || !NAME.matcher(host).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a host name or IPv4 address"
          + (host.contains("*") ? " (a pattern is *.domain, for a whole domain)" : ""));
    }
    return new HostRule(entry, Kind.EXACT, host, 0, 0, port);
  }

  boolean matches(Destination.Endpoint endpoint) {
    if (port.isPresent() && port.getAsInt() != endpoint.port()) {
      return false;
    }
    String h = endpoint.host();
    return switch (kind) {
      case EXACT -> h.equals(host);
      case DOMAIN -> h.endsWith("." + host) && !DOTTED_QUAD.matcher(h).matches();
      case NETWORK -> DOTTED_QUAD.matcher(h).matches() && (ipv4(h) & mask) == network;
    };
  }

  @Override
  public String toString() {
    return entry;
  }

  private static void requirePatterns(String text, boolean allowPatterns) {
    if (!allowPatterns) {
      throw new IllegalArgumentException("'" + text + "' is a pattern; bindings name each host unless "
          + "dunes.secrets.allow-host-patterns is true (the lab's and the tests' profiles)");
    }
  }

  private static long ipv4(String dotted) {
    long value = 0;
    for (String octet : dotted.split("\\.")) {
      value = (value << 8) | Integer.parseInt(octet);
    }
    return value;
  }
}
