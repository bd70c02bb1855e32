package dunes.lab.guests;

import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.Event;
import com.vmware.vim25.EventFilterSpec;
import com.vmware.vim25.EventFilterSpecByEntity;
import com.vmware.vim25.EventFilterSpecRecursionOption;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.TraversalSpec;
import com.vmware.vim25.VAppPropertyInfo;
import com.vmware.vim25.VirtualMachinePowerState;
import com.vmware.vim25.VmClonedEvent;
import com.vmware.vim25.VmConfigInfo;
import com.vmware.vim25.mo.ContainerView;
import com.vmware.vim25.mo.ServiceInstance;
import dunes.secrets.Secret;
import dunes.vsphere.VSphereConnector;
import java.net.URL;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lab's view of the simulator through yavijava, as Dunes's own client sees a vCenter: every
 * VM's name, power state and vApp properties in one PropertyCollector call, and the clone events.
 */
final class SimulatorWatch implements AutoCloseable {

  private static final String[] PATHS = {"name", "runtime.powerState", "config.vAppConfig"};

  private final ServiceInstance vcenter;
  private final PropertyFilterSpec allVms;

  private SimulatorWatch(ServiceInstance vcenter, PropertyFilterSpec allVms) {
    this.vcenter = vcenter;
    this.allVms = allVms;
  }

  /** Logs in (TLS pinned to the simulator's fingerprint) and opens a view on every VM. */
  static SimulatorWatch open(URL sdkUrl, String username, Secret password, String fingerprint) throws RemoteException {
    ServiceInstance vcenter = new VSphereConnector(Duration.ofSeconds(5), Duration.ofSeconds(30))
        .connect(sdkUrl, username, password, fingerprint);
    ContainerView view = vcenter.getViewManager()
        .createContainerView(vcenter.getRootFolder(), new String[] {"VirtualMachine"}, true);
    TraversalSpec throughView = new TraversalSpec();
    throughView.setName("view");
    throughView.setType("ContainerView");
    throughView.setPath("view");
    throughView.setSkip(false);
    ObjectSpec fromView = new ObjectSpec();
    fromView.setObj(view.getMOR());
    fromView.setSkip(true);
    fromView.setSelectSet(new TraversalSpec[] {throughView});
    PropertySpec vmProperties = new PropertySpec();
    vmProperties.setType("VirtualMachine");
    vmProperties.setPathSet(PATHS);
    PropertyFilterSpec spec = new PropertyFilterSpec();
    spec.setObjectSet(new ObjectSpec[] {fromView});
    spec.setPropSet(new PropertySpec[] {vmProperties});
    return new SimulatorWatch(vcenter, spec);
  }

  /** Every VM the simulator holds now. */
  List<VmState> read() throws RemoteException {
    ObjectContent[] contents = vcenter.getPropertyCollector().retrieveProperties(new PropertyFilterSpec[] {allVms});
    List<VmState> vms = new ArrayList<>();
    for (ObjectContent content : contents == null ? new ObjectContent[0] : contents) {
      String name = null;
      boolean poweredOn = false;
      Map<String, String> properties = new HashMap<>();
      for (DynamicProperty property : content.getPropSet() == null ? new DynamicProperty[0] : content.getPropSet()) {
        switch (property.getName()) {
          case "name" -> name = (String) property.getVal();
          case "runtime.powerState" -> poweredOn = property.getVal() == VirtualMachinePowerState.poweredOn;
          case "config.vAppConfig" -> properties = vAppProperties(property.getVal());
          default -> { }
        }
      }
      if (name != null) { // a VM being destroyed may come without its properties
        vms.add(new VmState(content.getObj().getVal(), name, poweredOn, properties));
      }
    }
    return vms;
  }

  /** The moref of the VM this one was cloned from, as its VmClonedEvent tells; empty when not a clone. */
  Optional<String> clonedFrom(String moref) throws RemoteException {
    ManagedObjectReference vm = new ManagedObjectReference();
    vm.setType("VirtualMachine");
    vm.setVal(moref);
    EventFilterSpecByEntity byVm = new EventFilterSpecByEntity();
    byVm.setEntity(vm);
    byVm.setRecursion(EventFilterSpecRecursionOption.self);
    EventFilterSpec filter = new EventFilterSpec();
    filter.setEntity(byVm);
    filter.setType(new String[] {"VmClonedEvent"});
    Event[] events = vcenter.getEventManager().queryEvents(filter);
    for (Event event : events == null ? new Event[0] : events) {
      if (event instanceof VmClonedEvent cloned && cloned.getSourceVm() != null
          && moref.equals(cloned.getVm().getVm().getVal())) {
        return Optional.of(cloned.getSourceVm().getVm().getVal());
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> vAppProperties(Object vAppConfig) {
    Map<String, String> values = new HashMap<>();
    if (vAppConfig instanceof VmConfigInfo config && config.getProperty() != null) {
      for (VAppPropertyInfo p : config.getProperty()) {
        String value = p.getValue() == null || p.getValue().isEmpty() ? p.getDefaultValue() : p.getValue();
        values.put(environmentKey(p), value == null ? "" : value);
      }
    }
    return values;
  }

  /** OVF 1.1 section 9.5.1: {@code [class.]key[.instance]}. */
  private static String environmentKey(VAppPropertyInfo p) {
    String key = p.getId();
    if (p.getClassId() != null && !p.getClassId().isEmpty()) {
      key = p.getClassId() + "." + key;
    }
    if (p.getInstanceId() != null && !p.getInstanceId().isEmpty()) {
      key = key + "." + p.getInstanceId();
    }
    return key;
  }

  @Override
  public void close() {
    try {
      vcenter.getServerConnection().logout();
    } catch (RuntimeException e) {
      // the simulator may be gone already; the session goes with it
    }
  }
}
