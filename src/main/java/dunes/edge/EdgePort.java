package dunes.edge;

import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.PagedEdgeList;
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
 * <p>Every change of an object the manager has is a PUT of the manager's own text, edited where the
 * step owns it, so that elements {@code dunes.edge.xml} does not model ({@code portgroupId},
 * {@code mtu}, {@code logging}, …) survive; the typed reads are for values only. Only new objects
 * are written from the model.
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

  /**
   * The manager's version, read first: {@code GET} {@code dunes.edge.version-path}. A manager with
   * no such resource (404) states none: a vShield Manager 5.x (see {@link ManagerVersion}).
   */
  ManagerVersion managerVersion(Target target);

  /**
   * {@link #managerVersion}, refused when the manager removed the 3.0 edge API (NSX 6.3 and later).
   *
   * @throws EdgeUnsupportedException naming the version; an NSX {@code /api/4.0} branch is not built
   */
  ManagerVersion requireEdgeApi3(Target target);

  /** {@code GET /api/3.0/edges}: the edges the manager has ({@code pagedEdgeList/edgePage/edgeSummary}). */
  List<PagedEdgeList.EdgeSummary> edges(Target target);

  /** {@code GET …/loadbalancer/config} as the manager wrote it. */
  String configXml(Target target);

  /** The same, read through {@code dunes.edge.xml}: for values only, never to be put back. */
  LoadBalancer config(Target target);

  /**
   * {@code PUT …/loadbalancer/config} with text: the manager's own text, edited or as a snapshot
   * took it. Replaces the whole configuration; ids in it are kept.
   */
  void putConfigXml(Target target, String xml);

  /** {@code GET /api/3.0/edges/{id}/vnics/{index}} as the manager wrote it. */
  String vnicXml(Target target, int index);

  /** The same, read through {@code dunes.edge.xml}: for values only, never to be put back. */
  Vnic vnic(Target target, int index);

  /** {@code PUT /api/3.0/edges/{id}/vnics/{index}} with the full vNIC: the manager's text, edited. */
  void putVnicXml(Target target, int index, String xml);

  /** {@code GET …/config/pools}, answered as {@code <loadBalancer><pool>…</pool></loadBalancer>}. */
  List<Pool> pools(Target target);

  /** A new pool, written from the model. @return the id the manager assigned, from the answer's {@code Location} */
  String addPool(Target target, Pool pool);

  /** {@code PUT …/pools/{poolId}} with text: the pool as the manager wrote it, edited. */
  void updatePoolXml(Target target, String poolId, String xml);

  /** {@code DELETE …/pools/{poolId}}; the manager refuses a pool a virtual server uses. */
  void deletePool(Target target, String poolId);

  /** {@code GET …/config/virtualservers}, answered as {@code <loadBalancer><virtualServer>…</virtualServer></loadBalancer>}. */
  List<VirtualServer> virtualServers(Target target);

  /** A new virtual server, written from the model. @return the id the manager assigned */
  String addVirtualServer(Target target, VirtualServer server);

  /** {@code PUT …/virtualservers/{serverId}} with text: the virtual server as the manager wrote it, edited. */
  void updateVirtualServerXml(Target target, String serverId, String xml);

  void deleteVirtualServer(Target target, String serverId);
}
