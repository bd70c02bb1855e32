package dunes.lab.edge;

import static dunes.lab.edge.EdgeApiException.badRequest;
import static dunes.xml.XmlText.child;
import static dunes.xml.XmlText.childText;
import static dunes.xml.XmlText.children;

import dunes.xml.XmlText;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * The values of a stored {@code <loadBalancer>} that the lab checks and publishes, read from its
 * text at each change: the validator and the listeners work on these, while the text itself stays
 * what the client sent. Elements the lab does not act on (a description, a health-check uri,
 * logging, …) are kept in the text and simply not read here. Numbers and booleans that do not
 * parse are refused (400), as the manager's schema types ({@code xs:boolean}, integer ports) would.
 */
record LoadBalancerValues(boolean enabled, List<Pool> pools, List<VirtualServer> virtualServers) {

  record Pool(String id, String name, List<ServicePort> servicePorts, List<Member> members) {}

  /** In a pool: protocol, algorithm, port and health check; in a member only protocol and ports. */
  record ServicePort(String protocol, String algorithm, Integer port, Integer healthCheckPort, HealthCheck healthCheck) {}

  /** Null values: not given. */
  record HealthCheck(String mode, Integer healthThreshold, Integer unHealthThreshold, Integer interval, Integer timeout) {}

  record Member(String ipAddress, Integer weight, List<ServicePort> servicePorts) {}

  /** @param poolId the {@code <pool><id>} it forwards to; null when it names none */
  record VirtualServer(String id, String name, boolean enabled, String ipAddress, List<Profile> profiles,
      String poolId) {}

  /** @param persistenceMethod null without {@code <persistence>}; empty when it has no method */
  record Profile(String protocol, Integer port, String persistenceMethod) {}

  /** A configuration without {@code <enabled>} is disabled; a virtual server without it is enabled. */
  static LoadBalancerValues read(Element loadBalancer) {
    boolean enabled = bool(loadBalancer, "enabled", false, "the load balancer");
    List<Pool> pools = children(loadBalancer, "pool").stream().map(LoadBalancerValues::pool).toList();
    List<VirtualServer> servers = children(loadBalancer, "virtualServer").stream()
        .map(LoadBalancerValues::virtualServer).toList();
    return new LoadBalancerValues(enabled, pools, servers);
  }

  static Pool pool(Element pool) {
    String name = text(pool, "name");
    String where = "pool '" + name + "'";
    List<ServicePort> ports = children(pool, "servicePort").stream().map(p -> servicePort(p, where)).toList();
    List<Member> members = children(pool, "member").stream().map(m -> member(m, where)).toList();
    return new Pool(text(pool, "id"), name, ports, members);
  }

  static VirtualServer virtualServer(Element server) {
    String name = text(server, "name");
    String where = "virtual server '" + name + "'";
    List<Profile> profiles = children(server, "applicationProfile").stream().map(p -> new Profile(text(p, "protocol"),
        number(p, "port", where), child(p, "persistence").map(s -> childText(s, "method").orElse("")).orElse(null)))
        .toList();
    String poolId = child(server, "pool").map(p -> text(p, "id")).orElse(null);
    return new VirtualServer(text(server, "id"), name, bool(server, "enabled", true, where), text(server, "ipAddress"),
        profiles, poolId);
  }

  private static ServicePort servicePort(Element port, String where) {
    HealthCheck check = child(port, "healthCheck").map(c -> new HealthCheck(text(c, "mode"),
        number(c, "healthThreshold", where), number(c, "unHealthThreshold", where), number(c, "interval", where),
        number(c, "timeout", where))).orElse(null);
    return new ServicePort(text(port, "protocol"), text(port, "algorithm"), number(port, "port", where),
        number(port, "healthCheckPort", where), check);
  }

  private static Member member(Element member, String where) {
    String ip = text(member, "ipAddress");
    String memberWhere = where + " member " + ip;
    return new Member(ip, number(member, "weight", memberWhere),
        children(member, "servicePort").stream().map(p -> servicePort(p, memberWhere)).toList());
  }

  private static String text(Element parent, String name) {
    return childText(parent, name).orElse(null);
  }

  private static Integer number(Element parent, String name, String where) {
    Optional<String> text = childText(parent, name);
    if (text.isEmpty()) {
      return null;
    }
    if (!text.get().matches("-?\\d{1,9}")) {
      throw badRequest(where + ": " + name + " '" + text.get() + "' is not a number");
    }
    return Integer.parseInt(text.get());
  }

  /** xs:boolean: true, false, 1 or 0. */
  private static boolean bool(Element parent, String name, boolean otherwise, String where) {
    Optional<String> text = childText(parent, name);
    if (text.isEmpty()) {
      return otherwise;
    }
    return switch (text.get()) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw badRequest(where + ": " + name + " '" + text.get() + "' is not true or false");
    };
  }
}
