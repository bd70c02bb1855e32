package dunes.vsphere;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The space an OVF's disks take on a datastore once deployed, from its DiskSection (DMTF DSP0243
 * OVF 1.1, 9.1): each {@code Disk}'s {@code ovf:capacity} in {@code ovf:capacityAllocationUnits},
 * a programmatic unit such as {@code byte * 2^30} (DSP0004 Annex C.1), bytes when absent. The
 * capacity is what a thick-provisioned disk allocates (vCenter's import default), and the most a
 * thin one grows to.
 */
public final class OvfDisks {

  private static final Pattern UNIT = Pattern.compile("byte(?:\\s*\\*\\s*(\\d+)\\s*\\^\\s*(\\d+))?");

  private OvfDisks() {}

  /**
   * The sum of every disk's capacity, in bytes.
   *
   * @throws OvfSourceException when the descriptor cannot be read or states a capacity Dunes cannot
   *     compute (a property reference such as {@code ${disk.size}}, an unknown unit)
   */
  public static long capacityBytes(Path descriptor) {
    Element root = OvfDescriptor.root(descriptor);
    BigInteger total = BigInteger.ZERO;
    NodeList disks = root.getElementsByTagNameNS(OvfDescriptor.OVF_NS, "Disk");
    for (int i = 0; i < disks.getLength(); i++) {
      Element disk = (Element) disks.item(i);
      total = total.add(capacity(disk.getAttributeNS(OvfDescriptor.OVF_NS, "diskId"),
          disk.getAttributeNS(OvfDescriptor.OVF_NS, "capacity"),
          disk.getAttributeNS(OvfDescriptor.OVF_NS, "capacityAllocationUnits")));
    }
    return total.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
  }

  static BigInteger capacity(String diskId, String capacity, String units) {
    Matcher unit = UNIT.matcher(units.strip());
    if (!capacity.strip().matches("\\d+") || !units.isBlank() && !unit.matches()) {
      throw new OvfSourceException("the OVF's disk '" + diskId + "' states ovf:capacity '" + capacity + "' in '"
          + units + "': Dunes reads a whole number of byte, byte * 2^n or byte * 10^n");
    }
    BigInteger bytes = new BigInteger(capacity.strip());
    if (!units.isBlank() && unit.group(1) != null) {
      bytes = bytes.multiply(new BigInteger(unit.group(1)).pow(Integer.parseInt(unit.group(2))));
    }
    return bytes;
  }
}
