package dunes.vsphere;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A VM as Dunes reads it back.
 *
 * @param properties vApp properties by environment key ({@code [class.]id[.instance]}, as OVF names them):
 *     the value the guest sees (the OVF default when none is set)
 * @param secretProperties keys of properties of OVF type {@code password}: never shown in text
 * @param buildTag the ticket of the build that created it ({@code dunes.build} in extra config), or null
 * @param guestState what VMware Tools report of the guest: running, notRunning, shuttingDown, ... or unknown
 * @param toolsRunningStatus whether VMware Tools run in the guest ({@code guest.toolsRunningStatus}):
 *     guestToolsRunning, guestToolsNotRunning, guestToolsExecutingScripts (starting), or unknown
 * @param syncTimeWithHost whether VMware Tools set the guest's clock from the host's
 *     ({@code config.tools.syncTimeWithHost}; false when vCenter does not say)
 */
public record VmInfo(
    String name, Moref moref, PowerState powerState, Map<String, String> properties, Set<String> secretProperties,
    String buildTag, int cpus, long memoryMb, String guestState, String toolsRunningStatus, boolean syncTimeWithHost) {

  public enum PowerState { POWERED_ON, POWERED_OFF, SUSPENDED }

  public VmInfo {
    properties = Map.copyOf(properties);
    secretProperties = Set.copyOf(secretProperties);
  }

  /** VMware Tools run in the guest, so vCenter can reach it (a guest shutdown needs that). */
  public boolean toolsRunning() {
    return "guestToolsRunning".equals(toolsRunningStatus);
  }

  /**
   * Refuses this VM ({@link VSphereConflictException}) unless it may stand for one Dunes would make with
   * {@code wanted} properties for build {@code buildTag}: no other build's tag, the same properties.
   */
  public void checkAdoptable(Map<String, String> wanted, String buildTag) {
    VmHelper.checkAdoptable(this, wanted, buildTag);
  }

  /** A property's value for messages: "****" for a password property. */
  public String shown(String key, String value) {
    return secretProperties.contains(key) ? "****" : value;
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach((k, v) -> shown.put(k, shown(k, v)));
    return "VmInfo[name=" + name + ", moref=" + moref + ", powerState=" + powerState + ", properties=" + shown
        + ", buildTag=" + buildTag + ", cpus=" + cpus + ", memoryMb=" + memoryMb + ", guestState=" + guestState
        + ", toolsRunningStatus=" + toolsRunningStatus + ", syncTimeWithHost=" + syncTimeWithHost + "]";
  }
}
