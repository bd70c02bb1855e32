package dunes.edge;

/**
 * One port the edge balances for a build: a pool and a virtual server of their own, named after
 * the cluster so that a retry, a replay or the check finds them again ("vcvco-8281", "vcvco-8281-vip").
 *
 * @param protocol HTTPS or TCP (the edge passes HTTPS through, it never terminates TLS)
 * @param healthCheckMode SSL or TCP
 * @param persistence SSL_SESSION_ID, or null for none
 */
public record LoadBalancedPort(int port, String protocol, String healthCheckMode, String persistence) {

  public String poolName(String clusterName) {
    return clusterName + "-" + port;
  }

  public String virtualServerName(String clusterName) {
    return poolName(clusterName) + "-vip";
  }
}
