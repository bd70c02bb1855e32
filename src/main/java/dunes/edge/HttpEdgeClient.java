package dunes.edge;

import dunes.edge.xml.EdgeXml;
import dunes.xml.InvalidXmlException;
import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.Pool;
import dunes.edge.xml.PagedEdgeList;
import dunes.edge.xml.VirtualServer;
import dunes.edge.xml.Vnic;
import dunes.secrets.Destination;
import dunes.secrets.Purpose;
import dunes.secrets.SecretStore;
import java.net.URI;
import java.util.List;
import java.util.function.Function;
import org.apache.hc.client5.http.DnsResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link EdgePort} over HTTPS with HttpClient 5, one pinned connection per call (see {@link EdgeSession}). */
public class HttpEdgeClient implements EdgePort {

  /** A sub-resource of the load balancer configuration: its path and how messages name one of it. */
  private record Collection(String path, String kind) {}

  private static final Collection POOLS = new Collection("/pools", "pool");
  private static final Collection VIRTUAL_SERVERS = new Collection("/virtualservers", "virtual server");

  private static final Logger LOG = LoggerFactory.getLogger(HttpEdgeClient.class);
  private static final String EDGES = "/api/3.0/edges";
  /** an edge has vNICs 0-9 */
  private static final int VNICS = 10;

  private final EdgeProperties properties;
  private final SecretStore secrets;
  private final DnsResolver dns;

  /** @param dns resolves the manager's name (RequestDns: the request's DNS servers); {@code null} for the system's DNS */
  public HttpEdgeClient(EdgeProperties properties, SecretStore secrets, DnsResolver dns) {
    this.properties = properties;
    this.secrets = secrets;
    this.dns = dns;
  }

  @Override
  public ManagerVersion managerVersion(Target target) {
    String path = properties.versionPath();
    String xml;
    try {
      xml = call(target, s -> s.get(path, "version resource " + path));
    } catch (EdgeNotFoundException e) {
      return ManagerVersion.unstated(path); // VMware's own client takes this for a vShield Manager 5.x
    }
    try {
      return GlobalInfo.version(xml, path);
    } catch (InvalidXmlException e) {
      throw new EdgeProtocolException(target + ": GET " + path + " is not the expected <globalInfo>: "
          + e.getMessage(), e);
    }
  }

  @Override
  public ManagerVersion requireEdgeApi3(Target target) {
    ManagerVersion version = managerVersion(target);
    if (version.removedEdgeApi3()) {
      throw new EdgeUnsupportedException(target + ": the manager is " + version.describe() + ", which has no "
          + "/api/3.0/edges (NSX 6.3.0 removed it); Dunes speaks only the vCNS 5.x edge API 3.0, and an NSX "
          + "/api/4.0 branch is not built. Use a vShield Manager 5.x or an NSX Manager before 6.3", version);
    }
    return version;
  }

  @Override
  public List<PagedEdgeList.EdgeSummary> edges(Target target) {
    String xml = call(target, s -> s.get(EDGES, "edge API 3.0 (" + EDGES + ")"));
    return read(xml, PagedEdgeList.class, target, "the edge list").edgePage.summaries;
  }

  @Override
  public String configXml(Target target) {
    return call(target, s -> s.get(configPath(target), edgeName(target)));
  }

  @Override
  public LoadBalancer config(Target target) {
    return read(configXml(target), LoadBalancer.class, target, "the load balancer configuration");
  }

  @Override
  public void putConfigXml(Target target, String xml) {
    call(target, s -> {
      s.put(configPath(target), xml, edgeName(target));
      return null;
    });
    LOG.info("{}: load balancer configuration replaced", target);
  }

  @Override
  public String vnicXml(Target target, int index) {
    String path = vnicPath(target, index);
    return call(target, s -> s.get(path, vnicName(target, index)));
  }

  @Override
  public Vnic vnic(Target target, int index) {
    return read(vnicXml(target, index), Vnic.class, target, "vNIC " + index);
  }

  @Override
  public void putVnicXml(Target target, int index, String xml) {
    String path = vnicPath(target, index);
    call(target, s -> {
      s.put(path, xml, vnicName(target, index));
      return null;
    });
    LOG.info("{}: vNIC {} replaced", target, index);
  }

  @Override
  public List<Pool> pools(Target target) {
    String xml = call(target, s -> s.get(configPath(target) + POOLS.path(), edgeName(target)));
    return read(xml, LoadBalancer.class, target, "the pool list").pools;
  }

  @Override
  public String addPool(Target target, Pool pool) {
    return add(target, POOLS, pool.name, pool);
  }

  @Override
  public void updatePoolXml(Target target, String poolId, String xml) {
    update(target, POOLS, poolId, xml);
  }

  @Override
  public void deletePool(Target target, String poolId) {
    delete(target, POOLS, poolId);
  }

  @Override
  public List<VirtualServer> virtualServers(Target target) {
    String xml = call(target, s -> s.get(configPath(target) + VIRTUAL_SERVERS.path(), edgeName(target)));
    return read(xml, LoadBalancer.class, target, "the virtual server list").virtualServers;
  }

  @Override
  public String addVirtualServer(Target target, VirtualServer server) {
    return add(target, VIRTUAL_SERVERS, server.name, server);
  }

  @Override
  public void updateVirtualServerXml(Target target, String serverId, String xml) {
    update(target, VIRTUAL_SERVERS, serverId, xml);
  }

  @Override
  public void deleteVirtualServer(Target target, String serverId) {
    delete(target, VIRTUAL_SERVERS, serverId);
  }

  private String add(Target target, Collection collection, String name, Object body) {
    String location = call(target, s -> s.post(configPath(target) + collection.path(), EdgeXml.write(body),
        edgeName(target)));
    String id = idFrom(location, target, collection.kind() + " '" + name + "'");
    LOG.info("{}: {} '{}' added as {}", target, collection.kind(), name, id);
    return id;
  }

  private void update(Target target, Collection collection, String id, String xml) {
    String path = configPath(target) + collection.path() + "/" + id(id);
    call(target, s -> {
      s.put(path, xml, collection.kind() + " '" + id + "'");
      return null;
    });
    LOG.info("{}: {} {} updated", target, collection.kind(), id);
  }

  private void delete(Target target, Collection collection, String id) {
    String path = configPath(target) + collection.path() + "/" + id(id);
    call(target, s -> {
      s.delete(path, collection.kind() + " '" + id + "'");
      return null;
    });
    LOG.info("{}: {} {} deleted", target, collection.kind(), id);
  }

  private <T> T call(Target target, Function<EdgeSession, T> work) {
    // resolved now, for this call only: the value never lands in a field, a log or a variable
    URI manager = URI.create(target.managerUrl());
    try (EdgeSession session = EdgeSession.open(target, secrets.resolveFor(target.password(),
        Destination.to(Purpose.EDGE, manager.getHost(), Destination.port(manager))), properties, dns)) {
      return work.apply(session);
    }
  }

  private static String configPath(Target target) {
    return EDGES + "/" + target.edgeId() + "/loadbalancer/config";
  }

  private static String vnicPath(Target target, int index) {
    if (index < 0 || index >= VNICS) {
      throw new IllegalArgumentException("an edge has vNICs 0 to " + (VNICS - 1) + ", not " + index);
    }
    return EDGES + "/" + target.edgeId() + "/vnics/" + index;
  }

  /** What a 404 names: the edge, when the call was about its configuration or lists. */
  private static String edgeName(Target target) {
    return "edge '" + target.edgeId() + "'";
  }

  private static String vnicName(Target target, int index) {
    return "vNIC " + index + " on edge '" + target.edgeId() + "'";
  }

  /** An id from the manager or a caller, checked before it goes into a path. */
  private static String id(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a load balancer object id: '" + id + "'");
    }
    return id;
  }

  /** The last path segment of a {@code Location} such as {@code …/config/pools/pool-3}. */
  private static String idFrom(String location, Target target, String what) {
    String path;
    try {
      path = URI.create(location.strip()).getPath();
    } catch (IllegalArgumentException e) {
      path = null;
    }
    String id = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    if (!ID.matcher(id).matches()) {
      throw new EdgeProtocolException(target + ": the manager added " + what + " but its Location '" + location
          + "' names no id; the next attempt finds it by name");
    }
    return id;
  }

  private static <T> T read(String xml, Class<T> type, Target target, String what) {
    try {
      return EdgeXml.read(xml, type);
    } catch (InvalidXmlException e) {
      throw new EdgeProtocolException(target + ": " + what + " is not the expected XML: " + e.getMessage(), e);
    }
  }
}
