package dunes.vsphere;

import com.vmware.vim25.AboutInfo;
import com.vmware.vim25.ClusterConfigInfoEx;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.mo.ServiceInstance;
import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what {@link VCenterSurvey} holds with the PropertyCollector only (and the session's
 * ServiceContent, read at login): no method that changes vCenter's inventory or configuration.
 * The container views it reads through are the session's own and are destroyed after each read.
 */
final class VCenterSurveyor {

  private VCenterSurveyor() {}

  static VCenterSurvey survey(ServiceInstance vcenter, VCenterTarget target) throws RemoteException {
    AboutInfo about = vcenter.getAboutInfo();
    Map<Moref, Map<String, Object>> datacenters =
        PropertyReader.all(vcenter, vcenter.getRootFolder().getMOR(), "Datacenter", "name", "vmFolder");
    Optional<Map.Entry<Moref, Map<String, Object>>> datacenter = named(datacenters, target.datacenter());
    List<VCenterSurvey.Cluster> clusters = new ArrayList<>();
    List<String> pools = new ArrayList<>();
    List<String> datastores = List.of();
    List<String> networks = List.of();
    List<String> folders = List.of();
    if (datacenter.isPresent()) {
      ManagedObjectReference dc = datacenter.get().getKey().toMor();
      Map<Moref, Map<String, Object>> found =
          PropertyReader.all(vcenter, dc, "ClusterComputeResource", "name", "configurationEx", "resourcePool");
      found.values().forEach(c -> clusters.add(new VCenterSurvey.Cluster((String) c.get("name"), drs(c))));
      Optional<Map.Entry<Moref, Map<String, Object>>> cluster = named(found, target.cluster());
      if (cluster.isPresent()) {
        Object root = cluster.get().getValue().get("resourcePool");
        PropertyReader.all(vcenter, cluster.get().getKey().toMor(), "ResourcePool", "name").forEach((pool, values) -> {
          // the cluster's pools include its vApps (a subtype) and its root pool "Resources"
          if ("ResourcePool".equals(pool.type()) && !(root instanceof ManagedObjectReference r && Moref.of(r).equals(pool))) {
            pools.add((String) values.get("name"));
          }
        });
      }
      datastores = names(PropertyReader.all(vcenter, dc, "Datastore", "name"));
      networks = names(PropertyReader.all(vcenter, dc, "Network", "name"));
      folders = folderPaths(vcenter, (ManagedObjectReference) datacenter.get().getValue().get("vmFolder"));
    }
    return new VCenterSurvey(about == null ? null : about.getFullName(), about == null ? null : about.getApiVersion(),
        names(datacenters), clusters, pools, datastores, networks, folders);
  }

  private static boolean drs(Map<String, Object> cluster) {
    return cluster.get("configurationEx") instanceof ClusterConfigInfoEx config && config.getDrsConfig() != null
        && Boolean.TRUE.equals(config.getDrsConfig().getEnabled());
  }

  /** Every folder below the VM folder by its path from there; a VM folder's children are VM folders. */
  private static List<String> folderPaths(ServiceInstance vcenter, ManagedObjectReference vmFolder)
      throws RemoteException {
    if (vmFolder == null) {
      return List.of();
    }
    Map<Moref, Map<String, Object>> folders = PropertyReader.all(vcenter, vmFolder, "Folder", "name", "parent");
    Map<Moref, String> paths = new HashMap<>();
    List<String> result = new ArrayList<>();
    for (Moref folder : folders.keySet()) {
      String path = path(folder, folders, Moref.of(vmFolder), paths);
      if (path != null) {
        result.add(path);
      }
    }
    return result;
  }

  private static String path(Moref folder, Map<Moref, Map<String, Object>> folders, Moref vmFolder,
      Map<Moref, String> paths) {
    if (paths.containsKey(folder)) {
      return paths.get(folder);
    }
    Map<String, Object> values = folders.get(folder);
    if (values == null || !(values.get("parent") instanceof ManagedObjectReference parent)) {
      return null;
    }
    String name = (String) values.get("name");
    String path = Moref.of(parent).equals(vmFolder) ? name : Optional.ofNullable(path(Moref.of(parent), folders,
        vmFolder, paths)).map(p -> p + "/" + name).orElse(null);
    paths.put(folder, path);
    return path;
  }

  private static Optional<Map.Entry<Moref, Map<String, Object>>> named(Map<Moref, Map<String, Object>> objects,
      String name) {
    return objects.entrySet().stream().filter(e -> name != null && name.equals(e.getValue().get("name"))).findFirst();
  }

  private static List<String> names(Map<Moref, Map<String, Object>> objects) {
    return objects.values().stream().map(v -> (String) v.get("name")).filter(n -> n != null).toList();
  }
}
