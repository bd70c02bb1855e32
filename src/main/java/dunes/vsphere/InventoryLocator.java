package dunes.vsphere;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.mo.ServiceInstance;
import java.rmi.RemoteException;
import java.util.List;
import java.util.Map;

/** Resolves a request's datacenter, cluster, pool, datastore, network and folder names to morefs. */
final class InventoryLocator {

  private InventoryLocator() {}

  static Inventory locate(ServiceInstance vcenter, VCenterTarget target) throws RemoteException {
    ManagedObjectReference root = vcenter.getRootFolder().getMOR();
    Map.Entry<Moref, Map<String, Object>> datacenter = one(
        PropertyReader.all(vcenter, root, "Datacenter", "name", "vmFolder"),
        target.datacenter(), "datacenter", " in vcenter", null);
    String inDatacenter = " in datacenter '" + target.datacenter() + "'";
    ManagedObjectReference dc = datacenter.getKey().toMor();

    Map.Entry<Moref, Map<String, Object>> cluster = one(
        PropertyReader.all(vcenter, dc, "ClusterComputeResource", "name", "resourcePool"),
        target.cluster(), "cluster", inDatacenter, null);
    Moref rootPool = Moref.of((ManagedObjectReference) cluster.getValue().get("resourcePool"));
    Moref pool = blank(target.resourcePool()) ? rootPool
        : one(PropertyReader.all(vcenter, cluster.getKey().toMor(), "ResourcePool", "name"),
            target.resourcePool(), "resource pool", " in cluster '" + target.cluster() + "'", "ResourcePool").getKey();

    Moref datastore = one(PropertyReader.all(vcenter, dc, "Datastore", "name"),
        target.datastore(), "datastore", inDatacenter, null).getKey();
    Moref network = one(PropertyReader.all(vcenter, dc, "Network", "name"),
        target.network(), "network", inDatacenter, null).getKey();
    Moref vmFolder = Moref.of((ManagedObjectReference) datacenter.getValue().get("vmFolder"));
    Moref folder = folder(vcenter, vmFolder, target, inDatacenter);
    return new Inventory(datacenter.getKey(), cluster.getKey(), pool, datastore, network, target.network(), folder);
  }

  /** A folder path below the datacenter's VM folder, "vCO" or "a/b"; each level must exist. */
  private static Moref folder(ServiceInstance vcenter, Moref vmFolder, VCenterTarget target, String inDatacenter)
      throws RemoteException {
    if (blank(target.folder())) {
      return vmFolder;
    }
    Map<Moref, Map<String, Object>> folders = PropertyReader.all(vcenter, vmFolder.toMor(), "Folder", "name", "parent");
    Moref current = vmFolder;
    for (String segment : List.of(target.folder().replaceAll("^/+|/+$", "").split("/+"))) {
      Moref parent = current;
      current = folders.entrySet().stream()
          .filter(f -> segment.equals(f.getValue().get("name"))
              && parent.equals(Moref.of((ManagedObjectReference) f.getValue().get("parent"))))
          .map(Map.Entry::getKey).findFirst()
          .orElseThrow(() -> new VSphereNotFoundException("vm folder '" + target.folder() + "' not found" + inDatacenter));
    }
    return current;
  }

  /**
   * The one object named {@code name}; "not found" names what and where, several is refused.
   *
   * @param where " in datacenter 'X'", appended to messages
   * @param exactType skips subtypes (a cluster's pools include its vApps)
   */
  private static Map.Entry<Moref, Map<String, Object>> one(Map<Moref, Map<String, Object>> candidates, String name,
      String kind, String where, String exactType) {
    if (blank(name)) {
      throw new VSphereNotFoundException(kind + " not named in the request");
    }
    List<Map.Entry<Moref, Map<String, Object>>> named = candidates.entrySet().stream()
        .filter(e -> name.equals(e.getValue().get("name")))
        .filter(e -> exactType == null || exactType.equals(e.getKey().type()))
        .toList();
    if (named.isEmpty()) {
      throw new VSphereNotFoundException(kind + " '" + name + "' not found" + where);
    }
    if (named.size() > 1) {
      throw new VSphereConflictException("several objects named " + kind + " '" + name + "'" + where
          + ": rename them so the request names one");
    }
    return named.get(0);
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
