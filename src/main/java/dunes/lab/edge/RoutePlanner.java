package dunes.lab.edge;

import dunes.lab.edge.LoadBalancerValues.HealthCheck;
import dunes.lab.edge.LoadBalancerValues.Member;
import dunes.lab.edge.LoadBalancerValues.Pool;
import dunes.lab.edge.LoadBalancerValues.Profile;
import dunes.lab.edge.LoadBalancerValues.ServicePort;
import dunes.lab.edge.LoadBalancerValues.VirtualServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a validated configuration into the listeners it implies: none while the load balancer is
 * disabled, else one per application profile of each enabled virtual server.
 */
final class RoutePlanner {

  private static final int DEFAULT_RISE = 2;
  private static final int DEFAULT_FALL = 3;
  private static final int DEFAULT_INTERVAL_SECONDS = 5;
  private static final int DEFAULT_TIMEOUT_SECONDS = 15;

  private final Duration intervalOverride;
  private final Duration timeoutOverride;

  /** Overrides (null: use the pool's values) let the lab check members every few milliseconds. */
  RoutePlanner(Duration intervalOverride, Duration timeoutOverride) {
    this.intervalOverride = intervalOverride;
    this.timeoutOverride = timeoutOverride;
  }

  Map<String, Route> plan(LoadBalancerValues config) {
    Map<String, Route> routes = new LinkedHashMap<>();
    if (!config.enabled()) {
      return routes;
    }
    for (VirtualServer server : config.virtualServers()) {
      if (!server.enabled()) {
        continue;
      }
      Pool pool = config.pools().stream().filter(p -> server.poolId().equals(p.id())).findFirst().orElseThrow();
      for (Profile profile : server.profiles()) {
        Route route = route(server, profile, pool);
        routes.put(route.key(), route);
      }
    }
    return routes;
  }

  private Route route(VirtualServer server, Profile profile, Pool pool) {
    ServicePort poolPort = PortMatching.servicePortFor(pool, profile);
    List<Backend> backends = new ArrayList<>();
    for (Member member : pool.members()) {
      ServicePort own = PortMatching.memberPortFor(member, poolPort);
      int port = own != null && own.port() != null ? own.port() : poolPort.port();
      Integer checkPort = own != null ? own.healthCheckPort() : poolPort.healthCheckPort();
      backends.add(new Backend(member.ipAddress(), port, checkPort != null ? checkPort : port,
          member.weight() == null ? 1 : member.weight()));
    }
    String algorithm = poolPort.algorithm() == null ? "ROUND_ROBIN" : poolPort.algorithm();
    boolean sslSession = "SSL_SESSION_ID".equals(profile.persistenceMethod());
    return new Route(server.ipAddress(), profile.port(), server.name(), new BackendSelector(algorithm, backends),
        sslSession, health(poolPort.healthCheck()));
  }

  private HealthPolicy health(HealthCheck check) {
    HealthCheck c = check != null ? check : new HealthCheck(null, null, null, null, null);
    Duration interval = intervalOverride != null ? intervalOverride
        : Duration.ofSeconds(c.interval() != null ? c.interval() : DEFAULT_INTERVAL_SECONDS);
    Duration timeout = timeoutOverride != null ? timeoutOverride
        : Duration.ofSeconds(c.timeout() != null ? c.timeout() : DEFAULT_TIMEOUT_SECONDS);
    return new HealthPolicy(c.mode() != null ? c.mode() : "TCP",
        c.healthThreshold() != null ? c.healthThreshold() : DEFAULT_RISE,
        c.unHealthThreshold() != null ? c.unHealthThreshold() : DEFAULT_FALL, interval, timeout);
  }
}
