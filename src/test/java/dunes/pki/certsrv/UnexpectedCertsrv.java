package dunes.pki.certsrv;

import com.sun.net.httpserver.HttpsServer;
import dunes.lab.LabCertificates;
import dunes.lab.LabHttp;
import dunes.lab.LabTls;
import dunes.pki.Fingerprints;
import dunes.secrets.SecretRef;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A web server on the CA's address that answers every request with one fixed page: what a reverse
 * proxy's sign-in page, an IIS error page or a moved certsrv looks like to the client.
 */
final class UnexpectedCertsrv implements AutoCloseable {

  final AtomicInteger requests = new AtomicInteger();
  private final LabCertificates.Issued tls;
  private final HttpsServer server;
  private final String address;

  UnexpectedCertsrv(String address, int status, String contentType, String page) {
    this.address = address;
    this.tls = LabCertificates.selfSigned("ca.lab.local", List.of("ca.lab.local"), List.of(address));
    this.server = LabHttp.https(address, 0, LabTls.server(tls));
    server.createContext("/", exchange -> {
      try (exchange) {
        requests.incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        LabHttp.send(exchange, status, contentType, page);
      }
    });
    server.start();
  }

  CertsrvPort.Target target() {
    return CertsrvPort.Target.https(URI.create("https://" + address + ":" + server.getAddress().getPort() + "/certsrv"),
        Fingerprints.sha256(tls.certificate()), CertsrvLab.USER, new SecretRef("ca-enroll"), "WebServer",
        CertsrvAuthentication.BASIC);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
