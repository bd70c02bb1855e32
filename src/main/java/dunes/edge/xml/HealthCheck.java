package dunes.edge.xml;

/** {@code <healthCheck>}; times in seconds, thresholds in consecutive checks. */
public class HealthCheck {

  /** TCP, HTTP or SSL */
  public String mode;
  public Integer healthThreshold;
  public Integer unHealthThreshold;
  public Integer interval;
  public String uri;
  public Integer timeout;
}
