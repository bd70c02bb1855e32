package dunes.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.core5.net.InetAddressUtils;

/**
 * The resolver of Dunes's clients (vCenter, CA, edge, appliances, probes): a name in a request's
 * zone ({@link RequestZones}) is asked of that request's DNS servers, as the appliances will ask
 * them; any other name goes to the JVM's resolver. Address literals pass through.
 */
public class RequestDns implements DnsResolver {

  private final RequestZones zones;
  private final NameLookup lookup;

  public RequestDns(RequestZones zones, NameLookup lookup) {
    this.zones = zones;
    this.lookup = lookup;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    if (InetAddressUtils.isIPv4(host) || InetAddressUtils.isIPv6(host)) {
      return new InetAddress[] {InetAddress.getByName(host)}; // a literal: no lookup
    }
    var servers = zones.serversFor(host);
    if (servers.isEmpty()) {
      return SystemDefaultDnsResolver.INSTANCE.resolve(host);
    }
    List<String> addresses;
    try {
      addresses = lookup.forward(host, servers.get());
    } catch (NameLookup.DnsUnavailableException e) {
      UnknownHostException unknown = new UnknownHostException(host + " (" + e.getMessage() + ")");
      unknown.initCause(e);
      throw unknown;
    }
    if (addresses.isEmpty()) {
      throw new UnknownHostException(host + " (no A record at the request's DNS servers " + servers.get() + ")");
    }
    InetAddress[] resolved = new InetAddress[addresses.size()];
    for (int i = 0; i < resolved.length; i++) {
      resolved[i] = InetAddress.getByAddress(host, InetAddress.getByName(addresses.get(i)).getAddress());
    }
    return resolved;
  }

  @Override
  public String resolveCanonicalHostname(String host) {
    return host;
  }
}
