package dunes.lab.guests;

import com.vmware.vim25.Event;
import com.vmware.vim25.EventFilterSpec;
import com.vmware.vim25.EventFilterSpecByEntity;
import com.vmware.vim25.EventFilterSpecRecursionOption;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.VAppPropertyInfo;
import com.vmware.vim25.VirtualMachinePowerState;
import com.vmware.vim25.VmClonedEvent;
import com.vmware.vim25.VmConfigInfo;
import com.vmware.vim25.mo.ServiceInstance;
import dunes.secrets.Secret;
import dunes.vsphere.OvfProperties;
import dunes.vsphere.PropertyReader;
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

  private SimulatorWatch(ServiceInstance vcenter) {
    this.vcenter = vcenter;
  }

  /** Logs in, TLS pinned to the simulator's fingerprint. */
  static SimulatorWatch open(URL sdkUrl, String username, Secret password, String fingerprint) throws RemoteException {
    ServiceInstance vcenter = new VSphereConnector(Duration.ofSeconds(5), Duration.ofSeconds(30))
        .connect(sdkUrl, username, password, fingerprint);
    return new SimulatorWatch(vcenter);
  }

  /** Every VM the simulator holds now, read in one PropertyCollector call through a container view. */
  List<VmState> read() throws RemoteException {
    List<VmState> vms = new ArrayList<>();
    PropertyReader.all(vcenter, vcenter.getRootFolder().getMOR(), "VirtualMachine", PATHS).forEach((vm, values) -> {
      String name = (String) values.get("name");
      if (name != null) { // a VM being destroyed may come without its properties
        vms.add(new VmState(vm.value(), name, values.get("runtime.powerState") == VirtualMachinePowerState.poweredOn,
            vAppProperties(values.get("config.vAppConfig"))));
      }
    });
    return vms;
  }

  /** The names of the simulator's vApps now, by moref. */
  Map<String, String> vApps() throws RemoteException {
    Map<String, String> names = new HashMap<>();
    PropertyReader.all(vcenter, vcenter.getRootFolder().getMOR(), "VirtualApp", "name").forEach((vapp, values) -> {
      if (values.get("name") != null) {
        names.put(vapp.value(), (String) values.get("name"));
      }
    });
    return names;
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
        values.put(OvfProperties.environmentKey(p), OvfProperties.effectiveValue(p));
      }
    }
    return values;
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
