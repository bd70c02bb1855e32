package dunes.vsphere;

import com.vmware.vim25.LocalizedMethodFault;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.TaskInfo;
import com.vmware.vim25.TaskInfoState;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.mo.Task;
import dunes.secrets.Secret;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * {@link VSpherePort} through yavijava: one session per vCenter, reused and opened again when it is
 * gone; TLS pinned to the request's fingerprint; every verb reads, compares, then acts.
 */
public final class YavijavaVSphere implements VSpherePort, AutoCloseable {

  private final VSphereSession session;
  private final OvfImporter importer;

  YavijavaVSphere(VSphereSession session, VSphereProperties properties) {
    this.session = session;
    this.importer = new OvfImporter(properties, new LeaseUploader(properties, session.fingerprint()));
  }

  /**
   * An adapter for one vCenter; it logs in at its first call.
   *
   * @param sha256Fingerprint the vCenter certificate's fingerprint from the request: the only certificate trusted
   */
  public static YavijavaVSphere open(VSphereProperties properties, URL sdkUrl, String username, Secret password,
      String sha256Fingerprint) {
    return open(properties, sdkUrl, username, () -> password, sha256Fingerprint);
  }

  /** @param password read at each login (a session that expires logs in with the store's current value) */
  public static YavijavaVSphere open(VSphereProperties properties, URL sdkUrl, String username, Supplier<Secret> password,
      String sha256Fingerprint) {
    VSphereConnector connector = new VSphereConnector(properties.connectTimeout(), properties.readTimeout());
    return new YavijavaVSphere(new VSphereSession(connector, sdkUrl, username, password, sha256Fingerprint), properties);
  }

  /** The session in use now; tests end it behind the adapter's back. */
  ServiceInstance serviceInstance() {
    return session.serviceInstance();
  }

  @Override
  public Inventory locate(VCenterTarget target) {
    return session.call("locate datacenter '" + target.datacenter() + "'", vc -> InventoryLocator.locate(vc, target));
  }

  @Override
  public VCenterSurvey survey(VCenterTarget target) {
    return session.call("survey vcenter " + session.sdkUrl(), vc -> VCenterSurveyor.survey(vc, target));
  }

  @Override
  public Optional<VmInfo> findVm(String name) {
    return session.call("find vm '" + name + "'", vc -> VmHelper.find(vc, name));
  }

  @Override
  public TaskRef startOvfImport(Inventory where, OvfImport request, IntConsumer progress) {
    String operation = "deploy ovf '" + request.ovf() + "' as vm '" + request.vmName() + "'";
    return session.call(operation, vc -> {
      Optional<VmInfo> existing = VmHelper.find(vc, request.vmName());
      if (existing.isPresent()) {
        VmHelper.checkAdoptable(existing.get(), request.properties(), request.buildTag());
        return TaskRef.done(existing.get().moref(), operation);
      }
      return TaskRef.done(importer.importOvf(vc, where, request, progress), operation);
    });
  }

  @Override
  public ImportLease beginOvfImport(Inventory where, OvfImport request) {
    return session.call("deploy ovf '" + request.ovf() + "' as vm '" + request.vmName() + "'",
        vc -> importer.begin(vc, where, request));
  }

  @Override
  public Moref finishOvfImport(ImportLease lease, Consumer<Moref> vmKnown, IntConsumer progress) {
    return session.call("upload the disks of " + lease, vc -> importer.finish(vc, lease, vmKnown, progress));
  }

  @Override
  public LeaseState readLease(Moref lease) {
    return session.call("read import lease " + lease, vc -> OvfImporter.read(vc, lease));
  }

  @Override
  public void abortLease(Moref lease, String why) {
    session.call("abort import lease " + lease, vc -> {
      if (OvfImporter.read(vc, lease).isLive()) {
        OvfImporter.abort(vc, lease, why);
      }
      return null;
    });
  }

  @Override
  public Optional<VmInfo> findVm(Moref vm) {
    return session.call("read vm " + vm, vc -> {
      try {
        return Optional.of(VmHelper.read(vc, vm));
      } catch (VSphereNotFoundException gone) {
        return Optional.<VmInfo>empty();
      }
    });
  }

  @Override
  public List<VmInfo> findVms(String name) {
    return session.call("find vms named '" + name + "'", vc -> VmHelper.findAll(vc, name));
  }

  @Override
  public Optional<TaskRef> findCloneInFlight(String source, long queuedSince, java.util.Set<Moref> others) {
    String operation = "find a running clone of vm '" + source + "'";
    return session.call(operation, vc -> {
      Optional<VmInfo> from = VmHelper.find(vc, source);
      return from.isEmpty() ? Optional.<TaskRef>empty() : RecentTasks.cloneInFlight(vc, from.get().moref(), queuedSince, others)
          .map(task -> new TaskRef(task, null, "clone vm '" + source + "' (found in vcenter's recent tasks)"));
    });
  }

  @Override
  public TaskRef startClone(Inventory where, String source, String name, Map<String, String> properties,
      String buildTag) {
    String operation = "clone vm '" + source + "' as '" + name + "'";
    return session.call(operation, vc -> {
      Optional<VmInfo> existing = VmHelper.find(vc, name);
      if (existing.isPresent()) {
        VmHelper.checkAdoptable(existing.get(), properties, buildTag);
        return existing.get().syncTimeWithHost() ? TaskRef.done(existing.get().moref(), operation)
            : started(VmHelper.startTimeSync(vc, existing.get()), existing.get().moref(),
                "turn on time sync with the host of the clone '" + name + "'");
      }
      VmInfo from = VmHelper.require(vc, source);
      return started(VmHelper.startClone(vc, where, from, name, properties, buildTag), null, operation);
    });
  }

  @Override
  public TaskRef startResize(String vm, int cpus, long memoryMb) {
    String operation = "resize vm '" + vm + "' to " + cpus + " cpu and " + memoryMb + " mb with time sync with the host";
    return session.call(operation, vc -> {
      VmInfo info = VmHelper.require(vc, vm);
      boolean sized = info.cpus() == cpus && info.memoryMb() == memoryMb;
      if (sized && info.syncTimeWithHost()) {
        return TaskRef.done(info.moref(), operation);
      }
      if (!sized && info.powerState() != VmInfo.PowerState.POWERED_OFF) {
        throw new VSphereException("cannot " + operation + ": it is " + info.powerState().name().toLowerCase()
            + "; power it off first");
      }
      return started(VmHelper.startResize(vc, info, cpus, memoryMb), info.moref(), operation);
    });
  }

  @Override
  public TaskRef startTimeSync(String vm) {
    String operation = "turn on time sync with the host of vm '" + vm + "'";
    return session.call(operation, vc -> {
      VmInfo info = VmHelper.require(vc, vm);
      return info.syncTimeWithHost() ? TaskRef.done(info.moref(), operation)
          : started(VmHelper.startTimeSync(vc, info), info.moref(), operation);
    });
  }

  @Override
  public TaskRef startPowerOn(String vm) {
    String operation = "power on vm '" + vm + "'";
    return session.call(operation, vc -> {
      VmInfo info = VmHelper.require(vc, vm);
      if (info.powerState() == VmInfo.PowerState.POWERED_ON) {
        return TaskRef.done(info.moref(), operation);
      }
      return started(VmHelper.vm(vc, info.moref()).powerOnVM_Task(null), info.moref(), operation);
    });
  }

  @Override
  public TaskRef startPowerOff(String vm) {
    String operation = "power off vm '" + vm + "'";
    return session.call(operation, vc -> {
      VmInfo info = VmHelper.require(vc, vm);
      if (info.powerState() == VmInfo.PowerState.POWERED_OFF) {
        return TaskRef.done(info.moref(), operation);
      }
      return started(VmHelper.vm(vc, info.moref()).powerOffVM_Task(), info.moref(), operation);
    });
  }

  @Override
  public void shutdownGuest(String vm) {
    session.call("shut down the guest of vm '" + vm + "'", vc -> {
      VmInfo info = VmHelper.require(vc, vm);
      if (info.powerState() == VmInfo.PowerState.POWERED_ON) {
        VmHelper.vm(vc, info.moref()).shutdownGuest();
      }
      return null;
    });
  }

  @Override
  public TaskState poll(TaskRef ref) {
    if (ref.isDone()) {
      return new TaskState(TaskState.Status.SUCCESS, 100, null, null, ref, ref.target());
    }
    return session.call("read task " + ref.task() + " (" + ref.operation() + ")", vc -> {
      TaskInfo info = (TaskInfo) PropertyReader.read(vc, ref.task().toMor(), "info").get("info");
      if (info == null) {
        throw new VSphereNotFoundException("task " + ref.task() + " (" + ref.operation() + ") not found: vcenter keeps"
            + " finished tasks only for a while; read the object's state instead");
      }
      LocalizedMethodFault error = info.getError();
      Moref result = info.getResult() instanceof ManagedObjectReference mor ? Moref.of(mor) : ref.target();
      return new TaskState(status(info.getState()), info.getProgress(),
          error == null ? null : Faults.text(error), Faults.typeName(error), ref, result);
    });
  }

  @Override
  public VAppInfo ensureVApp(Inventory where, String name, List<String> members, int startDelaySeconds,
      String buildTag) {
    String operation = "set up vapp '" + name + "'";
    return session.call(operation, vc -> {
      List<VmInfo> vms = new ArrayList<>();
      for (String member : members) {
        vms.add(VmHelper.require(vc, member));
      }
      Optional<Moref> found = VAppHelper.find(vc, name);
      Moref vapp = found.isPresent() ? found.get() : VAppHelper.create(vc, where, name, buildTag);
      VAppInfo current = VAppHelper.read(vc, vapp);
      List<String> differences = VAppHelper.differences(current, vms, startDelaySeconds);
      if (differences.isEmpty()) {
        return current;
      }
      boolean ours = buildTag != null && buildTag.equals(current.buildTag());
      boolean foreignMember = differences.stream().anyMatch(d -> d.startsWith("holds vm"));
      if (foreignMember || (found.isPresent() && !ours)) {
        throw new VSphereConflictException("vapp '" + name + "' already exists and " + String.join("; ", differences)
            + ": Dunes does not change a vApp it did not make this way; remove or rename it, or fix the request");
      }
      List<Moref> missing = vms.stream().map(VmInfo::moref)
          .filter(m -> current.members().stream().noneMatch(c -> c.moref().equals(m))).toList();
      if (!missing.isEmpty()) {
        VAppHelper.moveIn(vc, vapp, missing);
      }
      VAppHelper.setStartOrder(vc, vapp, vms.stream().map(VmInfo::moref).toList(), startDelaySeconds);
      VAppInfo after = VAppHelper.read(vc, vapp);
      List<String> still = VAppHelper.differences(after, vms, startDelaySeconds);
      if (!still.isEmpty()) {
        throw new VSphereException("cannot " + operation + ": vcenter did not keep the start order: "
            + String.join("; ", still));
      }
      return after;
    });
  }

  @Override
  public Optional<VAppInfo> findVApp(String name) {
    return session.call("find vapp '" + name + "'", vc -> {
      Optional<Moref> found = VAppHelper.find(vc, name);
      return found.isEmpty() ? Optional.<VAppInfo>empty() : Optional.of(VAppHelper.read(vc, found.get()));
    });
  }

  @Override
  public TaskRef startRemoveVm(String name, String buildTag) {
    String operation = "remove vm '" + name + "'";
    return session.call(operation, vc -> {
      Optional<VmInfo> found = VmHelper.find(vc, name);
      if (found.isEmpty()) {
        return TaskRef.done(null, operation);
      }
      VmHelper.checkRemovable(found.get(), buildTag);
      return started(VmHelper.startRemoveStep(vc, found.get()), found.get().moref(), operation);
    });
  }

  @Override
  public TaskRef startRemoveVm(Moref vm, String buildTag) {
    String operation = "remove vm " + vm;
    return session.call(operation, vc -> {
      VmInfo found;
      try {
        found = VmHelper.read(vc, vm);
      } catch (VSphereNotFoundException gone) {
        return TaskRef.done(null, operation);
      }
      VmHelper.checkRemovable(found, buildTag);
      return started(VmHelper.startRemoveStep(vc, found), found.moref(), "remove vm '" + found.name() + "' (" + vm + ")");
    });
  }

  @Override
  public TaskRef startRemoveVApp(Inventory where, String name, String buildTag) {
    String operation = "remove vapp '" + name + "'";
    return session.call(operation, vc -> {
      Optional<Moref> found = VAppHelper.find(vc, name);
      if (found.isEmpty()) {
        return TaskRef.done(null, operation);
      }
      VAppInfo vapp = VAppHelper.read(vc, found.get());
      VAppHelper.checkRemovable(vc, vapp, buildTag);
      if (!vapp.members().isEmpty()) {
        Optional<Task> folderMove = VAppHelper.startMoveOut(vc, where, vapp);
        if (folderMove.isPresent()) {
          return started(folderMove.get(), vapp.moref(), operation);
        }
        vapp = VAppHelper.read(vc, vapp.moref());
      }
      if (!vapp.members().isEmpty()) { // destroying it now would destroy them
        throw new VSphereException("cannot " + operation + ": it still holds "
            + vapp.members().stream().map(m -> "'" + m.vm() + "'").toList() + " after moving them out");
      }
      return started(VAppHelper.startDestroy(vc, vapp.moref()), vapp.moref(), operation);
    });
  }

  @Override
  public void close() {
    session.close();
  }

  private static TaskRef started(Task task, Moref target, String operation) {
    return new TaskRef(Moref.of(task.getMOR()), target, operation);
  }

  private static TaskState.Status status(TaskInfoState state) {
    if (state == null) {
      return TaskState.Status.QUEUED;
    }
    return switch (state) {
      case queued -> TaskState.Status.QUEUED;
      case running -> TaskState.Status.RUNNING;
      case success -> TaskState.Status.SUCCESS;
      case error -> TaskState.Status.ERROR;
    };
  }
}
