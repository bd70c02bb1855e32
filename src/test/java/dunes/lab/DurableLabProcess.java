package dunes.lab;

import dunes.lab.ca.LabCertificateAuthority;
import dunes.lab.edge.LabEdge;
import dunes.lab.guests.LabGuests;
import dunes.lab.node.LabNode;
import dunes.lab.sso.LabSso;
import dunes.lab.vsphere.LabVSphere;
import dunes.pki.Fingerprints;
import dunes.secrets.Secret;
import dunes.secrets.SecretRef;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A JVM holding a durable lab on the test's own addresses (127.0.50.x): CA, vShield Manager and
 * edge, SSO endpoint, vCenter and the nodes of its VMs, all keeping their state under the
 * directory given. It prints what a client pins, then waits until the test kills it.
 */
public final class DurableLabProcess {

  static final String CA = "127.0.50.20";
  static final String EDGE = "127.0.50.30";
  static final String SSO = "127.0.50.41";
  static final String VCENTER = "127.0.50.40";
  static final int PORT = 18443;
  static final String USER = "administrator@vsphere.local";
  static final String PASSWORD = "durable-lab-pw";
  static final LabNode.Ports NODE_PORTS = new LabNode.Ports(18281, 18286, 18287, 15480, 12222);

  private DurableLabProcess() {}

  static LabVSphere.Settings vsphere(Path state) {
    return new LabVSphere.Settings(VCENTER, 18989, USER, PASSWORD, state.resolve("vsphere"),
        Path.of("src/vcsim/build.sh"), null, 0, Duration.ofSeconds(20));
  }

  static Secret secret(String name) {
    return new Secret(new SecretRef(name), PASSWORD.toCharArray());
  }

  public static void main(String[] args) throws Exception {
    LabState state = LabState.at(args[0]);
    LabJournal journal = LabJournal.at(state.file("journal.jsonl"));
    LabFaults faults = new LabFaults();
    LabCertificateAuthority ca = LabCertificateAuthority.start(
        LabCertificateAuthority.Settings.defaults("LAB\\enroll", PASSWORD).withAddress(CA, PORT), journal, faults,
        state.dir("ca"));
    LabEdge edge = LabEdge.start(LabEdge.Settings.defaults("admin", PASSWORD).withAddress(EDGE, PORT), journal,
        faults, state.dir("edge"));
    LabSso sso = LabSso.start("sso.lab.local", SSO, PORT, faults, state.dir("sso"));
    LabVSphere vcenter = LabVSphere.start(vsphere(Path.of(args[0])), true);
    LabGuests.start(new LabGuests.Settings(vcenter.sdkUrl(), vcenter.fingerprint(), USER, secret("vcenter-admin"),
        state.dir("nodes"), NODE_PORTS, secret("appliance-root"), secret("vco-config"), Duration.ofMillis(50),
        Duration.ofMillis(100), secret("sso-admin"), false, vcenter.adopted()), journal, faults);
    System.out.println("ca-root " + Fingerprints.sha256(ca.rootCertificate()));
    System.out.println("ca-server " + ca.tlsFingerprint());
    System.out.println("vsm " + edge.fingerprint());
    System.out.println("sso " + sso.fingerprint());
    System.out.println("vcenter " + vcenter.fingerprint());
    System.out.println("adopted " + vcenter.adopted());
    System.out.println("READY");
    System.out.flush();
    System.in.read(); // until the test kills this JVM
  }
}
