package dunes.lab.ca;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import java.util.function.UnaryOperator;

/** One lab CA on a free port of a 127.0.1.x address, with its journal, faults and a client. */
final class LabCaFixture implements AutoCloseable {

  static final String USER = "LAB\\enroll";
  static final String PASSWORD = "s3cret-enroll";

  final LabJournal journal = new LabJournal();
  final LabFaults faults = new LabFaults();
  final LabCertificateAuthority ca;
  final CertsrvTestClient client;

  private LabCaFixture(String address, UnaryOperator<LabCertificateAuthority.Settings> settings) {
    ca = LabCertificateAuthority.start(
        settings.apply(LabCertificateAuthority.Settings.defaults(USER, PASSWORD).withAddress(address, 0)),
        journal, faults);
    client = new CertsrvTestClient(ca.url(), ca.rootCertificate(), USER, PASSWORD);
  }

  static LabCaFixture start(String address) {
    return new LabCaFixture(address, s -> s);
  }

  static LabCaFixture start(String address, UnaryOperator<LabCertificateAuthority.Settings> settings) {
    return new LabCaFixture(address, settings);
  }

  @Override
  public void close() {
    ca.close();
  }
}
