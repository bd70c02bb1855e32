package dunes.support;

import com.vmware.vim25.mo.InventoryNavigator;
import com.vmware.vim25.mo.ManagedEntity;
import com.vmware.vim25.mo.ServiceInstance;
import dunes.lab.vsphere.LabVSphere;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import dunes.vsphere.VSphereConnector;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** What the lab's vCenter holds, read with the simulator's own session (not through Dunes's adapter). */
public final class LabInventory {

  private LabInventory() {}

  /** Every managed entity of a type (VirtualMachine, VirtualApp, ...), by name. */
  public static List<String> names(LabVSphere lab, SecretStore secrets, String type) throws Exception {
    ServiceInstance si = new VSphereConnector(Duration.ofSeconds(5), Duration.ofSeconds(30))
        .connect(lab.sdkUrl(), "administrator@vsphere.local", secrets.resolve(new SecretRef("vcenter-admin")), lab.fingerprint());
    try {
      ManagedEntity[] found = new InventoryNavigator(si.getRootFolder()).searchManagedEntities(type);
      return found == null ? List.of() : Arrays.stream(found).map(ManagedEntity::getName).toList();
    } finally {
      si.getServerConnection().logout();
    }
  }
}
