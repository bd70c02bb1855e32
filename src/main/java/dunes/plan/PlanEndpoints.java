package dunes.plan;

import java.net.URI;
import java.util.Locale;

/**
 * How a pin names the endpoint it is for: {@code host:port} of a TLS endpoint (the URL's path
 * does not change which certificate it presents), {@code ssh://host:port} of an SSH server, and
 * {@code ca-root host:port} for the root certificate the CA at host:port hands out.
 */
public final class PlanEndpoints {

  /** The preflight's key of the CA's root certificate (read from the CA's chain, not a TLS handshake). */
  public static final String CA_ROOT_KEY = "ca-root";

  private PlanEndpoints() {}

  public static String of(String url) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme() == null ? "https" : uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() > 0 ? uri.getPort() : switch (scheme) {
      case "ssh" -> 22;
      case "http" -> 80;
      default -> 443;
    };
    String hostPort = uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    return "ssh".equals(scheme) ? "ssh://" + hostPort : hostPort;
  }

  public static String caRoot(String caUrl) {
    return CA_ROOT_KEY + " " + of(caUrl);
  }

  static String of(BuildPlan.ExistingEndpoint endpoint) {
    return CA_ROOT_KEY.equals(endpoint.key()) ? caRoot(endpoint.url()) : of(endpoint.url());
  }
}
