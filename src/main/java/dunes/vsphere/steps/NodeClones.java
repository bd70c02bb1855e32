package dunes.vsphere.steps;

import dunes.build.BuildSpec;
import dunes.vsphere.Inventory;
import dunes.vsphere.TaskRef;
import dunes.vsphere.TaskState;
import dunes.vsphere.VSphereException;
import dunes.vsphere.VSphereNotFoundException;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.VmInfo;
import dunes.vsphere.steps.VSphereEffects.Effect;
import dunes.vsphere.steps.VSphereEffects.State;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A clone of node 1, started once across retries and crashes. A marker is committed before
 * CloneVM_Task and the task's moref right after it; a retry waits for the recorded task while
 * vCenter runs it, and when the marker holds no task (a crash between the call and the record)
 * looks in vCenter's recent tasks for a clone of node 1 still running that no other clone of the
 * build recorded. Only when neither a running clone nor the VM exists is a clone started again.
 * Clones of one build run at the same time but are started one after another (CloneNodes'
 * sequential {@code Task_CloneVm}), each only after the one before recorded its task: so the
 * newest unrecorded clone of node 1 queued since a marker is that marker's.
 */
@Component
public class NodeClones {

  private static final Logger LOG = LoggerFactory.getLogger(NodeClones.class);
  /** Clock difference allowed between this JVM and vCenter when matching a recent task to a marker. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final VSphereEffects effects;
  private final CrashPoint crash;

  @org.springframework.beans.factory.annotation.Autowired
  public NodeClones(VSphereEffects effects, ObjectProvider<CrashPoint> crash) {
    this(effects, crash.getIfAvailable(() -> CrashPoint.NONE));
  }

  NodeClones(VSphereEffects effects, CrashPoint crash) {
    this.effects = effects;
    this.crash = crash;
  }

  /**
   * The task to wait for (or a done handle) for the clone {@code node} of node 1 with
   * {@code properties}.
   */
  public TaskRef start(BuildSpec spec, VSpherePort vsphere, Inventory where, String node,
      java.util.Map<String, String> properties) {
    String source = spec.firstNode().name();
    String key = VSphereEffects.cloneOf(node);
    String operation = "clone vm '" + source + "' as '" + node + "'";
    Optional<Effect> marker = effects.find(spec.ticket(), key);
    if (marker.isPresent() && marker.get().state() != State.DONE) {
      Optional<TaskRef> inFlight = inFlight(vsphere, marker.get(), source, operation);
      if (inFlight.isPresent()) {
        return inFlight.get();
      }
    }
    List<VmInfo> named = vsphere.findVms(node);
    if (!named.isEmpty()) { // finished (or made otherwise): adopted, refused or given time sync as the port decides
      TaskRef ref = vsphere.startClone(where, source, node, properties, spec.ticket());
      marker.filter(m -> m.state() != State.DONE).ifPresent(m -> effects.done(m, named.get(0).moref()));
      return ref;
    }
    Optional<Effect> attempt = effects.begin(spec.ticket(), key, marker);
    if (attempt.isEmpty()) {
      throw new VSphereException("cannot " + operation + ": another job started it a moment ago; looking again");
    }
    TaskRef ref = vsphere.startClone(where, source, node, properties, spec.ticket());
    if (ref.task() != null) {
      effects.running(attempt.get(), ref.task());
    }
    crash.reached("clone started " + node);
    return ref;
  }

  /** The clone task the marker points at, or one vCenter still runs for it, while it runs. */
  private Optional<TaskRef> inFlight(VSpherePort vsphere, Effect marker, String source, String operation) {
    if (marker.handle() != null) {
      TaskRef recorded = new TaskRef(marker.handle(), null, operation);
      try {
        TaskState state = vsphere.poll(recorded);
        return state.isFinished() ? Optional.empty() : Optional.of(recorded);
      } catch (VSphereNotFoundException expired) { // vCenter forgets finished tasks after a while
        return Optional.empty();
      }
    }
    Optional<TaskRef> found = vsphere.findCloneInFlight(source, marker.started() - CLOCK_SKEW.toMillis(),
        effects.handles(marker.buildKey(), VSphereEffects.CLONE, marker.effect()));
    found.ifPresent(task -> {
      LOG.info("{}: a clone asked for earlier (attempt {}) still runs as {}; waiting for it", operation,
          marker.attempt(), task.task());
      effects.running(marker, task.task());
    });
    return found;
  }

  /** The clone task of {@code node} vCenter still runs for this build, if any: the undo waits for it first. */
  public Optional<TaskRef> running(BuildSpec spec, VSpherePort vsphere, String node) {
    Optional<Effect> marker = effects.find(spec.ticket(), VSphereEffects.cloneOf(node));
    if (marker.isEmpty() || marker.get().state() == State.DONE) {
      return Optional.empty();
    }
    return inFlight(vsphere, marker.get(), spec.firstNode().name(),
        "clone vm '" + spec.firstNode().name() + "' as '" + node + "'");
  }
}
