package dunes.vsphere;

import com.vmware.vim25.ManagedObjectReference;

/**
 * A managed object reference as a plain value ("VirtualMachine:vm-42"), so a process variable can
 * hold it across jobs and engine nodes; valid across sessions of the same vCenter.
 */
public record Moref(String type, String value) {

  public static Moref of(ManagedObjectReference mor) {
    return new Moref(mor.getType(), mor.getVal());
  }

  public static Moref parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not a managed object reference (Type:value): '" + text + "'");
    }
    return new Moref(text.substring(0, colon), text.substring(colon + 1));
  }

  public ManagedObjectReference toMor() {
    ManagedObjectReference mor = new ManagedObjectReference();
    mor.setType(type);
    mor.setVal(value);
    return mor;
  }

  @Override
  public String toString() {
    return type + ":" + value;
  }
}
