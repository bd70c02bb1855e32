package dunes.vsphere.probe;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** A byte count as a person reads it: "3.0 MiB (3145728 bytes)". */
final class Bytes {

  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Bytes() {}

  static String text(long bytes) {
    return text(BigInteger.valueOf(bytes));
  }

  static String text(BigInteger bytes) {
    BigDecimal value = new BigDecimal(bytes);
    BigDecimal kibi = BigDecimal.valueOf(1024);
    String unit = null;
    for (int i = 0; i < UNITS.length && value.compareTo(kibi) >= 0; i++) {
      value = value.divide(kibi);
      unit = UNITS[i];
    }
    return unit == null ? bytes + " bytes"
        : value.setScale(1, RoundingMode.HALF_UP).toPlainString() + " " + unit + " (" + bytes + " bytes)";
  }
}
