package dunes.lab;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.core5.net.InetAddressUtils;

/**
 * The lab's names (DESIGN.md section 6): resolved in memory, never through /etc/hosts or DNS.
 * Clients that take a resolver use this one (it reads names added later too); others ask
 * {@link #address(String)}. Address literals pass through.
 */
public final class LabNames implements DnsResolver {

  private final Map<String, String> addresses = new ConcurrentHashMap<>();

  public LabNames(String domain) {
    add("vcvco." + domain, "127.0.0.10");
    add("vcoref." + domain, "127.0.0.19");
    add("ca." + domain, "127.0.0.20");
    add("vsm." + domain, "127.0.0.30");
    add("vcenter." + domain, "127.0.0.40");
    add("sso." + domain, "127.0.0.41");
  }

  public void add(String name, String address) {
    addresses.put(name.toLowerCase(), address);
  }

  public String address(String name) {
    String address = addresses.get(name.toLowerCase());
    if (address == null) {
      throw new IllegalArgumentException("the lab has no host named '" + name + "'");
    }
    return address;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    if (InetAddressUtils.isIPv4(host) || InetAddressUtils.isIPv6(host)) {
      return new InetAddress[] {InetAddress.getByName(host)}; // a literal: no lookup
    }
    String address = addresses.get(host.toLowerCase());
    if (address == null) {
      throw new UnknownHostException(host + " (the lab has no host of that name)");
    }
    return new InetAddress[] {InetAddress.getByAddress(host, toBytes(address))};
  }

  @Override
  public String resolveCanonicalHostname(String host) {
    return host;
  }

  public Map<String, String> all() {
    return Map.copyOf(addresses);
  }

  private static byte[] toBytes(String dotted) {
    String[] parts = dotted.split("\\.");
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      bytes[i] = (byte) Integer.parseInt(parts[i]);
    }
    return bytes;
  }
}
