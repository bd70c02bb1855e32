package dunes.pki.steps;

import dunes.appliance.shell.NodeShellPort;
import dunes.appliance.shell.ServiceState;
import dunes.pki.CertificateProbe;
import dunes.pki.CertificateProbeException;
import dunes.pki.Fingerprints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether vco-server must restart to serve a keystore, decided by looking at the node: the service's
 * state and the leaf its HTTPS port presents (read over TLS; only compared, never trusted), against
 * the certificate the keystore on the node makes it serve. Never by a flag the attempt that uploaded
 * set: a job that died between the upload and its commit leaves no flag, yet the node still serves
 * the old certificate.
 */
@Component
public class ServedCertificates {

  private static final Logger LOG = LoggerFactory.getLogger(ServedCertificates.class);

  private final NodeShellPort shell;
  private final CertificateProbe probe;

  public ServedCertificates(NodeShellPort shell, CertificateProbe probe) {
    this.shell = shell;
    this.probe = probe;
  }

  /**
   * Restarts vco-server unless it already serves {@code expectedFingerprint} on {@code host:port} or
   * is STARTING (a restart under way reads the keystore as it is now; the poll that follows waits
   * for it, and the served chain is checked after).
   *
   * @return whether it restarted
   */
  public boolean restartUnlessServing(NodeShellPort.Target node, String host, int port, String expectedFingerprint) {
    ServiceState state = shell.serviceStatus(node);
    String served = state == ServiceState.RUNNING || state == ServiceState.STANDBY ? served(host, port) : null;
    boolean restart = state == ServiceState.STOPPED
        || (state != ServiceState.STARTING && !Fingerprints.normalize(expectedFingerprint).equals(served));
    LOG.info("vco-server on {} is {} and serves {} on {}:{}, the keystore holds {}: {}", node, state, served, host, port,
        expectedFingerprint, restart ? "restarting" : "no restart");
    if (restart) {
      shell.restartService(node);
    }
    return restart;
  }

  /** The fingerprint of the leaf {@code host:port} presents, or null when it presents none (not listening yet). */
  private String served(String host, int port) {
    try {
      return probe.probe(host, port).sha256Fingerprint();
    } catch (CertificateProbeException e) {
      LOG.info("{}:{} presents no certificate now: {}", host, port, e.getMessage());
      return null;
    }
  }
}
