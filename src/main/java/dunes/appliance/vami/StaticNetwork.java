package dunes.appliance.vami;

import java.util.List;

/**
 * A static IPv4 network setting as {@code vami_set_network} and {@code vami_set_dns} take it. The
 * gateway is required: vami_set_network cannot set an address without one (PROTOCOLS.md 1d).
 * Values are checked by the appliance itself; a refused one comes back as
 * {@link VamiRejectedException}.
 *
 * @param dns name servers in order of preference (order matters: the first is asked first)
 */
public record StaticNetwork(String ip, String netmask, String gateway, List<String> dns) {

  public StaticNetwork {
    require("ip", ip);
    require("netmask", netmask);
    require("gateway", gateway);
    dns = dns == null ? List.of() : List.copyOf(dns);
  }

  private static void require(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a static network needs its " + field
          + (field.equals("gateway") ? " (vami_set_network cannot set an address without one)" : ""));
    }
  }

  /** The same address, mask and gateway: what {@code vami_set_network} sets (the name servers are {@code vami_set_dns}'s). */
  public boolean sameAddress(StaticNetwork other) {
    return other != null && ip.equals(other.ip) && netmask.equals(other.netmask) && gateway.equals(other.gateway);
  }

  /** The same address with these name servers. */
  public StaticNetwork withDns(java.util.List<String> servers) {
    return new StaticNetwork(ip, netmask, gateway, servers);
  }

  @Override
  public String toString() {
    return ip + "/" + netmask + " gateway " + gateway + " dns " + dns;
  }
}
