package dunes.edge;

import dunes.build.BuildSpec;
import dunes.edge.xml.ApplicationProfile;
import dunes.edge.xml.HealthCheck;
import dunes.edge.xml.Member;
import dunes.edge.xml.Persistence;
import dunes.edge.xml.Pool;
import dunes.edge.xml.PoolRef;
import dunes.edge.xml.ServicePort;
import dunes.edge.xml.VirtualServer;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the field guide puts on the edge for a build: one pool and one virtual server per port —
 * the server port (8281) as HTTPS with an SSL health check and SSL session id persistence, so a
 * client stays on the node that holds its session; 8286 and 8287 as TCP with TCP checks. Every
 * node is a member with weight 1, round robin. Both carry the build's mark as their description.
 */
public final class LoadBalancedPorts {

  /** The field guide's plain TCP ports of a vCO node, beside its server port. */
  public static final List<Integer> TCP_PORTS = List.of(8286, 8287);
  public static final String ALGORITHM = "ROUND_ROBIN";
  // PROTOCOLS.md 1a's sample: the manager's own defaults are *unverified*, so every value is sent
  static final int HEALTHY_AFTER = 2;
  static final int UNHEALTHY_AFTER = 3;
  static final int CHECK_INTERVAL_SECONDS = 5;
  static final int CHECK_TIMEOUT_SECONDS = 15;

  private LoadBalancedPorts() {}

  public static List<LoadBalancedPort> of(BuildSpec spec) {
    return Stream.concat(
        Stream.of(new LoadBalancedPort(spec.appliance().serverPort(), "HTTPS", "SSL", "SSL_SESSION_ID")),
        TCP_PORTS.stream().map(port -> new LoadBalancedPort(port, "TCP", "TCP", null))).toList();
  }

  /** The port numbers, e.g. as a multi-instance collection. */
  public static List<Integer> numbers(BuildSpec spec) {
    return of(spec).stream().map(LoadBalancedPort::port).toList();
  }

  /** @throws IllegalArgumentException when {@code port} is none of the build's */
  public static LoadBalancedPort of(BuildSpec spec, int port) {
    return of(spec).stream().filter(p -> p.port() == port).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("port " + port + " is not balanced by the edge; the build's "
            + "ports are " + numbers(spec)));
  }

  /** The pool as it should be: every node, weight 1, checked on the port it serves. */
  public static Pool pool(BuildSpec spec, LoadBalancedPort port) {
    Pool pool = new Pool();
    pool.name = port.poolName(spec.cluster().name());
    pool.description = EdgeOwners.mark(spec.ticket());
    ServicePort service = servicePort(port);
    service.algorithm = ALGORITHM;
    service.healthCheck = healthCheck(port);
    pool.servicePorts.add(service);
    for (BuildSpec.Node node : spec.nodes()) {
      Member member = new Member();
      member.ipAddress = node.ip();
      member.weight = 1;
      member.servicePorts.add(servicePort(port));
      pool.members.add(member);
    }
    return pool;
  }

  /** The enabled virtual server on the cluster's virtual IP, forwarding to the pool {@code poolId}. */
  public static VirtualServer virtualServer(BuildSpec spec, LoadBalancedPort port, String poolId) {
    VirtualServer server = new VirtualServer();
    server.name = port.virtualServerName(spec.cluster().name());
    server.description = EdgeOwners.mark(spec.ticket());
    server.enabled = true;
    server.ipAddress = spec.cluster().virtualIp();
    ApplicationProfile profile = new ApplicationProfile();
    profile.protocol = port.protocol();
    profile.port = port.port();
    if (port.persistence() != null) {
      profile.persistence = new Persistence();
      profile.persistence.method = port.persistence();
    }
    server.applicationProfiles.add(profile);
    server.pool = new PoolRef();
    server.pool.id = poolId;
    return server;
  }

  private static ServicePort servicePort(LoadBalancedPort port) {
    ServicePort service = new ServicePort();
    service.protocol = port.protocol();
    service.port = port.port();
    service.healthCheckPort = port.port();
    return service;
  }

  private static HealthCheck healthCheck(LoadBalancedPort port) {
    HealthCheck check = new HealthCheck();
    check.mode = port.healthCheckMode();
    check.healthThreshold = HEALTHY_AFTER;
    check.unHealthThreshold = UNHEALTHY_AFTER;
    check.interval = CHECK_INTERVAL_SECONDS;
    check.timeout = CHECK_TIMEOUT_SECONDS;
    return check;
  }
}
