package dunes.lab.node;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What VAMI sets on the appliance: host name, time zone, network. The network address is where
 * the node listens: a change moves its listeners there.
 */
public record NodeIdentity(String hostname, String timezone, Network network) {

  private static final Pattern HOSTNAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  public record Network(String ip, String netmask, String gateway, List<String> dns) {

    /** As vami_set_network: a static IPv4 address needs a mask and a gateway. */
    public Network {
      requireIpv4("ip", ip);
      requireIpv4("netmask", netmask);
      requireIpv4("gateway", gateway);
      if (!contiguous(netmask)) {
        throw new IllegalArgumentException("netmask " + netmask + " is not a valid IPv4 mask");
      }
      dns = dns == null ? List.of() : List.copyOf(dns);
      dns.forEach(server -> requireIpv4("dns", server));
    }
  }

  public NodeIdentity {
    if (hostname == null || !HOSTNAME.matcher(hostname).matches()) {
      throw new IllegalArgumentException("hostname '" + hostname + "' is not a valid host name");
    }
    try {
      java.time.ZoneId.of(timezone);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("timezone '" + timezone + "' is not a known time zone");
    }
    if (network == null) {
      throw new IllegalArgumentException("network settings are missing");
    }
  }

  /** A fresh appliance: its FQDN, UTC, its address in a /24 whose .1 is the gateway. */
  static NodeIdentity initial(String fqdn, String address) {
    String gateway = address.substring(0, address.lastIndexOf('.')) + ".1";
    return new NodeIdentity(fqdn, "Etc/UTC", new Network(address, "255.255.255.0", gateway, List.of()));
  }

  private static void requireIpv4(String field, String value) {
    if (value == null || !IPV4.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " '" + value + "' is not an IPv4 address");
    }
  }

  private static boolean contiguous(String netmask) {
    int mask = 0;
    for (String part : netmask.split("\\.")) {
      mask = (mask << 8) | Integer.parseInt(part);
    }
    int inverted = ~mask;
    return (inverted & (inverted + 1)) == 0;
  }
}
