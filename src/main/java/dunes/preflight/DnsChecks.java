package dunes.preflight;

import dunes.build.BuildSpec;
import dunes.dns.NameLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Forward and reverse records through the request's DNS servers ({@code network.dns}), as the
 * appliances will ask them. Each node's address must give back its own FQDN: at first boot vCO takes
 * its host name from the reverse record of its address (the seed's comment thread), and the client
 * certificate names every node. A server that does not answer is no verdict on a name: the
 * {@link NameLookup.DnsUnavailableException} ends the check run and the step is retried.
 */
final class DnsChecks {

  static final String FORWARD = "dns.forward";
  static final String REVERSE = "dns.reverse";

  private final NameLookup lookup;

  DnsChecks(NameLookup lookup) {
    this.lookup = lookup;
  }

  /** One check per name and per address of the request, each run on its own. */
  List<Supplier<PreflightCheck>> checks(BuildSpec spec) {
    List<String> servers = spec.network().dns();
    List<Supplier<PreflightCheck>> checks = new ArrayList<>();
    BuildSpec.Cluster cluster = spec.cluster();
    checks.add(() -> forward(servers, "cluster.fqdn", cluster.fqdn(), cluster.virtualIp(), "cluster.virtualIp"));
    for (int i = 0; i < spec.nodes().size(); i++) {
      BuildSpec.Node node = spec.nodes().get(i);
      String at = "nodes[" + i + "]";
      checks.add(() -> forward(servers, at + ".fqdn", node.fqdn(), node.ip(), at + ".ip"));
    }
    checks.add(() -> reverse(servers, "cluster.virtualIp", cluster.virtualIp(), cluster.fqdn(), "cluster.fqdn"));
    for (int i = 0; i < spec.nodes().size(); i++) {
      BuildSpec.Node node = spec.nodes().get(i);
      String at = "nodes[" + i + "]";
      checks.add(() -> reverse(servers, at + ".ip", node.ip(), node.fqdn(), at + ".fqdn"));
    }
    for (Endpoint endpoint : Endpoint.of(spec)) {
      if (endpoint.host() != null && !endpoint.isAddressLiteral()) {
        checks.add(() -> resolves(servers, endpoint));
      }
    }
    return checks;
  }

  /** {@code name} has exactly one A record, {@code address}: a second one would send clients elsewhere. */
  private PreflightCheck forward(List<String> servers, String field, String name, String address, String addressField) {
    List<String> found = lookup.forward(name, servers);
    if (found.equals(List.of(address))) {
      return new PreflightCheck(FORWARD, field, true, name + " resolves to " + address);
    }
    String fix = "the DNS servers " + servers + " must answer " + name + " with the A record " + address + " ("
        + addressField + ") alone";
    return new PreflightCheck(FORWARD, field, false, found.isEmpty()
        ? name + " does not resolve: " + fix
        : name + " resolves to " + String.join(", ", found) + ", not " + address + " alone: " + fix
            + ", or the request names the wrong " + field);
  }

  /** {@code address}'s PTR record names {@code name} and nothing else. */
  private PreflightCheck reverse(List<String> servers, String field, String address, String name, String nameField) {
    String expected = name.toLowerCase(Locale.ROOT);
    List<String> found = lookup.reverse(address, servers);
    if (found.equals(List.of(expected))) {
      return new PreflightCheck(REVERSE, field, true, address + " reverses to " + expected);
    }
    String fix = "the PTR record of " + ptrName(address) + " must name " + expected + " (" + nameField + ") alone";
    return new PreflightCheck(REVERSE, field, false, found.isEmpty()
        ? address + " has no reverse record in " + servers + ": " + fix
        : address + " reverses to " + String.join(", ", found) + ", not " + expected + ": " + fix);
  }

  /** An existing system's host name resolves, or the build could not reach it. */
  private PreflightCheck resolves(List<String> servers, Endpoint endpoint) {
    List<String> found = lookup.forward(endpoint.host(), servers);
    return found.isEmpty()
        ? new PreflightCheck(FORWARD, endpoint.field(), false, endpoint.host() + " (" + endpoint.purpose()
            + ") does not resolve in the DNS servers " + servers + ": add its A record, or correct " + endpoint.field())
        : new PreflightCheck(FORWARD, endpoint.field(), true, endpoint.host() + " resolves to " + String.join(", ", found));
  }

  /** {@code 11.0.0.127.in-addr.arpa} for {@code 127.0.0.11} (RFC 1035 3.5). */
  static String ptrName(String address) {
    String[] octets = address.split("\\.");
    StringBuilder name = new StringBuilder();
    for (int i = octets.length - 1; i >= 0; i--) {
      name.append(octets[i]).append('.');
    }
    return name + "in-addr.arpa";
  }
}
