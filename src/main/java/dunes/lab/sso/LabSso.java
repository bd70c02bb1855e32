package dunes.lab.sso;

import com.sun.net.httpserver.HttpsServer;
import dunes.lab.LabCertificates;
import dunes.lab.LabFaults;
import dunes.lab.LabHttp;
import dunes.lab.LabTls;
import dunes.pki.Fingerprints;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The SSO server's TLS endpoint (the seed's https://vcsso.domain.local:7444): what a vCO node's
 * SSL trust import connects to and what a build pins or asks an operator to confirm. It serves
 * the token and admin service paths only as names; registration itself is recorded by the
 * nodes' "Configure SSO" workflow.
 */
public final class LabSso implements AutoCloseable {

  private final HttpsServer server;
  private final X509Certificate certificate;

  private LabSso(HttpsServer server, X509Certificate certificate) {
    this.server = server;
    this.certificate = certificate;
  }

  public static LabSso start(String hostName, String address, int port, LabFaults faults) {
    return start(hostName, address, port, faults, null);
  }

  /** With its certificate kept in {@code stateDir} (null: a new one at every start). */
  public static LabSso start(String hostName, String address, int port, LabFaults faults, Path stateDir) {
    LabCertificates.Issued issued = LabCertificates.durable(stateDir, "sso",
        () -> LabCertificates.selfSigned(hostName, List.of(hostName), List.of(address)));
    HttpsServer server = LabHttp.https(address, port, LabTls.server(issued));
    for (String path : List.of("/sts/STSService", "/sso-adminserver/sdk", "/lookupservice/sdk")) {
      server.createContext(path, LabHttp.withKnobs(faults, "sso:" + path.substring(1, path.indexOf('/', 1)),
          exchange -> LabHttp.text(exchange, 200, "lab SSO " + path)));
    }
    server.start();
    return new LabSso(server, issued.certificate());
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String fingerprint() {
    return Fingerprints.sha256(certificate);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
