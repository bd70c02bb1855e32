package dunes.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hc.core5.net.InetAddressUtils;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link NameLookup} with dnsjava: one question at a time to each server in turn (a
 * {@link SimpleResolver} each, no cache, no search list), the first server that answers decides.
 * NXDOMAIN and an answer without records of the type (NODATA, RFC 2308) are both "absent".
 */
public class DnsjavaNameLookup implements NameLookup {

  private final DnsProperties properties;

  public DnsjavaNameLookup(DnsProperties properties) {
    this.properties = properties;
  }

  @Override
  public List<String> forward(String name, List<String> servers) {
    List<String> addresses = new ArrayList<>();
    for (Record record : ask(absolute(name), Type.A, servers)) {
      if (record instanceof ARecord a) {
        addresses.add(a.getAddress().getHostAddress());
      }
    }
    return addresses;
  }

  @Override
  public List<String> reverse(String address, List<String> servers) {
    Name arpa;
    try {
      arpa = ReverseMap.fromAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + address + "' is not an IP address", e);
    }
    List<String> names = new ArrayList<>();
    for (Record record : ask(arpa, Type.PTR, servers)) {
      if (record instanceof PTRRecord ptr) {
        names.add(relative(ptr.getTarget()));
      }
    }
    return names;
  }

  /** The answer section of the first server that answers NOERROR or NXDOMAIN. */
  private List<Record> ask(Name name, int type, List<String> servers) {
    if (servers == null || servers.isEmpty()) {
      throw new DnsUnavailableException("no DNS server to ask about " + relative(name), null);
    }
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    List<String> failures = new ArrayList<>();
    Exception last = null;
    for (String server : servers) {
      try {
        Message answer = resolver(server).send(query);
        int rcode = answer.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
          return List.of();
        }
        if (rcode == Rcode.NOERROR) {
          return answer.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type).toList();
        }
        failures.add(server + " answered " + Rcode.string(rcode));
      } catch (IOException e) {
        failures.add(server + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        last = e;
      }
    }
    throw new DnsUnavailableException("no DNS server answered " + Type.string(type) + " " + relative(name) + " ("
        + String.join("; ", failures) + ")", last);
  }

  private SimpleResolver resolver(String server) throws UnknownHostException {
    InetSocketAddress address = socketAddress(server);
    SimpleResolver resolver = new SimpleResolver(address);
    resolver.setTimeout(properties.timeout());
    return resolver;
  }

  /** {@code address} or {@code address:port}; an address literal only, never a name to resolve first. */
  InetSocketAddress socketAddress(String server) throws UnknownHostException {
    String host = server.strip();
    int port = properties.port();
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(':') == colon) { // IPv4 with a port; an IPv6 literal has several colons
      port = Integer.parseInt(host.substring(colon + 1));
      host = host.substring(0, colon);
    }
    if (!InetAddressUtils.isIPv4(host) && !InetAddressUtils.isIPv6(host)) {
      throw new IllegalArgumentException("DNS server '" + server + "' is not an IP address");
    }
    return new InetSocketAddress(java.net.InetAddress.getByName(host), port);
  }

  private static Name absolute(String name) {
    try {
      return Name.fromString(name.endsWith(".") ? name : name + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("'" + name + "' is not a DNS name", e);
    }
  }

  private static String relative(Name name) {
    String text = name.toString(true);
    return text.toLowerCase(Locale.ROOT);
  }
}
