package dunes.vsphere;

import java.nio.file.Path;
import java.util.Map;

/**
 * One OVF deployment.
 *
 * @param ovf the descriptor; its disks are read from beside it
 * @param properties OVF properties by environment key, e.g. {@code vami.ip0.vCO_Appliance}
 * @param buildTag the build's ticket, written into the VM so compensation knows what it created
 */
public record OvfImport(String vmName, Path ovf, Map<String, String> properties, String buildTag) {

  public OvfImport {
    properties = Map.copyOf(properties);
  }

  /** Keys only: an OVF may have password properties, and this record may reach a log line. */
  @Override
  public String toString() {
    return "OvfImport[vmName=" + vmName + ", ovf=" + ovf + ", properties=" + new java.util.TreeSet<>(properties.keySet())
        + ", buildTag=" + buildTag + "]";
  }
}
