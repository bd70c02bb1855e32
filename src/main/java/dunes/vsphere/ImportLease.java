package dunes.vsphere;

import java.util.List;

/**
 * An OVF import vCenter accepted (ImportVApp returned its HttpNfcLease) whose disks are still to be
 * sent: what {@link VSpherePort#finishOvfImport} needs. The lease's moref is what a marker records;
 * the disk list lives only in the JVM that began the import, which is why an import whose uploader
 * died is removed and made again, never continued elsewhere.
 */
public final class ImportLease {

  private final Moref lease;
  private final List<LeaseUploader.Upload> files;
  private final String vmName;
  private final String buildTag;
  private final String what;

  ImportLease(Moref lease, List<LeaseUploader.Upload> files, String vmName, String buildTag, String what) {
    this.what = what;
    this.lease = lease;
    this.files = List.copyOf(files);
    this.vmName = vmName;
    this.buildTag = buildTag;
  }

  public Moref lease() {
    return lease;
  }

  public String vmName() {
    return vmName;
  }

  List<LeaseUploader.Upload> files() {
    return files;
  }

  /** "ovf '...' as vm '...'", for messages. */
  String what() {
    return what;
  }

  String buildTag() {
    return buildTag;
  }

  @Override
  public String toString() {
    return "import lease " + lease + " of vm '" + vmName + "'";
  }
}
