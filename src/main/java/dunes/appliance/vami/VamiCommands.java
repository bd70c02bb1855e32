package dunes.appliance.vami;

import dunes.appliance.shell.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command lines the identity step runs on the appliance, and how their answers read.
 *
 * <p>Setters are VAMI's in-guest commands with the arguments public scripts pass them (PROTOCOLS.md
 * 1d): {@code vami_set_timezone_cmd <TZ>}, {@code vami_set_hostname <fqdn>}, {@code vami_set_dns
 * <ns>...}, {@code vami_set_network <if> STATICV4 <ip> <mask> <gw>}. VAMI's getters
 * ({@code vami_hname}, {@code vami_get_network <if>}, ...) exist, but no public source shows what they
 * print, so each value is read back from the standard file or command the setter changes on the
 * appliance's SLES 11: {@code /etc/HOSTNAME} (the FQDN), {@code /etc/sysconfig/clock}
 * ({@code TIMEZONE=}), {@code /etc/resolv.conf} ({@code nameserver} lines, resolv.conf(5)) and
 * iproute2's {@code ip -4 -o addr show dev <if>} and {@code ip -4 route show default}.
 *
 * <p>Values go on the command line unquoted, so each must be one plain word: anything a shell
 * would interpret is refused before it is sent.
 */
final class VamiCommands {

  static final String READ_HOSTNAME = "cat /etc/HOSTNAME";
  static final String READ_CLOCK = "cat /etc/sysconfig/clock";
  static final String READ_RESOLVER = "cat /etc/resolv.conf";

  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9._:/+-]+");
  private static final Pattern TIMEZONE = Pattern.compile("^\\s*TIMEZONE\\s*=\\s*[\"']?([^\"'\\s]*)[\"']?\\s*$", Pattern.MULTILINE);
  private static final Pattern NAMESERVER = Pattern.compile("^\\s*nameserver\\s+(\\S+)", Pattern.MULTILINE);
  private static final Pattern INET = Pattern.compile("\\sinet\\s+(\\d{1,3}(?:\\.\\d{1,3}){3})/(\\d{1,2})\\s");
  private static final Pattern DEFAULT_ROUTE = Pattern.compile("^\\s*default\\s+via\\s+(\\S+)", Pattern.MULTILINE);

  private final VamiProperties properties;

  VamiCommands(VamiProperties properties) {
    this.properties = properties;
  }

  String setTimezone(String timezone) {
    return vami("vami_set_timezone_cmd", requireWord("time zone", timezone));
  }

  String setHostname(String hostname) {
    return vami("vami_set_hostname", requireWord("host name", hostname));
  }

  String setDns(List<String> servers) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("vami_set_dns needs at least one name server");
    }
    servers.forEach(server -> requireWord("name server", server));
    return vami("vami_set_dns", String.join(" ", servers));
  }

  String setNetwork(StaticNetwork network) {
    return vami("vami_set_network", properties.networkInterface() + " STATICV4 " + requireWord("ip", network.ip())
        + " " + requireWord("netmask", network.netmask()) + " " + requireWord("gateway", network.gateway()));
  }

  /** Both iproute2 reads in one session; {@code ip} answers 0 with no line when there is no default route. */
  String readNetwork() {
    return "ip -4 -o addr show dev " + properties.networkInterface() + " && ip -4 route show default";
  }

  /** The first line of /etc/HOSTNAME. */
  static String hostname(CommandResult read, String where) {
    String name = read.stdout().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .findFirst().orElse("");
    if (!WORD.matcher(name).matches()) {
      throw new VamiProtocolException(where + " (" + READ_HOSTNAME + ") shows no host name: '" + firstLine(read.stdout()) + "'");
    }
    return name;
  }

  /** TIMEZONE= of /etc/sysconfig/clock, quotes removed. */
  static String timezone(CommandResult read, String where) {
    Matcher m = TIMEZONE.matcher(read.stdout());
    String zone = null;
    while (m.find()) {
      zone = m.group(1); // the last assignment wins, as when the file is sourced
    }
    if (zone == null || zone.isEmpty()) {
      throw new VamiProtocolException(where + " (" + READ_CLOCK + ") has no TIMEZONE= line");
    }
    return zone;
  }

  /** The nameserver lines of /etc/resolv.conf, in order. */
  static List<String> nameservers(CommandResult read) {
    List<String> servers = new ArrayList<>();
    Matcher m = NAMESERVER.matcher(read.stdout());
    while (m.find()) {
      servers.add(m.group(1));
    }
    return servers;
  }

  /** The interface's first IPv4 address and prefix, and the default route's gateway. */
  StaticNetwork network(CommandResult read, List<String> dns, String where) {
    Matcher address = INET.matcher(read.stdout() + "\n");
    Matcher gateway = DEFAULT_ROUTE.matcher(read.stdout());
    if (!address.find()) {
      throw new VamiProtocolException(where + " (" + readNetwork() + ") shows no IPv4 address on "
          + properties.networkInterface() + ": '" + firstLine(read.stdout()) + "'");
    }
    if (!gateway.find()) {
      throw new VamiProtocolException(where + " (" + readNetwork() + ") shows no default route");
    }
    return new StaticNetwork(address.group(1), netmask(Integer.parseInt(address.group(2))), gateway.group(1), dns);
  }

  static String netmask(int prefix) {
    if (prefix < 0 || prefix > 32) {
      throw new VamiProtocolException("not an IPv4 prefix length: " + prefix);
    }
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return (mask >> 24) + "." + ((mask >> 16) & 255) + "." + ((mask >> 8) & 255) + "." + (mask & 255);
  }

  static String requireWord(String what, String value) {
    if (value == null || !WORD.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " '" + value + "' is not one plain word (letters, digits, . _ : / + -);"
          + " it is not put on a root command line");
    }
    return value;
  }

  private String vami(String command, String arguments) {
    return properties.directory() + "/" + command + " " + arguments;
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("(no output)");
  }
}
