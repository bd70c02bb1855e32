package dunes.vsphere;

import dunes.build.BuildSpec;

/**
 * Where in a vCenter a build places its VMs, by the names the request gives.
 *
 * @param resourcePool a pool below the cluster's root pool; null or blank means the root pool
 * @param folder a folder below the datacenter's VM folder; null or blank means the VM folder itself
 */
public record VCenterTarget(
    String datacenter, String cluster, String resourcePool, String datastore, String network, String folder) {

  public static VCenterTarget of(BuildSpec.VCenter vcenter) {
    return new VCenterTarget(vcenter.datacenter(), vcenter.cluster(), vcenter.resourcePool(), vcenter.datastore(),
        vcenter.network(), vcenter.folder());
  }

  /** The folder as a path below the VM folder, as a survey lists it: "a/b" for "/a//b/"; empty for none. */
  public String folderPath() {
    return folder == null ? "" : folder.replaceAll("^/+|/+$", "").replaceAll("/+", "/");
  }
}
