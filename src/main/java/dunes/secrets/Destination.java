package dunes.secrets;

import java.net.URI;
import java.util.Locale;

/**
 * Where one use sends a secret: the system that takes it ({@code system}), reached by Dunes
 * directly or handed to one of the build's own nodes ({@code node}) which passes it on, as vCO's
 * configuration workflows do with the SSO, vCenter and database passwords; or a node that takes
 * it itself (an appliance account: {@code system} is null).
 *
 * @param purpose what the secret is sent for
 * @param system the external system that takes it; null when the node takes it itself
 * @param node the build's node Dunes hands it to; null when Dunes sends it to {@code system} itself
 */
public record Destination(Purpose purpose, Endpoint system, Endpoint node) {

  public Destination {
    if (purpose == null || (system == null && node == null)) {
      throw new IllegalArgumentException("a destination needs a purpose and a host");
    }
  }

  /** An external system Dunes sends the secret to itself (vCenter, the CA, the edge, ...). */
  public static Destination to(Purpose purpose, String host, int port) {
    return new Destination(purpose, new Endpoint(host, port), null);
  }

  /** One of the build's own nodes, which takes the secret itself (root's SSH, the REST login). */
  public static Destination buildNode(Purpose purpose, String host, int port) {
    return new Destination(purpose, null, new Endpoint(host, port));
  }

  /** This system's secret handed to the build's node at {@code host:port}, which passes it on. */
  public Destination through(String host, int port) {
    if (system == null || node != null) {
      throw new IllegalArgumentException("only a secret for an external system is passed on through a node");
    }
    return new Destination(purpose, system, new Endpoint(host, port));
  }

  /** The port of a URL, or the scheme's default when it names none. */
  public static int port(URI url) {
    if (url.getPort() > 0) {
      return url.getPort();
    }
    return "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
  }

  @Override
  public String toString() {
    if (node == null) {
      return system + " (" + purpose + ")";
    }
    if (system == null) {
      return "build node " + node + " (" + purpose + ")";
    }
    return system + " (" + purpose + ") through build node " + node;
  }

  /** A host as Dunes names it when connecting (no DNS lookup), and the port. */
  public record Endpoint(String host, int port) {
    public Endpoint {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("an endpoint needs a host");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port of " + host + " out of range: " + port);
      }
      host = normalize(host);
    }

    /** Lower case, without the root's trailing dot: how bindings compare names. */
    static String normalize(String host) {
      String h = host.trim().toLowerCase(Locale.ROOT);
      return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }
}
