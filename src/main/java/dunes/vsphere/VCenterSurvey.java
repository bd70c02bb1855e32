package dunes.vsphere;

import java.util.List;

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
 */
public record VCenterSurvey(String fullName, String apiVersion, List<String> datacenters, List<Cluster> clusters,
    List<String> resourcePools, List<String> datastores, List<String> networks, List<String> folders) {

  /** @param drsEnabled {@code configurationEx.drsConfig.enabled} */
  public record Cluster(String name, boolean drsEnabled) {}

  public VCenterSurvey {
    datacenters = List.copyOf(datacenters);
    clusters = List.copyOf(clusters);
    resourcePools = List.copyOf(resourcePools);
    datastores = List.copyOf(datastores);
    networks = List.copyOf(networks);
    folders = List.copyOf(folders);
  }
}
