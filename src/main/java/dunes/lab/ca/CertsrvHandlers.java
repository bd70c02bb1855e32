package dunes.lab.ca;

import com.sun.net.httpserver.HttpExchange;
import dunes.lab.LabHttp;
import dunes.lab.ca.CaDatabase.MalformedRequestException;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The certsrv pages: enrollment (certfnsh.asp), downloads (certnew.cer/.p7b), CA page (certcarc.asp),
 * the advanced request page (certrqxt.asp) with its template list.
 */
final class CertsrvHandlers {

  static final String PKIX_CERT = "application/pkix-cert";
  static final String PKCS7_CERTS = "application/x-pkcs7-certificates";
  private static final String HTML = "text/html; charset=utf-8";
  private static final String CA_CERT = "CACert";

  private final CaDatabase database;
  private final CaHierarchy hierarchy;
  private final String caName;

  CertsrvHandlers(CaDatabase database, CaHierarchy hierarchy, String caName) {
    this.database = database;
    this.hierarchy = hierarchy;
    this.caName = caName;
  }

  void home(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getPath().equals("/certsrv/")) { // the context also catches unknown pages
      LabHttp.send(exchange, 404, HTML, "<HTML><Body>404 - File or directory not found.</Body></HTML>");
      return;
    }
    LabHttp.send(exchange, 200, HTML, CertsrvPages.home(caName));
  }

  /** POST certfnsh.asp: Mode=newreq, CertRequest=PEM, CertAttrib=CertificateTemplate:X\r\n... */
  void submit(HttpExchange exchange) throws IOException {
    if (!requireMethod(exchange, "POST")) {
      return;
    }
    Map<String, String> form = HttpForms.body(exchange);
    if (!"newreq".equalsIgnoreCase(form.getOrDefault("Mode", ""))) {
      LabHttp.send(exchange, 200, HTML, CertsrvPages.requestError(
          "The lab CA accepts only Mode=newreq, not '" + form.getOrDefault("Mode", "") + "'."));
      return;
    }
    CertificateRequest request;
    try {
      request = database.submit(form.get("CertRequest"), template(form.getOrDefault("CertAttrib", "")));
    } catch (MalformedRequestException e) {
      LabHttp.send(exchange, 200, HTML, CertsrvPages.requestError(e.getMessage()));
      return;
    }
    String page = switch (request.status()) {
      case ISSUED -> CertsrvPages.issued(request.id());
      case PENDING -> CertsrvPages.pending(request.id());
      case DENIED -> CertsrvPages.denied(request.id(), request.disposition());
    };
    LabHttp.send(exchange, 200, HTML, page);
  }

  /** GET certnew.cer?ReqID=N|CACert&Enc=b64|bin */
  void certificate(HttpExchange exchange) throws IOException {
    download(exchange, false);
  }

  /** GET certnew.p7b?ReqID=N|CACert&Enc=b64|bin: the certificate with its CA chain, leaf first. */
  void chain(HttpExchange exchange) throws IOException {
    download(exchange, true);
  }

  void caPage(HttpExchange exchange) throws IOException {
    if (requireMethod(exchange, "GET")) {
      LabHttp.send(exchange, 200, HTML, CertsrvPages.caCertificates(caName));
    }
  }

  /** GET certrqxt.asp, the advanced request page: the templates this CA offers, one option each. */
  void advancedRequest(HttpExchange exchange) throws IOException {
    if (requireMethod(exchange, "GET")) {
      LabHttp.send(exchange, 200, HTML, CertsrvPages.advancedRequest(List.of(WebServerTemplate.NAME)));
    }
  }

  private void download(HttpExchange exchange, boolean withChain) throws IOException {
    if (!requireMethod(exchange, "GET")) {
      return;
    }
    Map<String, String> query = HttpForms.query(exchange);
    String requestId = query.getOrDefault("ReqID", "");
    boolean base64 = "b64".equalsIgnoreCase(query.get("Enc")); // certsrv's default is binary
    List<X509Certificate> certificates = new ArrayList<>();
    if (CA_CERT.equalsIgnoreCase(requestId)) {
      String renewal = query.getOrDefault("Renewal", "0");
      if (!renewal.equals("0") && !renewal.equals("-1")) { // -1 asks for the newest key: there is only one
        noCertificate(exchange, requestId, "The CA has no key for renewal " + renewal + ".");
        return;
      }
      certificates.addAll(withChain ? hierarchy.caChain() : List.of(hierarchy.issuer()));
    } else {
      Optional<CertificateRequest> request = requestNumber(requestId).flatMap(database::find);
      if (request.isEmpty()) {
        noCertificate(exchange, requestId, "The lab CA has no request '" + requestId + "'.");
        return;
      }
      if (request.get().issued().isEmpty()) {
        noCertificate(exchange, requestId, request.get().disposition());
        return;
      }
      certificates.add(request.get().certificate());
      if (withChain) {
        certificates.addAll(hierarchy.caChain());
      }
    }
    byte[] body = withChain ? CertificateEncoding.pkcs7(certificates, base64)
        : CertificateEncoding.certificate(certificates.get(0), base64);
    String file = withChain ? "certnew.p7b" : "certnew.cer";
    exchange.getResponseHeaders().set("Content-Type", withChain ? PKCS7_CERTS : PKIX_CERT);
    exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + file + "\"");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
  }

  private static void noCertificate(HttpExchange exchange, String requestId, String disposition) throws IOException {
    LabHttp.send(exchange, 200, HTML, CertsrvPages.noCertificate(requestId, disposition));
  }

  private static Optional<Integer> requestNumber(String text) {
    try {
      return Optional.of(Integer.parseInt(text.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The CertificateTemplate line of CertAttrib (name:value lines, CRLF separated); null if absent. */
  static String template(String certAttrib) {
    for (String line : certAttrib.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("CertificateTemplate")) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  private static boolean requireMethod(HttpExchange exchange, String method) throws IOException {
    if (exchange.getRequestMethod().equalsIgnoreCase(method)) {
      return true;
    }
    exchange.getResponseHeaders().set("Allow", method);
    LabHttp.send(exchange, 405, HTML, "<HTML><Body>405 - HTTP verb used to access this page is not allowed.</Body></HTML>");
    return false;
  }
}
