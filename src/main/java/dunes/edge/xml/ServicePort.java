package dunes.edge.xml;

/**
 * {@code <servicePort>}: in a pool, a protocol with its algorithm, port and health check; in a
 * member, the member's own port and health-check port for that protocol (algorithm and
 * healthCheck stay null there).
 */
public class ServicePort {

  /** HTTP, HTTPS or TCP */
  public String protocol;
  /** ROUND_ROBIN, IP_HASH, URI or LEAST_CONN */
  public String algorithm;
  public Integer port;
  public Integer healthCheckPort;
  public HealthCheck healthCheck;
}
