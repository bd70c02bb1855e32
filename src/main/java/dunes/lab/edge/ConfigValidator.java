package dunes.lab.edge;

import static dunes.lab.edge.EdgeApiException.badRequest;

import dunes.lab.edge.LoadBalancerValues.HealthCheck;
import dunes.lab.edge.LoadBalancerValues.Member;
import dunes.lab.edge.LoadBalancerValues.Pool;
import dunes.lab.edge.LoadBalancerValues.Profile;
import dunes.lab.edge.LoadBalancerValues.ServicePort;
import dunes.lab.edge.LoadBalancerValues.VirtualServer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses a load balancer configuration the edge could not publish, before anything changes:
 * required fields missing, unknown enumerations (PROTOCOLS.md 1a), dangling pool references, a
 * virtual IP that is no address of the edge's interfaces, two virtual servers on one address and
 * port. It judges the values read from the stored text ({@link LoadBalancerValues}).
 */
final class ConfigValidator {

  static final Set<String> PROTOCOLS = Set.of("HTTP", "HTTPS", "TCP");
  static final Set<String> ALGORITHMS = Set.of("ROUND_ROBIN", "IP_HASH", "URI", "LEAST_CONN");
  static final Set<String> HEALTH_MODES = Set.of("TCP", "HTTP", "SSL");

  private ConfigValidator() {}

  /** @param edgeAddresses every primary and secondary address on the edge's vNICs */
  static void validate(String edgeId, LoadBalancerValues config, Set<String> edgeAddresses) {
    Set<String> poolIds = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (Pool pool : config.pools()) {
      require(pool.name() != null && !pool.name().isBlank(), "a pool needs a name");
      require(names.add(pool.name()), "pool name '" + pool.name() + "' is used twice");
      require(poolIds.add(pool.id()), "pool id '" + pool.id() + "' is used twice");
      validatePool(pool);
    }
    Set<String> listeners = new HashSet<>();
    names.clear();
    Set<String> serverIds = new HashSet<>();
    for (VirtualServer server : config.virtualServers()) {
      require(server.name() != null && !server.name().isBlank(), "a virtual server needs a name");
      require(names.add(server.name()), "virtual server name '" + server.name() + "' is used twice");
      require(serverIds.add(server.id()), "virtual server id '" + server.id() + "' is used twice");
      require(server.ipAddress() != null, "virtual server '" + server.name() + "' needs an ipAddress");
      require(isIpv4(server.ipAddress()), "virtual server '" + server.name() + "': '" + server.ipAddress()
          + "' is not an IPv4 address");
      require(server.poolId() != null, "virtual server '" + server.name() + "' names no pool");
      Pool pool = config.pools().stream().filter(p -> server.poolId().equals(p.id())).findFirst()
          .orElseThrow(() -> badRequest("virtual server '" + server.name() + "': pool '" + server.poolId()
              + "' does not exist on " + edgeId));
      require(!server.profiles().isEmpty(), "virtual server '" + server.name() + "' has no application profile");
      for (Profile profile : server.profiles()) {
        validateProfile(server, profile, pool);
        if (server.enabled()) {
          require(listeners.add(server.ipAddress() + ":" + profile.port()), "virtual servers overlap on "
              + server.ipAddress() + ":" + profile.port());
        }
      }
      if (server.enabled()) {
        require(edgeAddresses.contains(server.ipAddress()), "virtual server '" + server.name() + "': ip address "
            + server.ipAddress() + " is not configured on any vNIC of " + edgeId
            + "; add it as a secondary address of the interface first");
      }
    }
  }

  private static void validatePool(Pool pool) {
    String where = "pool '" + pool.name() + "'";
    require(!pool.servicePorts().isEmpty(), where + " has no service port");
    for (ServicePort port : pool.servicePorts()) {
      oneOf(port.protocol(), PROTOCOLS, where + " protocol");
      if (port.algorithm() != null) {
        oneOf(port.algorithm(), ALGORITHMS, where + " algorithm");
      }
      requirePort(port.port(), where + " port");
      if (port.healthCheckPort() != null) {
        requirePort(port.healthCheckPort(), where + " healthCheckPort");
      }
      validateHealthCheck(where, port.healthCheck());
    }
    for (Member member : pool.members()) {
      require(member.ipAddress() != null, where + ": a member needs its ipAddress");
      require(isIpv4(member.ipAddress()), where + ": member '" + member.ipAddress() + "' is not an IPv4 address");
      require(member.weight() == null || member.weight() >= 0, where + ": member " + member.ipAddress()
          + " has a negative weight");
      for (ServicePort port : member.servicePorts()) {
        oneOf(port.protocol(), PROTOCOLS, where + " member " + member.ipAddress() + " protocol");
        if (port.port() != null) {
          requirePort(port.port(), where + " member " + member.ipAddress() + " port");
        }
        if (port.healthCheckPort() != null) {
          requirePort(port.healthCheckPort(), where + " member " + member.ipAddress() + " healthCheckPort");
        }
      }
    }
  }

  private static void validateHealthCheck(String where, HealthCheck check) {
    if (check == null) {
      return;
    }
    if (check.mode() != null) {
      oneOf(check.mode(), HEALTH_MODES, where + " health check mode");
    }
    for (Integer value : new Integer[] {check.healthThreshold(), check.unHealthThreshold(), check.interval(), check.timeout()}) {
      require(value == null || value >= 1, where + ": health check thresholds, interval and timeout are at least 1");
    }
  }

  private static void validateProfile(VirtualServer server, Profile profile, Pool pool) {
    String where = "virtual server '" + server.name() + "'";
    oneOf(profile.protocol(), PROTOCOLS, where + " protocol");
    requirePort(profile.port(), where + " port");
    if (profile.persistenceMethod() != null) {
      String method = profile.persistenceMethod();
      require("SSL_SESSION_ID".equals(method) || "COOKIE".equals(method), where + ": persistence method '"
          + method + "' is not one of COOKIE, SSL_SESSION_ID");
      require(!"COOKIE".equals(method), where + ": COOKIE persistence is not simulated by the lab edge");
      require("HTTPS".equals(profile.protocol()), where + ": SSL_SESSION_ID persistence needs protocol HTTPS");
    }
    require(PortMatching.servicePortFor(pool, profile) != null, where + ": pool '" + pool.name()
        + "' has no single service port for " + profile.protocol() + " " + profile.port());
  }

  static boolean isIpv4(String text) {
    if (text == null || !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return false;
    }
    return List.of(text.split("\\.")).stream().allMatch(part -> Integer.parseInt(part) <= 255);
  }

  private static void oneOf(String value, Set<String> allowed, String what) {
    String choices = String.join(", ", allowed.stream().sorted().toList());
    require(value != null, what + " is required: one of " + choices);
    require(allowed.contains(value), what + " '" + value + "' is not one of " + choices);
  }

  private static void requirePort(Integer port, String what) {
    require(port != null, what + " is required");
    require(port >= 1 && port <= 65535, what + " must be 1-65535, not " + port);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw badRequest(message);
    }
  }
}
