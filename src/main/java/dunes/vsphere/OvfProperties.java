package dunes.vsphere;

import com.vmware.vim25.VAppPropertyInfo;

/** How OVF and the guest name and see a vApp property. */
public final class OvfProperties {

  private OvfProperties() {}

  /** OVF 1.1 section 9.5.1: {@code [class.]id[.instance]}, the key the guest's environment carries. */
  public static String environmentKey(VAppPropertyInfo p) {
    String key = p.getClassId() == null || p.getClassId().isEmpty() ? p.getId() : p.getClassId() + "." + p.getId();
    return p.getInstanceId() == null || p.getInstanceId().isEmpty() ? key : key + "." + p.getInstanceId();
  }

  /** What the guest sees: the value, or the OVF default when no value is set (vSphere sends it empty). */
  public static String effectiveValue(VAppPropertyInfo p) {
    if (p.getValue() != null && !p.getValue().isEmpty()) {
      return p.getValue();
    }
    return p.getDefaultValue() == null ? "" : p.getDefaultValue();
  }
}
