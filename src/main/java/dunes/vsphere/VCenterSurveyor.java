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
    Map<String, Long> freeSpace = new HashMap<>();
    List<String> networks = List.of();
    List<String> folders = List.of();
    List<String> inFolder = List.of();
    List<String> inPool = new ArrayList<>();
    if (datacenter.isPresent()) {
      ManagedObjectReference dc = datacenter.get().getKey().toMor();
      Map<Moref, Map<String, Object>> found =
          PropertyReader.all(vcenter, dc, "ClusterComputeResource", "name", "configurationEx", "resourcePool");
      found.values().forEach(c -> clusters.add(new VCenterSurvey.Cluster((String) c.get("name"), drs(c))));
      Optional<Map.Entry<Moref, Map<String, Object>>> cluster = named(found, target.cluster());
      if (cluster.isPresent()) {
        Object root = cluster.get().getValue().get("resourcePool");
        Map<Moref, Map<String, Object>> all =
            PropertyReader.all(vcenter, cluster.get().getKey().toMor(), "ResourcePool", "name", "parent");
        all.forEach((pool, values) -> {
          // the cluster's pools include its vApps (a subtype) and its root pool "Resources"
          if ("ResourcePool".equals(pool.type()) && !(root instanceof ManagedObjectReference r && Moref.of(r).equals(pool))) {
            pools.add((String) values.get("name"));
          }
        });
        Optional<Moref> targetPool = blank(target.resourcePool())
            ? Optional.ofNullable(root instanceof ManagedObjectReference r ? Moref.of(r) : null)
            : named(all, target.resourcePool()).map(Map.Entry::getKey);
        targetPool.ifPresent(pool -> all.values().stream().filter(v -> parentIs(v, "parent", pool))
            .forEach(v -> inPool.add((String) v.get("name"))));
      }
      Map<Moref, Map<String, Object>> stores = PropertyReader.all(vcenter, dc, "Datastore", "name", "summary.freeSpace");
      datastores = names(stores);
      stores.values().stream().filter(v -> v.get("summary.freeSpace") instanceof Long)
          .forEach(v -> freeSpace.put((String) v.get("name"), (Long) v.get("summary.freeSpace")));
      networks = names(PropertyReader.all(vcenter, dc, "Network", "name"));
      ManagedObjectReference vmFolder = (ManagedObjectReference) datacenter.get().getValue().get("vmFolder");
      Map<Moref, String> paths = folderPaths(vcenter, vmFolder);
      folders = List.copyOf(paths.values());
      Optional<Moref> folder = blank(target.folder()) ? Optional.ofNullable(vmFolder).map(Moref::of)
          : paths.entrySet().stream().filter(e -> e.getValue().equals(target.folderPath()))
              .map(Map.Entry::getKey).findFirst();
      if (folder.isPresent()) {
        inFolder = namesIn(vcenter, folder.get());
      }
    }
    return new VCenterSurvey(about == null ? null : about.getFullName(), about == null ? null : about.getApiVersion(),
        names(datacenters), clusters, pools, datastores, networks, folders, freeSpace, inFolder, inPool);
  }

  /** The VMs and vApps directly in {@code folder}: a VM's folder is its {@code parent}, a vApp's its {@code parentFolder}. */
  private static List<String> namesIn(ServiceInstance vcenter, Moref folder) throws RemoteException {
    List<String> names = new ArrayList<>();
    PropertyReader.all(vcenter, folder.toMor(), "VirtualMachine", "name", "parent").values().stream()
        .filter(v -> parentIs(v, "parent", folder)).forEach(v -> names.add((String) v.get("name")));
    PropertyReader.all(vcenter, folder.toMor(), "VirtualApp", "name", "parentFolder").values().stream()
        .filter(v -> parentIs(v, "parentFolder", folder)).forEach(v -> names.add((String) v.get("name")));
    return names;
  }

  private static boolean parentIs(Map<String, Object> values, String property, Moref parent) {
    return values.get(property) instanceof ManagedObjectReference p && Moref.of(p).equals(parent);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static boolean drs(Map<String, Object> cluster) {
    return cluster.get("configurationEx") instanceof ClusterConfigInfoEx config && config.getDrsConfig() != null
        && Boolean.TRUE.equals(config.getDrsConfig().getEnabled());
  }

  /** Every folder below the VM folder by its path from there; a VM folder's children are VM folders. */
  private static Map<Moref, String> folderPaths(ServiceInstance vcenter, ManagedObjectReference vmFolder)
      throws RemoteException {
    if (vmFolder == null) {
      return Map.of();
    }
    Map<Moref, Map<String, Object>> folders = PropertyReader.all(vcenter, vmFolder, "Folder", "name", "parent");
    Map<Moref, String> paths = new HashMap<>();
    Map<Moref, String> result = new java.util.LinkedHashMap<>();
    for (Moref folder : folders.keySet()) {
      String path = path(folder, folders, Moref.of(vmFolder), paths);
      if (path != null) {
        result.put(folder, path);
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
