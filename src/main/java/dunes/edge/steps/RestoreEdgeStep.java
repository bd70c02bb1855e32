package dunes.edge.steps;

import static dunes.edge.steps.EdgeVariables.SNAPSHOT_CONFIG;
import static dunes.edge.steps.EdgeVariables.SNAPSHOT_VNIC;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.edge.EdgePort;
import dunes.edge.LoadBalancedPort;
import dunes.edge.LoadBalancedPorts;
import dunes.edge.xml.EdgeXml;
import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.Vnic;
import java.util.List;
import java.util.Optional;
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
 * Undo of the edge stage: the build's own objects put back as the snapshot had them, nothing else
 * touched, so another build's pools and addresses on the same edge survive this build's undo.
 * Virtual servers first (the manager refuses to delete a pool in use), then pools, each named by
 * the build: absent from the snapshot → deleted; different from it → the snapshot's own text of it
 * put. Every PUT is the manager's text (the snapshot's, or the current one edited where the undo owns
 * it: {@code enabled}, the virtual IP's address), never the model re-serialised.
 * The load balancer is disabled again when the snapshot had it disabled and no enabled virtual
 * server added since the snapshot (another build's) is left to need it: the snapshot's own virtual
 * servers lived with it disabled. The virtual IP leaves the vNIC only if the snapshot lacked it. Each
 * change only when it differs from now, so a repeated undo changes nothing; with nobody else
 * changing the edge in between, the edge is then the snapshot, exactly.
 *
 * <p>Every failure is thrown, none is a BPMN error: this runs as compensation, outside the scope
 * that catches the build's errors, and an undo that could not run must stop as an incident an
 * operator sees, not end quietly.
 */
@Component
public class RestoreEdgeStep implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(RestoreEdgeStep.class);

  private final EdgePort edge;

  public RestoreEdgeStep(EdgePort edge) {
    this.edge = edge;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String config = EdgeSnapshots.read(execution, SNAPSHOT_CONFIG);
    if (config == null) {
      return;
    }
    BuildSpec spec = BuildVariables.spec(execution);
    EdgePort.Target target = EdgeTargets.of(execution, spec);
    LoadBalancer before = EdgeXml.read(config, LoadBalancer.class);
    LoadBalancer now = edge.config(target);
    String cluster = spec.cluster().name();
    for (LoadBalancedPort port : LoadBalancedPorts.of(spec)) { // virtual servers first: a pool in use cannot go
      String name = port.virtualServerName(cluster);
      putBack(before.virtualServers, now.virtualServers, name, v -> v.name, v -> v.id,
          id -> edge.deleteVirtualServer(target, id),
          id -> edge.updateVirtualServerXml(target, id, snapshotText(config, EdgeEdits.VIRTUAL_SERVER, name)));
    }
    for (LoadBalancedPort port : LoadBalancedPorts.of(spec)) {
      String name = port.poolName(cluster);
      putBack(before.pools, now.pools, name, p -> p.name, p -> p.id, id -> edge.deletePool(target, id),
          id -> edge.updatePoolXml(target, id, snapshotText(config, EdgeEdits.POOL, name)));
    }
    String after = edge.configXml(target);
    LoadBalancer afterModel = EdgeXml.read(after, LoadBalancer.class);
    if (!before.isEnabled() && afterModel.isEnabled() && !neededByOthers(before, afterModel)) {
      edge.putConfigXml(target, EdgeEdits.withEnabled(after, false));
    }
    restoreVirtualIp(execution, spec, target);
    LOG.info("build {}: {} has the build's objects as before the build", spec.ticket(), target);
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

  /**
   * The object named {@code name} now: deleted when the snapshot lacked it, put back (the
   * snapshot's own text of it, under the id it has now) when it differed.
   */
  private static <T> void putBack(List<T> before, List<T> now, String name, Function<T, String> nameOf,
      Function<T, String> idOf, Consumer<String> delete, Consumer<String> update) {
    Optional<T> was = named(before, name, nameOf);
    named(now, name, nameOf).ifPresent(is -> {
      if (was.isEmpty()) {
        delete.accept(idOf.apply(is));
      } else if (!EdgeXml.write(is).equals(EdgeXml.write(was.get()))) {
        update.accept(idOf.apply(is));
      }
    });
  }

  private static String snapshotText(String config, String kind, String name) {
    return EdgeEdits.object(config, kind, name).orElseThrow(() -> new IllegalStateException(
        "the edge snapshot has no " + kind + " '" + name + "' although its model does"));
  }

  private static <T> Optional<T> named(List<T> objects, String name, Function<T, String> nameOf) {
    return objects.stream().filter(o -> name.equals(nameOf.apply(o))).findFirst();
  }
}
