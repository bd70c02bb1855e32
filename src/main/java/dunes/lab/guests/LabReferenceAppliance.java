package dunes.lab.guests;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import dunes.lab.node.LabVcoDatabase;

/**
 * The lab's reference appliance: a vCO node deployed from the same appliance image long before any
 * build and always on, which a request may name as {@code ovf.reference} so that the probe reads
 * vCO's version and workflows before any change (docs/vco-configuration.md, "The probe"). It sits
 * outside the simulator's inventory: a site's reference may run in any vCenter. It has the lab's
 * site package exactly when the build's nodes do.
 */
public final class LabReferenceAppliance implements AutoCloseable {

  private final LabNode node;

  private LabReferenceAppliance(LabNode node) {
    this.node = node;
  }

  static LabReferenceAppliance start(LabNode.Settings settings, boolean sitePackage, LabJournal journal,
      LabFaults faults) {
    LabNode node = LabNode.create(settings, new LabVcoDatabase(sitePackage), journal, faults);
    node.powerOn();
    return new LabReferenceAppliance(node);
  }

  /** Its REST API, as a request names it: {@code https://vcoref.lab.local:8281}. */
  public String url() {
    return "https://" + node.settings().fqdn() + ":" + node.settings().ports().server();
  }

  /** SHA-256 of the certificate its 8281 serves (made at its first start), the form Dunes pins. */
  public String fingerprint() {
    return node.servedCertificateFingerprint()
        .orElseThrow(() -> new IllegalStateException("the lab's reference appliance serves no certificate yet"));
  }

  public LabNode node() {
    return node;
  }

  @Override
  public void close() {
    node.close();
  }
}
