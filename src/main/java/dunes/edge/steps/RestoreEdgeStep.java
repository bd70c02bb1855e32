package dunes.edge.steps;

import static dunes.edge.steps.EdgeVariables.SNAPSHOT_CONFIG;
import static dunes.edge.steps.EdgeVariables.SNAPSHOT_VNIC;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.edge.EdgeOwners;
import dunes.edge.EdgePort;
import dunes.edge.lock.EdgeLocks;
import dunes.edge.xml.EdgeXml;
import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.Vnic;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Undo of the edge stage: what the build owns removed by id, nothing else touched, so another
 * build's pools, virtual servers and addresses on the same edge stay byte for byte. The build's
 * objects are the ids it recorded when it created them ({@link BuildEdgeObjects}) and any object
 * that carries its mark (created just before a crash that kept the id from being recorded); an id
 * whose object no longer carries the mark is left alone. Virtual servers first (the manager
 * refuses to delete a pool in use), then pools.
 *
 * <p>The load balancer is disabled again when the snapshot had it disabled and no enabled virtual
 * server added since the snapshot (another build's) is left to need it. The virtual IP leaves the
 * vNIC only if the snapshot lacked it. Both are edits of the manager's current text. The undo holds
 * the edge while it works (taking it over from its own stage, which may have been interrupted
 * holding it) and gives it up at the end. Each change only when it differs from now, so a
 * repeated undo changes nothing.
 *
 * <p>Every failure is thrown, none is a BPMN error: this runs as compensation, outside the scope
 * that catches the build's errors, and an undo that could not run must stop as an incident an
 * operator sees, not end quietly. Another build holding the edge is such a failure: the job is
 * retried, and its incident names the holder.
 */
@Component
public class RestoreEdgeStep implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(RestoreEdgeStep.class);

  private final EdgePort edge;
  private final EdgeLocks locks;
  private final BuildEdgeObjects objects;

  public RestoreEdgeStep(EdgePort edge, EdgeLocks locks, BuildEdgeObjects objects) {
    this.edge = edge;
    this.locks = locks;
    this.objects = objects;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String config = EdgeSnapshots.read(execution, SNAPSHOT_CONFIG);
    if (config == null) {
      return;
    }
    BuildSpec spec = BuildVariables.spec(execution);
    EdgePort.Target target = EdgeTargets.of(execution, spec);
    String key = EdgeLocks.key(target);
    String ticket = spec.ticket();
    locks.hold(key, ticket, execution.getProcessInstanceId());
    LoadBalancer before = EdgeXml.read(config, LoadBalancer.class);
    LoadBalancer now = edge.config(target);
    remove(ticket, key, BuildEdgeObjects.VIRTUAL_SERVER, now.virtualServers, v -> v.id, v -> v.description,
        id -> edge.deleteVirtualServer(target, id));
    remove(ticket, key, BuildEdgeObjects.POOL, now.pools, p -> p.id, p -> p.description,
        id -> edge.deletePool(target, id));
    String after = edge.configXml(target);
    LoadBalancer afterModel = EdgeXml.read(after, LoadBalancer.class);
    if (!before.isEnabled() && afterModel.isEnabled() && !neededByOthers(before, afterModel)) {
      edge.putConfigXml(target, EdgeEdits.withEnabled(after, false));
    }
    restoreVirtualIp(execution, spec, target);
    locks.release(key, ticket);
    LOG.info("build {}: {} no longer has the build's objects", ticket, target);
  }

  /**
   * Deletes, by id, each object of {@code kind} that the build recorded or that carries its mark,
   * as long as it carries the mark now; then forgets the record.
   */
  private <T> void remove(String ticket, String key, String kind, List<T> now, Function<T, String> idOf,
      Function<T, String> descriptionOf, Consumer<String> delete) {
    Map<String, T> byId = now.stream().collect(Collectors.toMap(idOf, o -> o, (a, b) -> a, LinkedHashMap::new));
    Set<String> ids = objects.list(ticket, key, kind).stream().map(BuildEdgeObjects.EdgeObject::id)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    byId.values().stream().filter(o -> EdgeOwners.ownedBy(descriptionOf.apply(o), ticket)).map(idOf).forEach(ids::add);
    for (String id : ids) {
      T object = byId.get(id);
      if (object == null) {
        LOG.info("build {}: {} {} is gone already", ticket, kind, id);
      } else if (!EdgeOwners.ownedBy(descriptionOf.apply(object), ticket)) {
        LOG.warn("build {}: {} {} now belongs to {}: left as it is", ticket, kind, id,
            EdgeOwners.describe(descriptionOf.apply(object)));
      } else {
        delete.accept(id);
      }
      objects.forget(ticket, key, kind, id);
    }
  }

  /** An enabled virtual server that the snapshot did not have: someone else's since, which needs the balancer on. */
  private static boolean neededByOthers(LoadBalancer before, LoadBalancer now) {
    Set<String> snapshot = before.virtualServers.stream().map(v -> v.name).collect(Collectors.toSet());
    return now.virtualServers.stream().anyMatch(v -> v.isEnabled() && !snapshot.contains(v.name));
  }

  /** The virtual IP off the vNIC when the snapshot did not have it there (the build added it). */
  private void restoreVirtualIp(DelegateExecution execution, BuildSpec spec, EdgePort.Target target) {
    String snapshot = EdgeSnapshots.read(execution, SNAPSHOT_VNIC);
    String vip = spec.cluster().virtualIp();
    int index = spec.edge().interfaceIndex();
    Vnic before = snapshot == null ? null : EdgeXml.read(snapshot, Vnic.class);
    if (before == null || VirtualIps.holds(before, vip)) {
      return;
    }
    EdgeEdits.withoutSecondaryAddress(edge.vnicXml(target, index), vip, before)
        .ifPresent(text -> edge.putVnicXml(target, index, text));
  }
}
