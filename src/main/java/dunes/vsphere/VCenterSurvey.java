package dunes.vsphere;

import java.util.List;
import java.util.Map;

/**
 * What a vCenter is and holds, as far as a build's request names it, read without changing
 * anything ({@link VSpherePort#survey}). Names are as vCenter has them, one entry per object (a
 * name twice is two objects); lists are empty below a level that does not exist (no such
 * datacenter: no clusters, datastores, ...).
 *
 * @param fullName {@code ServiceContent.about.fullName}, e.g. "VMware vCenter Server 5.5.0 build-1312298"
 * @param apiVersion {@code ServiceContent.about.apiVersion}, e.g. "5.5"
 * @param datacenters every datacenter's name
 * @param clusters the request's datacenter's clusters
 * @param resourcePools the request's cluster's resource pools below its root pool (vApps excluded)
 * @param datastores the request's datacenter's datastores
 * @param networks the request's datacenter's networks (standard and distributed port groups)
 * @param folders the VM folders below the datacenter's VM folder, as paths "a" and "a/b"
 * @param datastoreFreeSpace the request's datacenter's datastores' {@code summary.freeSpace} in bytes, by
 *     name ("periodically updated" by vCenter, so as recent as vCenter's last refresh)
 * @param namesInFolder the names of the virtual machines and vApps directly in the request's VM
 *     folder (the datacenter's VM folder when the request names none), where the build's VMs and vApp go
 * @param namesInPool the names of the resource pools and vApps directly in the request's resource
 *     pool (the cluster's root pool when the request names none), where the build's vApp goes
 */
public record VCenterSurvey(String fullName, String apiVersion, List<String> datacenters, List<Cluster> clusters,
    List<String> resourcePools, List<String> datastores, List<String> networks, List<String> folders,
    Map<String, Long> datastoreFreeSpace, List<String> namesInFolder, List<String> namesInPool) {

  /** @param drsEnabled {@code configurationEx.drsConfig.enabled} */
  public record Cluster(String name, boolean drsEnabled) {}

  public VCenterSurvey {
    datacenters = List.copyOf(datacenters);
    clusters = List.copyOf(clusters);
    resourcePools = List.copyOf(resourcePools);
    datastores = List.copyOf(datastores);
    networks = List.copyOf(networks);
    folders = List.copyOf(folders);
    datastoreFreeSpace = Map.copyOf(datastoreFreeSpace);
    namesInFolder = List.copyOf(namesInFolder);
    namesInPool = List.copyOf(namesInPool);
  }
}
