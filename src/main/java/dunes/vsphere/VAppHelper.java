package dunes.vsphere;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ResourceAllocationInfo;
import com.vmware.vim25.ResourceConfigSpec;
import com.vmware.vim25.SharesInfo;
import com.vmware.vim25.SharesLevel;
import com.vmware.vim25.VAppConfigInfo;
import com.vmware.vim25.VAppConfigSpec;
import com.vmware.vim25.VAppEntityConfigInfo;
import com.vmware.vim25.mo.Folder;
import com.vmware.vim25.mo.ManagedEntity;
import com.vmware.vim25.mo.ResourcePool;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.mo.Task;
import com.vmware.vim25.mo.VirtualApp;
import com.vmware.vim25.mo.VirtualMachine;
import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * vApps: find, read back, create, move VMs in and out, set start order, destroy. Start order 1..N in the given
 * order, the request's start delay, power on to start and guest shutdown to stop.
 */
public final class VAppHelper {

  public static final String START_ACTION = "powerOn";
  public static final String STOP_ACTION = "guestShutdown";
  /**
   * Not waiting for the guest: with {@code waitingForGuest} true vCenter starts the next VM at the first VMware
   * Tools heartbeat and ignores {@code startDelay} (vim.vApp.EntityConfigInfo), so the next node would start
   * while the first still initialises the database, which the field guide's stagger exists to prevent.
   */
  public static final boolean WAITING_FOR_GUEST = false;

  private VAppHelper() {}

  static Optional<Moref> find(ServiceInstance vcenter, String name) throws RemoteException {
    List<Moref> named = PropertyReader.all(vcenter, vcenter.getRootFolder().getMOR(), "VirtualApp", "name")
        .entrySet().stream().filter(e -> name.equals(e.getValue().get("name"))).map(Map.Entry::getKey).toList();
    if (named.size() > 1) {
      throw new VSphereConflictException("several vapps named '" + name + "': Dunes needs vApp names unique in the vcenter");
    }
    return named.stream().findFirst();
  }

  static VAppInfo read(ServiceInstance vcenter, Moref vapp) throws RemoteException {
    Map<String, Object> values = PropertyReader.read(vcenter, vapp.toMor(), "name", "vAppConfig", "vm");
    if (values.isEmpty()) {
      throw new VSphereNotFoundException("vapp " + vapp + " not found");
    }
    VAppConfigInfo config = (VAppConfigInfo) values.get("vAppConfig");
    Map<Moref, VAppEntityConfigInfo> entities = new HashMap<>();
    for (VAppEntityConfigInfo entity : config == null ? new VAppEntityConfigInfo[0]
        : Values.array(config.getEntityConfig(), VAppEntityConfigInfo.class)) {
      if (entity.getKey() != null) {
        entities.put(Moref.of(entity.getKey()), entity);
      }
    }
    List<VAppInfo.Member> members = new ArrayList<>();
    for (ManagedObjectReference vm : Values.array(values.get("vm"), ManagedObjectReference.class)) {
      Moref moref = Moref.of(vm);
      String name = (String) PropertyReader.read(vcenter, vm, "name").get("name");
      VAppEntityConfigInfo e = entities.get(moref);
      members.add(e == null ? new VAppInfo.Member(name, moref, null, null, null, null, null)
          : new VAppInfo.Member(name, moref, e.getStartOrder(), e.getStartDelay(), e.getWaitingForGuest(),
              e.getStartAction(), e.getStopAction()));
    }
    members.sort(Comparator.comparing(VAppInfo.Member::startOrder, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(VAppInfo.Member::vm, Comparator.nullsLast(Comparator.naturalOrder())));
    return new VAppInfo((String) values.get("name"), vapp, members,
        BuildTag.fromAnnotation(config == null ? null : config.getAnnotation()));
  }

  static Moref create(ServiceInstance vcenter, Inventory where, String name, String buildTag) throws RemoteException {
    VAppConfigSpec config = new VAppConfigSpec();
    if (buildTag != null) {
      config.setAnnotation(BuildTag.annotation(buildTag));
    }
    VirtualApp vapp = new ResourcePool(vcenter.getServerConnection(), where.resourcePool().toMor())
        .createVApp(name, resources(), config, new Folder(vcenter.getServerConnection(), where.folder().toMor()));
    return Moref.of(vapp.getMOR());
  }

  static void moveIn(ServiceInstance vcenter, Moref vapp, List<Moref> vms) throws RemoteException {
    new VirtualApp(vcenter.getServerConnection(), vapp.toMor()).moveIntoResourcePool(entities(vcenter, vms));
  }

  private static ManagedEntity[] entities(ServiceInstance vcenter, List<Moref> vms) {
    return vms.stream().map(vm -> new VirtualMachine(vcenter.getServerConnection(), vm.toMor()))
        .toArray(ManagedEntity[]::new);
  }

  static void setStartOrder(ServiceInstance vcenter, Moref vapp, List<Moref> members, int startDelaySeconds)
      throws RemoteException {
    List<VAppEntityConfigInfo> entities = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      VAppEntityConfigInfo entity = new VAppEntityConfigInfo();
      entity.setKey(members.get(i).toMor());
      entity.setStartOrder(i + 1);
      entity.setStartDelay(startDelaySeconds);
      entity.setWaitingForGuest(WAITING_FOR_GUEST);
      entity.setStartAction(START_ACTION);
      entity.setStopAction(STOP_ACTION);
      entities.add(entity);
    }
    VAppConfigSpec spec = new VAppConfigSpec();
    spec.setEntityConfig(entities.toArray(VAppEntityConfigInfo[]::new));
    new VirtualApp(vcenter.getServerConnection(), vapp.toMor()).updateVAppConfig(spec);
  }

  /**
   * Refuses a vApp that does not carry this build's tag, or that holds pools or vApps (Dunes makes
   * none): destroying it would destroy what is inside.
   */
  static void checkRemovable(ServiceInstance vcenter, VAppInfo vapp, String buildTag) throws RemoteException {
    if (buildTag == null || !buildTag.equals(vapp.buildTag())) {
      throw new VSphereConflictException("vapp '" + vapp.name() + "' "
          + (vapp.buildTag() == null ? "has no build tag" : "carries build tag '" + vapp.buildTag() + "'")
          + ": not made by this build; Dunes removes only what it made");
    }
    // a view, not the vApp's resourcePool property: vcsim answers that one with its Go struct
    if (!PropertyReader.all(vcenter, vapp.moref().toMor(), "ResourcePool", "name").isEmpty()) {
      throw new VSphereConflictException("vapp '" + vapp.name() + "' holds resource pools or vapps, which Dunes"
          + " never makes: destroying it would destroy them; move them out first");
    }
  }

  /**
   * Moves the vApp's VMs into the inventory's pool, at once, and starts moving those whose folder
   * is another into the inventory's folder (a VM leaving a vApp on vCenter has none); power state
   * untouched. Empty when no folder move is needed.
   */
  static Optional<Task> startMoveOut(ServiceInstance vcenter, Inventory where, VAppInfo vapp) throws RemoteException {
    List<Moref> vms = vapp.members().stream().map(VAppInfo.Member::moref).toList();
    new ResourcePool(vcenter.getServerConnection(), where.resourcePool().toMor())
        .moveIntoResourcePool(entities(vcenter, vms));
    List<Moref> elsewhere = new ArrayList<>();
    for (Moref vm : vms) {
      Object parent = PropertyReader.read(vcenter, vm.toMor(), "parent").get("parent");
      if (!(parent instanceof ManagedObjectReference mor && Moref.of(mor).equals(where.folder()))) {
        elsewhere.add(vm);
      }
    }
    if (elsewhere.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Folder(vcenter.getServerConnection(), where.folder().toMor())
        .moveIntoFolder_Task(entities(vcenter, elsewhere)));
  }

  static Task startDestroy(ServiceInstance vcenter, Moref vapp) throws RemoteException {
    return new VirtualApp(vcenter.getServerConnection(), vapp.toMor()).destroy_Task();
  }

  /** What differs from the wanted start settings, one phrase per member; empty when it is all so. */
  static List<String> differences(VAppInfo current, List<VmInfo> members, int startDelaySeconds) {
    List<String> differences = new ArrayList<>();
    for (VAppInfo.Member m : current.members()) {
      if (members.stream().noneMatch(vm -> vm.moref().equals(m.moref()))) {
        differences.add("holds vm '" + m.vm() + "' that the request does not name");
      }
    }
    for (int i = 0; i < members.size(); i++) {
      VmInfo vm = members.get(i);
      int order = i + 1;
      Optional<VAppInfo.Member> in = current.members().stream().filter(m -> m.moref().equals(vm.moref())).findFirst();
      if (in.isEmpty()) {
        differences.add("does not hold vm '" + vm.name() + "'");
      } else if (!Objects.equals(in.get().startOrder(), order) || !Objects.equals(in.get().startDelay(), startDelaySeconds)
          || !Objects.equals(in.get().waitingForGuest(), WAITING_FOR_GUEST) || !START_ACTION.equals(in.get().startAction())
          || !STOP_ACTION.equals(in.get().stopAction())) {
        VAppInfo.Member m = in.get();
        differences.add("starts vm '" + vm.name() + "' as order " + m.startOrder() + ", delay " + m.startDelay()
            + " s, waiting for guest " + m.waitingForGuest() + ", " + m.startAction() + "/" + m.stopAction()
            + " (request: order " + order + ", delay " + startDelaySeconds + " s, waiting for guest " + WAITING_FOR_GUEST + ", "
            + START_ACTION + "/" + STOP_ACTION + ")");
      }
    }
    return differences;
  }

  private static ResourceConfigSpec resources() {
    ResourceConfigSpec spec = new ResourceConfigSpec();
    spec.setCpuAllocation(expandable());
    spec.setMemoryAllocation(expandable());
    return spec;
  }

  /** No reservation or limit: the vApp only orders start and stop, it does not ration resources. */
  private static ResourceAllocationInfo expandable() {
    ResourceAllocationInfo allocation = new ResourceAllocationInfo();
    allocation.setReservation(0L);
    allocation.setExpandableReservation(true);
    allocation.setLimit(-1L);
    SharesInfo shares = new SharesInfo();
    shares.setLevel(SharesLevel.normal);
    shares.setShares(0);
    allocation.setShares(shares);
    return allocation;
  }
}
