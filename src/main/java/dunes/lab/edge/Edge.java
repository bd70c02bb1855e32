package dunes.lab.edge;

import static dunes.lab.edge.EdgeApiException.badRequest;
import static dunes.lab.edge.EdgeApiException.notFound;

import dunes.edge.xml.EdgeXml;
import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.Pool;
import dunes.edge.xml.VirtualServer;
import dunes.edge.xml.Vnic;
import dunes.lab.LabJournal;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One edge's management state — its vNICs and load balancer configuration — and the only way to
 * change it: every change is validated whole, published to the listeners, then journalled. A
 * refused change leaves configuration and listeners as they were.
 */
final class Edge {

  private final String id;
  private final String name;
  private final LabJournal journal;
  private final RoutePlanner planner;
  private final LoadBalancerRuntime runtime;
  private final EdgeInterfaces interfaces;
  private LoadBalancer config = new LoadBalancer();
  private int nextPool = 1;
  private int nextVirtualServer = 1;

  Edge(String id, String name, EdgeInterfaces interfaces, LabJournal journal, RoutePlanner planner,
      LoadBalancerRuntime runtime) {
    this.id = id;
    this.name = name;
    this.interfaces = interfaces;
    this.journal = journal;
    this.planner = planner;
    this.runtime = runtime;
    config.enabled = false;
  }

  String id() {
    return id;
  }

  String name() {
    return name;
  }

  synchronized LoadBalancer config() {
    return EdgeXml.copy(config, LoadBalancer.class);
  }

  synchronized Set<String> listening() {
    return runtime.listening();
  }

  synchronized void putConfig(LoadBalancer next) {
    next.pools.forEach(this::assignId);
    next.virtualServers.forEach(this::assignId);
    resolvePoolNames(next);
    commit(next, "put-config", "enabled=" + next.isEnabled() + " pools=" + names(next.pools.stream().map(p -> p.name))
        + " virtualServers=" + names(next.virtualServers.stream().map(v -> v.name)));
  }

  synchronized void deleteConfig() {
    LoadBalancer empty = new LoadBalancer();
    empty.enabled = false;
    commit(empty, "delete-config", "");
  }

  synchronized Pool pool(String poolId) {
    return EdgeXml.copy(findPool(config, poolId), Pool.class);
  }

  synchronized String addPool(Pool pool) {
    pool.id = null;
    assignId(pool);
    change(c -> c.pools.add(pool), "add-pool", pool.id + " " + pool.name);
    return pool.id;
  }

  synchronized void updatePool(String poolId, Pool pool) {
    pool.id = poolId;
    change(c -> c.pools.set(c.pools.indexOf(findPool(c, poolId)), pool), "update-pool", poolId + " " + pool.name);
  }

  synchronized void deletePool(String poolId) {
    change(c -> {
      Pool pool = findPool(c, poolId);
      c.virtualServers.stream().filter(v -> poolId.equals(v.pool.id)).findFirst().ifPresent(v -> {
        throw badRequest("pool '" + poolId + "' is in use by virtual server '" + v.name + "'");
      });
      c.pools.remove(pool);
    }, "delete-pool", poolId);
  }

  synchronized VirtualServer virtualServer(String serverId) {
    return EdgeXml.copy(findServer(config, serverId), VirtualServer.class);
  }

  synchronized String addVirtualServer(VirtualServer server) {
    server.id = null;
    assignId(server);
    change(c -> c.virtualServers.add(server), "add-virtual-server", server.id + " " + server.name);
    return server.id;
  }

  synchronized void updateVirtualServer(String serverId, VirtualServer server) {
    server.id = serverId;
    change(c -> c.virtualServers.set(c.virtualServers.indexOf(findServer(c, serverId)), server),
        "update-virtual-server", serverId + " " + server.name);
  }

  synchronized void deleteVirtualServer(String serverId) {
    change(c -> c.virtualServers.remove(findServer(c, serverId)), "delete-virtual-server", serverId);
  }

  /** vNIC {@code index} exactly as it was put. */
  synchronized String vnicXml(int index) {
    return interfaces.text(index);
  }

  /** Replaces the vNIC with the whole text, once it has every field the manager requires. */
  synchronized void putVnic(int index, String text) {
    String previous = interfaces.text(index);
    Vnic vnic = VnicValidator.validate(index, text);
    interfaces.put(index, text);
    try {
      ConfigValidator.validate(id, config, interfaces.addresses());
    } catch (EdgeApiException e) {
      interfaces.put(index, previous);
      throw badRequest("vnic " + index + " cannot drop an address a virtual server uses: " + e.getMessage());
    }
    journal.record("edge", id, "update-vnic", "vnic " + index + " addresses " + EdgeInterfaces.addresses(vnic)
        + " changed " + VnicChanges.between(previous, text));
  }

  private void change(Consumer<LoadBalancer> edit, String operation, String detail) {
    LoadBalancer next = EdgeXml.copy(config, LoadBalancer.class);
    edit.accept(next);
    resolvePoolNames(next);
    commit(next, operation, detail);
  }

  private void commit(LoadBalancer next, String operation, String detail) {
    ConfigValidator.validate(id, next, interfaces.addresses());
    runtime.publish(planner.plan(next));
    config = EdgeXml.copy(next, LoadBalancer.class);
    journal.record("edge", id, operation, detail);
    journal.record("edge", id, "publish", "listening on " + runtime.listening());
  }

  private void assignId(Pool pool) {
    if (pool.id == null) {
      pool.id = "pool-" + nextPool++;
    } else {
      nextPool = Math.max(nextPool, numberIn(pool.id) + 1);
    }
  }

  private void assignId(VirtualServer server) {
    if (server.id == null) {
      server.id = "virtualServer-" + nextVirtualServer++;
    } else {
      nextVirtualServer = Math.max(nextVirtualServer, numberIn(server.id) + 1);
    }
  }

  /** A virtual server may name a pool that gets its id in the same request. */
  private static void resolvePoolNames(LoadBalancer next) {
    for (VirtualServer server : next.virtualServers) {
      if (server.pool != null && server.pool.id == null && server.pool.name != null) {
        next.pools.stream().filter(p -> server.pool.name.equals(p.name)).findFirst()
            .ifPresent(p -> server.pool.id = p.id);
      }
    }
  }

  private static int numberIn(String id) {
    String digits = id.replaceAll("^.*?(\\d+)$", "$1");
    return digits.matches("\\d{1,9}") ? Integer.parseInt(digits) : 0;
  }

  private Pool findPool(LoadBalancer c, String poolId) {
    return c.pools.stream().filter(p -> Objects.equals(p.id, poolId)).findFirst()
        .orElseThrow(() -> notFound("pool '" + poolId + "' does not exist on " + id));
  }

  private VirtualServer findServer(LoadBalancer c, String serverId) {
    return c.virtualServers.stream().filter(v -> Objects.equals(v.id, serverId)).findFirst()
        .orElseThrow(() -> notFound("virtual server '" + serverId + "' does not exist on " + id));
  }

  private static String names(Stream<String> names) {
    return names.toList().toString();
  }
}
