package dunes.vsphere.steps;

import dunes.build.BuildSpec;
import dunes.vsphere.ImportLease;
import dunes.vsphere.LeaseState;
import dunes.vsphere.Moref;
import dunes.vsphere.OvfImport;
import dunes.vsphere.OvfPropertyKeys;
import dunes.vsphere.OvfSource;
import dunes.vsphere.TaskRef;
import dunes.vsphere.VCenterTarget;
import dunes.vsphere.VSphereException;
import dunes.vsphere.VSpherePort;
import dunes.vsphere.VSphereProperties;
import dunes.vsphere.VmInfo;
import dunes.vsphere.steps.VSphereEffects.Effect;
import dunes.vsphere.steps.VSphereEffects.State;
import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Node 1's OVF import, exactly once across retries, executors and crashes. The job that deploys only
 * looks and, when nothing is under way, hands the import to a worker thread of this JVM, whose work
 * (download, ImportVApp, lease wait, disk upload, complete) can take far longer than a job's lock;
 * the wait loop's timer jobs look again. Every look reads the import's marker
 * ({@link VSphereEffects}), committed before ImportVApp, and decides from it and from vCenter:
 * <ul>
 *   <li>done, and the VM it recorded (by moref) is there: done;
 *   <li>under way with a fresh heartbeat (here or on another engine node): wait;
 *   <li>under way but silent (its JVM died): the lease is read — completed counts as done — else
 *       aborted, the VM it made (this build's tag) removed, and the import made anew;
 *   <li>failed: the failure is reported once (the job's retry), the next look makes it anew.
 * </ul>
 * A VM of the node's name with this build's tag and no completed marker is never adopted: nothing
 * says its disks all arrived.
 */
@Component
public class OvfImports {

  private static final Logger LOG = LoggerFactory.getLogger(OvfImports.class);
  /** Heartbeats missed before a marker counts as abandoned. */
  static final int MISSED_HEARTBEATS = 4;

  /** Where node 1's import stands after a look. */
  public record Look(boolean done, Moref vm, int progress) {}

  private final VSphereEffects effects;
  private final OvfSource ovfSource;
  private final VSphereProperties properties;
  private final ExecutorService workers = Executors.newCachedThreadPool(daemon("ovf-import"));
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("ovf-import-heartbeat"));
  /** Imports this JVM's workers carry now, by build and effect. */
  private final Map<String, Long> mine = new ConcurrentHashMap<>();

  private final CrashPoint crash;

  @org.springframework.beans.factory.annotation.Autowired
  public OvfImports(VSphereEffects effects, OvfSource ovfSource, VSphereProperties properties,
      org.springframework.beans.factory.ObjectProvider<CrashPoint> crash) {
    this(effects, ovfSource, properties, crash.getIfAvailable(() -> CrashPoint.NONE));
  }

  OvfImports(VSphereEffects effects, OvfSource ovfSource, VSphereProperties properties, CrashPoint crash) {
    this.effects = effects;
    this.ovfSource = ovfSource;
    this.properties = properties;
    this.crash = crash;
  }

  /** One look at node 1's import; starts it when nothing (or nothing alive) is under way. */
  public Look look(BuildSpec spec, VSpherePort vsphere) {
    String build = spec.ticket();
    String name = spec.firstNode().name();
    String key = VSphereEffects.importOf(name);
    Optional<Effect> marker = effects.find(build, key);
    if (marker.isEmpty()) {
      return withoutMarker(spec, vsphere, name);
    }
    Effect effect = marker.get();
    switch (effect.state()) {
      case DONE -> {
        Optional<VmInfo> vm = vsphere.findVm(effect.vm());
        if (vm.isPresent()) {
          return new Look(true, vm.get().moref(), 100);
        }
        LOG.warn("vm '{}' that build {} imported ({}) is gone: importing it again", name, build, effect.vm());
        return startAfterLeftovers(spec, vsphere, marker);
      }
      case FAILED -> {
        if (effect.message() != null) {
          effects.failed(effect, null); // reported once, by this throw; the next look imports anew
          throw new VSphereException(effect.message());
        }
        return startAfterLeftovers(spec, vsphere, marker);
      }
      default -> {
        if (alive(effect)) {
          return new Look(false, effect.vm(), effect.progress());
        }
        return recover(spec, vsphere, effect);
      }
    }
  }

  /**
   * No marker: this Dunes never asked vCenter for the import. A VM of the name made by hand with the
   * requested properties is adopted (as before markers); one with this build's tag cannot be told
   * complete and is removed; one of another build is a conflict.
   */
  private Look withoutMarker(BuildSpec spec, VSpherePort vsphere, String name) {
    for (VmInfo existing : vsphere.findVms(name)) {
      if (!spec.ticket().equals(existing.buildTag())) { // another build's, or made by hand differently: a conflict
        existing.checkAdoptable(request(spec, false).properties(), spec.ticket());
        return new Look(true, existing.moref(), 100);
      }
    }
    return startAfterLeftovers(spec, vsphere, Optional.empty());
  }

  /** An attempt nobody carries on: completed counts; anything else is aborted, removed and made anew. */
  private Look recover(BuildSpec spec, VSpherePort vsphere, Effect effect) {
    if (effect.handle() != null) {
      LeaseState lease = vsphere.readLease(effect.handle());
      if (lease.status() == LeaseState.Status.DONE && (lease.vm() != null || effect.vm() != null)) {
        Moref vm = lease.vm() != null ? lease.vm() : effect.vm();
        if (vsphere.findVm(vm).isPresent()) {
          effects.done(effect, vm);
          return new Look(true, vm, 100);
        }
      }
      if (lease.isLive()) {
        vsphere.abortLease(effect.handle(), "the upload of build " + spec.ticket() + " stopped (no heartbeat since "
            + java.time.Instant.ofEpochMilli(effect.heartbeat()) + " from " + effect.owner() + ")");
      }
    }
    LOG.warn("import of vm '{}' for build {} (attempt {}, {}) stopped without finishing: removing what it left and"
        + " importing again", spec.firstNode().name(), spec.ticket(), effect.attempt(), effect.owner());
    return startAfterLeftovers(spec, vsphere, Optional.of(effect));
  }

  /** Removes VMs of the node's name that carry this build's tag, one step a look, then starts a new attempt. */
  private Look startAfterLeftovers(BuildSpec spec, VSpherePort vsphere, Optional<Effect> previous) {
    String name = spec.firstNode().name();
    List<Moref> leftovers = new java.util.ArrayList<>(vsphere.findVms(name).stream()
        .filter(vm -> spec.ticket().equals(vm.buildTag())).map(VmInfo::moref).toList());
    previous.map(Effect::vm).filter(vm -> !leftovers.contains(vm)).ifPresent(leftovers::add);
    for (Moref leftover : leftovers) {
      TaskRef step = vsphere.startRemoveVm(leftover, spec.ticket());
      if (!step.isDone()) {
        LOG.info("removing {} left by an unfinished import of vm '{}' (build {})", leftover, name, spec.ticket());
        return new Look(false, null, 0); // a removal runs: the next look goes on
      }
    }
    start(spec, vsphere, previous);
    return new Look(false, null, 0);
  }

  /** Marks a new attempt (committed before anything reaches vCenter) and hands it to a worker. */
  private void start(BuildSpec spec, VSpherePort vsphere, Optional<Effect> previous) {
    Optional<Effect> attempt = effects.begin(spec.ticket(), VSphereEffects.importOf(spec.firstNode().name()), previous);
    if (attempt.isEmpty()) {
      LOG.info("import of vm '{}' for build {} was started by another job meanwhile", spec.firstNode().name(), spec.ticket());
      return;
    }
    Effect marked = attempt.get();
    mine.put(slot(marked), marked.attempt());
    try {
      workers.execute(() -> run(marked, spec, vsphere));
    } catch (RuntimeException e) {
      mine.remove(slot(marked));
      effects.failed(marked, "cannot start the import of vm '" + spec.firstNode().name() + "': " + e);
      throw e;
    }
  }

  /** The worker: everything long, with a heartbeat on the marker. */
  private void run(Effect attempt, BuildSpec spec, VSpherePort vsphere) {
    AtomicInteger progress = new AtomicInteger();
    long period = Math.max(1, properties.uploadHeartbeat().toMillis());
    ScheduledFuture<?> beat = heartbeats.scheduleAtFixedRate(() -> {
      try {
        effects.heartbeat(attempt, progress.get());
      } catch (RuntimeException e) {
        LOG.debug("heartbeat of {} failed: {}", attempt.effect(), e.toString());
      }
    }, 0, period, TimeUnit.MILLISECONDS);
    try {
      OvfImport request = request(spec, true);
      ImportLease lease = vsphere.beginOvfImport(vsphere.locate(VCenterTarget.of(spec.vcenter())), request);
      if (!effects.running(attempt, lease.lease())) {
        vsphere.abortLease(lease.lease(), "the import of build " + spec.ticket() + " was undone meanwhile");
        removeOwn(spec, vsphere); // vCenter removes an aborted import's VM; a simulator may not
        throw new VSphereException("import of vm '" + request.vmName() + "' undone or superseded while ImportVApp ran");
      }
      crash.reached("import lease recorded " + request.vmName());
      Moref vm = vsphere.finishOvfImport(lease, known -> {
        if (!effects.vm(attempt, known)) { // thrown inside the upload: the lease is aborted and the VM removed
          throw new VSphereException("import of vm '" + request.vmName() + "' undone or superseded during the upload");
        }
      }, progress::set);
      effects.done(attempt, vm);
      LOG.info("imported vm '{}' ({}) for build {}", request.vmName(), vm, spec.ticket());
    } catch (RuntimeException e) {
      LOG.warn("import of vm '{}' for build {} failed: {}", spec.firstNode().name(), spec.ticket(), e.getMessage());
      effects.failed(attempt, e.getMessage() == null ? e.toString() : e.getMessage());
    } finally {
      beat.cancel(false);
      mine.remove(slot(attempt), attempt.attempt());
    }
  }

  /**
   * The undo's part: stops node 1's import wherever it stands — a recorded live lease is aborted and
   * the marker dropped, so a worker still at it finds its attempt gone, aborts and removes what it made.
   */
  public void undo(BuildSpec spec, VSpherePort vsphere) {
    String key = VSphereEffects.importOf(spec.firstNode().name());
    effects.find(spec.ticket(), key).ifPresent(marker -> {
      if (marker.handle() != null && marker.state() != State.DONE) {
        vsphere.abortLease(marker.handle(), "build " + spec.ticket() + " is undone");
      }
      effects.forget(spec.ticket(), key);
    });
  }

  private static void removeOwn(BuildSpec spec, VSpherePort vsphere) {
    for (VmInfo vm : vsphere.findVms(spec.firstNode().name())) {
      if (spec.ticket().equals(vm.buildTag())) {
        vsphere.startRemoveVm(vm.moref(), spec.ticket());
      }
    }
  }

  /**
   * The request for node 1: with its disks resolved (downloaded when https and not cached: the worker's
   * part) or the descriptor only (a short look in a job).
   */
  private OvfImport request(BuildSpec spec, boolean withDisks) {
    Path descriptor = withDisks ? ovfSource.resolve(spec.ovf().url(), null) : ovfSource.descriptor(spec.ovf().url(), null);
    BuildSpec.Node node = spec.firstNode();
    return new OvfImport(node.name(), descriptor, ApplianceProperties.of(OvfPropertyKeys.read(descriptor), spec, node),
        spec.ticket());
  }

  /** Carried by a worker here, or renewed recently enough by one elsewhere. */
  private boolean alive(Effect effect) {
    Long here = mine.get(slot(effect));
    if (here != null && here == effect.attempt()) {
      return true;
    }
    return effects.now() - effect.heartbeat() <= MISSED_HEARTBEATS * properties.uploadHeartbeat().toMillis();
  }

  private static String slot(Effect effect) {
    return effect.buildKey() + "\n" + effect.effect();
  }

  /** Stops the workers with the JVM: their leases, silent from now on, are recovered by the next look anywhere. */
  @PreDestroy
  public void stop() {
    workers.shutdownNow();
    heartbeats.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong count = new AtomicLong();
    return r -> {
      Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
