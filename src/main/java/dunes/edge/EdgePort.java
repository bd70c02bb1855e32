package dunes.edge;

import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.Pool;
import dunes.edge.xml.VirtualServer;
import dunes.edge.xml.Vnic;
import dunes.secrets.SecretRef;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One edge's load balancer and interfaces on a vCNS 5.x vShield Manager, through the edge API 3.0
 * (PROTOCOLS.md 1a). Every call is one request; nothing is retried inside, callers converge by
 * reading first. vCNS applies (publishes) each accepted change at once: there is no separate
 * publish call.
 *
 * <p>The {@code …Xml} variants move the manager's text untouched, so that a configuration read
 * before a change can be put back exactly, including elements {@code dunes.edge.xml} does not
 * model; the typed variants go through that model and drop such elements.
 */
public interface EdgePort {

  /** What ids and edge ids may look like before they go into a path. */
  Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  /**
   * One edge as Dunes reaches it.
   *
   * @param managerUrl the vShield Manager, {@code https://host[:port]}; the API is under {@code /api/3.0}
   * @param fingerprint SHA-256 of the manager's certificate, the only one trusted
   * @param password the login's password secret, resolved at each call
   */
  record Target(String managerUrl, String edgeId, String username, SecretRef password, String fingerprint) {
    public Target {
      URI uri = managerUrl == null ? null : URI.create(managerUrl);
      if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("the vShield Manager URL must be https://host[:port], not '" + managerUrl + "'");
      }
      if (edgeId == null || !ID.matcher(edgeId).matches()) {
        throw new IllegalArgumentException("not an edge id: '" + edgeId + "'");
      }
      if (username == null || username.isBlank() || password == null || fingerprint == null || fingerprint.isBlank()) {
        throw new IllegalArgumentException("an edge target needs a username, the password's secret and the manager "
            + "certificate's fingerprint");
      }
    }

    /** Names the manager, edge and account; the password's secret is not shown. */
    @Override
    public String toString() {
      return "edge '" + edgeId + "' on " + managerUrl + " (user " + username + ")";
    }
  }

  /** {@code GET …/loadbalancer/config} as the manager wrote it. */
  String configXml(Target target);

  LoadBalancer config(Target target);

  /** {@code PUT …/loadbalancer/config}: replaces the whole configuration; ids in it are kept. */
  void putConfig(Target target, LoadBalancer config);

  /** {@link #putConfig} with text, e.g. a snapshot taken with {@link #configXml}. */
  void putConfigXml(Target target, String xml);

  /** {@code GET /api/3.0/edges/{id}/vnics/{index}} as the manager wrote it. */
  String vnicXml(Target target, int index);

  Vnic vnic(Target target, int index);

  void putVnic(Target target, int index, Vnic vnic);

  void putVnicXml(Target target, int index, String xml);

  List<Pool> pools(Target target);

  /** @return the id the manager assigned, from the answer's {@code Location} */
  String addPool(Target target, Pool pool);

  void updatePool(Target target, String poolId, Pool pool);

  /** {@code DELETE …/pools/{poolId}}; the manager refuses a pool a virtual server uses. */
  void deletePool(Target target, String poolId);

  List<VirtualServer> virtualServers(Target target);

  /** @return the id the manager assigned, from the answer's {@code Location} */
  String addVirtualServer(Target target, VirtualServer server);

  void updateVirtualServer(Target target, String serverId, VirtualServer server);

  void deleteVirtualServer(Target target, String serverId);
}
